//! `kg`: the native command-line tool on the same core as the browser app.
//!
//! `kg validate FILE` checks a graph and prints every problem (exit 1 on errors);
//! `kg stats FILE` counts nodes and edges by type; `kg clean FILE` prints a crawled text without
//! its pinyin annotations.

use kg_core::load::{load_str, Severity};
use kg_core::load::Problem;
use kg_core::model::GraphDocument;
use kg_core::validate::check_evidence;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage:\n  kg validate FILE   check a graph file, evidence included; exit 1 on errors\n  kg stats FILE      count nodes and edges by type\n  kg clean FILE      print a crawled text without its pinyin annotations";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match (args.first().map(String::as_str), args.get(1)) {
        (Some("validate"), Some(file)) => validate(file),
        (Some("stats"), Some(file)) => stats(file),
        (Some("clean"), Some(file)) => clean(file),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("kg: {message}");
            ExitCode::FAILURE
        }
    }
}

fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))
}

fn validate(file: &str) -> Result<ExitCode, String> {
    let report = load_str(&read(file)?).map_err(|e| format!("{file}: {e}"))?;
    let base = Path::new(file).parent().unwrap_or(Path::new("."));
    let mut problems = report.problems.clone();
    problems.extend(check_evidence_files(&report.document, base));
    for p in &problems {
        println!("{file}: {p}");
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    println!(
        "{file}: {} nodes, {} edges; {errors} error(s), {warnings} warning(s)",
        report.document.nodes.len(),
        report.document.edges.len()
    );
    Ok(if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn stats(file: &str) -> Result<ExitCode, String> {
    let report = load_str(&read(file)?).map_err(|e| format!("{file}: {e}"))?;
    let doc = &report.document;
    let mut nodes: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &doc.nodes {
        *nodes.entry(n.kind.as_str()).or_default() += 1;
    }
    let mut edges: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &doc.edges {
        *edges.entry(e.kind.as_str()).or_default() += 1;
    }
    println!("{} nodes", doc.nodes.len());
    for (k, n) in nodes {
        println!("  {k:<14} {n}");
    }
    println!("{} edges", doc.edges.len());
    for (k, n) in edges {
        println!("  {k:<14} {n}");
    }
    Ok(ExitCode::SUCCESS)
}

fn clean(file: &str) -> Result<ExitCode, String> {
    print!("{}", kg_core::clean::strip_pinyin_annotations(&read(file)?));
    Ok(ExitCode::SUCCESS)
}

/// Reads each source's cleaned text (its `text` path is relative to the graph file) and checks
/// the evidence against it; a source whose text cannot be read is itself a problem.
fn check_evidence_files(doc: &GraphDocument, base: &Path) -> Vec<Problem> {
    let mut texts = HashMap::new();
    let mut problems = Vec::new();
    for (i, source) in doc.graph.sources.iter().enumerate() {
        let Some(rel) = &source.text else { continue };
        match std::fs::read_to_string(base.join(rel)) {
            Ok(t) => {
                texts.insert(source.id.clone(), t);
            }
            Err(e) => problems.push(Problem {
                severity: Severity::Error,
                path: format!("$.graph.sources[{i}].text"),
                id: Some(source.id.clone()),
                message: format!("cannot read {rel}: {e}"),
            }),
        }
    }
    problems.extend(check_evidence(doc, &texts));
    problems
}
