//! `kg`: the native command-line tool on the same core as the browser app.
//!
//! Human-readable output by default, `--json` for scripts; a non-zero exit with a clear message
//! on unknown or ambiguous names. See `kg help`.

use kg_core::algo::{Direction, View};
use kg_core::load::{Problem, Severity};
use kg_core::model::GraphDocument;
use kg_core::query::{self, Lang, Measure};
use kg_core::resolve::{resolve, Resolution};
use kg_core::validate::check_evidence;
use kg_core::{KnowledgeGraph, NodeId};
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: kg COMMAND FILE [ARGS] [--json]

  validate FILE                       check a graph file, evidence included; exit 1 on errors
  stats FILE                          count nodes and edges by type
  clean FILE                          print a crawled text without its pinyin annotations
  path FILE A B [--directed] [--all N] [--lang zh|en]
                                      shortest path(s) from A to B, explained with evidence
  neighbours FILE A [--hops K] [--types person,event] [--relations holds,of]
                                      entities within K hops (default 1), walking only the
                                      given relations and listing only the given types
  centrality FILE [--measure degree|betweenness|closeness|pagerank] [--top N]
  communities FILE [--seed S]         Louvain communities and their modularity
  ties FILE A                         people tied to A by shared events or organizations
  roles FILE                          roles collapsed into person -title-> organization
  convert FILE --to node-link|cytoscape|jgf|graphml|gexf [--out FILE]
                                      write the graph in another format (any readable format in)
  picture FILE [--width W] [--height H] [--no-labels] [--out FILE]
                                      the app's first frame of the graph as SVG, drawn for a
                                      W x H canvas (default 1012 x 648) and scaling to any box
  generate --nodes N [--seed S] [--per-node M] [--out FILE]
                                      a synthetic graph: N nodes, about N*M edges (M = 3)

Common options: --json (machine-readable output), --as-of DATE (the graph as it stood then),
--max-mb N (refuse files larger than N megabytes; default 200).
Any FILE may be our node-link JSON, networkx/d3 node-link, Cytoscape.js JSON, JSON Graph Format,
graphology JSON, GraphML or GEXF: the format is detected.
Names may be ids, labels, names or aliases, in Traditional or Simplified characters or pinyin.";

/// A failure to report: the message and the exit code.
struct Failure(String, u8);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Failure(message, code)) => {
            eprintln!("kg: {message}");
            ExitCode::from(code)
        }
    }
}

/// Parsed arguments: positional ones and `--flag value` / `--switch` options.
struct Args {
    positional: Vec<String>,
    options: HashMap<String, Option<String>>,
}

const SWITCHES: &[&str] = &["json", "directed", "no-labels"];

fn parse(args: &[String]) -> Result<Args, Failure> {
    let mut positional = Vec::new();
    let mut options = HashMap::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            if SWITCHES.contains(&name) {
                options.insert(name.to_string(), None);
            } else {
                let value = it.next().ok_or_else(|| Failure(format!("--{name} needs a value\n\n{USAGE}"), 2))?;
                options.insert(name.to_string(), Some(value.clone()));
            }
        } else {
            positional.push(a.clone());
        }
    }
    Ok(Args { positional, options })
}

impl Args {
    fn flag(&self, name: &str) -> bool {
        self.options.contains_key(name)
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.options.get(name).and_then(|v| v.as_deref())
    }

    fn number(&self, name: &str, default: usize) -> Result<usize, Failure> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| Failure(format!("--{name} takes a whole number, not \"{v}\""), 2)),
        }
    }

    fn arg(&self, i: usize, what: &str) -> Result<&str, Failure> {
        self.positional.get(i).map(String::as_str).ok_or_else(|| Failure(format!("missing {what}\n\n{USAGE}"), 2))
    }
}

fn run(raw: &[String]) -> Result<ExitCode, Failure> {
    let args = parse(raw)?;
    let command = args.arg(0, "a command")?;
    if matches!(command, "help" | "-h" | "--help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    if command == "generate" {
        let nodes = args.number("nodes", 1_000)?;
        let per_node = args.number("per-node", 3)?;
        let seed = args.number("seed", 42)? as u64;
        let doc = kg_core::generate::generate(nodes, per_node, seed);
        let text = serde_json::to_string(&doc).map_err(|e| Failure(format!("cannot write the graph: {e}"), 1))?;
        match args.value("out") {
            Some(out) => std::fs::write(out, text + "\n").map_err(|e| Failure(format!("cannot write {out}: {e}"), 1))?,
            None => {
                let _ = writeln!(std::io::stdout().lock(), "{text}");
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let file = args.arg(1, "a graph FILE")?;
    let max_bytes = match args.value("max-mb") {
        None => kg_core::load::DEFAULT_MAX_BYTES,
        Some(v) => v
            .parse::<f64>()
            .ok()
            .filter(|mb| *mb > 0.0)
            .map(|mb| (mb * 1e6) as usize)
            .ok_or_else(|| Failure(format!("--max-mb takes a positive number of megabytes, not \"{v}\""), 2))?,
    };
    // Refuse an oversized file before reading it, not only before parsing it.
    let size = std::fs::metadata(file).map(|m| m.len() as usize).unwrap_or(0);
    if size > max_bytes && command != "clean" {
        let e = kg_core::LoadError::TooLarge { bytes: size, max_bytes };
        return Err(Failure(format!("{file}: {e} (raise the limit with --max-mb)"), 1));
    }
    let text = std::fs::read_to_string(file).map_err(|e| Failure(format!("cannot read {file}: {e}"), 1))?;
    if command == "clean" {
        print!("{}", kg_core::clean::strip_pinyin_annotations(&text));
        return Ok(ExitCode::SUCCESS);
    }
    let report = kg_core::load::load_str_with_cap(&text, max_bytes).map_err(|e| Failure(format!("{file}: {e}"), 1))?;
    if command == "validate" {
        return Ok(validate(file, report.document, report.problems));
    }
    if command == "convert" {
        return convert(&report.document, &args);
    }
    if command == "picture" {
        return picture(report, &args);
    }
    let graph = KnowledgeGraph::from_document(report.document);
    let mut view = View::all(&graph);
    if let Some(date) = args.value("as-of") {
        if !kg_core::load::is_iso_date(date) {
            return Err(Failure(format!("--as-of takes an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD), not \"{date}\""), 2));
        }
        view = View::as_of(&graph, date);
    }
    let json = args.flag("json");
    let out = match command {
        "stats" => stats(&graph, json),
        "path" => path(&graph, &view, &args, json)?,
        "neighbours" | "neighbors" => neighbours(&graph, &view, &args, json)?,
        "centrality" => centrality(&graph, &view, &args, json)?,
        "communities" => communities(&graph, &view, &args, json)?,
        "ties" => ties(&graph, &view, &args, json)?,
        "roles" => roles(&graph, &view, json),
        other => return Err(Failure(format!("unknown command \"{other}\"\n\n{USAGE}"), 2)),
    };
    // A closed pipe (`kg … | head`) is not an error worth a panic.
    let _ = writeln!(std::io::stdout().lock(), "{out}");
    Ok(ExitCode::SUCCESS)
}

/// `kg picture`: the app's first frame of the graph, as the page shows it before the app has
/// started (`cargo xtask first-paint`).
fn picture(report: kg_core::LoadReport, args: &Args) -> Result<ExitCode, Failure> {
    let [width, height] = kg_core::first_paint::VIEWPORT;
    let size = [args.number("width", width as usize)?, args.number("height", height as usize)?];
    if size.contains(&0) {
        return Err(Failure("--width and --height take a whole number of pixels above 0".to_string(), 2));
    }
    let svg = kg_core::first_paint::picture(&kg_core::Scene::build(report), size.map(|v| v as f32), !args.flag("no-labels"));
    match args.value("out") {
        Some(out) => std::fs::write(out, svg).map_err(|e| Failure(format!("cannot write {out}: {e}"), 1))?,
        None => {
            let _ = write!(std::io::stdout().lock(), "{svg}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Resolves a name or fails with the candidates.
fn entity(graph: &KnowledgeGraph, name: &str) -> Result<NodeId, Failure> {
    match resolve(graph, name) {
        Resolution::Found(id) => Ok(id),
        Resolution::NotFound => Err(Failure(format!("no entity is called \"{name}\""), 1)),
        Resolution::Ambiguous(candidates) => {
            let list: Vec<String> =
                candidates.iter().map(|&c| format!("  {} ({}, {})", graph.node(c).display_label(), graph.node(c).id, graph.kind(c).as_str())).collect();
            Err(Failure(format!("\"{name}\" could mean several entities; use one of these ids:\n{}", list.join("\n")), 1))
        }
    }
}

fn label(graph: &KnowledgeGraph, id: NodeId) -> String {
    graph.node(id).display_label().to_string()
}

fn node_json(graph: &KnowledgeGraph, id: NodeId) -> serde_json::Value {
    let n = graph.node(id);
    json!({"id": n.id, "label": n.display_label(), "type": n.node_kind().as_str()})
}

fn validate(file: &str, document: GraphDocument, mut problems: Vec<Problem>) -> ExitCode {
    let base = Path::new(file).parent().unwrap_or(Path::new("."));
    problems.extend(check_evidence_files(&document, base));
    for p in &problems {
        println!("{file}: {p}");
    }
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let warnings = problems.len() - errors;
    println!("{file}: {} nodes, {} edges; {errors} error(s), {warnings} warning(s)", document.nodes.len(), document.edges.len());
    if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn convert(document: &GraphDocument, args: &Args) -> Result<ExitCode, Failure> {
    let to = args.value("to").ok_or_else(|| Failure(format!("convert needs --to FORMAT\n\n{USAGE}"), 2))?;
    let format = kg_core::export::target(to)
        .ok_or_else(|| Failure(format!("--to takes node-link, cytoscape, jgf, graphml or gexf, not \"{to}\""), 2))?;
    let text = kg_core::export::write(document, format);
    match args.value("out") {
        Some(out) => std::fs::write(out, text).map_err(|e| Failure(format!("cannot write {out}: {e}"), 1))?,
        None => {
            let _ = std::io::stdout().lock().write_all(text.as_bytes());
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn stats(graph: &KnowledgeGraph, json: bool) -> String {
    let doc = graph.document();
    let mut nodes: BTreeMap<&str, usize> = BTreeMap::new();
    for n in &doc.nodes {
        *nodes.entry(n.kind.as_str()).or_default() += 1;
    }
    let mut edges: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &doc.edges {
        *edges.entry(e.kind.as_str()).or_default() += 1;
    }
    if json {
        return json!({"nodes": doc.nodes.len(), "edges": doc.edges.len(), "node_types": nodes, "edge_types": edges}).to_string();
    }
    let mut out = format!("{} nodes\n", doc.nodes.len());
    for (k, n) in nodes {
        out += &format!("  {k:<16} {n}\n");
    }
    out += &format!("{} edges\n", doc.edges.len());
    for (k, n) in edges {
        out += &format!("  {k:<16} {n}\n");
    }
    out.trim_end().to_string()
}

fn path(graph: &KnowledgeGraph, view: &View, args: &Args, json: bool) -> Result<String, Failure> {
    let a = entity(graph, args.arg(2, "entity A")?)?;
    let b = entity(graph, args.arg(3, "entity B")?)?;
    let direction = if args.flag("directed") { Direction::Directed } else { Direction::Undirected };
    let limit = args.number("all", 1)?.max(1);
    let lang = match args.value("lang") {
        None | Some("zh") => Lang::Zh,
        Some("en") => Lang::English,
        Some(other) => return Err(Failure(format!("--lang takes zh or en, not \"{other}\""), 2)),
    };
    let paths = query::shortest_paths(graph, view, a, b, direction, limit);
    if paths.is_empty() {
        return Err(Failure(format!("{} and {} are not connected{}", label(graph, a), label(graph, b), if direction == Direction::Directed { " along the edges' direction" } else { "" }), 1));
    }
    if json {
        let list: Vec<serde_json::Value> = paths
            .iter()
            .map(|p| {
                let (zh, steps) = query::explain(graph, p, Lang::Zh);
                let (en, _) = query::explain(graph, p, Lang::English);
                json!({
                    "length": p.steps.len(),
                    "nodes": p.nodes.iter().map(|&n| node_json(graph, n)).collect::<Vec<_>>(),
                    "explanation": {"zh": zh, "en": en},
                    "steps": p.steps.iter().zip(&steps).map(|(s, e)| json!({
                        "type": graph.edge(s.edge).kind, "from": graph.node(s.from).id, "to": graph.node(s.to).id,
                        "clause": e.clause, "inferred": e.inferred,
                        "evidence": e.evidence.iter().map(|v| json!({"doc": v.doc, "start": v.start, "end": v.end, "quote": v.quote})).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        return Ok(serde_json::Value::Array(list).to_string());
    }
    let mut out = String::new();
    for (i, p) in paths.iter().enumerate() {
        let (sentence, steps) = query::explain(graph, p, lang);
        let names: Vec<String> = p.nodes.iter().map(|&n| label(graph, n)).collect();
        out += &format!("{}path {} ({} steps): {}\n{sentence}\n", if i > 0 { "\n" } else { "" }, i + 1, p.steps.len(), names.join(" — "));
        for s in steps {
            let quote = s.evidence.first().map(|e| format!("「{}」", e.quote)).unwrap_or_else(|| "(no evidence)".into());
            out += &format!("  · {}{}: {quote}\n", s.clause, if s.inferred { " (inferred)" } else { "" });
        }
    }
    Ok(out.trim_end().to_string())
}

fn kinds(list: Option<&str>) -> Result<Option<Vec<kg_core::NodeKind>>, Failure> {
    let Some(list) = list else { return Ok(None) };
    let mut out = Vec::new();
    for t in list.split(',').map(str::trim).filter(|t| !t.is_empty()) {
        let k = kg_core::NodeKind::parse(t);
        if k == kg_core::NodeKind::Other {
            return Err(Failure(format!("unknown entity type \"{t}\""), 2));
        }
        out.push(k);
    }
    Ok(Some(out))
}

fn neighbours(graph: &KnowledgeGraph, view: &View, args: &Args, json: bool) -> Result<String, Failure> {
    let a = entity(graph, args.arg(2, "an entity")?)?;
    let hops = args.number("hops", 1)? as u32;
    let node_kinds = kinds(args.value("types"))?;
    let relations: Option<Vec<&str>> = args.value("relations").map(|r| r.split(',').map(str::trim).collect());
    // Relation types limit the walk; entity types limit what is listed.
    let walk = view.clone().and(&View::of_types(graph, None, relations.as_deref()));
    let found: Vec<(NodeId, u32)> = query::neighbourhood(graph, &walk, a, hops)
        .into_iter()
        .filter(|&(n, _)| n == a || node_kinds.as_ref().is_none_or(|k| k.contains(&graph.kind(n))))
        .collect();
    if json {
        let list: Vec<serde_json::Value> = found.iter().map(|&(n, d)| {
            let mut v = node_json(graph, n);
            v["hops"] = json!(d);
            v
        }).collect();
        return Ok(serde_json::Value::Array(list).to_string());
    }
    let mut out = format!("{} entities within {hops} hop(s) of {}:\n", found.len().saturating_sub(1), label(graph, a));
    for (n, d) in found.into_iter().filter(|&(n, _)| n != a) {
        out += &format!("  {d}  {} ({})\n", label(graph, n), graph.kind(n).as_str());
    }
    Ok(out.trim_end().to_string())
}

fn centrality(graph: &KnowledgeGraph, view: &View, args: &Args, json: bool) -> Result<String, Failure> {
    let measure = match args.value("measure").unwrap_or("degree") {
        "degree" => Measure::Degree,
        "betweenness" => Measure::Betweenness,
        "closeness" => Measure::Closeness,
        "pagerank" => Measure::PageRank,
        other => return Err(Failure(format!("--measure takes degree, betweenness, closeness or pagerank, not \"{other}\""), 2)),
    };
    let top = args.number("top", 10)?;
    let ranking = query::centrality(graph, view, measure);
    let rows = ranking.values.iter().take(top);
    if json {
        let list: Vec<serde_json::Value> = rows.map(|&(n, v)| {
            let mut j = node_json(graph, n);
            j["value"] = json!(v);
            j
        }).collect();
        return Ok(json!({"measure": args.value("measure").unwrap_or("degree"), "sampled_sources": ranking.sampled_sources, "top": list}).to_string());
    }
    let mut out = String::new();
    if let Some(k) = ranking.sampled_sources {
        out += &format!("(betweenness estimated from {k} sampled sources)\n");
    }
    for (i, &(n, v)) in rows.enumerate() {
        out += &format!("{:>3}. {v:.6}  {} ({})\n", i + 1, label(graph, n), graph.kind(n).as_str());
    }
    Ok(out.trim_end().to_string())
}

fn communities(graph: &KnowledgeGraph, view: &View, args: &Args, json: bool) -> Result<String, Failure> {
    let seed = args.number("seed", 42)? as u64;
    let c = query::communities(graph, view, seed);
    if json {
        let groups: Vec<Vec<serde_json::Value>> = c.groups.iter().map(|g| g.iter().map(|&n| node_json(graph, n)).collect()).collect();
        return Ok(json!({"modularity": c.modularity, "seed": seed, "communities": groups}).to_string());
    }
    let mut out = format!("{} communities, modularity {:.4} (seed {seed})\n", c.groups.len(), c.modularity);
    for (i, g) in c.groups.iter().enumerate() {
        let names: Vec<String> = g.iter().map(|&n| label(graph, n)).collect();
        out += &format!("{:>3}. ({}) {}\n", i + 1, g.len(), names.join("、"));
    }
    Ok(out.trim_end().to_string())
}

fn ties(graph: &KnowledgeGraph, view: &View, args: &Args, json: bool) -> Result<String, Failure> {
    let a = entity(graph, args.arg(2, "a person")?)?;
    let list = query::ties(graph, view, a);
    if json {
        let rows: Vec<serde_json::Value> = list.iter().map(|t| json!({
            "person": node_json(graph, t.other),
            "shared_events": t.shared_events.iter().map(|&n| node_json(graph, n)).collect::<Vec<_>>(),
            "shared_organizations": t.shared_organizations.iter().map(|&n| node_json(graph, n)).collect::<Vec<_>>(),
        })).collect();
        return Ok(serde_json::Value::Array(rows).to_string());
    }
    let mut out = format!("{} people are tied to {}:\n", list.len(), label(graph, a));
    for t in &list {
        let events: Vec<String> = t.shared_events.iter().map(|&n| label(graph, n)).collect();
        let orgs: Vec<String> = t.shared_organizations.iter().map(|&n| label(graph, n)).collect();
        out += &format!("  {}", label(graph, t.other));
        if !events.is_empty() {
            out += &format!("  shared events: {}", events.join("、"));
        }
        if !orgs.is_empty() {
            out += &format!("  shared organizations: {}", orgs.join("、"));
        }
        out.push('\n');
    }
    Ok(out.trim_end().to_string())
}

fn roles(graph: &KnowledgeGraph, view: &View, json: bool) -> String {
    let list = query::collapsed_roles(graph, view);
    if json {
        let rows: Vec<serde_json::Value> = list.iter().map(|r| json!({
            "person": node_json(graph, r.person), "organization": node_json(graph, r.organization),
            "role": graph.node(r.role).id, "title": r.title,
        })).collect();
        return serde_json::Value::Array(rows).to_string();
    }
    list.iter()
        .map(|r| format!("{} —{}→ {}", label(graph, r.person), r.title, label(graph, r.organization)))
        .collect::<Vec<_>>()
        .join("\n")
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
