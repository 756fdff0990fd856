// The function names of a WebAssembly module's name section, for the perf scripts that name
// the functions V8 compiles (`lazycompile.mjs`, `tierup.mjs`). A release build has no names;
// `tests/perf/wasmsize.py` says how to make a build that keeps them.

/** The function names of a module's name section, by function index (empty without one). */
export function functionNames(bytes) {
  const names = new Map();
  let i = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[i++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  while (i < bytes.length) {
    const id = bytes[i++];
    const size = leb();
    const end = i + size;
    if (id === 0) {
      const length = leb();
      const name = Buffer.from(bytes.subarray(i, i + length)).toString();
      i += length;
      while (name === 'name' && i < end) {
        const kind = bytes[i++];
        const subsize = leb();
        const subend = i + subsize;
        if (kind === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            const length = leb();
            names.set(index, Buffer.from(bytes.subarray(i, i + length)).toString());
            i += length;
          }
        }
        i = subend;
      }
    }
    i = end;
  }
  return names;
}
