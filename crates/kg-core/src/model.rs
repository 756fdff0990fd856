//! The on-disk graph format: node-link JSON (as networkx and d3 read it) with our node and edge
//! fields. See `docs/data-format.md` for the full description and `data/schema.json` for the
//! JSON Schema.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The string type of a record's id, type and label (and an edge's ends): a string that keeps up
/// to 12 bytes on wasm32 (24 natively) in place, with no allocation of its own. Ids such as
/// `n12345`, every type name and many short labels fit, so a 100,000-node file no longer
/// allocates a string for each of them; it dereferences to `str` like `String`.
pub type Text = compact_str::CompactString;

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

/// Graph-level metadata. Read by a hand-written `Deserialize` (in `de`, below), as the records
/// are: the derive's `flatten` buffered the whole object as serde's private `Content` first, and
/// that machinery (~5 KB) was in the app's module for this struct and the next alone.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
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
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
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
        // The canonical names, as nearly every file writes them, first: no trimming or case
        // folding (this runs for every node of a file).
        match s {
            "person" => return NodeKind::Person,
            "organization" => return NodeKind::Organization,
            "role" => return NodeKind::Role,
            "event" => return NodeKind::Event,
            _ => {}
        }
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

/// One entity as stored. Read by a hand-written `Deserialize` (below): serde's derive with a
/// `flatten` field buffers every field of every record, which made reading a large file two to
/// three times slower.
///
/// The fields most entities leave out live in a [`NodeMore`] that is allocated only when one of
/// them is present, and are read and written through it as if they were the record's own
/// (`node.date`, `node.evidence`: `NodeRecord` dereferences to `NodeMore`). A record is 40 bytes
/// on wasm32 instead of 176, which at 100,000 entities is 13 MB less.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NodeRecord {
    /// A stable string id, unique in the document.
    pub id: Text,
    /// `person`, `organization`, `role`, `event`, `group`, `place`, `concept` or `document`.
    #[serde(rename = "type", default)]
    pub kind: Text,
    /// The name as written in the source.
    #[serde(default)]
    pub label: Text,
    /// The other fields, when the record has any (see [`NodeRecord`]).
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub more: Option<Box<NodeMore>>,
}

/// The fields of a [`NodeRecord`] that most entities leave out.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct NodeMore {
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

impl NodeMore {
    const EMPTY: NodeMore = NodeMore { names: None, aliases: Vec::new(), date: None, end_date: None, title: None, count: None, evidence: Vec::new(), extra: BTreeMap::new() };
}

/// What a record without any of the rarer fields reads as.
static NO_NODE_MORE: NodeMore = NodeMore::EMPTY;
static NO_EDGE_MORE: EdgeMore = EdgeMore::EMPTY;

impl std::ops::Deref for NodeRecord {
    type Target = NodeMore;
    fn deref(&self) -> &NodeMore {
        self.more.as_deref().unwrap_or(&NO_NODE_MORE)
    }
}

impl std::ops::DerefMut for NodeRecord {
    /// Writing one of the rarer fields allocates their box.
    fn deref_mut(&mut self) -> &mut NodeMore {
        self.more.get_or_insert_with(Default::default)
    }
}

impl PartialEq for NodeRecord {
    /// Records are equal when their fields are, whether or not an empty box of rarer fields was
    /// allocated.
    fn eq(&self, other: &NodeRecord) -> bool {
        self.id == other.id && self.kind == other.kind && self.label == other.label && **self == **other
    }
}

impl NodeRecord {
    /// A record with an id, a type and a label, and none of the rarer fields.
    pub fn new(id: impl Into<Text>, kind: impl Into<Text>, label: impl Into<Text>) -> NodeRecord {
        NodeRecord { id: id.into(), kind: kind.into(), label: label.into(), more: None }
    }

    /// The interpreted type.
    pub fn node_kind(&self) -> NodeKind {
        NodeKind::parse(&self.kind)
    }

    /// The text to show: the label, or the id when the label is empty.
    pub fn display_label(&self) -> &str {
        // A label whose first character is not white space is not blank: known without `trim`,
        // whose search from both ends is slow in the browser's baseline compiler (a large
        // graph's first frame asks this of thousands of nodes when it places their labels).
        let shown = match self.label.chars().next() {
            Some(first) if !first.is_whitespace() => true,
            _ => !self.label.trim().is_empty(),
        };
        if shown {
            &self.label
        } else {
            &self.id
        }
    }
}

/// One relation as stored (read by a hand-written `Deserialize`, as [`NodeRecord`]; its rarer
/// fields live in an [`EdgeMore`] the same way: 40 bytes on wasm32 instead of 100).
#[derive(Debug, Clone, Default, Serialize)]
pub struct EdgeRecord {
    /// The id of the node the edge starts at.
    pub source: Text,
    /// The id of the node the edge ends at.
    pub target: Text,
    /// The relation, such as `holds`, `of` or `attended`.
    #[serde(rename = "type", default)]
    pub kind: Text,
    /// The other fields, when the record has any.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub more: Option<Box<EdgeMore>>,
}

/// The fields of an [`EdgeRecord`] that most relations leave out.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct EdgeMore {
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

impl EdgeMore {
    const EMPTY: EdgeMore = EdgeMore { label: None, start: None, end: None, inferred: false, evidence: Vec::new(), extra: BTreeMap::new() };
}

impl std::ops::Deref for EdgeRecord {
    type Target = EdgeMore;
    fn deref(&self) -> &EdgeMore {
        self.more.as_deref().unwrap_or(&NO_EDGE_MORE)
    }
}

impl std::ops::DerefMut for EdgeRecord {
    /// Writing one of the rarer fields allocates their box.
    fn deref_mut(&mut self) -> &mut EdgeMore {
        self.more.get_or_insert_with(Default::default)
    }
}

impl PartialEq for EdgeRecord {
    fn eq(&self, other: &EdgeRecord) -> bool {
        self.source == other.source && self.target == other.target && self.kind == other.kind && **self == **other
    }
}

impl EdgeRecord {
    /// A relation of type `kind` from `source` to `target`, with none of the rarer fields.
    pub fn new(source: impl Into<Text>, target: impl Into<Text>, kind: impl Into<Text>) -> EdgeRecord {
        EdgeRecord { source: source.into(), target: target.into(), kind: kind.into(), more: None }
    }
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

/// Deserialization of records and the graph's metadata without serde's `flatten` buffering:
/// known fields are read straight into their types, any other field is kept in `extra` as a JSON
/// value. Same results and errors as the derive (missing `id`/`source`/`target`, duplicate
/// fields, wrong types).
mod de {
    use super::{EdgeMore, EdgeRecord, GraphMeta, NodeMore, NodeRecord, SourceDocument};
    use serde::de::{self, Deserializer, IgnoredAny, MapAccess, Visitor};
    use std::collections::BTreeMap;
    use std::fmt;

    /// A field name: one of the record's own (by position in its list) or any other.
    enum Key {
        Known(usize),
        Other(String),
    }

    struct KeyVisitor(&'static [&'static str]);

    impl<'de> Visitor<'de> for KeyVisitor {
        type Value = Key;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a field name")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
            Ok(match self.0.iter().position(|k| *k == v) {
                Some(i) => Key::Known(i),
                None => Key::Other(v.to_string()),
            })
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
            Ok(match self.0.iter().position(|k| *k == v) {
                Some(i) => Key::Known(i),
                None => Key::Other(v),
            })
        }
    }

    struct KeySeed(&'static [&'static str]);

    impl<'de> de::DeserializeSeed<'de> for KeySeed {
        type Value = Key;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
            d.deserialize_identifier(KeyVisitor(self.0))
        }
    }

    /// Reads an object's fields: `known(i, map)` reads the value of `names[i]`, and every other
    /// field is kept, as a JSON value, in the map returned.
    fn fields<'de, A: MapAccess<'de>>(
        map: &mut A,
        names: &'static [&'static str],
        mut known: impl FnMut(usize, &mut A) -> Result<(), A::Error>,
    ) -> Result<BTreeMap<String, serde_json::Value>, A::Error> {
        let mut extra = BTreeMap::new();
        while let Some(key) = map.next_key_seed(KeySeed(names))? {
            match key {
                Key::Known(i) => known(i, map)?,
                Key::Other(k) => {
                    extra.insert(k, map.next_value()?);
                }
            }
        }
        Ok(extra)
    }

    /// Skips a value: the `_` arm of `known`, for a listed field no arm reads (none, today).
    fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(drop)
    }

    /// Stores a field's value, refusing a second occurrence as the derive does.
    fn once<'de, A: MapAccess<'de>, T: de::Deserialize<'de>>(slot: &mut Option<T>, name: &'static str, map: &mut A) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    const NODE_FIELDS: &[&str] = &["id", "type", "label", "names", "aliases", "date", "end_date", "title", "count", "evidence"];

    struct NodeVisitor;

    impl<'de> Visitor<'de> for NodeVisitor {
        type Value = NodeRecord;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("struct NodeRecord")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeRecord, A::Error> {
            let (mut id, mut kind, mut label, mut names, mut aliases) = (None, None, None, None, None);
            let (mut date, mut end_date, mut title, mut count, mut evidence) = (None, None, None, None, None);
            let extra = fields(&mut map, NODE_FIELDS, |i, map| match i {
                0 => once(&mut id, "id", map),
                1 => once(&mut kind, "type", map),
                2 => once(&mut label, "label", map),
                3 => once(&mut names, "names", map),
                4 => once(&mut aliases, "aliases", map),
                5 => once(&mut date, "date", map),
                6 => once(&mut end_date, "end_date", map),
                7 => once(&mut title, "title", map),
                8 => once(&mut count, "count", map),
                9 => once(&mut evidence, "evidence", map),
                _ => skip(map),
            })?;
            let more = NodeMore {
                names: names.flatten(),
                aliases: aliases.unwrap_or_default(),
                date: date.flatten(),
                end_date: end_date.flatten(),
                title: title.flatten(),
                count: count.flatten(),
                evidence: evidence.unwrap_or_default(),
                extra,
            };
            Ok(NodeRecord {
                id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                kind: kind.unwrap_or_default(),
                label: label.unwrap_or_default(),
                more: (more != NodeMore::EMPTY).then(|| Box::new(more)),
            })
        }
    }

    impl<'de> de::Deserialize<'de> for NodeRecord {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<NodeRecord, D::Error> {
            d.deserialize_map(NodeVisitor)
        }
    }

    const EDGE_FIELDS: &[&str] = &["source", "target", "type", "label", "start", "end", "inferred", "evidence"];

    struct EdgeVisitor;

    impl<'de> Visitor<'de> for EdgeVisitor {
        type Value = EdgeRecord;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("struct EdgeRecord")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<EdgeRecord, A::Error> {
            let (mut source, mut target, mut kind, mut label) = (None, None, None, None);
            let (mut start, mut end, mut inferred, mut evidence) = (None, None, None, None);
            let extra = fields(&mut map, EDGE_FIELDS, |i, map| match i {
                0 => once(&mut source, "source", map),
                1 => once(&mut target, "target", map),
                2 => once(&mut kind, "type", map),
                3 => once(&mut label, "label", map),
                4 => once(&mut start, "start", map),
                5 => once(&mut end, "end", map),
                6 => once(&mut inferred, "inferred", map),
                7 => once(&mut evidence, "evidence", map),
                _ => skip(map),
            })?;
            let more = EdgeMore {
                label: label.flatten(),
                start: start.flatten(),
                end: end.flatten(),
                inferred: inferred.unwrap_or_default(),
                evidence: evidence.unwrap_or_default(),
                extra,
            };
            Ok(EdgeRecord {
                source: source.ok_or_else(|| de::Error::missing_field("source"))?,
                target: target.ok_or_else(|| de::Error::missing_field("target"))?,
                kind: kind.unwrap_or_default(),
                more: (more != EdgeMore::EMPTY).then(|| Box::new(more)),
            })
        }
    }

    impl<'de> de::Deserialize<'de> for EdgeRecord {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<EdgeRecord, D::Error> {
            d.deserialize_map(EdgeVisitor)
        }
    }

    const META_FIELDS: &[&str] = &["name", "sources"];

    struct MetaVisitor;

    impl<'de> Visitor<'de> for MetaVisitor {
        type Value = GraphMeta;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("struct GraphMeta")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<GraphMeta, A::Error> {
            let (mut name, mut sources) = (None, None);
            let extra = fields(&mut map, META_FIELDS, |i, map| match i {
                0 => once(&mut name, "name", map),
                1 => once(&mut sources, "sources", map),
                _ => skip(map),
            })?;
            Ok(GraphMeta { name: name.flatten(), sources: sources.unwrap_or_default(), extra })
        }
    }

    impl<'de> de::Deserialize<'de> for GraphMeta {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<GraphMeta, D::Error> {
            d.deserialize_map(MetaVisitor)
        }
    }

    const SOURCE_FIELDS: &[&str] = &["id", "title", "date", "publisher", "language", "text"];

    struct SourceVisitor;

    impl<'de> Visitor<'de> for SourceVisitor {
        type Value = SourceDocument;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("struct SourceDocument")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SourceDocument, A::Error> {
            let (mut id, mut title, mut date, mut publisher, mut language, mut text) = (None, None, None, None, None, None);
            let extra = fields(&mut map, SOURCE_FIELDS, |i, map| match i {
                0 => once(&mut id, "id", map),
                1 => once(&mut title, "title", map),
                2 => once(&mut date, "date", map),
                3 => once(&mut publisher, "publisher", map),
                4 => once(&mut language, "language", map),
                5 => once(&mut text, "text", map),
                _ => skip(map),
            })?;
            Ok(SourceDocument {
                id: id.ok_or_else(|| de::Error::missing_field("id"))?,
                title: title.flatten(),
                date: date.flatten(),
                publisher: publisher.flatten(),
                language: language.flatten(),
                text: text.flatten(),
                extra,
            })
        }
    }

    impl<'de> de::Deserialize<'de> for SourceDocument {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SourceDocument, D::Error> {
            d.deserialize_map(SourceVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_label_shows_the_id_instead() {
        for (label, shown) in [("張建生", "張建生"), (" a ", " a "), ("a", "a"), ("", "p1"), ("  ", "p1"), ("\u{3000}\t", "p1"), ("\u{3000}張", "\u{3000}張")] {
            assert_eq!(NodeRecord::new("p1", "person", label).display_label(), shown, "{label:?}");
        }
    }

    #[test]
    fn node_kinds_read_with_any_spacing_and_case() {
        for kind in NodeKind::ALL {
            let name = kind.as_str();
            assert_eq!(NodeKind::parse(name), kind);
            assert_eq!(NodeKind::parse(&format!(" {} ", name.to_uppercase())), kind);
        }
        assert_eq!(NodeKind::parse("Organisation"), NodeKind::Organization);
        assert_eq!(NodeKind::parse("ORG"), NodeKind::Organization);
        assert_eq!(NodeKind::parse("people"), NodeKind::Other);
        assert_eq!(NodeKind::parse(""), NodeKind::Other);
    }

    #[test]
    fn rarer_fields_are_boxed_only_when_present_and_written_in_place() {
        // Three strings and a pointer: the rest of a record costs nothing when absent.
        let small = 3 * std::mem::size_of::<String>() + std::mem::size_of::<usize>();
        assert_eq!((std::mem::size_of::<NodeRecord>(), std::mem::size_of::<EdgeRecord>()), (small, small));
        let plain: NodeRecord = serde_json::from_str(r#"{"id":"n1","type":"person","label":"李明"}"#).unwrap_or_default();
        assert!(plain.more.is_none());
        assert_eq!((plain.date.as_deref(), plain.evidence.len()), (None, 0), "absent fields read as empty");
        let event: NodeRecord = serde_json::from_str(r#"{"id":"e","type":"event","label":"會議","date":"2023-02-01"}"#).unwrap_or_default();
        assert_eq!(event.date.as_deref(), Some("2023-02-01"));
        // Written back in the same order as before the fields moved.
        let text = r#"{"source":"a","target":"b","type":"holds","label":"主席","start":"2020","end":"2023","inferred":true,"evidence":[{"doc":"d","start":0,"end":1,"quote":"x"}],"w":1}"#;
        let edge: EdgeRecord = serde_json::from_str(text).unwrap_or_default();
        assert_eq!(serde_json::to_string(&edge).unwrap_or_default(), text);
        let bare = EdgeRecord::new("a", "b", "knows");
        assert_eq!(serde_json::to_string(&bare).unwrap_or_default(), r#"{"source":"a","target":"b","type":"knows"}"#);
        // An empty box equals no box.
        let mut boxed = bare.clone();
        boxed.label = None;
        assert!(boxed.more.is_some());
        assert_eq!(boxed, bare);
    }

    #[test]
    fn short_ids_types_and_labels_are_kept_in_place() {
        // Twelve bytes fit in place on wasm32 (24 natively): ids like `n12345`, every type name
        // (`organization` is the longest) and a four-character Chinese label allocate nothing.
        let n: NodeRecord = serde_json::from_str(r#"{"id":"n12345","type":"organization","label":"嘉興市委"}"#).unwrap_or_default();
        assert_eq!((n.id.as_str(), n.kind.as_str(), n.label.as_str()), ("n12345", "organization", "嘉興市委"));
        assert!(!n.id.is_heap_allocated() && !n.kind.is_heap_allocated() && !n.label.is_heap_allocated());
        let e: EdgeRecord = serde_json::from_str(r#"{"source":"n1","target":"n99999","type":"participated_in"}"#).unwrap_or_default();
        assert!(!e.source.is_heap_allocated() && !e.target.is_heap_allocated());
        assert_eq!(e.kind, "participated_in");
        // A long label is kept whole.
        let long = "浙江省嘉興市人民政府新聞辦公室".repeat(3);
        let n = NodeRecord::new("x", "group", long.as_str());
        assert_eq!(n.label, long);
    }

    /// The metadata as the derive read it (`flatten` and all), to compare the hand-written
    /// readers with.
    #[derive(Debug, Default, Deserialize, PartialEq)]
    struct DerivedMeta {
        #[serde(default)]
        name: Option<String>,
        #[serde(default)]
        sources: Vec<DerivedSource>,
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    #[derive(Debug, Default, Deserialize, PartialEq)]
    struct DerivedSource {
        id: String,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        date: Option<String>,
        #[serde(default)]
        publisher: Option<String>,
        #[serde(default)]
        language: Option<String>,
        #[serde(default)]
        text: Option<String>,
        #[serde(flatten)]
        extra: BTreeMap<String, serde_json::Value>,
    }

    #[test]
    fn the_graphs_metadata_reads_and_fails_as_the_derive_did() {
        let cases = [
            r#"{}"#,
            r#"{"name":"嘉興","sources":[{"id":"a","title":"t","date":"2023-03-17","publisher":"p","language":"zh-Hant","text":"sources/a.txt","url":"http://x","n":[1,{"k":null}]}],"crawled":true}"#,
            r#"{"name":null,"sources":[{"id":"a","title":null}]}"#,
            r#"{"sources":[]}"#,
            r#"{"sources":null}"#,
            r#"{"name":1}"#,
            r#"{"name":"a","name":"b"}"#,
            r#"{"sources":[{"title":"no id"}]}"#,
            r#"{"sources":[{"id":"a","id":"b"}]}"#,
            r#"{"sources":[{"id":7}]}"#,
            r#"{"sources":{"id":"a"}}"#,
            r#"[]"#,
            r#""name""#,
        ];
        for json in cases {
            let ours = serde_json::from_str::<GraphMeta>(json).map_err(|e| e.to_string());
            let derived = serde_json::from_str::<DerivedMeta>(json).map_err(|e| e.to_string());
            match (&ours, &derived) {
                (Ok(m), Ok(d)) => {
                    assert_eq!((&m.name, &m.extra), (&d.name, &d.extra), "{json}");
                    assert_eq!(m.sources.len(), d.sources.len(), "{json}");
                    for (s, t) in m.sources.iter().zip(&d.sources) {
                        let ours = (&s.id, &s.title, &s.date, &s.publisher, &s.language, &s.text, &s.extra);
                        assert_eq!(ours, (&t.id, &t.title, &t.date, &t.publisher, &t.language, &t.text, &t.extra), "{json}");
                    }
                }
                (Err(a), Err(b)) => {
                    // The same complaint; the derive names its own struct where it says what it expected.
                    let a = a.replace("GraphMeta", "DerivedMeta").replace("SourceDocument", "DerivedSource");
                    assert_eq!(a, *b, "{json}");
                }
                _ => panic!("{json}: ours {ours:?}, the derive's {derived:?}"),
            }
        }
        // Read back from what is written, through a JSON value (as the reader worker hands it over).
        let meta: GraphMeta = serde_json::from_str(cases[1]).unwrap_or_default();
        let round: GraphMeta = serde_json::from_value(serde_json::to_value(&meta).unwrap_or_default()).unwrap_or_default();
        assert_eq!(round, meta);
        assert_eq!(meta.sources[0].extra.get("url"), Some(&serde_json::json!("http://x")));
    }

    #[test]
    fn records_keep_unknown_fields_and_refuse_what_the_derive_refused() {
        let n: NodeRecord = serde_json::from_str(r#"{"id":"a","type":"person","date":null,"colour":"red","x":{"y":[1]}}"#).unwrap_or_default();
        assert_eq!((n.id.as_str(), n.kind.as_str(), n.date.as_deref()), ("a", "person", None));
        assert_eq!(n.extra.get("colour"), Some(&serde_json::json!("red")));
        assert_eq!(n.extra.get("x"), Some(&serde_json::json!({"y": [1]})));
        let round: NodeRecord = serde_json::from_value(serde_json::to_value(&n).unwrap_or_default()).unwrap_or_default();
        assert_eq!(round, n, "what is written reads back the same");
        let err = |json: &str| serde_json::from_str::<NodeRecord>(json).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err(r#"{"type":"person"}"#).starts_with("missing field `id`"));
        assert!(err(r#"{"id":"a","id":"b"}"#).starts_with("duplicate field `id`"));
        assert!(err(r#"{"id":"a","type":null}"#).starts_with("invalid type: null, expected a string"));
        let e: EdgeRecord = serde_json::from_str(r#"{"source":"a","target":"b","type":"knows","inferred":true,"weight":2}"#).unwrap_or_default();
        assert!(e.inferred);
        assert_eq!(e.extra.get("weight"), Some(&serde_json::json!(2)));
        assert!(serde_json::from_str::<EdgeRecord>(r#"{"source":"a"}"#).err().map(|e| e.to_string()).unwrap_or_default().starts_with("missing field `target`"));
    }
}
