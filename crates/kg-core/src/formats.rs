//! Other graph formats, detected automatically and read into our node-link shape: networkx/d3
//! node-link (with `links`), Cytoscape.js elements JSON, JSON Graph Format v2 and graphology's
//! serialized JSON; a node's `type`, `group`, `kind` or `category` attribute becomes its type,
//! and `label` or `name` its label.

use serde_json::{Map, Value};

/// The format a document was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Our format, or networkx/d3 node-link.
    #[default]
    NodeLink,
    /// Cytoscape.js elements JSON.
    Cytoscape,
    /// JSON Graph Format v2 (or v1, whose `nodes` is a list).
    Jgf,
    /// graphology's `export()` JSON.
    Graphology,
    /// GraphML (XML).
    GraphMl,
    /// GEXF (XML).
    Gexf,
}

impl Format {
    /// The name used by `kg convert --to` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::NodeLink => "node-link",
            Format::Cytoscape => "cytoscape",
            Format::Jgf => "jgf",
            Format::Graphology => "graphology",
            Format::GraphMl => "graphml",
            Format::Gexf => "gexf",
        }
    }

    /// The format called `name` (as [`Format::name`] gives it).
    pub fn from_name(name: &str) -> Option<Format> {
        [Format::NodeLink, Format::Cytoscape, Format::Jgf, Format::Graphology, Format::GraphMl, Format::Gexf].into_iter().find(|f| f.name() == name)
    }
}

/// Recognises the format of parsed JSON and rewrites it as node-link JSON.
///
/// # Complexity
/// O(size of the document).
pub fn to_node_link(value: Value) -> (Value, Format) {
    match value {
        Value::Array(items) if items.iter().any(|e| e.get("data").is_some()) => (cytoscape(items, None), Format::Cytoscape),
        Value::Object(mut root) => {
            if let Some(elements) = root.remove("elements") {
                let directed = root.get("directed").cloned();
                return match elements {
                    Value::Array(items) => (cytoscape(items, directed), Format::Cytoscape),
                    Value::Object(mut groups) => {
                        let mut items = Vec::new();
                        for key in ["nodes", "edges"] {
                            if let Some(Value::Array(list)) = groups.remove(key) {
                                items.extend(list.into_iter().map(|mut e| {
                                    if let Some(o) = e.as_object_mut() {
                                        o.entry("group").or_insert(Value::String(key.to_string()));
                                    }
                                    e
                                }));
                            }
                        }
                        (cytoscape(items, directed), Format::Cytoscape)
                    }
                    other => {
                        root.insert("elements".into(), other);
                        (Value::Object(root), Format::Cytoscape)
                    }
                };
            }
            if !root.contains_key("nodes") {
                let graph = match (root.remove("graph"), root.remove("graphs")) {
                    (Some(g @ Value::Object(_)), _) => Some(g),
                    (_, Some(Value::Array(mut gs))) if !gs.is_empty() => Some(gs.swap_remove(0)),
                    (g, gs) => {
                        if let Some(g) = g {
                            root.insert("graph".into(), g);
                        }
                        if let Some(gs) = gs {
                            root.insert("graphs".into(), gs);
                        }
                        None
                    }
                };
                if let Some(Value::Object(g)) = graph {
                    return (jgf(g), Format::Jgf);
                }
                return (Value::Object(root), Format::NodeLink);
            }
            let graphology = root.get("nodes").and_then(Value::as_array).is_some_and(|nodes| {
                nodes.iter().any(|n| n.get("key").is_some() && n.get("id").is_none())
            });
            if graphology {
                return (graphology_json(root), Format::Graphology);
            }
            let mut root = root;
            if let Some(Value::Array(nodes)) = root.get_mut("nodes") {
                for n in nodes.iter_mut() {
                    if let Value::Object(o) = n {
                        map_attributes(o);
                    }
                }
            }
            (Value::Object(root), Format::NodeLink)
        }
        other => (other, Format::NodeLink),
    }
}

/// The same mapping as [`map_attributes`] for a record that was parsed directly: a `group`,
/// `kind` or `category` kept among its other fields becomes its type, and a `name` its label.
pub fn adopt_foreign_attributes(node: &mut crate::model::NodeRecord) {
    if node.kind.is_empty() {
        if let Some(Value::String(t)) = ["group", "kind", "category"].iter().find_map(|k| node.extra.get(*k)) {
            node.kind = t.as_str().into();
        }
    }
    if node.label.is_empty() {
        if let Some(Value::String(name)) = node.extra.get("name") {
            node.label = name.as_str().into();
        }
    }
}

/// Moves a foreign type attribute to `type` and a `name` to `label`, when those are absent.
fn map_attributes(o: &mut Map<String, Value>) {
    if !o.contains_key("type") {
        for key in ["group", "kind", "category"] {
            if let Some(v @ Value::String(_)) = o.get(key).cloned() {
                o.insert("type".into(), v);
                break;
            }
        }
    }
    if !o.contains_key("label") {
        if let Some(v @ Value::String(_)) = o.get("name").cloned() {
            o.insert("label".into(), v);
        }
    }
}

fn graph_object(nodes: Vec<Value>, edges: Vec<Value>, directed: Option<Value>, meta: Option<Value>) -> Value {
    let mut out = Map::new();
    out.insert("directed".into(), directed.unwrap_or(Value::Bool(true)));
    out.insert("multigraph".into(), Value::Bool(true));
    if let Some(meta) = meta {
        out.insert("graph".into(), meta);
    }
    out.insert("nodes".into(), Value::Array(nodes));
    out.insert("edges".into(), Value::Array(edges));
    Value::Object(out)
}

/// Cytoscape.js: `{group: "nodes"|"edges", data: {id, source, target, …}}`; an element with a
/// `source` in its data is an edge.
fn cytoscape(items: Vec<Value>, directed: Option<Value>) -> Value {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for item in items {
        let group = item.get("group").and_then(Value::as_str).map(str::to_string);
        let mut data = match item.get("data") {
            Some(Value::Object(d)) => d.clone(),
            _ => Map::new(),
        };
        let is_edge = group.as_deref() == Some("edges") || (group.is_none() && data.contains_key("source"));
        if is_edge {
            if !data.contains_key("type") {
                if let Some(v) = data.remove("relation").or_else(|| data.remove("interaction")) {
                    data.insert("type".into(), v);
                }
            }
            edges.push(Value::Object(data));
        } else {
            map_attributes(&mut data);
            nodes.push(Value::Object(data));
        }
    }
    graph_object(nodes, edges, directed, None)
}

/// Flattens a JGF `metadata` object into the record, without overwriting its own fields.
fn lift_metadata(o: &mut Map<String, Value>) {
    if let Some(Value::Object(meta)) = o.remove("metadata") {
        for (k, v) in meta {
            o.entry(k).or_insert(v);
        }
    }
}

/// JSON Graph Format: v2 keeps nodes in an object keyed by id; v1 in a list with `id`s.
fn jgf(mut g: Map<String, Value>) -> Value {
    let nodes = match g.remove("nodes") {
        Some(Value::Object(by_id)) => by_id
            .into_iter()
            .map(|(id, n)| {
                let mut o = match n {
                    Value::Object(o) => o,
                    _ => Map::new(),
                };
                o.insert("id".into(), Value::String(id));
                lift_metadata(&mut o);
                map_attributes(&mut o);
                Value::Object(o)
            })
            .collect(),
        Some(Value::Array(list)) => list
            .into_iter()
            .map(|mut n| {
                if let Value::Object(o) = &mut n {
                    lift_metadata(o);
                    map_attributes(o);
                }
                n
            })
            .collect(),
        _ => Vec::new(),
    };
    let edges = match g.remove("edges") {
        Some(Value::Array(list)) => list
            .into_iter()
            .map(|mut e| {
                if let Value::Object(o) = &mut e {
                    lift_metadata(o);
                    if !o.contains_key("type") {
                        if let Some(v) = o.remove("relation") {
                            o.insert("type".into(), v);
                        }
                    }
                }
                e
            })
            .collect(),
        _ => Vec::new(),
    };
    let directed = g.remove("directed");
    let meta = g.remove("metadata");
    graph_object(nodes, edges, directed, meta)
}

/// graphology: `{nodes: [{key, attributes}], edges: [{source, target, attributes}]}`.
fn graphology_json(mut root: Map<String, Value>) -> Value {
    let flatten = |item: Value, id_key: &str| -> Value {
        let Value::Object(mut o) = item else { return item };
        let mut out = match o.remove("attributes") {
            Some(Value::Object(a)) => a,
            _ => Map::new(),
        };
        if let Some(key) = o.remove("key") {
            out.insert(id_key.into(), key);
        }
        for (k, v) in o {
            out.entry(k).or_insert(v);
        }
        map_attributes(&mut out);
        Value::Object(out)
    };
    let nodes = match root.remove("nodes") {
        Some(Value::Array(list)) => list.into_iter().map(|n| flatten(n, "id")).collect(),
        _ => Vec::new(),
    };
    let edges = match root.remove("edges") {
        Some(Value::Array(list)) => list.into_iter().map(|e| flatten(e, "key")).collect(),
        _ => Vec::new(),
    };
    let directed = root
        .get("options")
        .and_then(|o| o.get("type"))
        .and_then(Value::as_str)
        .map(|t| Value::Bool(t != "undirected"));
    let meta = root.remove("attributes");
    graph_object(nodes, edges, directed, meta)
}
