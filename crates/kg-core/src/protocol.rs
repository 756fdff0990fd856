//! The host ↔ viewer message protocol (version 1) for portals that embed the viewer, and the
//! origin allowlist that decides whose commands count. Messages are JSON objects with a `type`;
//! see `docs/embedding.md`. Pure: the shell turns `postMessage` data and DOM events into
//! [`serde_json::Value`]s and back.

use serde_json::{json, Value};

/// The protocol version sent in `kg:ready` and accepted in commands (a command without a
/// version is taken as version 1).
pub const VERSION: u64 = 1;

/// A command from the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Load another graph: from a URL (resolved against the viewer's page) or given inline.
    Load(Source),
    /// Select an entity by id (`None` clears the selection).
    Select(Option<String>),
    /// Select an entity by id or by any of its names, and bring it into view.
    Focus(String),
    /// Replace the filters.
    Filter(FilterCommand),
    /// `light`, `dark`, or `system`.
    Theme(String),
}

/// Where a `kg:load` graph comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Url(String),
    /// The graph as JSON text.
    Inline(String),
}

/// The filters a `kg:filter` command sets (absent fields mean "no filter").
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FilterCommand {
    /// Entity types to hide.
    pub hide_types: Vec<String>,
    /// Relation types to hide.
    pub hide_relations: Vec<String>,
    pub min_degree: usize,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Why a message was not taken.
#[derive(Debug, Clone, PartialEq)]
pub enum Rejected {
    /// Not an object with a string `type` starting with `kg:`: someone else's message.
    NotOurs,
    /// Ours, but malformed or of a newer version.
    Invalid(String),
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string).filter(|s| !s.is_empty())
}

/// Reads a command.
///
/// ```
/// use kg_core::protocol::{parse_command, Command};
/// let msg = serde_json::json!({"type": "kg:select", "id": "p-zhang-jiansheng"});
/// assert_eq!(parse_command(&msg), Ok(Command::Select(Some("p-zhang-jiansheng".into()))));
/// ```
pub fn parse_command(msg: &Value) -> Result<Command, Rejected> {
    let Some(kind) = msg.get("type").and_then(Value::as_str).filter(|t| t.starts_with("kg:")) else {
        return Err(Rejected::NotOurs);
    };
    if let Some(v) = msg.get("version") {
        match v.as_u64() {
            Some(n) if n <= VERSION => {}
            _ => return Err(Rejected::Invalid(format!("{kind}: version {} is not supported (this viewer speaks version {VERSION})", json(v)))),
        }
    }
    match kind {
        "kg:load" => match (text(msg, "url"), msg.get("graph")) {
            (Some(url), None) => Ok(Command::Load(Source::Url(url))),
            (None, Some(Value::String(s))) => Ok(Command::Load(Source::Inline(s.clone()))),
            (None, Some(g @ Value::Object(_))) => Ok(Command::Load(Source::Inline(json(g)))),
            _ => Err(Rejected::Invalid("kg:load needs either `url` (a string) or `graph` (an object or JSON text)".into())),
        },
        "kg:select" => match msg.get("id") {
            None | Some(Value::Null) => Ok(Command::Select(None)),
            Some(Value::String(id)) => Ok(Command::Select(Some(id.clone()))),
            Some(_) => Err(Rejected::Invalid("kg:select needs `id` as a string, or null to clear".into())),
        },
        "kg:focus" => text(msg, "id").or_else(|| text(msg, "name")).map(Command::Focus).ok_or_else(|| Rejected::Invalid("kg:focus needs `id` or `name`".into())),
        "kg:filter" => Ok(Command::Filter(FilterCommand {
            hide_types: strings(msg.get("hideTypes")),
            hide_relations: strings(msg.get("hideRelations")),
            min_degree: msg.get("minDegree").and_then(Value::as_u64).unwrap_or(0) as usize,
            from: text(msg, "from"),
            to: text(msg, "to"),
        })),
        "kg:theme" => match text(msg, "theme").as_deref() {
            Some(t @ ("light" | "dark" | "system")) => Ok(Command::Theme(t.to_string())),
            _ => Err(Rejected::Invalid("kg:theme needs `theme`: light, dark or system".into())),
        },
        other => Err(Rejected::Invalid(format!("unknown command {other}"))),
    }
}

/// A JSON value as compact text: what `Value`'s `Display` writes, through the serializer that the
/// app's other JSON output already uses (`Display` compiled one more copy of it into the module).
fn json(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// `kg:ready`: the viewer has loaded a graph of this size.
pub fn ready(nodes: usize, edges: usize) -> Value {
    json!({"type": "kg:ready", "version": VERSION, "nodes": nodes, "edges": edges})
}

/// `kg:select` (or `kg:hover`): an entity chosen (or pointed at) in the viewer, or `None`.
pub fn entity_event(kind: &str, entity: Option<(&str, &str, &str)>) -> Value {
    match entity {
        Some((id, label, entity_type)) => json!({"type": kind, "version": VERSION, "id": id, "label": label, "entityType": entity_type}),
        None => json!({"type": kind, "version": VERSION, "id": Value::Null}),
    }
}

/// `kg:error`: a command could not be carried out.
pub fn error(message: &str) -> Value {
    json!({"type": "kg:error", "version": VERSION, "message": message})
}

/// The origins whose commands the viewer takes: its own, plus those listed in the deployment's
/// `embed.json` (`{"allowedOrigins": ["https://portal.example"]}`), read at start so that a
/// deployment changes it without a rebuild.
#[derive(Debug, Clone, PartialEq)]
pub struct Allowlist {
    origins: Vec<String>,
}

impl Allowlist {
    /// Only `own` (the viewer's origin).
    pub fn own(own: &str) -> Allowlist {
        Allowlist { origins: vec![own.to_string()] }
    }

    /// `own` plus the `allowedOrigins` of an `embed.json` text. Entries that are not plain
    /// origins (`scheme://host[:port]`, no path, no wildcard) are refused with a reason.
    pub fn parse(own: &str, config: &str) -> (Allowlist, Vec<String>) {
        let mut list = Allowlist::own(own);
        let mut problems = Vec::new();
        let value: Value = match serde_json::from_str(config) {
            Ok(v) => v,
            Err(e) => return (list, vec![format!("embed.json is not JSON ({e}); only the viewer's own origin is allowed")]),
        };
        for entry in value.get("allowedOrigins").and_then(Value::as_array).into_iter().flatten() {
            match entry.as_str() {
                Some(o) if is_origin(o) => list.origins.push(o.trim_end_matches('/').to_string()),
                _ => problems.push(format!("embed.json: {} is not an origin like https://portal.example; ignored", json(entry))),
            }
        }
        (list, problems)
    }

    /// Whether commands from `origin` are taken.
    pub fn allows(&self, origin: &str) -> bool {
        self.origins.iter().any(|o| o == origin)
    }

    /// The allowed origins, the viewer's own first.
    pub fn origins(&self) -> &[String] {
        &self.origins
    }
}

/// `scheme://host[:port]` with an http(s) scheme and nothing after.
fn is_origin(s: &str) -> bool {
    let s = s.trim_end_matches('/');
    let Some((scheme, rest)) = s.split_once("://") else { return false };
    matches!(scheme, "http" | "https") && !rest.is_empty() && !rest.contains(['/', '*', '?', '#', '@', ' '])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_and_bad_ones_say_why() {
        assert_eq!(parse_command(&json!({"type": "kg:load", "url": "data/x.json"})), Ok(Command::Load(Source::Url("data/x.json".into()))));
        let inline = parse_command(&json!({"type": "kg:load", "graph": {"nodes": [], "edges": []}}));
        assert!(matches!(inline, Ok(Command::Load(Source::Inline(ref s))) if s.contains("nodes")));
        assert_eq!(parse_command(&json!({"type": "kg:select", "id": null})), Ok(Command::Select(None)));
        assert_eq!(parse_command(&json!({"type": "kg:focus", "name": "张建生"})), Ok(Command::Focus("张建生".into())));
        assert_eq!(
            parse_command(&json!({"type": "kg:filter", "hideTypes": ["role"], "minDegree": 2, "to": "2023"})),
            Ok(Command::Filter(FilterCommand { hide_types: vec!["role".into()], min_degree: 2, to: Some("2023".into()), ..FilterCommand::default() }))
        );
        assert_eq!(parse_command(&json!({"type": "kg:theme", "theme": "dark"})), Ok(Command::Theme("dark".into())));
        assert_eq!(parse_command(&json!({"type": "other"})), Err(Rejected::NotOurs));
        assert_eq!(parse_command(&json!("kg:select")), Err(Rejected::NotOurs));
        assert!(matches!(parse_command(&json!({"type": "kg:theme", "theme": "pink"})), Err(Rejected::Invalid(_))));
        assert!(matches!(parse_command(&json!({"type": "kg:select", "version": 2, "id": "x"})), Err(Rejected::Invalid(_))));
        assert!(matches!(parse_command(&json!({"type": "kg:load"})), Err(Rejected::Invalid(_))));
        assert!(matches!(parse_command(&json!({"type": "kg:nope"})), Err(Rejected::Invalid(_))));
    }

    #[test]
    fn events_carry_the_version() {
        assert_eq!(ready(41, 58)["version"], VERSION);
        let e = entity_event("kg:select", Some(("p1", "張建生", "person")));
        assert_eq!((e["id"].as_str(), e["label"].as_str(), e["entityType"].as_str()), (Some("p1"), Some("張建生"), Some("person")));
        assert!(entity_event("kg:hover", None)["id"].is_null());
    }

    #[test]
    fn only_listed_origins_are_allowed() {
        let (list, problems) = Allowlist::parse(
            "http://127.0.0.1:8080",
            r#"{"allowedOrigins": ["https://portal.example", "http://127.0.0.1:9000/", "*", "https://x.example/path", 3]}"#,
        );
        assert!(list.allows("http://127.0.0.1:8080"), "its own origin");
        assert!(list.allows("https://portal.example"));
        assert!(list.allows("http://127.0.0.1:9000"));
        assert!(!list.allows("http://127.0.0.1:9001"));
        assert!(!list.allows("*") && !list.allows("null"));
        assert_eq!(problems.len(), 3, "{problems:?}");
        let (list, problems) = Allowlist::parse("http://a.example", "not json");
        assert_eq!(list, Allowlist::own("http://a.example"));
        assert_eq!(problems.len(), 1);
    }
}
