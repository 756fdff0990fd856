//! Evidence checks: every quote must lie inside its source text and equal the text at its
//! offsets. The texts are passed in, so this stays free of I/O (the `kg` tool reads the files,
//! the app fetches them).

use crate::load::{Problem, Severity};
use crate::model::{Evidence, GraphDocument};
use std::collections::HashMap;

/// Checks the evidence of every node and edge against `texts` (source id → cleaned text).
///
/// # Returns
/// One [`Problem`] per evidence that names an unknown source, lies outside the text, or does not
/// match its quote.
///
/// # Complexity
/// O(total text length + total quote length): each text is indexed by character once.
pub fn check_evidence(doc: &GraphDocument, texts: &HashMap<String, String>) -> Vec<Problem> {
    let chars: HashMap<&str, Vec<char>> = texts.iter().map(|(k, v)| (k.as_str(), v.chars().collect())).collect();
    let mut problems = Vec::new();
    let mut check = |evidence: &[Evidence], path: String, id: String| {
        for (i, ev) in evidence.iter().enumerate() {
            let here = format!("{path}.evidence[{i}]");
            let error = |message: String| Problem { severity: Severity::Error, path: here.clone(), id: Some(id.clone()), message };
            let Some(text) = chars.get(ev.doc.as_str()) else {
                problems.push(error(format!("no text for source \"{}\"", ev.doc)));
                continue;
            };
            if ev.start >= ev.end || ev.end > text.len() {
                problems.push(error(format!(
                    "offsets {}..{} are outside the text of \"{}\" ({} characters)",
                    ev.start,
                    ev.end,
                    ev.doc,
                    text.len()
                )));
                continue;
            }
            let actual: String = text[ev.start..ev.end].iter().collect();
            if actual != ev.quote {
                problems.push(error(format!("the quote \"{}\" does not match the text there: \"{actual}\"", ev.quote)));
            }
        }
    };
    for (i, node) in doc.nodes.iter().enumerate() {
        check(&node.evidence, format!("$.nodes[{i}]"), node.id.to_string());
    }
    for (i, edge) in doc.edges.iter().enumerate() {
        check(&edge.evidence, format!("$.edges[{i}]"), format!("{}→{}", edge.source, edge.target));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    #[test]
    fn quotes_are_checked_against_the_text() {
        let doc = load_str(
            r#"{"nodes":[{"id":"a","type":"person","evidence":[{"doc":"s","start":0,"end":3,"quote":"張建生"}]},
                         {"id":"b","type":"person","evidence":[{"doc":"s","start":3,"end":5,"quote":"張翼"}]}],
                "edges":[{"source":"a","target":"b","type":"related_to","evidence":[{"doc":"s","start":4,"end":99,"quote":"x"},{"doc":"t","start":0,"end":1,"quote":"x"}]}]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        let texts = HashMap::from([("s".to_string(), "張建生與張翼".to_string())]);
        let messages: Vec<String> = check_evidence(&doc, &texts).iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "error: $.nodes[1].evidence[0] (b): the quote \"張翼\" does not match the text there: \"與張\"",
                "error: $.edges[0].evidence[0] (a→b): offsets 4..99 are outside the text of \"s\" (6 characters)",
                "error: $.edges[0].evidence[1] (a→b): no text for source \"t\"",
            ]
        );
    }
}
