// Reports which GPU runs WebGL2 here, off the main thread: making a WebGL context can block for
// a few hundred milliseconds while the browser starts its GPU process (or its software GL).
// Posts the renderer's name, "GPU" when the browser hides it, or "" without WebGL2.
let name = '';
try {
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (gl) {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    name = (info && gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) || 'GPU';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
} catch (e) {
  name = '';
}
postMessage(name);
close();
