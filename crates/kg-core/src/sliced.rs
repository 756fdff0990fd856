//! The loader in slices: reads a node-link file record by record, a bounded number of records
//! per [`SlicedLoad::step`], so that a page can load a 100,000-node graph without a long task
//! (it yields to the browser between steps). Gives exactly what [`crate::load_str_with_cap`]
//! gives: a well-formed file of our format is read here; anything else (another format, XML, a
//! syntax error, a record of the wrong shape) is given back whole ([`Step::Elsewhere`]) for
//! `load_str_with_cap`, which names the problem. The page runs that in a worker of its own
//! ([`crate::handoff`]), so that the app's module carries no other reader. The file may also be given piece by piece as it downloads
//! ([`SlicedLoad::streaming`]): what has arrived is read while the rest is on its way.

use crate::formats::{adopt_foreign_attributes, Format};
use crate::load::{load_str_with_cap, Checker, LoadError, LoadReport};
use crate::model::{EdgeRecord, GraphDocument, GraphMeta, NodeRecord};
use serde::de::{DeserializeOwned, IgnoredAny};

/// Where the reader is in the file.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// Before the root object's next key (or its end).
    Root,
    /// Inside the `nodes` list.
    Nodes,
    /// Inside the `edges` (or `links`) list.
    Edges,
    /// Checking the records read, node by node, then edge by edge.
    Check,
}

/// A graph file being read in slices.
pub struct SlicedLoad {
    text: String,
    max_bytes: usize,
    /// The file's size in bytes (kept for progress once the text is freed); while it arrives,
    /// the size expected, or else the bytes received.
    bytes: usize,
    /// True once the whole file has been given (always, but for [`SlicedLoad::streaming`]).
    complete: bool,
    /// The expected size of a file given piece by piece, when known.
    expected: Option<usize>,
    /// The last bytes given, when they end inside a character (its first bytes).
    carry: Vec<u8>,
    /// The byte offset reached.
    pos: usize,
    /// True once the root object's `{` has been read.
    opened: bool,
    /// Where the edge list's items begin (for the estimate of its length).
    edges_start: usize,
    phase: Phase,
    /// True when the current list has had an item (a comma must come before the next).
    had_item: bool,
    /// True when the root object has had a key.
    had_key: bool,
    directed: Option<bool>,
    multigraph: Option<bool>,
    graph: Option<GraphMeta>,
    /// How many items of the node list, and of the edge list, have been read (`None` before the
    /// list is met).
    nodes_read: Option<usize>,
    edges_read: Option<usize>,
    /// True once the node list has ended: edges are checked as they are read from then on.
    nodes_done: bool,
    /// Edges read before the node list ended (a file may put them first), checked afterwards.
    early_edges: Vec<EdgeRecord>,
    pending_edges: std::vec::IntoIter<EdgeRecord>,
    /// Records are checked as they are read, into the checker's lists: no second copy of the
    /// graph is ever held.
    checker: Checker,
    /// How many early edges have been checked, and how many there were.
    checked: usize,
    to_check: usize,
}

/// What a step left.
#[derive(Debug)]
pub enum Step {
    /// More to do; `done` of about `total` units of work are behind (bytes read, then records
    /// checked), for a progress bar.
    Working { done: usize, total: usize },
    /// Everything given so far has been read: the next piece of the file is needed (see
    /// [`SlicedLoad::push`] and [`SlicedLoad::end_of_input`]).
    NeedsInput,
    /// The result, as [`load_str_with_cap`] would have given it.
    Done(Result<LoadReport, LoadError>),
    /// The file is not a well-formed file of our node-link format: its text, to be read whole
    /// by [`load_str_with_cap`] (see [`SlicedLoad::finish_elsewhere`]). Call no more after it.
    Elsewhere(String),
}

/// Edges read before the rest of the edge list is reserved at once.
const EDGES_BEFORE_ESTIMATE: usize = 1000;

/// Why the sliced reader stops.
enum Halt {
    /// The file is not what it reads: it goes to the whole-file loader.
    Fallback,
    /// The text given so far ends inside the current item (or right after it): it is read
    /// again, whole, once more of the file has been given.
    MoreInput,
}
use Halt::Fallback;

/// Where the reader was before an item, to go back to when the item turns out incomplete.
#[derive(Clone, Copy)]
struct Mark {
    pos: usize,
    phase: Phase,
    opened: bool,
    had_item: bool,
    had_key: bool,
}

impl SlicedLoad {
    /// Starts reading `text`, refusing it (at the first step) when it is over `max_bytes`.
    pub fn new(text: String, max_bytes: usize) -> SlicedLoad {
        SlicedLoad {
            bytes: text.len(),
            complete: true,
            expected: None,
            carry: Vec::new(),
            text,
            max_bytes,
            pos: 0,
            opened: false,
            edges_start: 0,
            phase: Phase::Root,
            had_item: false,
            had_key: false,
            directed: None,
            multigraph: None,
            graph: None,
            nodes_read: None,
            edges_read: None,
            nodes_done: false,
            early_edges: Vec::new(),
            pending_edges: Vec::new().into_iter(),
            checker: Checker::new("edges", 0, 0),
            checked: 0,
            to_check: 0,
        }
    }

    /// Starts reading a file that is given piece by piece with [`SlicedLoad::push`] (as it
    /// downloads), then [`SlicedLoad::end_of_input`]; `expected` is its size when known (for
    /// progress, and to make room for its edges at once).
    ///
    /// ```
    /// use kg_core::sliced::{SlicedLoad, Step};
    /// let text = r#"{"nodes":[{"id":"a","type":"person"},{"id":"b","type":"event"}],
    ///               "edges":[{"source":"a","target":"b","type":"attended"}]}"#;
    /// let mut load = SlicedLoad::streaming(1 << 20, Some(text.len()));
    /// for piece in text.as_bytes().chunks(20) {
    ///     load.push(piece).unwrap();
    ///     // What has arrived is read now: a step says when it needs the next piece.
    ///     while let Step::Working { .. } = load.step(100) {}
    /// }
    /// load.end_of_input().unwrap();
    /// let report = loop {
    ///     if let Step::Done(result) = load.step(100) {
    ///         break result.unwrap();
    ///     }
    /// };
    /// assert_eq!((report.document.nodes.len(), report.document.edges.len()), (2, 1));
    /// ```
    pub fn streaming(max_bytes: usize, expected: Option<usize>) -> SlicedLoad {
        let mut load = SlicedLoad::new(String::with_capacity(expected.unwrap_or(0).min(max_bytes)), max_bytes);
        load.complete = false;
        load.expected = expected;
        load.bytes = expected.unwrap_or(0);
        load
    }

    /// Gives the next piece of a file started with [`SlicedLoad::streaming`].
    ///
    /// # Returns
    /// `Err(offset)` when the file is not UTF-8 text, with the offset of its first invalid byte.
    ///
    /// # Complexity
    /// O(piece): the piece is checked as UTF-8 and copied once.
    pub fn push(&mut self, piece: &[u8]) -> Result<(), usize> {
        let joined;
        let bytes = if self.carry.is_empty() {
            piece
        } else {
            joined = [std::mem::take(&mut self.carry).as_slice(), piece].concat();
            joined.as_slice()
        };
        let valid = match std::str::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) if e.error_len().is_none() => {
                // The piece ends inside a character: its first bytes wait for the rest.
                self.carry = bytes[e.valid_up_to()..].to_vec();
                std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
            }
            Err(e) => return Err(self.text.len() + e.valid_up_to()),
        };
        self.text.push_str(valid);
        self.bytes = self.expected.unwrap_or(0).max(self.text.len() + self.carry.len());
        Ok(())
    }

    /// Says that the whole file has been given.
    ///
    /// # Returns
    /// `Err(offset)` when the file ends inside a character (it is not UTF-8 text).
    pub fn end_of_input(&mut self) -> Result<(), usize> {
        if !self.carry.is_empty() {
            return Err(self.text.len());
        }
        self.complete = true;
        self.bytes = self.text.len();
        Ok(())
    }

    /// Does about `budget` records' worth of work.
    ///
    /// # Returns
    /// [`Step::Working`] while there is more, then [`Step::Done`] (or [`Step::Elsewhere`]);
    /// call no more after that.
    /// While a file is given piece by piece, [`Step::NeedsInput`] once what has arrived is read.
    ///
    /// # Complexity
    /// O(budget) records.
    ///
    /// ```
    /// use kg_core::sliced::{SlicedLoad, Step};
    /// let text = r#"{"nodes":[{"id":"a","type":"person"},{"id":"b","type":"event"}],
    ///               "edges":[{"source":"a","target":"b","type":"attended"}]}"#;
    /// let mut load = SlicedLoad::new(text.to_string(), 1 << 20);
    /// let report = loop {
    ///     if let Step::Done(result) = load.step(1) {
    ///         break result.unwrap();
    ///     }
    /// };
    /// assert_eq!((report.document.nodes.len(), report.document.edges.len()), (2, 1));
    ///
    /// // Cytoscape.js JSON is given back, whole, for the whole-file loader.
    /// let mut other = SlicedLoad::new(r#"{"elements":[]}"#.to_string(), 1 << 20);
    /// let text = loop {
    ///     if let Step::Elsewhere(text) = other.step(1) {
    ///         break text;
    ///     }
    /// };
    /// assert_eq!(text, r#"{"elements":[]}"#);
    /// ```
    // Kept out of its callers, and the cold parts (the root's keys, serde's readers of odd
    // records, the end) out of it: V8 optimises a WebAssembly function once it has run a while,
    // on another thread, and uses the result from its next call. This is called once per
    // `budget` records, so a large file's later slices run optimised; with serde's readers
    // inlined it was 18 KB of code, and optimising it took the other core 110–180 ms of a 10k
    // graph's first frame (3.8 KB: 15–50 ms; `tests/perf/tierup.mjs`, docs/performance.md,
    // session 24).
    #[inline(never)]
    pub fn step(&mut self, budget: usize) -> Step {
        if self.bytes > self.max_bytes {
            return Step::Done(Err(LoadError::TooLarge { bytes: self.bytes, max_bytes: self.max_bytes }));
        }
        match self.advance(budget.max(1)) {
            Ok(None) => {
                let (done, total) = self.progress();
                Step::Working { done, total }
            }
            Ok(Some(report)) => Step::Done(Ok(report)),
            Err(Halt::MoreInput) => Step::NeedsInput,
            Err(Fallback) => Step::Elsewhere(std::mem::take(&mut self.text)),
        }
    }

    /// Steps to the end, reading what [`Step::Elsewhere`] gives back with
    /// [`load_str_with_cap`] at once: the whole result, as that function gives it, for a loader
    /// that has been given the whole file (a native caller's way; the page reads in slices).
    ///
    /// # Returns
    /// The result, or a [`LoadError::Shape`] when the loader still waits for input.
    pub fn finish_elsewhere(&mut self) -> Result<LoadReport, LoadError> {
        loop {
            match self.step(usize::MAX) {
                Step::Working { .. } => {}
                Step::Done(result) => return result,
                Step::Elsewhere(text) => return load_str_with_cap(&text, self.max_bytes),
                Step::NeedsInput => return Err(LoadError::Shape { path: "$".into(), message: "the file ended early".into() }),
            }
        }
    }

    /// How far the reading is: `done` of about `total` units of work (as [`Step::Working`]).
    pub fn progress(&self) -> (usize, usize) {
        // Reading is nearly all of the work; checking edges that came before the nodes, the rest.
        let total = self.bytes.max(1);
        let done = if self.phase == Phase::Check {
            total * 9 / 10 + (total / 10) * self.checked / self.to_check.max(1)
        } else {
            self.pos * 9 / 10
        };
        (done, total)
    }

    fn advance(&mut self, budget: usize) -> Result<Option<LoadReport>, Halt> {
        let mut work = 0;
        while work < budget {
            let mark = self.mark();
            match self.item() {
                Ok(None) => work += 1,
                Ok(Some(report)) => return Ok(Some(report)),
                // Until the whole file has arrived, an item that does not read may only be cut
                // short: it is read again with more of the file.
                Err(Fallback | Halt::MoreInput) if !self.complete => {
                    self.back_to(mark);
                    return Err(Halt::MoreInput);
                }
                Err(halt) => return Err(halt),
            }
        }
        Ok(None)
    }

    fn mark(&self) -> Mark {
        Mark { pos: self.pos, phase: self.phase, opened: self.opened, had_item: self.had_item, had_key: self.had_key }
    }

    fn back_to(&mut self, mark: Mark) {
        let Mark { pos, phase, opened, had_item, had_key } = mark;
        (self.pos, self.phase, self.opened, self.had_item, self.had_key) = (pos, phase, opened, had_item, had_key);
    }

    /// While the file is still arriving, an item read up to the end of what has arrived may
    /// go on (a number, the root's closing brace before more text): it is read again later.
    /// Called after an item is read and before it is kept.
    fn arrived(&self) -> Result<(), Halt> {
        if self.complete || self.pos < self.text.len() {
            Ok(())
        } else {
            Err(Halt::MoreInput)
        }
    }

    /// Reads one item (a root key and its value, a list's record or its end, or checks one
    /// early edge); the report once everything is done.
    fn item(&mut self) -> Result<Option<LoadReport>, Halt> {
        match self.phase {
            Phase::Root => {
                if self.root_item()? {
                    return self.start_check().map(|()| None);
                }
            }
            Phase::Nodes => {
                let node = self.list_item_with(flat_node)?;
                self.arrived()?;
                if let Some(mut node) = node {
                    adopt_foreign_attributes(&mut node);
                    let i = self.nodes_read.unwrap_or(0);
                    self.checker.node(i, Ok(node));
                    self.nodes_read = Some(i + 1);
                } else {
                    self.nodes_done = true;
                }
            }
            Phase::Edges => {
                let edge = self.list_item_with(flat_edge)?;
                self.arrived()?;
                if let Some(edge) = edge {
                    let i = self.edges_read.unwrap_or(0);
                    if self.nodes_done {
                        if i == EDGES_BEFORE_ESTIMATE {
                            self.reserve_rest_of_edges();
                        }
                        self.checker.edge(i, Ok(edge));
                    } else {
                        self.early_edges.push(edge);
                    }
                    self.edges_read = Some(i + 1);
                }
            }
            Phase::Check => {
                let i = self.checked;
                match self.pending_edges.next() {
                    Some(edge) => self.checker.edge(i, Ok(edge)),
                    None => return Ok(Some(self.finish())),
                }
                self.checked += 1;
            }
        }
        Ok(None)
    }

    /// Reserves room for the rest of the edge list at once, estimated from the bytes the first
    /// edges took and the bytes left (a little over: the list may not run to the end).
    fn reserve_rest_of_edges(&mut self) {
        let per_edge = (self.pos - self.edges_start).max(1) / EDGES_BEFORE_ESTIMATE;
        let left = self.bytes.saturating_sub(self.pos);
        self.checker.reserve_edges(left / per_edge.max(1) + left / per_edge.max(1) / 20);
    }

    /// Reads the root object's next key and its value (or the start of a list); true at its end.
    /// Out of line: run a few times a file (see [`SlicedLoad::step`]).
    #[inline(never)]
    fn root_item(&mut self) -> Result<bool, Halt> {
        self.skip_ws();
        if !self.opened {
            if self.next_byte() != Some(b'{') {
                return Err(Fallback);
            }
            self.opened = true;
            self.skip_ws();
        }
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.skip_ws();
                // The end is the end once the whole file is there; anything after the root
                // object is a syntax error for the whole-file loader.
                if !self.complete {
                    return Err(Halt::MoreInput);
                }
                return if self.pos == self.text.len() { Ok(true) } else { Err(Fallback) };
            }
            Some(b',') if self.had_key => {
                self.pos += 1;
                self.skip_ws();
            }
            _ if self.had_key => return Err(Fallback),
            _ => {}
        }
        let key: String = self.value()?;
        self.had_key = true;
        self.skip_ws();
        if self.next_byte() != Some(b':') {
            return Err(Fallback);
        }
        self.skip_ws();
        match key.as_str() {
            // A second occurrence is a duplicate field for serde: the whole-file loader says so.
            // Each value is kept only once it has arrived whole (see `arrived`).
            "directed" if self.directed.is_none() => {
                let directed = self.value()?;
                self.arrived()?;
                self.directed = Some(directed);
            }
            "multigraph" if self.multigraph.is_none() => {
                let multigraph = self.value()?;
                self.arrived()?;
                self.multigraph = Some(multigraph);
            }
            "graph" if self.graph.is_none() => {
                let graph = self.value()?;
                self.arrived()?;
                self.graph = Some(graph);
            }
            "nodes" if self.nodes_read.is_none() => {
                self.open_list(Phase::Nodes)?;
                self.arrived()?;
                self.nodes_read = Some(0);
            }
            "edges" | "links" if self.edges_read.is_none() => {
                self.open_list(Phase::Edges)?;
                self.arrived()?;
                self.checker.set_edge_key(if key == "edges" { "edges" } else { "links" });
                self.edges_read = Some(0);
                self.edges_start = self.pos;
            }
            "directed" | "multigraph" | "graph" | "nodes" | "edges" | "links" => return Err(Fallback),
            _ => {
                self.value::<IgnoredAny>()?;
                self.arrived()?;
            }
        }
        Ok(false)
    }

    fn open_list(&mut self, phase: Phase) -> Result<(), Halt> {
        if self.next_byte() != Some(b'[') {
            return Err(Fallback);
        }
        self.phase = phase;
        self.had_item = false;
        Ok(())
    }

    /// Reads the current list's next item, or its end (then `None`, back at the root): by
    /// `flat` when the item is a record of the common shape, else by serde.
    #[cfg_attr(kg_nightly, optimize(speed))]
    fn list_item_with<T: DeserializeOwned>(&mut self, flat: fn(&str) -> Option<(T, usize)>) -> Result<Option<T>, Halt> {
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            self.phase = Phase::Root;
            return Ok(None);
        }
        if self.had_item {
            if self.next_byte() != Some(b',') {
                return Err(Fallback);
            }
            self.skip_ws();
        }
        self.had_item = true;
        let rest = self.text.get(self.pos..).unwrap_or_default();
        match flat(rest) {
            Some((record, length)) => {
                self.pos += length;
                Ok(Some(record))
            }
            // A record cut short where the file has not arrived yet: no closing brace so far.
            // (serde's code is not even compiled in the browser until a record needs it.)
            None if !self.complete && !rest.contains('}') => Err(Halt::MoreInput),
            None => self.value().map(Some),
        }
    }

    /// Reads one JSON value at the current position into `T`. Out of line: serde's readers are
    /// for the root's values and odd records (see [`SlicedLoad::step`]).
    #[inline(never)]
    fn value<T: DeserializeOwned>(&mut self) -> Result<T, Halt> {
        let rest = self.text.get(self.pos..).ok_or(Fallback)?;
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        match values.next() {
            Some(Ok(v)) => {
                self.pos += values.byte_offset();
                Ok(v)
            }
            _ => Err(Fallback),
        }
    }

    // These three are inlined where they are used: the size build would call them, and the
    // browser's baseline compiler makes each call cost more than the byte it reads.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    #[inline(always)]
    fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek();
        self.pos += 1;
        b
    }

    #[inline(always)]
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Once the root object has ended: both lists must have been there (serde requires them,
    /// as the whole-file loader's fast path does); edges read before the nodes are checked now.
    fn start_check(&mut self) -> Result<(), Halt> {
        if self.nodes_read.is_none() || self.edges_read.is_none() {
            return Err(Fallback);
        }
        let early = std::mem::take(&mut self.early_edges);
        self.to_check = early.len();
        self.pending_edges = early.into_iter();
        self.phase = Phase::Check;
        self.checked = 0;
        // The text is not needed any more: free it before the graph is built.
        self.text = String::new();
        Ok(())
    }

    /// The report, once everything is read and checked. Out of line: run once a file.
    #[inline(never)]
    fn finish(&mut self) -> LoadReport {
        let checker = std::mem::replace(&mut self.checker, Checker::new("edges", 0, 0));
        let (nodes, edges, checked, problems) = checker.finish();
        let document = GraphDocument {
            directed: self.directed.unwrap_or(true),
            multigraph: self.multigraph.unwrap_or(true),
            graph: self.graph.take().unwrap_or_default(),
            nodes,
            edges,
        };
        LoadReport::checked(document, problems, Format::NodeLink, checked)
    }
}

/// A node of the common shape, `{"id":"…","type":"…","label":"…"}` (any order, any subset with
/// the id, plain strings only), read without serde, with its length in bytes; `None` for anything
/// else (serde reads it, and names what is wrong). Reading a large file is mostly reading such
/// records, and serde's generic code is slow in a browser until it has been optimised.
#[cfg_attr(kg_nightly, optimize(speed))]
fn flat_node(text: &str) -> Option<(NodeRecord, usize)> {
    let ([id, kind, label], length) = flat_strings(text, ["id", "type", "label"])?;
    Some((NodeRecord::new(id?, kind.unwrap_or_default(), label.unwrap_or_default()), length))
}

/// An edge of the common shape, `{"source":"…","target":"…","type":"…"}`, as [`flat_node`].
#[cfg_attr(kg_nightly, optimize(speed))]
fn flat_edge(text: &str) -> Option<(EdgeRecord, usize)> {
    let ([source, target, kind], length) = flat_strings(text, ["source", "target", "type"])?;
    Some((EdgeRecord::new(source?, target?, kind.unwrap_or_default()), length))
}

/// The values of a JSON object at the start of `text` whose keys are among `keys` (each at most
/// once) and whose values are strings without escapes or control characters, with the object's
/// length in bytes; `None` when the object is anything else.
// This, the two records' readers, `list_item_with`, `Checker::edge` and `IdIndex::get` are
// compiled for speed inside the app's size build (`build.rs`): they read every record of a large
// file, mostly in the browser's baseline compiler, where the calls the size build leaves (a
// vector's push, a string's constructor) cost more than the work. Reading ba-10000 in the page:
// 81 → 64 ms, for 500 bytes of the module gzipped (docs/performance.md, session 31).
#[cfg_attr(kg_nightly, optimize(speed))]
fn flat_strings<'a, const N: usize>(text: &'a str, keys: [&str; N]) -> Option<([Option<&'a str>; N], usize)> {
    let bytes = text.as_bytes();
    let skip_ws = |mut i: usize| {
        while matches!(bytes.get(i), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            i += 1;
        }
        i
    };
    // A string at `i`: its text and the position after its closing quote.
    let string = |i: usize| -> Option<(&'a str, usize)> {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let from = i + 1;
        let end = from + plain_length(bytes.get(from..)?)?;
        (bytes[end] == b'"').then(|| text.get(from..end).map(|s| (s, end + 1)))?
    };
    if bytes.first() != Some(&b'{') {
        return None;
    }
    let mut values = [None; N];
    let mut i = skip_ws(1);
    if bytes.get(i) == Some(&b'}') {
        return Some((values, i + 1));
    }
    loop {
        let (key, after) = string(i)?;
        i = skip_ws(after);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let (value, after) = string(skip_ws(i + 1))?;
        let slot = &mut values[keys.iter().position(|k| crate::idhash::same_text(k, key))?];
        if slot.is_some() {
            return None;
        }
        *slot = Some(value);
        i = skip_ws(after);
        match bytes.get(i) {
            Some(b',') => i = skip_ws(i + 1),
            Some(b'}') => return Some((values, i + 1)),
            _ => return None,
        }
    }
}

/// The length of the run of bytes at the start of `bytes` that can be in a JSON string as they
/// are: up to the first `"`, `\` or control character (below 0x20); `None` when there is none.
/// Reads eight bytes at a time: this is the loop a large file's reading spends most of its
/// instructions in (the browser runs much of it in its baseline compiler, where each
/// instruction counts).
fn plain_length(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `word` that is zero. A borrow can mark a byte above a zero byte
    // too, never one below it: the lowest mark is exact.
    let zeros = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let word = u64::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7]]);
        // Bytes below 0x20: subtracting 0x20 sets their high bit, which they do not have (the
        // same borrow argument keeps the lowest mark exact).
        let control = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        let marks = zeros(word ^ (ONES * u64::from(b'"'))) | zeros(word ^ (ONES * u64::from(b'\\'))) | control;
        if marks != 0 {
            return Some(at + (marks.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks.remainder().iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).map(|p| at + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_plain_run_ends_at_the_first_quote_backslash_or_control_character() {
        let slow = |bytes: &[u8]| bytes.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20);
        // Every byte value at every place of a 19-byte run of plain bytes (two words and a rest),
        // after plain bytes of every kind (ASCII, UTF-8 continuation and lead bytes, 0x20, 0x7f).
        for filler in [b'a', 0x20, 0x21, 0x7f, 0x80, 0x9f, 0xa0, 0xe4, 0xff] {
            for at in 0..19 {
                for b in 0..=255u8 {
                    let mut bytes = vec![filler; 19];
                    bytes[at] = b;
                    assert_eq!(plain_length(&bytes), slow(&bytes), "byte {b:#x} at {at} among {filler:#x}");
                    // A second stop after the first does not hide it.
                    bytes.push(b'"');
                    assert_eq!(plain_length(&bytes), slow(&bytes), "byte {b:#x} at {at} among {filler:#x}, then a quote");
                }
            }
        }
        assert_eq!(plain_length(b""), None);
        assert_eq!(plain_length("人名\"".as_bytes()), Some(6));
    }

    /// Loads `text` in slices of `budget` records and describes the result as the whole-file
    /// loader's would be described.
    fn sliced(text: &str, budget: usize) -> String {
        let mut load = SlicedLoad::new(text.to_string(), 1 << 24);
        let mut steps = 0;
        let result = loop {
            steps += 1;
            assert!(steps < 100_000, "a load ends");
            match load.step(budget) {
                Step::Done(r) => break r,
                Step::Elsewhere(text) => break load_str_with_cap(&text, 1 << 24),
                _ => {}
            }
        };
        describe(result)
    }

    /// Gives `text` in pieces of `piece` bytes, reading what has arrived after each piece in
    /// steps of `budget` records, and describes the result as [`sliced`] does.
    fn streamed(text: &str, piece: usize, budget: usize) -> String {
        let mut load = SlicedLoad::streaming(1 << 24, piece.is_multiple_of(2).then_some(text.len()));
        let mut steps = 0;
        for bytes in text.as_bytes().chunks(piece) {
            load.push(bytes).expect("UTF-8 in any pieces");
            loop {
                steps += 1;
                assert!(steps < 1_000_000, "a load ends");
                match load.step(budget) {
                    Step::Working { .. } => {}
                    Step::NeedsInput => break,
                    Step::Done(r) => panic!("done before the file ended: {}", describe(r)),
                    Step::Elsewhere(_) => panic!("given up before the file ended"),
                }
            }
        }
        load.end_of_input().expect("the file ends between characters");
        let result = loop {
            steps += 1;
            assert!(steps < 1_000_000, "a load ends");
            match load.step(budget) {
                Step::Done(r) => break r,
                Step::Elsewhere(text) => break load_str_with_cap(&text, 1 << 24),
                Step::NeedsInput => panic!("more input asked for after its end"),
                Step::Working { .. } => {}
            }
        };
        describe(result)
    }

    fn describe(result: Result<LoadReport, LoadError>) -> String {
        match result {
            Err(e) => format!("fatal: {e}"),
            Ok(r) => format!("{:?}\n{:?}\n{:?}", r.document, r.problems, r.format),
        }
    }

    /// The sliced loader gives what the whole-file loader gives, for every slice size, and
    /// for the file given in pieces of any size (cut inside characters too).
    fn check(text: &str) {
        let whole = describe(load_str_with_cap(text, 1 << 24));
        for budget in [1, 2, 3, 7, 1000] {
            assert_eq!(sliced(text, budget), whole, "budget {budget}, input: {text}");
        }
        let pieces: &[usize] = if text.len() > 5000 { &[1000, 4096, 65536] } else { &[1, 2, 3, 5, 16, 100, 1 << 20] };
        for &piece in pieces {
            for budget in [1, 3, 1000] {
                assert_eq!(streamed(text, piece, budget), whole, "pieces of {piece}, budget {budget}, input: {text}");
            }
        }
    }

    #[test]
    fn well_formed_files_read_in_slices_as_whole() {
        check(r#"{"nodes":[{"id":"a","type":"person","label":"甲","x":1},{"id":"b","type":"event","date":"2023-03-17"}],"edges":[{"source":"a","target":"b","type":"attended"}]}"#);
        check(" {\n \"directed\": false, \"graph\": {\"name\": \"g\", \"k\": [1, {\"x\": \"]\"}]},\n \"links\" : [ {\"source\":\"a\",\"target\":\"b\"} ] ,\n \"nodes\":[ {\"id\":\"a\"} , {\"id\":\"b\",\"group\":\"person\",\"name\":\"乙\"} ], \"other\": [[]] } \n");
        check(r#"{"nodes":[],"edges":[]}"#);
        // Enough edges to reserve the rest of the list from an estimate.
        let generated = serde_json::to_string(&crate::generate::generate(1500, 3, 7)).unwrap_or_default();
        assert!(generated.matches("\"source\"").count() > 2 * EDGES_BEFORE_ESTIMATE);
        check(&generated);
        let seed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jiaxing-2023-03-17.json")).unwrap_or_default();
        assert!(seed.len() > 1000);
        check(&seed);
    }

    #[test]
    fn problems_in_records_are_found_as_whole() {
        check(r#"{"nodes":[{"id":"n0"},{"id":"n1"},{"id":"n1"},{"id":"n3"}],"edges":[{"source":"n3","target":"n0"},{"source":"n1","target":"n01"},{"source":"n3","target":"n2"}]}"#);
        check(r#"{"nodes":[{"id":"a","type":"spaceship"},{"id":"a"},{"id":""}],"edges":[{"source":"a","target":"zz","type":"teleports"},{"source":"a","target":"a","start":"2023-13"}]}"#);
    }

    #[test]
    fn anything_else_is_left_to_the_whole_file_loader() {
        for text in [
            "",
            "[]",
            "{",
            r#"{"nodes":[{"id":"a"},]}"#,
            r#"{"nodes":[{"id":1}],"edges":[]}"#,
            r#"{"nodes":[{"id":"a"}]}"#,
            r#"{"nodes":[{"id":"a"}],"edges":[],"nodes":[]}"#,
            r#"{"nodes":[{"id":"a"}],"edges":[]} x"#,
            r#"{"elements":{"nodes":[{"data":{"id":"a"}}]}}"#,
            r#"<?xml version="1.0"?><graphml><graph><node id="a"/></graph></graphml>"#,
            r#"{"nodes":[{"id":"a","label":3}],"edges":[]}"#,
            r#"{"nodes" [],"edges":[]}"#,
            r#"{"nodes":[{"id":"a"} {"id":"b"}],"edges":[]}"#,
        ] {
            check(text);
        }
    }

    #[test]
    fn numbers_and_the_root_end_are_read_only_once_they_have_arrived() {
        // Cut after `1`, `{"count": 1` would read as a number; cut after the last `}`, the file
        // could still go on with text after it.
        let text = r#"{"count": 12345, "nodes":[{"id":"a"}],"edges":[]} x"#;
        let whole = describe(load_str_with_cap(text, 1 << 24));
        assert!(whole.starts_with("fatal"), "{whole}");
        for piece in 1..text.len() {
            assert_eq!(streamed(text, piece, 1), whole, "pieces of {piece}");
        }
    }

    #[test]
    fn a_file_that_is_not_utf8_is_refused_at_its_first_bad_byte() {
        let mut load = SlicedLoad::streaming(1 << 20, None);
        let start = "{\"nodes\":[{\"id\":\"甲";
        assert_eq!(load.push(start.as_bytes()), Ok(()));
        assert_eq!(load.push(&[0xe4, 0xb9]), Ok(()), "a character cut in two waits for its end");
        assert_eq!(load.push(&[0x99, b'"', 0xff]), Err(start.len() + "乙\"".len()), "乙 read, then 0xff");
        let mut cut = SlicedLoad::streaming(1 << 20, None);
        assert_eq!(cut.push(&[b'{', 0xe4]), Ok(()));
        assert_eq!(cut.end_of_input(), Err(1), "the file ends inside a character");
    }

    #[test]
    fn an_oversized_file_is_refused_before_reading() {
        let mut load = SlicedLoad::new(r#"{"nodes":[],"edges":[]}"#.to_string(), 10);
        assert!(matches!(load.step(10), Step::Done(Err(LoadError::TooLarge { bytes: 23, max_bytes: 10 }))));
    }

    #[test]
    fn progress_grows_to_the_end() {
        let nodes: Vec<String> = (0..500).map(|i| format!(r#"{{"id":"n{i}","type":"person"}}"#)).collect();
        let edges: Vec<String> = (1..500).map(|i| format!(r#"{{"source":"n{i}","target":"n0","type":"knows"}}"#)).collect();
        let text = format!(r#"{{"nodes":[{}],"edges":[{}]}}"#, nodes.join(","), edges.join(","));
        let mut load = SlicedLoad::new(text, 1 << 24);
        let mut last = 0;
        let mut steps = 0;
        loop {
            match load.step(50) {
                Step::Working { done, total } => {
                    assert!(done >= last && done <= total, "{done} after {last}, of {total}");
                    last = done;
                    steps += 1;
                }
                Step::Done(r) => {
                    assert_eq!(r.map(|r| r.document.edges.len()).ok(), Some(499));
                    break;
                }
                Step::NeedsInput | Step::Elsewhere(_) => panic!("the whole file was given, and it is well-formed"),
            }
        }
        assert!(steps >= 19, "about a thousand records read and checked 50 at a time: {steps} steps");
    }
}
