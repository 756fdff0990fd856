//! Cleaning crawled text: removes the pinyin annotations a crawler left after single characters,
//! as in `工商聯(lián)` for `工商聯`, and leaves every other parenthesis alone.
//!
//! An annotation is removed only when all of these hold: it directly follows a CJK ideograph; it
//! is in ASCII parentheses; and its content is one pinyin syllable with a tone mark or none (for
//! example `lián`, `xie`, `lü`). `(PPT)`, `(2023)`, `(meeting)` or full-width `（…）` stay.

/// Pinyin initials, longest first so `zh` wins over `z`.
const INITIALS: &[&str] = &[
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c", "s", "y", "w",
];

/// Pinyin finals (with `v` standing for `ü`), as they are spelled after an initial or alone.
const FINALS: &[&str] = &[
    "a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i", "ia", "ie", "iao", "iu", "ian",
    "in", "iang", "ing", "iong", "u", "ua", "uo", "uai", "ui", "uan", "un", "uang", "ueng", "v", "ve", "van", "vn",
    "ue", "io",
];

/// Removes the tone mark from a pinyin letter, giving `v` for `ü`.
fn strip_tone(c: char) -> Option<char> {
    Some(match c {
        'a'..='z' => c,
        'ā' | 'á' | 'ǎ' | 'à' => 'a',
        'ē' | 'é' | 'ě' | 'è' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
        'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => 'v',
        'ń' | 'ň' | 'ǹ' => 'n',
        'ḿ' => 'm',
        _ => return None,
    })
}

/// True when `s` is one pinyin syllable, with or without a tone mark (at most one).
pub fn is_pinyin_syllable(s: &str) -> bool {
    if s.is_empty() || s.chars().count() > 7 {
        return false;
    }
    let mut marks = 0;
    let mut plain = String::with_capacity(s.len());
    for c in s.chars() {
        let Some(p) = strip_tone(c) else { return false };
        if p != c && c != 'ü' {
            marks += 1;
        }
        plain.push(p);
    }
    if marks > 1 {
        return false;
    }
    if matches!(plain.as_str(), "m" | "n" | "ng" | "hm" | "hng") {
        return true;
    }
    let rest = INITIALS.iter().find_map(|i| plain.strip_prefix(i)).unwrap_or(&plain);
    FINALS.contains(&rest)
}

/// True for CJK ideographs (the unified blocks and their extensions, and the compatibility ones).
pub fn is_cjk_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x30000..=0x3134F)
}

/// Returns `text` without the pinyin annotations described in the module documentation.
///
/// # Complexity
/// O(length of the text).
///
/// ```
/// assert_eq!(kg_core::clean::strip_pinyin_annotations("市工商聯(lián)召開(PPT)"), "市工商聯召開(PPT)");
/// ```
pub fn strip_pinyin_annotations(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut previous: Option<char> = None;
    while let Some(c) = rest.chars().next() {
        if c == '(' && previous.is_some_and(is_cjk_ideograph) {
            if let Some(close) = rest[1..].find(')') {
                let inner = &rest[1..1 + close];
                if is_pinyin_syllable(inner) {
                    rest = &rest[close + 2..];
                    continue;
                }
            }
        }
        out.push(c);
        previous = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// True when the text still holds an annotation [`strip_pinyin_annotations`] would remove.
pub fn has_pinyin_annotation(text: &str) -> bool {
    strip_pinyin_annotations(text) != text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annotations_after_a_character_are_removed() {
        assert_eq!(strip_pinyin_annotations("嘉興市工商聯(lián)召開所屬商協(xié)會"), "嘉興市工商聯召開所屬商協會");
        assert_eq!(strip_pinyin_annotations("推進(jìn)會"), "推進會");
        assert_eq!(strip_pinyin_annotations("綠(lǜ)色 女(nv)"), "綠色 女");
        assert_eq!(strip_pinyin_annotations("張(zhang)"), "張");
    }

    #[test]
    fn genuine_parentheses_stay() {
        for keep in [
            "通過(PPT)形式",
            "會議(2023)",
            "會議(meeting)",
            "商會（lián）",
            "abc(lián)",
            "工商聯 (lián)",
            "(lián)開頭",
            "會(lian xie)",
            "會(",
            "會()",
            "會(lǐán)",
        ] {
            assert_eq!(strip_pinyin_annotations(keep), keep, "{keep}");
        }
    }

    #[test]
    fn syllables() {
        for ok in ["lián", "xié", "jìn", "zhuāng", "lǜ", "er", "a", "ng", "xiong", "qu"] {
            assert!(is_pinyin_syllable(ok), "{ok}");
        }
        for bad in ["PPT", "meeting", "2023", "zhx", "", "lǐán", "Lián"] {
            assert!(!is_pinyin_syllable(bad), "{bad}");
        }
    }
}
