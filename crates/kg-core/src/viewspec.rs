//! A shareable view: selection, path, filters, layout, camera, language and theme, written to
//! and read from a URL fragment (`#sel=p1&hide=role&cam=0,0,1.5`), so that a copied URL
//! reopens the same view. Ids and dates are percent-encoded (UTF-8), so CJK ids survive.

use crate::decimal::fixed;

/// Everything a URL fragment can say about a view. `Default` is the view a graph opens with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ViewSpec {
    /// The selected entity's id.
    pub selected: Option<String>,
    /// The two ends of the path shown, by id.
    pub path: Option<(String, String)>,
    /// Entity types hidden (`NodeKind::as_str` names).
    pub hidden_kinds: Vec<String>,
    /// Relation types hidden.
    pub hidden_relations: Vec<String>,
    /// Communities hidden (by number, when colouring by community).
    pub hidden_communities: Vec<u32>,
    pub min_degree: usize,
    /// Only the selection's neighbourhood, this many hops deep.
    pub around_hops: Option<u32>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// `force`, `hierarchy` or `radial`.
    pub layout: Option<String>,
    /// The camera: world centre x, y and zoom.
    pub camera: Option<[f32; 3]>,
    pub roles_collapsed: bool,
    pub lang: Option<String>,
    pub theme: Option<String>,
}

/// Percent-encodes everything but ASCII letters, digits and `-._~`.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes percent-encoding (and `+` as a space); malformed escapes are kept as they are.
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn list(items: &[String]) -> String {
    items.iter().map(|s| encode(s)).collect::<Vec<_>>().join(",")
}

fn unlist(text: &str) -> Vec<String> {
    text.split(',').filter(|s| !s.is_empty()).map(decode).collect()
}

impl ViewSpec {
    /// The fragment for this view, without the `#`; empty for the default view.
    ///
    /// ```
    /// use kg_core::viewspec::ViewSpec;
    /// let spec = ViewSpec { selected: Some("張建生".into()), min_degree: 2, ..ViewSpec::default() };
    /// assert_eq!(ViewSpec::from_hash(&spec.to_hash()), spec);
    /// ```
    pub fn to_hash(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut put = |key: &str, value: String| parts.push(format!("{key}={value}"));
        if let Some(s) = &self.selected {
            put("sel", encode(s));
        }
        if let Some((a, b)) = &self.path {
            put("path", list(&[a.clone(), b.clone()]));
        }
        if !self.hidden_kinds.is_empty() {
            put("hide", list(&self.hidden_kinds));
        }
        if !self.hidden_relations.is_empty() {
            put("rel", list(&self.hidden_relations));
        }
        if !self.hidden_communities.is_empty() {
            put("comm", self.hidden_communities.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(","));
        }
        if self.min_degree > 0 {
            put("deg", self.min_degree.to_string());
        }
        if let Some(h) = self.around_hops {
            put("hood", h.to_string());
        }
        if let Some(d) = &self.from {
            put("from", encode(d));
        }
        if let Some(d) = &self.to {
            put("to", encode(d));
        }
        if let Some(l) = &self.layout {
            put("layout", encode(l));
        }
        if let Some([x, y, z]) = self.camera {
            put("cam", format!("{},{},{}", fixed(x, 2), fixed(y, 2), fixed(z, 4)));
        }
        if self.roles_collapsed {
            put("roles", "collapsed".into());
        }
        if let Some(l) = &self.lang {
            put("lang", encode(l));
        }
        if let Some(t) = &self.theme {
            put("theme", encode(t));
        }
        parts.join("&")
    }

    /// Reads a fragment (with or without the `#`); unknown keys and malformed values are ignored.
    pub fn from_hash(hash: &str) -> ViewSpec {
        let mut spec = ViewSpec::default();
        for part in hash.trim_start_matches('#').split('&') {
            let Some((key, value)) = part.split_once('=') else { continue };
            let text = || Some(decode(value)).filter(|v| !v.is_empty());
            match key {
                "sel" => spec.selected = text(),
                "path" => {
                    if let [a, b] = unlist(value).as_slice() {
                        spec.path = Some((a.clone(), b.clone()));
                    }
                }
                "hide" => spec.hidden_kinds = unlist(value),
                "rel" => spec.hidden_relations = unlist(value),
                "comm" => spec.hidden_communities = value.split(',').filter_map(|c| c.parse().ok()).collect(),
                "deg" => spec.min_degree = value.parse().unwrap_or(0),
                "hood" => spec.around_hops = value.parse().ok(),
                "from" => spec.from = text(),
                "to" => spec.to = text(),
                "layout" => spec.layout = text(),
                "cam" => {
                    let v: Vec<f32> = value.split(',').filter_map(crate::decimal::parse).map(|x| x as f32).filter(|x| x.is_finite()).collect();
                    if let [x, y, z] = v[..] {
                        spec.camera = (z > 0.0).then_some([x, y, z]);
                    }
                }
                "roles" => spec.roles_collapsed = value == "collapsed",
                "lang" => spec.lang = text(),
                "theme" => spec.theme = text(),
                _ => {}
            }
        }
        spec
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_survives_the_round_trip() {
        let spec = ViewSpec {
            selected: Some("p-張建生&x=1".into()),
            path: Some(("a,b".into(), "c d".into())),
            hidden_kinds: vec!["role".into(), "concept".into()],
            hidden_relations: vec!["attended".into()],
            hidden_communities: vec![0, 3],
            min_degree: 3,
            around_hops: Some(2),
            from: Some("2023-01".into()),
            to: Some("2023-12-31".into()),
            layout: Some("radial".into()),
            camera: Some([12.5, -3.25, 1.5]),
            roles_collapsed: true,
            lang: Some("en".into()),
            theme: Some("dark".into()),
        };
        let hash = spec.to_hash();
        assert!(hash.is_ascii(), "{hash}");
        assert_eq!(ViewSpec::from_hash(&format!("#{hash}")), spec);
        assert_eq!(ViewSpec::default().to_hash(), "");
    }

    #[test]
    fn junk_is_ignored() {
        assert_eq!(ViewSpec::from_hash("#cam=1,2&deg=x&what=1&&=&sel=%E5%BC%A0%zz"), ViewSpec { selected: Some("张%zz".into()), ..ViewSpec::default() });
        assert_eq!(ViewSpec::from_hash("cam=1,2,-1").camera, None);
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("a%4"), "a%4");
    }
}
