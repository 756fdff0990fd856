//! The `kg` command-line tool as a user runs it, on the shipped seed graph.
#![allow(clippy::panic)] // A panic in a test helper is a failed test with its reason.

use std::process::Command;

const SEED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/jiaxing-2023-03-17.json");

/// Runs `kg` and returns (exit code, stdout, stderr).
fn kg(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kg")).args(args).output().unwrap_or_else(|e| panic!("cannot run kg: {e}"));
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

/// Checks the exit code and that the output holds every expected fragment.
fn check(args: &[&str], code: i32, fragments: &[&str]) {
    let (got, stdout, stderr) = kg(args);
    assert_eq!(got, code, "kg {args:?}\nstdout: {stdout}\nstderr: {stderr}");
    for f in fragments {
        assert!(stdout.contains(f) || stderr.contains(f), "kg {args:?} should say {f:?}\nstdout: {stdout}\nstderr: {stderr}");
    }
}

#[test]
fn validate_and_stats() {
    check(&["validate", SEED], 0, &["41 nodes, 58 edges; 0 error(s), 0 warning(s)"]);
    check(&["stats", SEED], 0, &["41 nodes", "person           6", "holds            10"]);
    let (code, json, _) = kg(&["stats", SEED, "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(v["node_types"]["role"], 8);
}

#[test]
fn validate_fails_on_a_broken_file_with_every_problem() {
    let dir = std::env::temp_dir().join(format!("kg-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"nodes":[{"id":"a","type":"person"},{"id":"a"}],"edges":[{"source":"a","target":"b"}]}"#).unwrap_or_default();
    let file = bad.to_string_lossy().into_owned();
    check(&["validate", &file], 1, &["duplicate id", "$.edges[0].target (b)", "2 error(s)"]);
    std::fs::write(&bad, "{\n  nodes: []\n}").unwrap_or_default();
    check(&["validate", &file], 1, &["not valid JSON at line 2, column 3"]);
    check(&["validate", SEED, "--max-mb", "0.001"], 1, &["over the limit of 1000 bytes", "--max-mb"]);
    check(&["validate", SEED, "--max-mb", "lots"], 2, &["--max-mb takes a positive number"]);
}

#[test]
fn path_is_explained_with_evidence_in_both_languages() {
    check(&["path", SEED, "张胜慧", "zjs"], 0, &["張勝慧出席了", "張建生出席了", "「張建生出席會議」"]);
    check(&["path", SEED, "p-zhang-shenghui", "Zhang Jiansheng", "--lang", "en"], 0, &["Zhang Shenghui attended", "Zhang Jiansheng attended"]);
    let (code, json, _) = kg(&["path", SEED, "鞠峰", "王靜", "--all", "5", "--json"]);
    assert_eq!(code, 0);
    let paths: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap_or_default();
    assert!(paths.len() >= 2, "several shortest paths: {json}");
    assert!(paths.iter().all(|p| p["length"] == 2));
    for step in paths.iter().flat_map(|p| p["steps"].as_array().cloned().unwrap_or_default()) {
        assert!(step["evidence"].as_array().is_some_and(|e| !e.is_empty()), "every step has evidence: {step}");
    }
}

#[test]
fn unknown_and_ambiguous_names_fail_clearly() {
    check(&["path", SEED, "李四", "張建生"], 1, &["no entity is called \"李四\""]);
    check(&["ties", SEED, "張"], 1, &["could mean several entities", "p-zhang-yi"]);
    check(&["centrality", SEED, "--measure", "fame"], 2, &["--measure takes degree"]);
    check(&["neighbours", SEED, "張翼", "--hops", "two"], 2, &["whole number"]);
    check(&["frobnicate", SEED], 2, &["unknown command"]);
}

#[test]
fn neighbours_centrality_communities_ties_roles() {
    check(&["neighbours", SEED, "張翼", "--hops", "2", "--types", "person"], 0, &["4 entities within 2 hop(s) of 張翼", "張建生", "王靜"]);
    check(&["centrality", SEED, "--measure", "betweenness", "--top", "1"], 0, &["1. ", "張建生"]);
    check(&["communities", SEED], 0, &["communities, modularity 0.5"]);
    check(&["ties", SEED, "張建生"], 0, &["張翼  shared events:", "shared organizations: 市工商聯黨委"]);
    check(&["roles", SEED], 0, &["張建生 —黨委書記→ 市工商聯黨委", "張建生 —副部長→ 嘉興市委統戰部"]);
}

#[test]
fn as_of_hides_what_had_not_happened_yet() {
    let (_, before, _) = kg(&["neighbours", SEED, "張翼", "--as-of", "2023-03-16"]);
    let (_, on, _) = kg(&["neighbours", SEED, "張翼", "--as-of", "2023-03-17"]);
    assert!(!before.contains("擂臺賽"), "{before}");
    assert!(on.contains("擂臺賽"), "{on}");
    check(&["neighbours", SEED, "張翼", "--as-of", "yesterday"], 2, &["ISO 8601"]);
}

#[test]
fn convert_writes_every_format_and_reads_them_back() {
    let dir = std::env::temp_dir().join(format!("kg-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    for to in ["node-link", "cytoscape", "jgf", "graphml", "gexf"] {
        let out = dir.join(format!("seed.{to}"));
        check(&["convert", SEED, "--to", to, "--out", &out.to_string_lossy()], 0, &[]);
        check(&["stats", &out.to_string_lossy()], 0, &["41 nodes", "58 edges"]);
        check(&["path", &out.to_string_lossy(), "張勝慧", "張建生"], 0, &["張勝慧出席了"]);
    }
    check(&["convert", SEED, "--to", "dot"], 2, &["--to takes node-link"]);
}

#[test]
fn generate_writes_a_deterministic_loadable_graph() {
    let dir = std::env::temp_dir().join(format!("kg-gen-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_default();
    let (a, b) = (dir.join("a.json"), dir.join("b.json"));
    for out in [&a, &b] {
        check(&["generate", "--nodes", "1000", "--seed", "5", "--out", &out.to_string_lossy()], 0, &[]);
    }
    let (ta, tb) = (std::fs::read(&a).unwrap_or_default(), std::fs::read(&b).unwrap_or_default());
    assert!(!ta.is_empty() && ta == tb, "same seed, same bytes");
    check(&["stats", &a.to_string_lossy()], 0, &["1000 nodes", "2994 edges"]);
}

#[test]
fn picture_draws_the_first_frame_as_svg_and_refuses_a_bad_size() {
    let (code, svg, stderr) = kg(&["picture", SEED]);
    assert_eq!(code, 0, "{stderr}");
    assert!(svg.starts_with("<svg ") && svg.contains(r#"viewBox="0 0 1012 648""#), "{svg}");
    assert_eq!(svg.matches("<circle ").count(), 41);
    assert!(svg.contains(">張建生</text>"), "{svg}");
    let (code, small, _) = kg(&["picture", SEED, "--width", "400", "--height", "300"]);
    assert_eq!(code, 0);
    assert!(small.contains(r#"viewBox="0 0 400 300""#));
    let (code, bare, _) = kg(&["picture", SEED, "--no-labels"]);
    assert_eq!(code, 0);
    assert!(bare.matches("<circle ").count() == 41 && !bare.contains("<text"), "{bare}");
    check(&["picture", SEED, "--width", "0"], 2, &["--width and --height take a whole number"]);
}
