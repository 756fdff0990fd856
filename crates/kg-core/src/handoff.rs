//! Reading, in a second WebAssembly module, the files the app's own reader gives back
//! ([`crate::sliced::Step::Elsewhere`]: another format, XML, a broken file): the whole-file
//! loader's result as a message, and the report again on the page's side.
//!
//! The page's module has only the node-link reader ([`crate::sliced`]); the readers of the other
//! formats and the whole-file loader's diagnostics (about 77 KB of code) live in the reader
//! worker (`src/reader_worker.rs`), which the page starts only for such a file. The worker runs
//! [`crate::load_str_with_cap`] and sends [`to_message`]: the usable document as our node-link
//! JSON, and the problems and format (or the error) as a small JSON text. The page reads the
//! document with its own reader and puts the original file's problems back with
//! [`Handed::into_report`]: the result is the one `load_str_with_cap` gave in the worker.

use crate::formats::Format;
use crate::load::{LoadError, LoadReport, Problem, Severity};
use serde_json::{json, Value};

/// What the reader worker sends back.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// The usable document as compact node-link JSON, when the file could be read.
    pub document: Option<String>,
    /// The problems and format, or the error, as JSON (see [`from_meta`]).
    pub meta: String,
}

/// The whole-file loader's result as the reader worker's message.
///
/// # Complexity
/// O(size of the document).
pub fn to_message(result: Result<LoadReport, LoadError>) -> Message {
    match result {
        Ok(report) => {
            let problems: Vec<Value> = report
                .problems
                .iter()
                .map(|p| {
                    let severity = match p.severity {
                        Severity::Warning => "warning",
                        Severity::Error => "error",
                    };
                    json!({"severity": severity, "path": p.path, "id": p.id, "message": p.message})
                })
                .collect();
            let meta = json!({"format": report.format.name(), "problems": problems});
            let document = serde_json::to_string(&report.document).unwrap_or_default();
            Message { document: Some(document), meta: meta.to_string() }
        }
        Err(error) => {
            let error = match error {
                LoadError::TooLarge { bytes, max_bytes } => json!({"kind": "too-large", "bytes": bytes, "max_bytes": max_bytes}),
                LoadError::Syntax { language, message, line, column } => {
                    json!({"kind": "syntax", "language": language, "message": message, "line": line, "column": column})
                }
                LoadError::Shape { path, message } => json!({"kind": "shape", "path": path, "message": message}),
                LoadError::Unread { reason } => json!({"kind": "unread", "reason": reason}),
            };
            Message { document: None, meta: json!({ "error": error }).to_string() }
        }
    }
}

/// What the page keeps of the worker's reading besides the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Handed {
    problems: Vec<Problem>,
    format: Format,
}

/// The problems and format the worker found, or its error, from a [`Message`]'s `meta`.
///
/// # Returns
/// The error the worker's loader gave, or [`LoadError::Unread`] when `meta` is not a message of
/// the worker's.
pub fn from_meta(meta: &str) -> Result<Handed, LoadError> {
    let unread = || LoadError::Unread { reason: "the reader of other formats sent a message the page does not understand".into() };
    let value: Value = serde_json::from_str(meta).map_err(|_| unread())?;
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let number = |v: &Value, key: &str| v.get(key).and_then(Value::as_u64).unwrap_or_default() as usize;
    if let Some(e) = value.get("error") {
        return Err(match e.get("kind").and_then(Value::as_str) {
            Some("too-large") => LoadError::TooLarge { bytes: number(e, "bytes"), max_bytes: number(e, "max_bytes") },
            Some("syntax") => LoadError::Syntax {
                language: if text(e, "language") == "XML" { "XML" } else { "JSON" },
                message: text(e, "message"),
                line: number(e, "line"),
                column: number(e, "column"),
            },
            Some("shape") => LoadError::Shape { path: text(e, "path"), message: text(e, "message") },
            Some("unread") => LoadError::Unread { reason: text(e, "reason") },
            _ => unread(),
        });
    }
    let format = value.get("format").and_then(Value::as_str).and_then(Format::from_name).ok_or_else(unread)?;
    let problems = value
        .get("problems")
        .and_then(Value::as_array)
        .ok_or_else(unread)?
        .iter()
        .map(|p| Problem {
            severity: if text(p, "severity") == "error" { Severity::Error } else { Severity::Warning },
            path: text(p, "path"),
            id: p.get("id").and_then(Value::as_str).map(str::to_string),
            message: text(p, "message"),
        })
        .collect();
    Ok(Handed { problems, format })
}

impl Handed {
    /// The report of the original file, from `re_read`, the page's own reading of the worker's
    /// document: the document and its index from there, the problems and format from the
    /// worker. What was wrong in the file was left out of the document the worker sent, or
    /// is named by one of the worker's warnings (with its place in the original file); the
    /// page's reading of that document only finds the same warnings again, so its own
    /// problems are dropped.
    pub fn into_report(self, re_read: LoadReport) -> LoadReport {
        LoadReport { problems: self.problems, format: self.format, ..re_read }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_str_with_cap;
    use crate::sliced::{SlicedLoad, Step};

    fn describe(result: Result<LoadReport, LoadError>) -> String {
        match result {
            Err(e) => format!("fatal: {e:?}"),
            Ok(r) => format!("{:?}\n{:?}\n{:?}", r.document, r.problems, r.format),
        }
    }

    /// What the page does with `text`: its own reader first; when that gives the file back, the
    /// worker's loader, its message, and the page's reading of the document it sent. Gives the
    /// result described, and whether the file went to the worker.
    fn as_the_page_reads(text: &str) -> (String, bool) {
        let max_bytes = 1 << 24;
        let mut load = SlicedLoad::new(text.to_string(), max_bytes);
        let elsewhere = loop {
            match load.step(7) {
                Step::Working { .. } => {}
                Step::Done(result) => return (describe(result), false),
                Step::Elsewhere(text) => break text,
                Step::NeedsInput => panic!("the whole file was given"),
            }
        };
        // In the worker.
        let message = to_message(load_str_with_cap(&elsewhere, max_bytes));
        // On the page.
        let handed = match from_meta(&message.meta) {
            Ok(handed) => handed,
            Err(e) => return (describe(Err(e)), true),
        };
        let document = message.document.expect("a document comes with the problems");
        let mut again = SlicedLoad::new(document, usize::MAX);
        let re_read = loop {
            match again.step(7) {
                Step::Working { .. } => {}
                Step::Done(result) => break result.expect("the worker's document reads"),
                Step::Elsewhere(d) => panic!("the worker's document went back to the worker: {d}"),
                Step::NeedsInput => panic!("the whole document was given"),
            }
        };
        assert!(!re_read.has_errors(), "nothing of the worker's document is left out: {:?}", re_read.problems);
        (describe(Ok(handed.into_report(re_read))), true)
    }

    /// The page's reading gives what the whole-file loader gives; `to_worker` says whether the
    /// file has to go to the worker.
    fn check(text: &str, to_worker: bool) {
        let (read, went) = as_the_page_reads(text);
        assert_eq!(read, describe(load_str_with_cap(text, 1 << 24)), "input: {text}");
        assert_eq!(went, to_worker, "input: {text}");
    }

    fn fixture(path: &str) -> String {
        std::fs::read_to_string(format!("{}/../../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn files_of_other_formats_read_through_the_worker_as_whole() {
        check(&fixture("tests/e2e/fixtures/seed.graphml"), true);
        check(&crate::export::write(&crate::load_str(&fixture("data/jiaxing-2023-03-17.json")).unwrap_or_default().document, Format::Gexf), true);
        for name in ["karate", "lesmis", "florentine"] {
            check(&fixture(&format!("tests/reference/{name}.graph.json")), false);
        }
        check(r#"{"elements":{"nodes":[{"data":{"id":"a","type":"person"}},{"data":{"id":"b"}}],"edges":[{"data":{"source":"a","target":"b","label":"認識"}}]}}"#, true);
        check(r#"{"graph":{"directed":true,"nodes":{"a":{"label":"甲"},"b":{}},"edges":[{"source":"a","target":"b","relation":"knows"}]}}"#, true);
        check(r#"{"attributes":{},"nodes":[{"key":"a","attributes":{"label":"甲"}}],"edges":[{"source":"a","target":"a"}]}"#, true);
    }

    #[test]
    fn broken_files_keep_their_problems_and_errors_through_the_worker() {
        check(&fixture("tests/e2e/fixtures/with-problems.json"), false);
        check(&fixture("tests/e2e/fixtures/wrong-shape.json"), true);
        check(&fixture("tests/e2e/fixtures/not-json.txt"), true);
        check(&fixture("tests/e2e/fixtures/not-found.html"), true);
        check(r#"{"nodes":[{"id":1,"type":"spaceship","label":"<b>x</b>"},{"id":1},{"id":"c","props":{"k":[1,2]}}],"edges":[{"source":1,"target":"zz"},{"source":"c","target":"c","type":"teleports","start":"2023-13"}]}"#, true);
        check(r#"{"nodes":[{"id":"a"}],"edges":[]} x"#, true);
        check("<graphml><graph><node id='a'/><edge source='a' target='b'/></graph></graphml>", true);
        check("", true);
    }

    #[test]
    fn every_error_crosses_as_it_was() {
        for error in [
            LoadError::TooLarge { bytes: 10, max_bytes: 5 },
            LoadError::Syntax { language: "XML", message: "unclosed <graph>".into(), line: 3, column: 9 },
            LoadError::Syntax { language: "JSON", message: "EOF while parsing".into(), line: 1, column: 0 },
            LoadError::Shape { path: "$.nodes".into(), message: "expected a list".into() },
            LoadError::Unread { reason: "no worker".into() },
        ] {
            let message = to_message(Err(error.clone()));
            assert_eq!(message.document, None);
            assert_eq!(from_meta(&message.meta), Err(error));
        }
    }

    #[test]
    fn a_message_not_from_the_worker_is_named_as_such() {
        for meta in ["", "[]", r#"{"format":"dot","problems":[]}"#, r#"{"format":"graphml"}"#, r#"{"error":{"kind":"?"}}"#] {
            assert!(matches!(from_meta(meta), Err(LoadError::Unread { .. })), "{meta}");
        }
    }
}
