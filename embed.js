// The viewer as a module for host pages that embed it without an iframe:
//
//   import { mount } from './kg/embed.js';
//   const viewer = await mount(document.querySelector('#graph'), { data: 'graphs/a.json', lang: 'zh-Hans' });
//   viewer.on('kg:select', (e) => console.log(e.id, e.label));
//   viewer.send({ type: 'kg:focus', name: '張建生' });
//
// Options are the iframe's URL parameters (data, focus, lang, theme, layout, chrome, wheel).
// Each call mounts an independent viewer; the WebAssembly module is loaded once.
import init, { mount as mountWasm } from './kgviz.js';

const base = new URL('./', import.meta.url).href;
let loaded;

export async function mount(element, options = {}) {
  if (!(element instanceof HTMLElement)) throw new TypeError('mount(element, options): element must be an HTMLElement');
  loaded ??= init({ module_or_path: new URL('./kgviz_bg.wasm', import.meta.url) });
  await loaded;
  mountWasm(element, { ...options, base });
  return {
    element,
    /** Sends a command of the protocol (docs/embedding.md), such as { type: 'kg:select', id }. */
    send(command) {
      element.dispatchEvent(new CustomEvent('kg:command', { detail: command }));
    },
    /** Listens to an event of the protocol ('kg:ready', 'kg:select', 'kg:hover', 'kg:error'). */
    on(type, listener) {
      const handler = (event) => listener(event.detail);
      element.addEventListener(type, handler);
      return () => element.removeEventListener(type, handler);
    },
  };
}
