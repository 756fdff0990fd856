//! Data tests: the shipped graphs load cleanly, and the Jiaxing article's graph says what a
//! reader of the article would check, every fact backed by a quote that matches the text.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::panic)] // A panic in a test helper is a failed test with its reason.

use kg_core::clean::{has_pinyin_annotation, strip_pinyin_annotations};
use kg_core::load::{load_str, Severity};
use kg_core::model::GraphDocument;
use kg_core::validate::check_evidence;
use kg_core::KnowledgeGraph;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const SEED_GRAPH: &str = "data/jiaxing-2023-03-17.json";
const SEED_TEXT: &str = "data/sources/jiaxing-2023-03-17.zh-Hant.txt";
const RAW_ARTICLE: &str = "../shared/seeds/000_de14f1f6233f3115.txt";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

fn seed() -> KnowledgeGraph {
    let report = load_str(&read(SEED_GRAPH)).unwrap_or_else(|e| panic!("{SEED_GRAPH}: {e}"));
    assert!(report.problems.is_empty(), "{:#?}", report.problems);
    KnowledgeGraph::from_document(report.document)
}

/// The labels of the nodes reached from `from` by edges of type `kind` (outgoing).
fn targets(g: &KnowledgeGraph, from: &str, kind: &str) -> Vec<String> {
    let doc = g.document();
    let mut out: Vec<String> = doc
        .edges
        .iter()
        .filter(|e| e.source == from && e.kind == kind)
        .filter_map(|e| g.find(&e.target).map(|t| g.node(t).label.to_string()))
        .collect();
    out.sort();
    out
}

/// The labels of the nodes that reach `to` by edges of type `kind`.
fn sources(g: &KnowledgeGraph, to: &str, kind: &str) -> Vec<String> {
    let doc = g.document();
    let mut out: Vec<String> = doc
        .edges
        .iter()
        .filter(|e| e.target == to && e.kind == kind)
        .filter_map(|e| g.find(&e.source).map(|s| g.node(s).label.to_string()))
        .collect();
    out.sort();
    out
}

fn id_of(g: &KnowledgeGraph, label: &str) -> String {
    let doc = g.document();
    let matches: Vec<&str> = doc.nodes.iter().filter(|n| n.label == label).map(|n| n.id.as_str()).collect();
    assert_eq!(matches.len(), 1, "exactly one node is labelled {label}: {matches:?}");
    matches[0].to_string()
}

#[test]
fn every_shipped_graph_loads_without_problems() {
    for entry in std::fs::read_dir(root().join("data")).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "json") && path.file_name().is_some_and(|n| n != "schema.json") {
            let report = load_str(&std::fs::read_to_string(&path).unwrap_or_default())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let errors: Vec<String> =
                report.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        }
    }
}

#[test]
fn the_cleaned_text_is_the_article_without_its_crawl_artifacts() {
    let raw = std::fs::read_to_string(root().join(RAW_ARTICLE))
        .unwrap_or_else(|e| panic!("the seed article should be at {RAW_ARTICLE} (shared/ beside the repository): {e}"));
    let cleaned = strip_pinyin_annotations(&raw);
    let expected = cleaned.strip_suffix('|').unwrap_or(&cleaned);
    assert_eq!(read(SEED_TEXT), expected);
    assert!(!has_pinyin_annotation(expected));
    assert!(raw.matches("(lián)").count() >= 8, "the raw article has the annotations the cleaner removes");
}

#[test]
fn zhang_jiansheng_holds_two_roles_in_two_organizations() {
    let g = seed();
    let zjs = id_of(&g, "張建生");
    let roles = targets(&g, &zjs, "holds");
    assert_eq!(roles, ["嘉興市委統戰部副部長", "市工商聯黨委書記"]);
    let mut orgs: Vec<String> =
        roles.iter().flat_map(|r| targets(&g, &id_of(&g, r), "of")).collect();
    orgs.sort();
    assert_eq!(orgs, ["嘉興市委統戰部", "市工商聯黨委"]);
    // And those organizations sit where the article puts them.
    assert_eq!(targets(&g, &id_of(&g, "嘉興市委統戰部"), "part_of"), ["嘉興市委"]);
    assert_eq!(targets(&g, &id_of(&g, "市工商聯黨委"), "part_of"), ["嘉興市工商聯"]);
}

#[test]
fn the_people_who_hold_two_posts_hold_both() {
    let g = seed();
    assert_eq!(targets(&g, &id_of(&g, "鞠峰"), "holds"), ["市工商聯副主席", "市工商聯黨委委員"]);
    assert_eq!(targets(&g, &id_of(&g, "王靜"), "holds"), ["市工商聯秘書長", "市工商聯黨委委員"]);
    assert_eq!(targets(&g, &id_of(&g, "張翼"), "holds"), ["市工商聯副主席", "市工商聯黨委副書記"]);
    assert_eq!(targets(&g, &id_of(&g, "張勝慧"), "holds"), ["兩新組織黨建處處長"]);
    assert_eq!(targets(&g, &id_of(&g, "兩新組織黨建處"), "part_of"), ["嘉興市委組織部"]);
}

#[test]
fn the_meeting_who_organized_chaired_spoke_and_attended() {
    let g = seed();
    let meeting = "e-meeting";
    let node = g.node(g.find(meeting).unwrap_or_else(|| panic!("no meeting")));
    assert_eq!(node.date.as_deref(), Some("2023-03-17"));
    assert!(node.extra.get("date_note").and_then(|v| v.as_str()).is_some_and(|s| s.contains("3月17日")));
    assert!(node.label.contains("推進會") && node.label.contains("擂臺賽"), "both halves of the name: {}", node.label);
    assert_eq!(sources(&g, meeting, "organized"), ["嘉興市工商聯"]);
    assert_eq!(sources(&g, meeting, "chaired"), ["張翼"]);
    assert_eq!(sources(&g, meeting, "spoke_at"), ["張建生", "張翼"]);
    let attended = sources(&g, meeting, "attended");
    for who in ["張建生", "張勝慧", "鞠峰", "王靜", "市工商聯全體黨員"] {
        assert!(attended.iter().any(|a| a == who), "{who} attended: {attended:?}");
    }
    let mut parts = sources(&g, meeting, "part_of");
    parts.sort();
    assert_eq!(parts, ["商協會黨組織書記擂臺賽", "簽訂2023年度商協會黨建工作目標責任書"]);
}

#[test]
fn the_twelve_secretaries_and_the_contest() {
    let g = seed();
    let secretaries = g.node(g.find("g-twelve-secretaries").unwrap_or_else(|| panic!("no group")));
    assert_eq!(secretaries.node_kind(), kg_core::NodeKind::Group);
    assert_eq!(secretaries.count, Some(12));
    assert_eq!(targets(&g, "g-twelve-secretaries", "spoke_at"), ["商協會黨組織書記擂臺賽"]);
    assert_eq!(sources(&g, "e-contest", "commented_on"), ["張建生", "張翼"]);
}

#[test]
fn the_earlier_national_session_and_speech() {
    let g = seed();
    assert_eq!(sources(&g, "e-xi-speech", "spoke_at"), ["習近平"]);
    assert_eq!(targets(&g, "e-xi-speech", "part_of"), ["全國政協十四屆一次會議"]);
    assert_eq!(sources(&g, "e-xi-speech", "refers_to"), ["張建生"]);
}

#[test]
fn every_fact_has_evidence_that_matches_the_text_and_no_label_has_an_artifact() {
    let g = seed();
    let doc: &GraphDocument = g.document();
    let texts = HashMap::from([("jiaxing-2023-03-17".to_string(), read(SEED_TEXT))]);
    let problems: Vec<String> = check_evidence(doc, &texts).iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    for e in &doc.edges {
        assert!(!e.evidence.is_empty(), "{}→{} ({}) has no evidence", e.source, e.target, e.kind);
    }
    for n in &doc.nodes {
        assert!(!n.evidence.is_empty(), "{} has no evidence", n.id);
        let names = n.names.as_ref();
        for text in [Some(n.label.as_str()), names.and_then(|x| x.zh_hans.as_deref()), names.and_then(|x| x.zh_hant.as_deref())]
            .into_iter()
            .flatten()
            .chain(n.aliases.iter().map(String::as_str))
        {
            assert!(!has_pinyin_annotation(text), "{}: {text}", n.id);
        }
    }
    assert_eq!(doc.graph.sources.len(), 1);
    let source = &doc.graph.sources[0];
    assert_eq!(source.text.as_deref().map(|t| Path::new("data").join(t)), Some(PathBuf::from(SEED_TEXT)));
}
