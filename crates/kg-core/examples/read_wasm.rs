//! The sliced reader ([`kg_core::sliced`]) as a bare WebAssembly module, for
//! `tests/perf/wasmread.mjs`: times reading a graph file in V8 outside the browser, with no page,
//! download or other work around it, so that two versions of the reader can be compared in the
//! tier the page mostly runs it in (V8's baseline compiler, `node --liftoff-only`).

use kg_core::sliced::{SlicedLoad, Step};
use std::cell::RefCell;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Makes room for `n` bytes of input, and gives where the script writes them.
#[allow(unsafe_code)] // `no_mangle` only: the export keeps the name the script calls.
#[no_mangle]
pub extern "C" fn input(n: usize) -> *mut u8 {
    INPUT.with(|b| {
        let mut b = b.borrow_mut();
        b.clear();
        b.resize(n, 0);
        b.as_mut_ptr()
    })
}

/// Reads the input as a graph file, 256 records a step as the page does; gives the number of
/// records read (nodes and edges), or 0 when the input is not a graph file.
#[allow(unsafe_code)] // As above.
#[no_mangle]
pub extern "C" fn read() -> usize {
    let bytes = INPUT.with(|b| std::mem::take(&mut *b.borrow_mut()));
    let Ok(text) = String::from_utf8(bytes) else { return 0 };
    let mut load = SlicedLoad::new(text, usize::MAX);
    loop {
        match load.step(256) {
            Step::Done(result) => return result.map_or(0, |r| r.document.nodes.len() + r.document.edges.len()),
            Step::Elsewhere(_) => return 0,
            _ => {}
        }
    }
}
