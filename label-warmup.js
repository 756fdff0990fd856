// Draws a small graph's labels once, off screen and off the main thread, while the app's module
// downloads and compiles. The browser keeps the glyphs it rasterized (for one text, font, colours
// and sub-pixel offset) for the whole page, so the first frame's labels then cost a fraction of
// their first rasterizing (~20-30 ms of stroked CJK here). `boot.js` starts it with the graph
// file's bytes and the labels' style (`LABEL_FONT`, `LIGHT` and `DARK` in src/render2d.rs);
// anything unexpected only ends the warm-up.
onmessage = (event) => {
  try {
    const { bytes, font, fill, halo, ratio } = event.data;
    const { nodes } = JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(nodes)) return;
    const canvas = new OffscreenCanvas(1024 * ratio, 32 * ratio);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = font;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.lineWidth = 3;
    ctx.strokeStyle = halo;
    ctx.fillStyle = fill;
    // A node's shown label is its label, or its id when the label is blank (`display_label`).
    const shown = (n) => (typeof n?.label === 'string' && n.label.trim() !== '' ? n.label : String(n?.id ?? ''));
    // Labels are drawn on whole pixels (src/render2d.rs), as here.
    for (const label of new Set(nodes.slice(0, 500).map(shown))) {
      ctx.strokeText(label, 512, 8);
      ctx.fillText(label, 512, 8);
    }
    // Drawing is recorded until the canvas is read: reading a pixel rasterizes it now.
    ctx.getImageData(0, 0, 1, 1);
  } catch (e) {
    // Only a warm-up.
  } finally {
    close();
  }
};
