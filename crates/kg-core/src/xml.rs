//! GraphML and GEXF, written and read with quick-xml, so graphs travel to and from Gephi,
//! networkx, yEd and Cytoscape desktop. Every label and property is escaped by the writer.
//!
//! Our fields map to attributes: node `label`, `type`, `zh-Hant`, `zh-Hans`, `pinyin`, `en`,
//! `aliases` (joined with ` | `), `date`, `end_date`, `title`, `count`, `evidence` (as JSON);
//! edge `type`, `label`, `start`, `end`, `inferred`, `evidence`. Reading maps them back, and
//! takes a foreign `name`, `group`, `kind` or `category` attribute like the JSON importers do.

use crate::load::LoadError;
use crate::model::{EdgeRecord, GraphDocument, NodeRecord};
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::{Reader, Writer, XmlVersion};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// (attribute name, GraphML/GEXF type) of the node attributes we write.
const NODE_ATTRS: &[(&str, &str)] = &[
    ("label", "string"),
    ("type", "string"),
    ("zh-Hant", "string"),
    ("zh-Hans", "string"),
    ("pinyin", "string"),
    ("en", "string"),
    ("aliases", "string"),
    ("date", "string"),
    ("end_date", "string"),
    ("title", "string"),
    ("count", "long"),
    ("evidence", "string"),
];

/// (attribute name, type) of the edge attributes we write.
const EDGE_ATTRS: &[(&str, &str)] = &[
    ("type", "string"),
    ("label", "string"),
    ("start", "string"),
    ("end", "string"),
    ("inferred", "boolean"),
    ("evidence", "string"),
];

/// A node's attribute values in [`NODE_ATTRS`] order (`None` where absent).
fn node_values(n: &NodeRecord) -> Vec<Option<String>> {
    let names = n.names.as_ref();
    vec![
        Some(n.label.to_string()),
        Some(n.kind.to_string()).filter(|k| !k.is_empty()),
        names.and_then(|x| x.zh_hant.clone()),
        names.and_then(|x| x.zh_hans.clone()),
        names.and_then(|x| x.pinyin.clone()),
        names.and_then(|x| x.en.clone()),
        Some(n.aliases.join(" | ")).filter(|a| !a.is_empty()),
        n.date.clone(),
        n.end_date.clone(),
        n.title.clone(),
        n.count.map(|c| c.to_string()),
        (!n.evidence.is_empty()).then(|| serde_json::to_string(&n.evidence).unwrap_or_default()),
    ]
}

/// An edge's attribute values in [`EDGE_ATTRS`] order.
fn edge_values(e: &EdgeRecord) -> Vec<Option<String>> {
    vec![
        Some(e.kind.to_string()).filter(|k| !k.is_empty()),
        e.label.clone(),
        e.start.clone(),
        e.end.clone(),
        e.inferred.then(|| "true".to_string()),
        (!e.evidence.is_empty()).then(|| serde_json::to_string(&e.evidence).unwrap_or_default()),
    ]
}

type XmlWriter = Writer<Vec<u8>>;

fn start(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> std::io::Result<()> {
    w.write_event(Event::Start(BytesStart::new(name).with_attributes(attrs.iter().copied())))
}

fn empty(w: &mut XmlWriter, name: &str, attrs: &[(&str, &str)]) -> std::io::Result<()> {
    w.write_event(Event::Empty(BytesStart::new(name).with_attributes(attrs.iter().copied())))
}

fn end(w: &mut XmlWriter, name: &str) -> std::io::Result<()> {
    w.write_event(Event::End(BytesEnd::new(name)))
}

fn finish(w: XmlWriter) -> String {
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// Writes GraphML (directed, parallel edges kept, each edge with an id).
///
/// # Complexity
/// O(size of the document).
pub fn to_graphml(doc: &GraphDocument) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let result = (|| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        start(&mut w, "graphml", &[("xmlns", "http://graphml.graphdrawing.org/xmlns")])?;
        for (i, (name, ty)) in NODE_ATTRS.iter().enumerate() {
            empty(&mut w, "key", &[("id", &format!("n{i}")), ("for", "node"), ("attr.name", name), ("attr.type", ty)])?;
        }
        for (i, (name, ty)) in EDGE_ATTRS.iter().enumerate() {
            empty(&mut w, "key", &[("id", &format!("e{i}")), ("for", "edge"), ("attr.name", name), ("attr.type", ty)])?;
        }
        let edgedefault = if doc.directed { "directed" } else { "undirected" };
        start(&mut w, "graph", &[("id", "G"), ("edgedefault", edgedefault)])?;
        for n in &doc.nodes {
            start(&mut w, "node", &[("id", &n.id)])?;
            for (i, v) in node_values(n).into_iter().enumerate() {
                if let Some(v) = v {
                    start(&mut w, "data", &[("key", &format!("n{i}"))])?;
                    w.write_event(Event::Text(BytesText::new(&v)))?;
                    end(&mut w, "data")?;
                }
            }
            end(&mut w, "node")?;
        }
        for (k, e) in doc.edges.iter().enumerate() {
            start(&mut w, "edge", &[("id", &format!("e{k}")), ("source", &e.source), ("target", &e.target)])?;
            for (i, v) in edge_values(e).into_iter().enumerate() {
                if let Some(v) = v {
                    start(&mut w, "data", &[("key", &format!("e{i}"))])?;
                    w.write_event(Event::Text(BytesText::new(&v)))?;
                    end(&mut w, "data")?;
                }
            }
            end(&mut w, "edge")?;
        }
        end(&mut w, "graph")?;
        end(&mut w, "graphml")
    })();
    // Writing into a Vec cannot fail; an error here would be a bug, so it is kept visible.
    debug_assert!(result.is_ok());
    finish(w)
}

/// Writes GEXF 1.3 (static, directed by default, parallel edges kept).
///
/// # Complexity
/// O(size of the document).
pub fn to_gexf(doc: &GraphDocument) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let result = (|| -> std::io::Result<()> {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        start(&mut w, "gexf", &[("xmlns", "http://gexf.net/1.3"), ("version", "1.3")])?;
        let edgetype = if doc.directed { "directed" } else { "undirected" };
        start(&mut w, "graph", &[("defaultedgetype", edgetype), ("mode", "static")])?;
        for (class, attrs) in [("node", NODE_ATTRS), ("edge", EDGE_ATTRS)] {
            start(&mut w, "attributes", &[("class", class)])?;
            // The label is GEXF's own attribute on nodes and edges; the rest are declared.
            for (i, (name, ty)) in attrs.iter().enumerate().filter(|(_, (n, _))| *n != "label") {
                empty(&mut w, "attribute", &[("id", &i.to_string()), ("title", name), ("type", ty)])?;
            }
            end(&mut w, "attributes")?;
        }
        start(&mut w, "nodes", &[])?;
        for n in &doc.nodes {
            start(&mut w, "node", &[("id", &n.id), ("label", n.display_label())])?;
            write_attvalues(&mut w, NODE_ATTRS, node_values(n))?;
            end(&mut w, "node")?;
        }
        end(&mut w, "nodes")?;
        start(&mut w, "edges", &[])?;
        for (k, e) in doc.edges.iter().enumerate() {
            let id = k.to_string();
            let mut attrs = vec![("id", id.as_str()), ("source", e.source.as_str()), ("target", e.target.as_str())];
            if let Some(label) = &e.label {
                attrs.push(("label", label));
            }
            start(&mut w, "edge", &attrs)?;
            write_attvalues(&mut w, EDGE_ATTRS, edge_values(e))?;
            end(&mut w, "edge")?;
        }
        end(&mut w, "edges")?;
        end(&mut w, "graph")?;
        end(&mut w, "gexf")
    })();
    debug_assert!(result.is_ok());
    finish(w)
}

fn write_attvalues(w: &mut XmlWriter, attrs: &[(&str, &str)], values: Vec<Option<String>>) -> std::io::Result<()> {
    let present: Vec<(usize, String)> = values
        .into_iter()
        .enumerate()
        .filter(|(i, v)| v.is_some() && attrs[*i].0 != "label")
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    start(w, "attvalues", &[])?;
    for (i, v) in present {
        empty(w, "attvalue", &[("for", &i.to_string()), ("value", &v)])?;
    }
    end(w, "attvalues")
}

/// Line and column (1-based) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn xml_error(text: &str, offset: u64, message: impl std::fmt::Display) -> LoadError {
    let (line, column) = line_column(text, offset as usize);
    LoadError::Syntax { language: "XML", message: message.to_string(), line, column }
}

/// Sets a node-link field from an attribute name we or other tools write.
fn set_field(o: &mut Map<String, Value>, name: &str, value: String, names: &mut Map<String, Value>) {
    match name {
        "zh-Hant" | "zh-Hans" | "pinyin" | "en" => {
            names.insert(name.into(), Value::String(value));
        }
        "aliases" => {
            let list = value.split(" | ").filter(|a| !a.is_empty()).map(|a| Value::String(a.to_string())).collect();
            o.insert("aliases".into(), Value::Array(list));
        }
        "count" => {
            let v = value.parse::<u64>().map(Value::from).unwrap_or(Value::String(value));
            o.insert("count".into(), v);
        }
        "inferred" => {
            o.insert("inferred".into(), Value::Bool(value == "true" || value == "1"));
        }
        "evidence" => {
            let v = serde_json::from_str(&value).unwrap_or(Value::String(value));
            o.insert("evidence".into(), v);
        }
        "name" | "Label" => {
            o.entry("label").or_insert(Value::String(value));
        }
        "group" | "kind" | "category" => {
            o.entry("type").or_insert(Value::String(value));
        }
        _ => {
            o.insert(name.into(), Value::String(value));
        }
    }
}

/// An element being read: its fields and names so far.
#[derive(Default)]
struct Item {
    fields: Map<String, Value>,
    names: Map<String, Value>,
}

impl Item {
    fn finish(mut self) -> Value {
        if !self.names.is_empty() {
            self.fields.insert("names".into(), Value::Object(self.names));
        }
        Value::Object(self.fields)
    }
}

fn attrs(e: &BytesStart) -> HashMap<String, String> {
    e.attributes()
        .flatten()
        .map(|a| {
            let key = a.key.local_name().as_ref().to_string();
            let value = a.normalized_value(XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default();
            (key, value)
        })
        .collect()
}

/// Reads GraphML or GEXF into node-link JSON for the loader.
///
/// # Errors
/// A [`LoadError::Syntax`] with line and column when the XML is malformed, or a
/// [`LoadError::Shape`] when it is neither GraphML nor GEXF.
pub fn read(text: &str) -> Result<(Value, crate::formats::Format), LoadError> {
    let mut reader = Reader::from_str(text);
    let mut format = None;
    let mut directed = true;
    // key id -> attribute name, separately for nodes and edges (GraphML keys, GEXF attributes).
    let mut node_keys: HashMap<String, String> = HashMap::new();
    let mut edge_keys: HashMap<String, String> = HashMap::new();
    let mut attributes_class = String::new();
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut current: Option<(bool, Item)> = None;
    let mut data_key: Option<String> = None;
    let mut text_buf = String::new();
    loop {
        let position = reader.buffer_position();
        let event = reader.read_event().map_err(|e| xml_error(text, position, e))?;
        let (is_start, e) = match &event {
            Event::Start(e) => (true, Some(e)),
            Event::Empty(e) => (false, Some(e)),
            _ => (false, None),
        };
        if let Some(e) = e {
            let name = e.local_name().as_ref().to_string();
            let a = attrs(e);
            match name.as_str() {
                "graphml" => format = Some(crate::formats::Format::GraphMl),
                "gexf" => format = Some(crate::formats::Format::Gexf),
                "key" => {
                    let (Some(id), Some(attr_name)) = (a.get("id"), a.get("attr.name")) else { continue };
                    let target = if a.get("for").map(String::as_str) == Some("edge") { &mut edge_keys } else { &mut node_keys };
                    target.insert(id.clone(), attr_name.clone());
                }
                "graph" => {
                    let default = a.get("edgedefault").or(a.get("defaultedgetype"));
                    directed = default.map(String::as_str) != Some("undirected");
                }
                "attributes" => attributes_class = a.get("class").cloned().unwrap_or_default(),
                "attribute" => {
                    let (Some(id), Some(title)) = (a.get("id"), a.get("title")) else { continue };
                    let target = if attributes_class == "edge" { &mut edge_keys } else { &mut node_keys };
                    target.insert(id.clone(), title.clone());
                }
                "node" | "edge" => {
                    let mut item = Item::default();
                    // Edge ids are dropped: our edges are identified by their position.
                    for (k, v) in a {
                        let keep = match k.as_str() {
                            "id" => name == "node",
                            "source" | "target" | "label" => true,
                            _ => false,
                        };
                        if keep {
                            item.fields.insert(k, Value::String(v));
                        }
                    }
                    if is_start {
                        current = Some((name == "edge", item));
                    } else if name == "edge" {
                        edges.push(item.finish());
                    } else {
                        nodes.push(item.finish());
                    }
                }
                "data" if is_start => {
                    data_key = a.get("key").cloned();
                    text_buf.clear();
                }
                "attvalue" => {
                    if let (Some((is_edge, item)), Some(key), Some(value)) = (current.as_mut(), a.get("for").or(a.get("id")), a.get("value")) {
                        let keys = if *is_edge { &edge_keys } else { &node_keys };
                        let attr = keys.get(key).cloned().unwrap_or_else(|| key.clone());
                        set_field(&mut item.fields, &attr, value.clone(), &mut item.names);
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Text(t) if data_key.is_some() => text_buf.push_str(&t.xml10_content()),
            Event::CData(t) if data_key.is_some() => text_buf.push_str(&t),
            Event::GeneralRef(r) if data_key.is_some() => {
                let reference = format!("&{};", &*r);
                let resolved = quick_xml::escape::unescape(&reference).map(|s| s.into_owned()).unwrap_or(reference);
                text_buf.push_str(&resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "data" => {
                    if let (Some(key), Some((is_edge, item))) = (data_key.take(), current.as_mut()) {
                        let keys = if *is_edge { &edge_keys } else { &node_keys };
                        let attr = keys.get(&key).cloned().unwrap_or(key);
                        set_field(&mut item.fields, &attr, std::mem::take(&mut text_buf), &mut item.names);
                    }
                }
                "node" | "edge" => {
                    if let Some((is_edge, item)) = current.take() {
                        if is_edge {
                            edges.push(item.finish());
                        } else {
                            nodes.push(item.finish());
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    let Some(format) = format else {
        return Err(LoadError::Shape { path: "document".into(), message: "this is XML or HTML, but neither GraphML nor GEXF".into() });
    };
    let mut root = Map::new();
    root.insert("directed".into(), Value::Bool(directed));
    root.insert("multigraph".into(), Value::Bool(true));
    root.insert("nodes".into(), Value::Array(nodes));
    root.insert("edges".into(), Value::Array(edges));
    Ok((Value::Object(root), format))
}
