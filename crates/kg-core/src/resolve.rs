//! Finding entities by the names people type: an id, a label, a name in any script, an alias, in
//! Traditional or Simplified characters, or pinyin with or without tones and spaces.

use crate::clean::is_cjk_ideograph;
use crate::graph::{KnowledgeGraph, NodeId};

/// What a name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Exactly one entity.
    Found(NodeId),
    /// Several entities answer to the name; the caller should ask which.
    Ambiguous(Vec<NodeId>),
    /// None does.
    NotFound,
}

/// The text in Simplified characters (Traditional ones converted; everything else kept), for
/// interface text in Simplified Chinese. Quotes from sources are never converted: they are
/// evidence.
///
/// ```
/// assert_eq!(kg_core::resolve::to_simplified("張建生擔任黨委書記"), "张建生担任党委书记");
/// ```
pub fn to_simplified(text: &str) -> String {
    fast2s::convert(text)
}

/// Folds a name for comparison: Traditional characters become Simplified, Latin letters lose case
/// and tone marks (`ü` becomes `v`), and spaces, apostrophes, hyphens and middle dots go.
///
/// ```
/// use kg_core::resolve::fold;
/// assert_eq!(fold("張建生"), fold("张建生"));
/// assert_eq!(fold("Zhāng Jiànshēng"), "zhangjiansheng");
/// ```
pub fn fold(text: &str) -> String {
    let simplified = fast2s::convert(text);
    let mut out = String::with_capacity(simplified.len());
    for c in simplified.chars() {
        if c.is_whitespace() || matches!(c, '\'' | '’' | '-' | '·' | '・' | '.') {
            continue;
        }
        match c {
            'ā' | 'á' | 'ǎ' | 'à' | 'Ā' | 'Á' | 'Ǎ' | 'À' => out.push('a'),
            'ē' | 'é' | 'ě' | 'è' | 'Ē' | 'É' | 'Ě' | 'È' => out.push('e'),
            'ī' | 'í' | 'ǐ' | 'ì' | 'Ī' | 'Í' | 'Ǐ' | 'Ì' => out.push('i'),
            'ō' | 'ó' | 'ǒ' | 'ò' | 'Ō' | 'Ó' | 'Ǒ' | 'Ò' => out.push('o'),
            'ū' | 'ú' | 'ǔ' | 'ù' | 'Ū' | 'Ú' | 'Ǔ' | 'Ù' => out.push('u'),
            'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'Ü' | 'Ǖ' | 'Ǘ' | 'Ǚ' | 'Ǜ' => out.push('v'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The initials of a pinyin name: `Zhāng Jiànshēng` gives `zjs`. Each word is split into
/// syllables (longest first, backtracking), so `Jiànshēng` counts as two.
pub fn pinyin_initials(pinyin: &str) -> String {
    let mut out = String::new();
    for word in pinyin.split(|c: char| c.is_whitespace() || c == '-' || c == '\'') {
        let folded = fold(word);
        match split_syllables(&folded) {
            Some(syllables) => out.extend(syllables.iter().filter_map(|s| s.chars().next())),
            None => out.extend(folded.chars().next()),
        }
    }
    out
}

/// Splits toneless pinyin into syllables, preferring longer syllables first; `None` when it is
/// not pinyin.
pub fn split_syllables(word: &str) -> Option<Vec<&str>> {
    if word.is_empty() {
        return Some(Vec::new());
    }
    let ends: Vec<usize> = word.char_indices().map(|(i, c)| i + c.len_utf8()).take(6).collect();
    for &end in ends.iter().rev() {
        let head = &word[..end];
        if crate::clean::is_pinyin_syllable(head) {
            if let Some(mut rest) = split_syllables(&word[end..]) {
                rest.insert(0, head);
                return Some(rest);
            }
        }
    }
    None
}

/// Every folded key an entity answers to, most specific first: its id, its label, its names (and
/// the initials of its pinyin name), its aliases.
pub fn keys(graph: &KnowledgeGraph, id: NodeId) -> Vec<String> {
    let node = graph.node(id);
    let mut keys = vec![node.id.as_str().to_lowercase(), fold(&node.label)];
    if let Some(names) = &node.names {
        for name in [&names.zh_hant, &names.zh_hans, &names.pinyin, &names.en].into_iter().flatten() {
            keys.push(fold(name));
        }
        if let Some(pinyin) = &names.pinyin {
            keys.push(pinyin_initials(pinyin));
        }
    }
    keys.extend(node.aliases.iter().map(|a| fold(a)));
    keys.retain(|k| !k.is_empty());
    keys.dedup();
    keys
}

/// Resolves a name typed by a person to an entity.
///
/// Exact matches on any key win; otherwise, if the query is one key's prefix or (for CJK
/// queries) part of a label, those candidates are returned. Several candidates are
/// [`Resolution::Ambiguous`], never a guess.
///
/// # Complexity
/// O(n · k) for n entities with k keys each.
///
/// ```
/// use kg_core::resolve::{resolve, Resolution};
/// let doc = kg_core::load_str(r#"{"nodes":[{"id":"p1","type":"person","label":"張建生",
///   "names":{"zh-Hans":"张建生","pinyin":"Zhāng Jiànshēng"}}],"edges":[]}"#).unwrap().document;
/// let g = kg_core::KnowledgeGraph::from_document(doc);
/// assert!(matches!(resolve(&g, "zhang jiansheng"), Resolution::Found(_)));
/// assert!(matches!(resolve(&g, "张建生"), Resolution::Found(_)));
/// ```
pub fn resolve(graph: &KnowledgeGraph, query: &str) -> Resolution {
    let q = fold(query);
    if q.is_empty() {
        return Resolution::NotFound;
    }
    if let Some(id) = graph.find(query.trim()) {
        return Resolution::Found(id);
    }
    let mut exact = Vec::new();
    let mut partial = Vec::new();
    let cjk = q.chars().any(is_cjk_ideograph);
    for id in graph.node_ids() {
        let keys = keys(graph, id);
        if keys.contains(&q) {
            exact.push(id);
        } else if keys.iter().any(|k| k.starts_with(&q) || (cjk && k.contains(&q))) {
            partial.push(id);
        }
    }
    let candidates = if exact.is_empty() { partial } else { exact };
    match candidates.len() {
        0 => Resolution::NotFound,
        1 => Resolution::Found(candidates[0]),
        _ => Resolution::Ambiguous(candidates),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_str;

    fn graph() -> KnowledgeGraph {
        let doc = load_str(
            r#"{"nodes":[
              {"id":"p-zjs","type":"person","label":"張建生","names":{"zh-Hans":"张建生","pinyin":"Zhāng Jiànshēng","en":"Zhang Jiansheng"}},
              {"id":"p-zy","type":"person","label":"張翼","names":{"zh-Hans":"张翼","pinyin":"Zhāng Yì"}},
              {"id":"o-fic","type":"organization","label":"嘉興市工商聯","aliases":["市工商聯"]},
              {"id":"r-sec","type":"role","label":"市工商聯黨委書記"}],"edges":[]}"#,
        )
        .map(|r| r.document)
        .unwrap_or_default();
        KnowledgeGraph::from_document(doc)
    }

    fn found(g: &KnowledgeGraph, q: &str) -> String {
        match resolve(g, q) {
            Resolution::Found(id) => g.node(id).id.to_string(),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn names_in_any_script_find_the_entity() {
        let g = graph();
        for q in ["p-zjs", "張建生", "张建生", "Zhāng Jiànshēng", "zhangjiansheng", "zhang jian sheng", "ZHANG JIANSHENG"] {
            assert_eq!(found(&g, q), "p-zjs", "{q}");
        }
        assert_eq!(found(&g, "市工商联"), "o-fic", "an alias, typed in Simplified");
        assert_eq!(found(&g, "嘉兴市工商联"), "o-fic");
    }

    #[test]
    fn ambiguous_and_unknown_names_are_said_so() {
        let g = graph();
        let Resolution::Ambiguous(c) = resolve(&g, "張") else { panic!("{:?}", resolve(&g, "張")) };
        assert_eq!(c.len(), 2);
        assert_eq!(resolve(&g, "李四"), Resolution::NotFound);
        assert_eq!(resolve(&g, "  "), Resolution::NotFound);
        assert_eq!(found(&g, "zhangyi"), "p-zy");
        assert_eq!(found(&g, "zjs"), "p-zjs", "pinyin initials");
    }

    #[test]
    fn initials() {
        assert_eq!(pinyin_initials("Zhāng Jiànshēng"), "zjs");
        assert_eq!(pinyin_initials("Xí Jìnpíng"), "xjp");
        assert_eq!(pinyin_initials("JiāXīng"), "jx");
        assert_eq!(split_syllables("zhangjiansheng"), Some(vec!["zhang", "jian", "sheng"]));
        assert_eq!(split_syllables("ppt"), None);
    }
}
