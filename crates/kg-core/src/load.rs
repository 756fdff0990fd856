//! The loader: turns untrusted bytes into a [`GraphDocument`] and a list of every problem found,
//! each naming the entity id and the JSON path, so a person can fix the file in one pass.
//!
//! Fatal problems (not JSON, not an object, no `nodes` list, over the size cap) end in a
//! [`LoadError`]; everything else is a [`Problem`] in the [`LoadReport`], and the graph is still
//! shown without the broken parts.

use crate::formats::{adopt_foreign_attributes, to_node_link, Format};
use crate::model::{EdgeRecord, GraphDocument, GraphMeta, NodeKind, NodeRecord};
use serde_json::Value;
use crate::graph::NodeId;
use crate::idhash::IdIndex;
use std::fmt;

/// The default cap on input size: 200 MB.
pub const DEFAULT_MAX_BYTES: usize = 200 * 1000 * 1000;

/// Defines [`KNOWN_EDGE_TYPES`] and its test from one list: a `match` on the text, which the
/// compiler turns into a comparison by length and bytes (checked for every edge of a file).
macro_rules! known_edge_types {
    ($($name:literal),* $(,)?) => {
        /// The edge types the app knows; others are shown in a neutral style with a warning.
        pub const KNOWN_EDGE_TYPES: &[&str] = &[$($name),*];

        /// True when `kind` is one of [`KNOWN_EDGE_TYPES`].
        fn is_known_edge_type(kind: &str) -> bool {
            matches!(kind, $($name)|*)
        }
    };
}

known_edge_types![
    "holds",
    "of",
    "part_of",
    "member_of",
    "attended",
    "chaired",
    "spoke_at",
    "organized",
    "commented_on",
    "signed",
    "proposed",
    "refers_to",
    "participated_in",
    "related_to",
    "knows",
    "partner_of",
    "holds_role",
    "role_at",
];

/// Why a file could not be loaded at all.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    /// The input is larger than the cap; it was not parsed.
    TooLarge { bytes: usize, max_bytes: usize },
    /// The input is not well-formed `language` (JSON or XML); `line` and `column` are 1-based.
    Syntax { language: &'static str, message: String, line: usize, column: usize },
    /// The JSON is not a graph; `path` is a JSON path such as `$.nodes`.
    Shape { path: String, message: String },
    /// The file is not a well-formed file of our node-link format, and the reader of the other
    /// formats (the page's reader worker, see [`crate::handoff`]) could not read it: `reason`.
    Unread { reason: String },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::TooLarge { bytes, max_bytes } => write!(
                f,
                "the file is {bytes} bytes, over the limit of {max_bytes} bytes; it was not read"
            ),
            LoadError::Syntax { language, message, line, column } => {
                write!(f, "not valid {language} at line {line}, column {column}: {message}")
            }
            LoadError::Shape { path, message } => write!(f, "not a graph: {path}: {message}"),
            LoadError::Unread { reason } => {
                write!(f, "it is not a node-link JSON file, and the reader of other formats (and of broken files) could not run: {reason}")
            }
        }
    }
}

impl std::error::Error for LoadError {}

/// How serious a [`Problem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Shown as it is, but worth a look (for example an unknown type).
    Warning,
    /// The part named was left out of the graph.
    Error,
}

/// One problem in an otherwise readable file.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    /// A JSON path such as `$.edges[3].target`.
    pub path: String,
    /// The id of the entity concerned, where there is one.
    pub id: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        match &self.id {
            Some(id) => write!(f, "{level}: {} ({id}): {}", self.path, self.message),
            None => write!(f, "{level}: {}: {}", self.path, self.message),
        }
    }
}

/// A loaded document and every problem found on the way.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// The usable part of the input: broken nodes and edges are left out.
    pub document: GraphDocument,
    pub problems: Vec<Problem>,
    /// The format the input was read as.
    pub format: Format,
    /// What checking the records learnt (each id's node, each edge's ends), so that building
    /// the graph does not look every id up again. Valid for `document` as the loader left it.
    pub(crate) checked: Option<Box<Checked>>,
}

/// The loader's index of a checked document: the node of each id and the ends of each edge.
#[derive(Debug, Clone, Default)]
pub(crate) struct Checked {
    pub(crate) by_id: IdIndex,
    pub(crate) ends: Vec<(NodeId, NodeId)>,
}

impl LoadReport {
    /// A report with the loader's index (see [`crate::sliced`]).
    pub(crate) fn checked(document: GraphDocument, problems: Vec<Problem>, format: Format, checked: Checked) -> LoadReport {
        LoadReport { document, problems, format, checked: Some(Box::new(checked)) }
    }

    /// True when some part of the input was left out.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// Loads a graph from JSON text with the default size cap.
///
/// # Arguments
/// * `text`: the file's content.
///
/// # Returns
/// The usable document and every problem, or a [`LoadError`] when nothing usable is there.
///
/// # Complexity
/// O(n + m) in the number of nodes and edges, after serde_json's linear parse.
///
/// ```
/// let text = r#"{"nodes":[{"id":"a","type":"person"},{"id":"b","type":"event"}],
///               "edges":[{"source":"a","target":"b","type":"attended"}]}"#;
/// let report = kg_core::load_str(text).unwrap();
/// assert_eq!(report.document.nodes.len(), 2);
/// assert!(report.problems.is_empty());
/// ```
pub fn load_str(text: &str) -> Result<LoadReport, LoadError> {
    load_str_with_cap(text, DEFAULT_MAX_BYTES)
}

/// Loads a graph from JSON text, refusing input over `max_bytes` before parsing it.
pub fn load_str_with_cap(text: &str, max_bytes: usize) -> Result<LoadReport, LoadError> {
    if text.len() > max_bytes {
        return Err(LoadError::TooLarge { bytes: text.len(), max_bytes });
    }
    // Fast path: a well-formed document of our own format parses straight into records. Anything
    // else (syntax errors, numeric ids, a broken node) takes the slower path through
    // `serde_json::Value`, which can say where each problem is.
    if let Ok(doc) = serde_json::from_str::<GraphDocument>(text) {
        let GraphDocument { directed, multigraph, graph, nodes, edges } = doc;
        let mut problems = Vec::new();
        let nodes = nodes.into_iter().map(|mut n| {
            adopt_foreign_attributes(&mut n);
            Ok(n)
        });
        let (nodes, edges, checked) = check_records(nodes, edges.into_iter().map(Ok), "edges", &mut problems);
        let document = GraphDocument { directed, multigraph, graph, nodes, edges };
        return Ok(LoadReport { document, problems, format: Format::NodeLink, checked: Some(Box::new(checked)) });
    }
    if text.trim_start().starts_with('<') {
        let (value, format) = crate::xml::read(text)?;
        return from_node_link(value, format);
    }
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::Syntax {
        language: "JSON",
        message: syntax_message(&e),
        line: e.line(),
        column: e.column(),
    })?;
    from_value(value)
}

/// serde_json's message without its trailing " at line L column C", which we say ourselves.
fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    }
}

fn shape(path: &str, message: impl Into<String>) -> LoadError {
    LoadError::Shape { path: path.to_string(), message: message.into() }
}

/// Builds a report from parsed JSON in any format [`to_node_link`] recognises.
pub fn from_value(value: Value) -> Result<LoadReport, LoadError> {
    let (value, format) = to_node_link(value);
    from_node_link(value, format)
}

/// Builds a report from node-link JSON.
fn from_node_link(value: Value, format: Format) -> Result<LoadReport, LoadError> {
    let Value::Object(mut root) = value else {
        return Err(shape("$", format!("expected an object with \"nodes\" and \"edges\", found {}", kind_of(&value))));
    };
    let nodes = match root.remove("nodes") {
        Some(Value::Array(a)) => a,
        Some(other) => return Err(shape("$.nodes", format!("expected a list, found {}", kind_of(&other)))),
        None => return Err(shape("$", "there is no \"nodes\" list")),
    };
    let (edges, edge_key) = match (root.remove("edges"), root.remove("links")) {
        (Some(Value::Array(a)), _) => (a, "edges"),
        (None, Some(Value::Array(a))) => (a, "links"),
        (Some(other), _) => return Err(shape("$.edges", format!("expected a list, found {}", kind_of(&other)))),
        (None, Some(other)) => return Err(shape("$.links", format!("expected a list, found {}", kind_of(&other)))),
        (None, None) => (Vec::new(), "edges"),
    };
    let mut problems = Vec::new();
    let directed = root.get("directed").and_then(Value::as_bool).unwrap_or(true);
    let multigraph = root.get("multigraph").and_then(Value::as_bool).unwrap_or(true);
    let graph = match root.remove("graph") {
        None | Some(Value::Null) => GraphMeta::default(),
        Some(g) => serde_json::from_value(g).unwrap_or_else(|e| {
            problems.push(Problem {
                severity: Severity::Warning,
                path: "$.graph".into(),
                id: None,
                message: format!("graph metadata ignored: {e}"),
            });
            GraphMeta::default()
        }),
    };

    let node_items = nodes.into_iter().map(|raw| {
        let raw = normalise_id(raw, "id");
        let id = raw.get("id").and_then(Value::as_str).map(str::to_string);
        serde_json::from_value::<NodeRecord>(raw).map_err(|e| (id, e.to_string()))
    });
    let edge_items = edges.into_iter().map(|raw| {
        let raw = normalise_id(normalise_id(raw, "source"), "target");
        serde_json::from_value::<EdgeRecord>(raw).map_err(|e| (None, e.to_string()))
    });
    let (node_records, edge_records, checked) = check_records(node_items, edge_items, edge_key, &mut problems);

    Ok(LoadReport {
        document: GraphDocument { directed, multigraph, graph, nodes: node_records, edges: edge_records },
        problems,
        format,
        checked: Some(Box::new(checked)),
    })
}

/// A node or edge as read, or why it could not be read (with its id where known).
pub(crate) type Item<T> = Result<T, (Option<String>, String)>;

/// Checks records one by one, keeping the usable ones: reports unreadable items, empty and
/// duplicate ids, edges whose ends are missing, unknown types and bad dates.
fn check_records(
    nodes: impl Iterator<Item = Item<NodeRecord>>,
    edges: impl Iterator<Item = Item<EdgeRecord>>,
    edge_key: &'static str,
    problems: &mut Vec<Problem>,
) -> (Vec<NodeRecord>, Vec<EdgeRecord>, Checked) {
    let mut checker = Checker::new(edge_key, nodes.size_hint().0, edges.size_hint().0);
    for (i, item) in nodes.enumerate() {
        checker.node(i, item);
    }
    for (i, item) in edges.enumerate() {
        checker.edge(i, item);
    }
    let (nodes, edges, checked, found) = checker.finish();
    problems.extend(found);
    (nodes, edges, checked)
}

/// The record checks of [`check_records`], one record at a time, so that a large file can be
/// checked in slices (see [`crate::sliced`]). Every node must be given before any edge.
pub(crate) struct Checker {
    edge_key: &'static str,
    by_id: IdIndex,
    nodes: Vec<NodeRecord>,
    edges: Vec<EdgeRecord>,
    ends: Vec<(NodeId, NodeId)>,
    problems: Vec<Problem>,
}

impl Checker {
    pub(crate) fn new(edge_key: &'static str, nodes: usize, edges: usize) -> Checker {
        Checker {
            edge_key,
            by_id: IdIndex::with_capacity(nodes),
            nodes: Vec::with_capacity(nodes),
            edges: Vec::with_capacity(edges),
            ends: Vec::with_capacity(edges),
            problems: Vec::new(),
        }
    }

    /// Names the edge list (`edges` or `links`) in the paths of problems.
    pub(crate) fn set_edge_key(&mut self, edge_key: &'static str) {
        self.edge_key = edge_key;
    }

    /// Makes room for about `additional` more edges at once, rather than by doubling (which
    /// holds the old and the new list at the same time).
    pub(crate) fn reserve_edges(&mut self, additional: usize) {
        self.edges.reserve_exact(additional);
        self.ends.reserve_exact(additional);
    }

    /// Checks the `i`-th item of the node list.
    pub(crate) fn node(&mut self, i: usize, item: Item<NodeRecord>) {
        let problems = &mut self.problems;
        let node = match item {
            Ok(n) => n,
            Err((id, e)) => {
                problems.push(Problem { severity: Severity::Error, path: format!("$.nodes[{i}]"), id, message: format!("left out: {e}") });
                return;
            }
        };
        if node.id.is_empty() {
            problems.push(Problem { severity: Severity::Error, path: format!("$.nodes[{i}].id"), id: None, message: "left out: the id is empty".into() });
            return;
        }
        // One look-up for both the check and the insertion.
        if !self.by_id.insert(&node.id, NodeId(self.nodes.len() as u32)) {
            problems.push(Problem {
                severity: Severity::Error,
                path: format!("$.nodes[{i}].id"),
                id: Some(node.id.to_string()),
                message: "duplicate id: this node was left out, the first one with this id kept".into(),
            });
            return;
        }
        check_node(&node, i, problems);
        self.nodes.push(node);
    }

    /// Checks the `i`-th item of the edge list.
    #[cfg_attr(kg_nightly, optimize(speed))]
    pub(crate) fn edge(&mut self, i: usize, item: Item<EdgeRecord>) {
        let (edge_key, problems) = (self.edge_key, &mut self.problems);
        let edge = match item {
            Ok(e) => e,
            Err((_, e)) => {
                problems.push(Problem { severity: Severity::Error, path: format!("$.{edge_key}[{i}]"), id: None, message: format!("left out: {e}") });
                return;
            }
        };
        let (source, target) = (self.by_id.get(edge.source.as_str()), self.by_id.get(edge.target.as_str()));
        if let (Some(s), Some(t)) = (source, target) {
            check_edge(&edge, edge_key, i, problems);
            self.edges.push(edge);
            self.ends.push((s, t));
        } else {
            missing_ends(&edge, (source, target), edge_key, i, problems);
        }
    }

    /// The usable records, the index, and the problems found.
    pub(crate) fn finish(mut self) -> (Vec<NodeRecord>, Vec<EdgeRecord>, Checked, Vec<Problem>) {
        // The lists grew by doubling (or by an estimate): the room left over goes back to the
        // allocator for what is built next (a quarter of the node list, typically).
        self.nodes.shrink_to_fit();
        self.edges.shrink_to_fit();
        self.ends.shrink_to_fit();
        (self.nodes, self.edges, Checked { by_id: self.by_id, ends: self.ends }, self.problems)
    }
}

/// Accepts numeric ids (as networkx writes them) by turning them into strings.
fn normalise_id(mut raw: Value, key: &str) -> Value {
    if let Some(obj) = raw.as_object_mut() {
        if let Some(Value::Number(n)) = obj.get(key) {
            let s = n.to_string();
            obj.insert(key.to_string(), Value::String(s));
        }
    }
    raw
}

/// A warning about one field of the `i`-th item of `list`; paths and ids are only formatted
/// when there is something to say, so a clean file costs no allocations here.
fn warn(problems: &mut Vec<Problem>, list: &str, i: usize, field: &str, id: String, message: String) {
    problems.push(Problem { severity: Severity::Warning, path: format!("$.{list}[{i}].{field}"), id: Some(id), message });
}

fn date_message(d: &str) -> String {
    format!("\"{d}\" is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)")
}

fn check_node(node: &NodeRecord, i: usize, problems: &mut Vec<Problem>) {
    if node.node_kind() == NodeKind::Other {
        let message = if node.kind.is_empty() {
            "no type: shown in a neutral style".to_string()
        } else {
            format!("unknown type \"{}\": shown in a neutral style", node.kind)
        };
        warn(problems, "nodes", i, "type", node.id.to_string(), message);
    }
    // Most nodes have no dates: only those that have one are looked at.
    if node.date.is_some() || node.end_date.is_some() {
        check_dates(problems, "nodes", i, [("date", &node.date), ("end_date", &node.end_date)], &|| node.id.to_string());
    }
}

/// Warns of each of a record's two dates that is given and not an ISO 8601 date; `id` names the
/// record. Out of line: most records have no dates, and their check only asks whether they do.
#[cold]
#[inline(never)]
fn check_dates(problems: &mut Vec<Problem>, list: &str, i: usize, dates: [(&str, &Option<String>); 2], id: &dyn Fn() -> String) {
    for (field, value) in dates {
        if let Some(d) = value.as_deref().filter(|d| !is_iso_date(d)) {
            warn(problems, list, i, field, id(), date_message(d));
        }
    }
}

/// The errors of an edge left out because an end names no node. Out of line, as the rest of the
/// rare cases: the common path of [`Checker::edge`] runs for every edge of a file, much of it in
/// the browser's baseline compiler, where a loop over the two ends cost a tenth of the reading.
#[cold]
#[inline(never)]
fn missing_ends(edge: &EdgeRecord, found: (Option<NodeId>, Option<NodeId>), edge_key: &str, i: usize, problems: &mut Vec<Problem>) {
    for (end, id, found) in [("source", &edge.source, found.0), ("target", &edge.target, found.1)] {
        if found.is_none() {
            problems.push(Problem {
                severity: Severity::Error,
                path: format!("$.{edge_key}[{i}].{end}"),
                id: Some(id.to_string()),
                message: format!("left out: the {end} is not the id of any node"),
            });
        }
    }
}

fn check_edge(edge: &EdgeRecord, edge_key: &str, i: usize, problems: &mut Vec<Problem>) {
    let id = || format!("{}→{}", edge.source, edge.target);
    if !edge.kind.is_empty() && !is_known_edge_type(&edge.kind) {
        warn(problems, edge_key, i, "type", id(), format!("unknown relation type \"{}\": shown in a neutral style", edge.kind));
    }
    // Most edges have no dates: only those that have one are looked at.
    if edge.start.is_some() || edge.end.is_some() {
        check_dates(problems, edge_key, i, [("start", &edge.start), ("end", &edge.end)], &id);
    }
}

/// True for `YYYY`, `YYYY-MM` and `YYYY-MM-DD` with a real month and a day that exists in it.
pub fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let number = |p: &str, len: usize| -> Option<u32> {
        if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
            p.parse().ok()
        } else {
            None
        }
    };
    let Some(year) = parts.first().and_then(|p| number(p, 4)) else { return false };
    match parts.len() {
        1 => true,
        2 => matches!(number(parts[1], 2), Some(1..=12)),
        3 => {
            let (Some(month @ 1..=12), Some(day)) = (number(parts[1], 2), number(parts[2], 2)) else {
                return false;
            };
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            (1..=days).contains(&day)
        }
        _ => false,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_edge_types_are_exactly_the_list() {
        for kind in KNOWN_EDGE_TYPES {
            assert!(is_known_edge_type(kind), "{kind}");
        }
        for kind in ["", "Holds", "holds ", "hold", "knows_of", "ofx"] {
            assert!(!is_known_edge_type(kind), "{kind:?}");
        }
    }

    fn check(input: &str, expected: &str) {
        let actual = match load_str(input) {
            Err(e) => format!("fatal: {e}"),
            Ok(r) => {
                let mut out = format!("{} nodes, {} edges", r.document.nodes.len(), r.document.edges.len());
                for p in &r.problems {
                    out.push('\n');
                    out.push_str(&p.to_string());
                }
                out
            }
        };
        assert_eq!(actual, expected, "input: {input}");
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        check("{\n  \"nodes\": [\n    {\"id\": \"a\",}\n  ]\n}", "fatal: not valid JSON at line 3, column 16: trailing comma");
        check("", "fatal: not valid JSON at line 1, column 0: EOF while parsing a value");
        check("<html>", "fatal: not a graph: document: this is XML or HTML, but neither GraphML nor GEXF");
        check("<graphml><graph><node id=\"a\"></graph>", "fatal: not valid XML at line 1, column 30: ill-formed document: expected `</node>`, but `</graph>` was found");
    }

    #[test]
    fn wrong_shapes_are_named() {
        check("[1,2]", "fatal: not a graph: $: expected an object with \"nodes\" and \"edges\", found a list");
        check("{}", "fatal: not a graph: $: there is no \"nodes\" list");
        check(r#"{"nodes": 3}"#, "fatal: not a graph: $.nodes: expected a list, found a number");
        check(r#"{"nodes": [], "edges": {}}"#, "fatal: not a graph: $.edges: expected a list, found an object");
    }

    #[test]
    fn every_problem_is_reported_not_just_the_first() {
        check(
            r#"{"nodes":[{"id":"a","type":"person"},{"id":"a","type":"person"},{"id":"b","type":"spaceship"},{"label":"no id"}],
                "edges":[{"source":"a","target":"zz","type":"holds"},{"source":"a","target":"b","type":"likes"}]}"#,
            "2 nodes, 1 edges\n\
             error: $.nodes[1].id (a): duplicate id: this node was left out, the first one with this id kept\n\
             warning: $.nodes[2].type (b): unknown type \"spaceship\": shown in a neutral style\n\
             error: $.nodes[3]: left out: missing field `id`\n\
             error: $.edges[0].target (zz): left out: the target is not the id of any node\n\
             warning: $.edges[1].type (a→b): unknown relation type \"likes\": shown in a neutral style",
        );
    }

    #[test]
    fn numbered_ids_report_duplicates_and_missing_ends_as_any_ids_do() {
        // n0, n1, n2 are found by their number; the second n1 breaks the numbering (a duplicate),
        // so later ids are looked up in the map; n01 and n9 are no node's id.
        check(
            r#"{"nodes":[{"id":"n0","type":"person"},{"id":"n1","type":"person"},{"id":"n2","type":"event"},{"id":"n1","type":"event"},{"id":"x","type":"person"},{"id":"n4","type":"event"}],
                "edges":[{"source":"n0","target":"n2"},{"source":"n2","target":"n01"},{"source":"x","target":"n9"},{"source":"n4","target":"n1"}]}"#,
            "5 nodes, 2 edges\n\
             error: $.nodes[3].id (n1): duplicate id: this node was left out, the first one with this id kept\n\
             error: $.edges[1].target (n01): left out: the target is not the id of any node\n\
             error: $.edges[2].target (n9): left out: the target is not the id of any node",
        );
        let report = load_str(r#"{"nodes":[{"id":"7"},{"id":"8"},{"id":"9"},{"id":"10"}],"links":[{"source":10,"target":7},{"source":"9","target":"8"}]}"#);
        let graph = crate::KnowledgeGraph::from_report(report.unwrap_or_else(|e| panic!("{e}")));
        let ends: Vec<(String, String)> = graph.edges().map(|(_, s, t)| (graph.node(s).id.to_string(), graph.node(t).id.to_string())).collect();
        assert_eq!(ends, [("10".into(), "7".into()), ("9".into(), "8".into())]);
        assert_eq!((graph.find("10"), graph.find("010"), graph.find("11")), (Some(NodeId(3)), None, None));
    }

    #[test]
    fn networkx_links_and_numeric_ids_are_read() {
        check(
            r#"{"directed":false,"multigraph":false,"graph":{},"nodes":[{"id":0,"type":"person"},{"id":1,"type":"person"}],"links":[{"source":0,"target":1}]}"#,
            "2 nodes, 1 edges",
        );
    }

    #[test]
    fn other_formats_are_detected_and_mapped() {
        let cases = [
            (r#"{"elements":{"nodes":[{"data":{"id":"a","name":"甲","group":"person"}},{"data":{"id":"b","label":"乙","type":"event"}}],
                             "edges":[{"data":{"id":"e1","source":"a","target":"b","interaction":"attended"}}]}}"#, Format::Cytoscape),
            (r#"[{"group":"nodes","data":{"id":"a","label":"甲","type":"person"}},{"data":{"id":"b","label":"乙","kind":"event"}},
                 {"group":"edges","data":{"source":"a","target":"b","type":"attended"}}]"#, Format::Cytoscape),
            (r#"{"graph":{"directed":true,"nodes":{"a":{"label":"甲","metadata":{"type":"person"}},"b":{"label":"乙","metadata":{"type":"event"}}},
                          "edges":[{"source":"a","target":"b","relation":"attended"}]}}"#, Format::Jgf),
            (r#"{"graphs":[{"nodes":[{"id":"a","label":"甲","metadata":{"type":"person"}},{"id":"b","label":"乙","metadata":{"type":"event"}}],
                            "edges":[{"source":"a","target":"b","relation":"attended"}]}]}"#, Format::Jgf),
            (r#"{"options":{"type":"directed","multi":false},"attributes":{"name":"g"},
                 "nodes":[{"key":"a","attributes":{"label":"甲","type":"person"}},{"key":"b","attributes":{"name":"乙","category":"event"}}],
                 "edges":[{"key":"e","source":"a","target":"b","attributes":{"type":"attended"}}]}"#, Format::Graphology),
            (r#"{"nodes":[{"id":"a","name":"甲","group":"person"},{"id":"b","label":"乙","type":"event"}],"links":[{"source":"a","target":"b","type":"attended"}]}"#, Format::NodeLink),
        ];
        for (input, format) in cases {
            let r = load_str(input).unwrap_or_else(|e| panic!("{e}: {input}"));
            assert_eq!(r.format, format, "{input}");
            assert!(r.problems.is_empty(), "{input}: {:?}", r.problems);
            let d = &r.document;
            let labels: Vec<(&str, &str, &str)> = d.nodes.iter().map(|n| (n.id.as_str(), n.label.as_str(), n.kind.as_str())).collect();
            assert_eq!(labels, [("a", "甲", "person"), ("b", "乙", "event")], "{input}");
            assert_eq!(d.edges.len(), 1, "{input}");
            assert_eq!((d.edges[0].source.as_str(), d.edges[0].target.as_str(), d.edges[0].kind.as_str()), ("a", "b", "attended"), "{input}");
        }
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let r = load_str_with_cap("{\"nodes\":[]}", 5);
        assert_eq!(r.unwrap_err().to_string(), "the file is 12 bytes, over the limit of 5 bytes; it was not read");
    }

    #[test]
    fn dates() {
        for ok in ["2023", "2023-03", "2023-03-17", "2024-02-29"] {
            assert!(is_iso_date(ok), "{ok}");
        }
        for bad in ["23", "2023-3", "2023-13", "2023-02-29", "2023-03-17T10:00", "March 2023", ""] {
            assert!(!is_iso_date(bad), "{bad}");
        }
        check(r#"{"nodes":[{"id":"e","type":"event","date":"17 March"}]}"#,
              "1 nodes, 0 edges\nwarning: $.nodes[0].date (e): \"17 March\" is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)");
        // Either date of a node or an edge alone, and both ends of an edge missing at once.
        check(
            r#"{"nodes":[{"id":"e","type":"event","end_date":"soon"},{"id":"p","type":"person","date":"2023"}],
                "edges":[{"source":"p","target":"e","type":"attended","end":"2023-02-30"},
                         {"source":"p","target":"e","type":"attended","start":"x","end":"2023"},
                         {"source":"a","target":"b","type":"attended"}]}"#,
            "2 nodes, 2 edges\n\
             warning: $.nodes[0].end_date (e): \"soon\" is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)\n\
             warning: $.edges[0].end (p→e): \"2023-02-30\" is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)\n\
             warning: $.edges[1].start (p→e): \"x\" is not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD)\n\
             error: $.edges[2].source (a): left out: the source is not the id of any node\n\
             error: $.edges[2].target (b): left out: the target is not the id of any node",
        );
    }
}
