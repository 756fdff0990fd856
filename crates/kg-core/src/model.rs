//! The on-disk graph format: node-link JSON (as networkx and d3 read it) with our node and edge
//! fields. See `docs/data-format.md` for the full description and `data/schema.json` for the
//! JSON Schema.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole graph document as stored in `data/*.json`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GraphDocument {
    /// Whether edges are directed; our own data always is.
    #[serde(default = "yes")]
    pub directed: bool,
    /// Whether two nodes may be joined by several edges; our own data always may.
    #[serde(default = "yes")]
    pub multigraph: bool,
    /// Graph-level metadata, such as the source documents.
    #[serde(default)]
    pub graph: GraphMeta,
    /// The entities.
    pub nodes: Vec<NodeRecord>,
    /// The relations. networkx writes `links`; we accept both names and write `edges`.
    #[serde(alias = "links")]
    pub edges: Vec<EdgeRecord>,
}

fn yes() -> bool {
    true
}

/// Graph-level metadata.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct GraphMeta {
    /// A human-readable name for the graph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The documents the facts come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SourceDocument>,
    /// Anything else, kept as it is.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// One source document, whose cleaned text lives in `data/sources/`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct SourceDocument {
    /// The id that evidence refers to as `doc`.
    pub id: String,
    /// The title, as published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The publication date (ISO 8601, partial dates allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The publisher, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// A BCP 47 language tag, such as `zh-Hant`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The path of the cleaned text, relative to the graph file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Anything else, kept as it is.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The kinds of entity the app styles and reasons about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeKind {
    Person,
    Organization,
    Role,
    Event,
    Group,
    Place,
    Concept,
    Document,
    /// A type the app does not know: still shown, in a neutral style.
    Other,
}

impl NodeKind {
    /// Every kind, in legend order.
    pub const ALL: [NodeKind; 9] = [
        NodeKind::Person,
        NodeKind::Organization,
        NodeKind::Role,
        NodeKind::Event,
        NodeKind::Group,
        NodeKind::Place,
        NodeKind::Concept,
        NodeKind::Document,
        NodeKind::Other,
    ];

    /// Reads a `type` string; unknown strings become [`NodeKind::Other`].
    pub fn parse(s: &str) -> NodeKind {
        let s = s.trim();
        let is = |name: &str| s.eq_ignore_ascii_case(name);
        if is("person") {
            NodeKind::Person
        } else if is("organization") || is("organisation") || is("org") {
            NodeKind::Organization
        } else if is("role") {
            NodeKind::Role
        } else if is("event") {
            NodeKind::Event
        } else if is("group") {
            NodeKind::Group
        } else if is("place") {
            NodeKind::Place
        } else if is("concept") {
            NodeKind::Concept
        } else if is("document") {
            NodeKind::Document
        } else {
            NodeKind::Other
        }
    }

    /// The canonical `type` string.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Person => "person",
            NodeKind::Organization => "organization",
            NodeKind::Role => "role",
            NodeKind::Event => "event",
            NodeKind::Group => "group",
            NodeKind::Place => "place",
            NodeKind::Concept => "concept",
            NodeKind::Document => "document",
            NodeKind::Other => "other",
        }
    }

    /// The fill colour used by every renderer and the legend (the peer benchmark's palette for
    /// the first four kinds).
    pub fn colour(self) -> &'static str {
        match self {
            NodeKind::Person => "#e15759",
            NodeKind::Organization => "#4e79a7",
            NodeKind::Role => "#59a14f",
            NodeKind::Event => "#f28e2b",
            NodeKind::Group => "#b07aa1",
            NodeKind::Place => "#76b7b2",
            NodeKind::Concept => "#edc948",
            NodeKind::Document => "#9c755f",
            NodeKind::Other => "#9d9d9d",
        }
    }
}

/// Names of an entity in several scripts.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Names {
    #[serde(rename = "zh-Hant", default, skip_serializing_if = "Option::is_none")]
    pub zh_hant: Option<String>,
    #[serde(rename = "zh-Hans", default, skip_serializing_if = "Option::is_none")]
    pub zh_hans: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinyin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
}

/// One entity as stored.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct NodeRecord {
    /// A stable string id, unique in the document.
    pub id: String,
    /// `person`, `organization`, `role`, `event`, `group`, `place`, `concept` or `document`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The name as written in the source.
    #[serde(default)]
    pub label: String,
    /// The name in other scripts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub names: Option<Names>,
    /// Other surface forms in the text, such as a short form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Event: the date (ISO 8601, partial dates allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Event: the last day, for events that span several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
    /// Role: the title held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Group: how many members the text gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// Evidence for the entity itself, where the text names it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Anything else, kept as it is.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

impl NodeRecord {
    /// The interpreted type.
    pub fn node_kind(&self) -> NodeKind {
        NodeKind::parse(&self.kind)
    }

    /// The text to show: the label, or the id when the label is empty.
    pub fn display_label(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.id
        } else {
            &self.label
        }
    }
}

/// One relation as stored.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EdgeRecord {
    /// The id of the node the edge starts at.
    pub source: String,
    /// The id of the node the edge ends at.
    pub target: String,
    /// The relation, such as `holds`, `of` or `attended`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// An optional label to show.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// When the relation began (ISO 8601, partial dates allowed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// When the relation ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// True for what the text implies but does not say.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub inferred: bool,
    /// Where the text says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<Evidence>,
    /// Anything else, kept as it is.
    #[serde(flatten)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// A span of a source document's cleaned text: `start..end` in Unicode scalar values (`char`s),
/// end exclusive.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    /// The id of a document in `graph.sources`.
    pub doc: String,
    /// The first character of the quote.
    pub start: usize,
    /// One past the last character of the quote.
    pub end: usize,
    /// The quoted words, which must equal the text at `start..end`.
    pub quote: String,
}
