//! Writing a graph in each format `kg convert --to` offers: our node-link JSON, Cytoscape.js
//! elements, JSON Graph Format v2, GraphML and GEXF.

use crate::formats::Format;
use crate::model::GraphDocument;
use serde_json::{json, Map, Value};

/// The formats that can be written, by their `--to` names.
pub const TARGETS: &[Format] = &[Format::NodeLink, Format::Cytoscape, Format::Jgf, Format::GraphMl, Format::Gexf];

/// The format called `name` (`node-link`, `cytoscape`, `jgf`, `graphml`, `gexf`), if it can be
/// written.
pub fn target(name: &str) -> Option<Format> {
    TARGETS.iter().copied().find(|f| f.name() == name)
}

/// The shown part of a graph as a document of its own: the nodes flagged in `node_visible` and
/// the stored edges among `shown` (edges derived for the screen, such as collapsed roles, are
/// not stored facts and are left out). The graph's metadata and sources go along.
///
/// # Complexity
/// O(n + m).
pub fn shown(graph: &crate::KnowledgeGraph, node_visible: &[bool], shown: &[crate::present::ShownEdge]) -> GraphDocument {
    let doc = graph.document();
    let mut edge_ids: Vec<usize> = shown.iter().filter_map(|e| e.edge.map(|id| id.index())).collect();
    crate::sorting::sort_by(&mut edge_ids, |a, b| a.cmp(b));
    edge_ids.dedup();
    GraphDocument {
        nodes: doc.nodes.iter().zip(node_visible).filter(|(_, v)| **v).map(|(n, _)| n.clone()).collect(),
        edges: edge_ids.into_iter().filter_map(|i| doc.edges.get(i).cloned()).collect(),
        directed: doc.directed,
        multigraph: doc.multigraph,
        graph: doc.graph.clone(),
    }
}

/// A node or edge record as a JSON object (its fields, without `None`s).
fn object<T: serde::Serialize>(record: &T) -> Map<String, Value> {
    match serde_json::to_value(record) {
        Ok(Value::Object(o)) => o,
        _ => Map::new(),
    }
}

/// Writes `doc` in `format`. Graphology cannot be written; it is written as node-link.
///
/// # Complexity
/// O(size of the document).
pub fn write(doc: &GraphDocument, format: Format) -> String {
    match format {
        Format::GraphMl => crate::xml::to_graphml(doc),
        Format::Gexf => crate::xml::to_gexf(doc),
        Format::Cytoscape => {
            let nodes: Vec<Value> = doc.nodes.iter().map(|n| json!({"group": "nodes", "data": object(n)})).collect();
            // Edges get no id: Cytoscape.js makes one, and ours are identified by position.
            let edges: Vec<Value> = doc.edges.iter().map(|e| json!({"group": "edges", "data": object(e)})).collect();
            pretty(&json!({"directed": doc.directed, "elements": {"nodes": nodes, "edges": edges}}))
        }
        Format::Jgf => {
            let mut nodes = Map::new();
            for n in &doc.nodes {
                let mut metadata = object(n);
                metadata.remove("id");
                let label = metadata.remove("label").unwrap_or(Value::String(String::new()));
                nodes.insert(n.id.to_string(), json!({"label": label, "metadata": metadata}));
            }
            let edges: Vec<Value> = doc
                .edges
                .iter()
                .map(|e| {
                    let mut metadata = object(e);
                    for key in ["source", "target", "type", "label"] {
                        metadata.remove(key);
                    }
                    let mut edge = json!({"source": e.source, "target": e.target, "relation": e.kind, "metadata": metadata});
                    if let Some(label) = &e.label {
                        edge["label"] = Value::String(label.clone());
                    }
                    edge
                })
                .collect();
            let label = doc.graph.name.clone().unwrap_or_default();
            pretty(&json!({"graph": {"directed": doc.directed, "label": label, "metadata": doc.graph, "nodes": nodes, "edges": edges}}))
        }
        Format::NodeLink | Format::Graphology => pretty(&serde_json::to_value(doc).unwrap_or(Value::Null)),
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    /// The seed-like sample: CJK labels, names, aliases, evidence, an inferred edge, and text that
    /// needs escaping in XML.
    const SAMPLE: &str = r#"{"directed":true,"multigraph":true,"graph":{"name":"樣本 <&>"},
      "nodes":[{"id":"p","type":"person","label":"張建生","names":{"zh-Hant":"張建生","zh-Hans":"张建生","pinyin":"Zhāng Jiànshēng","en":"Zhang Jiansheng"},
                "evidence":[{"doc":"d","start":0,"end":3,"quote":"張建生"}]},
               {"id":"o","type":"organization","label":"市工商聯 & <b>\"聯\"</b>","aliases":["工商聯","市工商联"]},
               {"id":"g","type":"group","label":"12位書記","count":12},
               {"id":"e","type":"event","label":"會議","date":"2023-03-17"}],
      "edges":[{"source":"p","target":"o","type":"member_of","start":"2023","inferred":true,"evidence":[{"doc":"d","start":0,"end":3,"quote":"張建生"}]},
               {"source":"p","target":"e","type":"attended","label":"出席"},
               {"source":"p","target":"e","type":"spoke_at"},
               {"source":"g","target":"e","type":"spoke_at"}]}"#;

    #[test]
    fn every_format_round_trips_through_the_loader() {
        let original = load_str(SAMPLE).unwrap_or_default().document;
        for &format in TARGETS {
            let text = write(&original, format);
            let report = load_str(&text).unwrap_or_else(|e| panic!("{}: {e}\n{text}", format.name()));
            assert_eq!(report.format, format, "{} is detected as itself", format.name());
            assert!(report.problems.is_empty(), "{}: {:?}", format.name(), report.problems);
            let back = report.document;
            assert_eq!(back.nodes, original.nodes, "{}: nodes survive the round trip", format.name());
            assert_eq!(back.edges, original.edges, "{}: edges survive the round trip", format.name());
        }
    }

    #[test]
    fn xml_output_escapes_labels() {
        let doc = load_str(SAMPLE).unwrap_or_default().document;
        for format in [Format::GraphMl, Format::Gexf] {
            let text = write(&doc, format);
            assert!(!text.contains("<b>"), "{}", format.name());
            assert!(text.contains("&lt;b&gt;"), "{}", format.name());
        }
    }
}

#[cfg(test)]
mod shown_tests {
    use super::*;
    use crate::present::Presentation;

    #[test]
    fn the_shown_part_keeps_shown_nodes_and_their_stored_edges_and_loads_again() {
        let report = crate::load_str(
            r#"{"graph":{"name":"g"},"nodes":[{"id":"p","type":"person"},{"id":"r","type":"role"},{"id":"o","type":"organization"},{"id":"e","type":"event"}],
               "edges":[{"source":"p","target":"r","type":"holds"},{"source":"r","target":"o","type":"of"},{"source":"p","target":"e","type":"attended"}]}"#,
        );
        let g = crate::KnowledgeGraph::from_document(report.map(|r| r.document).unwrap_or_default());
        let p = Presentation::new(&g, true);
        let doc = shown(&g, &p.node_visible, &p.edges);
        let ids: Vec<&str> = doc.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["p", "o", "e"], "the collapsed role is not shown");
        assert_eq!(doc.edges.len(), 1, "only the stored edge between shown nodes");
        assert_eq!(doc.graph.name.as_deref(), Some("g"));
        let again = crate::load_str(&write(&doc, Format::NodeLink)).map(|r| r.document);
        assert_eq!(again.map(|d| d.nodes.len()).unwrap_or_default(), 3);
    }
}
