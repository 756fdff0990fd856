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
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    let (mut prev, mut current) = ('\0', chars.next());
    while let Some(c) = current {
        let next = chars.next();
        out.push(simplified_in_context(prev, c, next.unwrap_or('\0')));
        (prev, current) = (c, next);
    }
    out
}

/// Words in which a character is not converted by the table alone, as (character, word, what
/// the character becomes there): kept as it is (`乾隆`, `回覆`) or converted otherwise (`計畫`
/// gives `计划`, not `计画`). The same cases as the `fast2s` crate's, which the table comes from;
/// fast2s never applies its `藉口` and `憑藉` cases (a test pins the difference), these are.
const IN_WORDS: &[(char, [char; 2], char)] = &[
    ('兒', ['兒', '寬'], '兒'),
    ('覆', ['答', '覆'], '覆'),
    ('覆', ['批', '覆'], '覆'),
    ('覆', ['回', '覆'], '覆'),
    ('夥', ['甚', '夥'], '夥'),
    ('藉', ['慰', '藉'], '藉'),
    ('藉', ['狼', '藉'], '藉'),
    ('瞭', ['瞭', '望'], '瞭'),
    ('麽', ['幺', '麽'], '麽'),
    ('幺', ['幺', '麽'], '幺'),
    ('於', ['樊', '於'], '於'),
    ('乾', ['乾', '隆'], '乾'),
    ('乾', ['乾', '坤'], '乾'),
    ('乾', ['乾', '卦'], '乾'),
    ('藉', ['藉', '口'], '借'),
    ('藉', ['憑', '藉'], '借'),
    ('著', ['看', '著'], '着'),
    ('苧', ['苧', '麻'], '苎'),
    ('闔', ['闔', '家'], '合'),
    ('鍾', ['鍾', '書'], '锺'),
    ('讎', ['校', '讎'], '雠'),
    ('讎', ['讎', '定'], '雠'),
    ('讎', ['仇', '讎'], '雠'),
    ('畫', ['計', '畫'], '划'),
    ('畫', ['企', '畫'], '划'),
];

/// One character in Simplified form, given the characters before and after it (`'\0'` at
/// either end): a word of [`IN_WORDS`] first (the word with the character before, then the one
/// with the character after), else the table.
///
/// # Complexity
/// O(1): an index into the table (decoded on the first call), and for the few characters of
/// [`IN_WORDS`] a look at its words.
fn simplified_in_context(prev: char, c: char, next: char) -> char {
    let table = t2s();
    let Some(i) = t2s_index(u32::from(c), table.simplified.len()) else {
        return c;
    };
    if table.in_words[i / 64] & (1 << (i % 64)) != 0 {
        let ends_word = |word: [char; 2]| IN_WORDS.iter().find(|(k, w, _)| *k == c && *w == word).map(|(_, _, to)| *to);
        if let Some(to) = ends_word([prev, c]).or_else(|| ends_word([c, next])) {
            return to;
        }
    }
    match table.simplified[i] {
        0 => c,
        s => char::from_u32(u32::from(s)).unwrap_or(c),
    }
}

/// The first code point the table can hold: CJK Unified Ideographs, U+4E00 to U+9FFF, hold
/// every Traditional character it converts.
const T2S_FIRST: u32 = 0x4E00;

/// Where a code point is in a table of `len` characters from [`T2S_FIRST`], if it is there.
fn t2s_index(code_point: u32, len: usize) -> Option<usize> {
    code_point.checked_sub(T2S_FIRST).map(|i| i as usize).filter(|&i| i < len)
}

/// The table indexed by code point from [`T2S_FIRST`].
struct T2s {
    /// Each character's Simplified form (its UTF-16 code unit), 0 for none (~41 KB).
    simplified: Vec<u16>,
    /// A bit for each character of [`IN_WORDS`].
    in_words: Vec<u64>,
}

/// The table, decoded from [`crate::t2s_table`] on first use (microseconds).
fn t2s() -> &'static T2s {
    static TABLE: std::sync::OnceLock<T2s> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let len = 0xA000 - T2S_FIRST as usize;
        let mut table = T2s { simplified: vec![0; len], in_words: vec![0; len.div_ceil(64)] };
        for (t, s) in t2s_pairs() {
            let (Some(i), Ok(s)) = (t2s_index(t, len), u16::try_from(s)) else {
                continue;
            };
            table.simplified[i] = s;
        }
        for (k, _, _) in IN_WORDS {
            if let Some(i) = t2s_index(u32::from(*k), len) {
                table.in_words[i / 64] |= 1 << (i % 64);
            }
        }
        table
    })
}

/// The Traditional-to-Simplified pairs (code points) of [`crate::t2s_table`], sorted by the first.
fn t2s_pairs() -> Vec<(u32, u32)> {
    use crate::t2s_table::{PAIRS, SIMPLIFIED, TRADITIONAL};
    // LEB128 numbers, one after the other.
    fn numbers(bytes: &'static [u8]) -> impl Iterator<Item = u32> {
        let mut at = 0;
        std::iter::from_fn(move || {
            let (mut value, mut shift) = (0u32, 0);
            while let Some(&byte) = bytes.get(at) {
                at += 1;
                value |= u32::from(byte & 0x7F) << shift;
                shift += 7;
                if byte < 0x80 {
                    return Some(value);
                }
            }
            None
        })
    }
    let (mut t, mut s) = (0u32, 0u32);
    let mut pairs = Vec::with_capacity(PAIRS);
    for (dt, ds) in numbers(&TRADITIONAL).zip(numbers(&SIMPLIFIED)) {
        t = t.wrapping_add(dt);
        // Zigzag: even numbers are distances forward, odd ones backward.
        s = if ds & 1 == 0 { s.wrapping_add(ds >> 1) } else { s.wrapping_sub((ds >> 1) + 1) };
        pairs.push((t, s));
    }
    pairs
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
    let simplified = to_simplified(text);
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
            _ => push_lower(&mut out, c),
        }
    }
    out
}

/// Pushes `c` in lower case, as `char::to_lowercase` gives it, from our own table
/// (`lower_table.rs`, generated from the standard library's: 185 runs where its table is 1,400
/// pairs, 11.7 KB of the app's module).
fn push_lower(out: &mut String, c: char) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if c == '\u{130}' {
        // İ, the one character whose lower case is two.
        out.push_str("i\u{307}");
        return;
    }
    let code = c as u32;
    let runs = &crate::lower_table::RUNS;
    let i = runs.partition_point(|&(key, _)| key >> 8 <= code);
    if let Some(&(key, distance)) = i.checked_sub(1).and_then(|i| runs.get(i)) {
        let (first, count, step) = (key >> 8, (key >> 1) & 0x7f, (key & 1) + 1);
        let offset = code - first;
        if offset < count * step && offset.is_multiple_of(step) {
            if let Some(lower) = char::from_u32(code.wrapping_add_signed(distance)) {
                out.push(lower);
                return;
            }
        }
    }
    out.push(c);
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
    // Lower case character by character, as `fold` does (`str::to_lowercase` differs only for a
    // word-final capital sigma, and is another 4 KB of the app's module).
    let mut id = String::with_capacity(node.id.len());
    for c in node.id.as_str().chars() {
        push_lower(&mut id, c);
    }
    let mut keys = vec![id, fold(&node.label)];
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

    /// The words in which [`IN_WORDS`] knowingly differs from `fast2s`: it never applies its
    /// `藉口` and `憑藉` cases (a character with words to keep, `慰藉`, skips its words to convert),
    /// so it keeps `藉` where Simplified writes `借`.
    const NOT_AS_FAST2S: [&str; 2] = ["藉口", "憑藉"];

    #[test]
    #[allow(clippy::disallowed_methods)] // The standard library's mapping is the reference.
    fn every_character_is_lowered_as_the_standard_library_lowers_it() {
        // If this fails after a toolchain update (a new Unicode version), regenerate the table:
        // `cargo run -q -p kg-core --example lower_table > crates/kg-core/src/lower_table.rs`.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut ours = String::new();
            push_lower(&mut ours, c);
            assert_eq!(ours, c.to_lowercase().collect::<String>(), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn the_table_is_sorted_and_converts_as_fast2s_does() {
        let table = t2s_pairs();
        assert_eq!(table.len(), crate::t2s_table::PAIRS);
        assert_eq!(table.len(), 2734);
        assert!(table.windows(2).all(|w| w[0].0 < w[1].0), "sorted, no duplicates");
        // Every pair fits the decoded table: Traditional characters in U+4E00..U+9FFF, Simplified
        // ones in the Basic Multilingual Plane (and not 0, which stands for none).
        assert!(table.iter().all(|&(t, s)| (T2S_FIRST..0xA000).contains(&t) && (1..0x10000).contains(&s)));
        for &(t, s) in &table {
            let c = char::from_u32(t).unwrap_or_default().to_string();
            assert_ne!(char::from_u32(s), None, "{c}");
            assert_eq!(to_simplified(&c), fast2s::convert(&c), "{c}");
        }
        for (_, [a, b], _) in IN_WORDS {
            let word: String = [*a, *b].iter().collect();
            if NOT_AS_FAST2S.contains(&word.as_str()) {
                assert_ne!(to_simplified(&word), fast2s::convert(&word), "{word}");
            } else {
                assert_eq!(to_simplified(&word), fast2s::convert(&word), "{word}");
            }
        }
        // The whole seed graph: labels, names, quotes, ids, punctuation and Latin text.
        let seed = include_str!("../../../data/jiaxing-2023-03-17.json");
        assert_eq!(to_simplified(seed), fast2s::convert(seed));
        assert_eq!(to_simplified(""), "");
    }

    #[test]
    fn words_convert_by_their_context() {
        assert_eq!(to_simplified("乾隆年間乾燥"), "乾隆年间干燥");
        assert_eq!(to_simplified("回覆"), "回覆");
        assert_eq!(to_simplified("計畫畫家"), "计划画家");
        assert_eq!(to_simplified("藉口"), "借口");
        assert_eq!(to_simplified("憑藉"), "凭借");
        assert_eq!(to_simplified("慰藉"), "慰藉");
        assert_eq!(to_simplified("看著"), "看着");
        assert_eq!(to_simplified("顯著"), "显著");
        assert_eq!(to_simplified("𠀀 A é 張"), "𠀀 A é 张");
    }

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
