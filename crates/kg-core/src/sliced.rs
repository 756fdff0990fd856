//! The loader in slices: reads a node-link file record by record, a bounded number of records
//! per [`SlicedLoad::step`], so that a page can load a 100,000-node graph without a long task
//! (it yields to the browser between steps). Gives exactly what [`crate::load_str_with_cap`]
//! gives: a well-formed file of our format is read here; anything else (another format, XML, a
//! syntax error, a record of the wrong shape) is handed to `load_str_with_cap` whole, which
//! names the problem.

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
    /// The file's size in bytes (kept for progress once the text is freed).
    bytes: usize,
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
    /// The result, as [`load_str_with_cap`] would have given it.
    Done(Result<LoadReport, LoadError>),
}

/// Edges read before the rest of the edge list is reserved at once.
const EDGES_BEFORE_ESTIMATE: usize = 1000;

/// Why the sliced reader gives the file to the whole-file loader.
struct Fallback;

impl SlicedLoad {
    /// Starts reading `text`, refusing it (at the first step) when it is over `max_bytes`.
    pub fn new(text: String, max_bytes: usize) -> SlicedLoad {
        SlicedLoad {
            bytes: text.len(),
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

    /// Does about `budget` records' worth of work.
    ///
    /// # Returns
    /// [`Step::Working`] while there is more, then [`Step::Done`]; call no more after that.
    ///
    /// # Complexity
    /// O(budget) records, plus the whole file once when it is not a well-formed node-link file.
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
    /// ```
    pub fn step(&mut self, budget: usize) -> Step {
        if self.bytes > self.max_bytes {
            return Step::Done(Err(LoadError::TooLarge { bytes: self.bytes, max_bytes: self.max_bytes }));
        }
        match self.advance(budget.max(1)) {
            Ok(None) => self.progress(),
            Ok(Some(report)) => Step::Done(Ok(report)),
            Err(Fallback) => Step::Done(load_str_with_cap(&std::mem::take(&mut self.text), self.max_bytes)),
        }
    }

    fn progress(&self) -> Step {
        // Reading is nearly all of the work; checking edges that came before the nodes, the rest.
        let total = self.bytes.max(1);
        let done = if self.phase == Phase::Check {
            total * 9 / 10 + (total / 10) * self.checked / self.to_check.max(1)
        } else {
            self.pos * 9 / 10
        };
        Step::Working { done, total }
    }

    fn advance(&mut self, budget: usize) -> Result<Option<LoadReport>, Fallback> {
        let mut work = 0;
        while work < budget {
            match self.phase {
                Phase::Root => {
                    if self.root_item()? {
                        return self.start_check().map(|()| None);
                    }
                    work += 1;
                }
                Phase::Nodes => {
                    if let Some(mut node) = self.list_item_with(flat_node)? {
                        adopt_foreign_attributes(&mut node);
                        let i = self.nodes_read.unwrap_or(0);
                        self.checker.node(i, Ok(node));
                        self.nodes_read = Some(i + 1);
                    } else {
                        self.nodes_done = true;
                    }
                    work += 1;
                }
                Phase::Edges => {
                    if let Some(edge) = self.list_item_with(flat_edge)? {
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
                    work += 1;
                }
                Phase::Check => {
                    let i = self.checked;
                    match self.pending_edges.next() {
                        Some(edge) => self.checker.edge(i, Ok(edge)),
                        None => return Ok(Some(self.finish())),
                    }
                    self.checked += 1;
                    work += 1;
                }
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
    fn root_item(&mut self) -> Result<bool, Fallback> {
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
                // Anything after the root object is a syntax error for the whole-file loader.
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
            "directed" if self.directed.is_none() => self.directed = Some(self.value()?),
            "multigraph" if self.multigraph.is_none() => self.multigraph = Some(self.value()?),
            "graph" if self.graph.is_none() => self.graph = Some(self.value()?),
            "nodes" if self.nodes_read.is_none() => {
                self.open_list(Phase::Nodes)?;
                self.nodes_read = Some(0);
            }
            "edges" | "links" if self.edges_read.is_none() => {
                self.checker.set_edge_key(if key == "edges" { "edges" } else { "links" });
                self.open_list(Phase::Edges)?;
                self.edges_read = Some(0);
                self.edges_start = self.pos;
            }
            "directed" | "multigraph" | "graph" | "nodes" | "edges" | "links" => return Err(Fallback),
            _ => {
                self.value::<IgnoredAny>()?;
            }
        }
        Ok(false)
    }

    fn open_list(&mut self, phase: Phase) -> Result<(), Fallback> {
        if self.next_byte() != Some(b'[') {
            return Err(Fallback);
        }
        self.phase = phase;
        self.had_item = false;
        Ok(())
    }

    /// Reads the current list's next item, or its end (then `None`, back at the root): by
    /// `flat` when the item is a record of the common shape, else by serde.
    fn list_item_with<T: DeserializeOwned>(&mut self, flat: fn(&str) -> Option<(T, usize)>) -> Result<Option<T>, Fallback> {
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
        match self.text.get(self.pos..).and_then(flat) {
            Some((record, length)) => {
                self.pos += length;
                Ok(Some(record))
            }
            None => self.value().map(Some),
        }
    }

    /// Reads one JSON value at the current position into `T`.
    fn value<T: DeserializeOwned>(&mut self) -> Result<T, Fallback> {
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

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn next_byte(&mut self) -> Option<u8> {
        let b = self.peek();
        self.pos += 1;
        b
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\t' | b'\r')) {
            self.pos += 1;
        }
    }

    /// Once the root object has ended: both lists must have been there (serde requires them,
    /// as the whole-file loader's fast path does); edges read before the nodes are checked now.
    fn start_check(&mut self) -> Result<(), Fallback> {
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
fn flat_node(text: &str) -> Option<(NodeRecord, usize)> {
    let ([id, kind, label], length) = flat_strings(text, ["id", "type", "label"])?;
    Some((NodeRecord::new(id?, kind.unwrap_or_default(), label.unwrap_or_default()), length))
}

/// An edge of the common shape, `{"source":"…","target":"…","type":"…"}`, as [`flat_node`].
fn flat_edge(text: &str) -> Option<(EdgeRecord, usize)> {
    let ([source, target, kind], length) = flat_strings(text, ["source", "target", "type"])?;
    Some((EdgeRecord::new(source?, target?, kind.unwrap_or_default()), length))
}

/// The values of a JSON object at the start of `text` whose keys are among `keys` (each at most
/// once) and whose values are strings without escapes or control characters, with the object's
/// length in bytes; `None` when the object is anything else.
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
        let length = bytes.get(from..)?.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20)?;
        let end = from + length;
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
        let slot = &mut values[keys.iter().position(|k| *k == key)?];
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Loads `text` in slices of `budget` records and describes the result as the whole-file
    /// loader's would be described.
    fn sliced(text: &str, budget: usize) -> String {
        let mut load = SlicedLoad::new(text.to_string(), 1 << 24);
        let mut steps = 0;
        let result = loop {
            steps += 1;
            assert!(steps < 100_000, "a load ends");
            if let Step::Done(r) = load.step(budget) {
                break r;
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

    /// The sliced loader gives what the whole-file loader gives, for every slice size.
    fn check(text: &str) {
        let whole = describe(load_str_with_cap(text, 1 << 24));
        for budget in [1, 2, 3, 7, 1000] {
            assert_eq!(sliced(text, budget), whole, "budget {budget}, input: {text}");
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
            }
        }
        assert!(steps >= 19, "about a thousand records read and checked 50 at a time: {steps} steps");
    }
}
