//! Shortens the names a release module's imports and exports go by, in the module and in its
//! wasm-bindgen glue together: wasm-bindgen names each import after its function and a 16-digit
//! hash (`__wbg_createElement_8c9931a732ee2fea`), 313 of them in the app's module, whose digits
//! gzip cannot compress (5 KB of the module gzipped). emscripten does the same in its release
//! builds (binaryen's `--minify-imports-and-exports-and-modules`, which prints a mapping but leaves
//! the glue to its caller; this module does both halves, so the two cannot disagree).
//!
//! Only names the glue uses in a way this module recognises are changed: each import as a key of
//! the glue's import object (exactly once), each export only where every use is `wasm.NAME`.
//! A glue of another shape leaves the files as they are ([`shorten`] says why).

/// A section of a module: its id and its contents.
type Section<'a> = (u8, &'a [u8]);

/// One import or export's name before and after.
struct Renamed {
    old: String,
    new: String,
}

/// The module and glue with short names, and how many imports and exports were renamed; an
/// error (and no change) when either is not of the shape expected.
///
/// # Arguments
/// * `wasm`: the module as wasm-bindgen and wasm-opt left it.
/// * `glue`: its JavaScript glue (wasm-bindgen's `web` or `no-modules` output).
/// * `module`: the name the module imports from (`./kgviz_bg.js`).
pub fn shorten(wasm: &[u8], glue: &str, module: &str) -> Result<(Vec<u8>, String, usize, usize), String> {
    let sections = sections(wasm)?;
    let mut out = wasm[..8].to_vec();
    let mut glue = glue.to_string();
    let quoted = format!("\"{module}\"");
    if glue.matches(&quoted).count() != 1 {
        return Err(format!("the glue names {quoted} {} times, not once", glue.matches(&quoted).count()));
    }
    glue = glue.replace(&quoted, "\"a\"");
    let (mut imports, mut exports) = (0, 0);
    for (id, body) in sections {
        let body = match id {
            2 => {
                let (body, renamed) = imports_section(body, module)?;
                for r in &renamed {
                    if identifiers(&glue, &r.old) != 1 {
                        return Err(format!("the glue names the import {} {} times, not once", r.old, identifiers(&glue, &r.old)));
                    }
                    glue = replace_identifier(&glue, &r.old, &r.new);
                }
                imports = renamed.len();
                body
            }
            7 => {
                let (body, renamed) = exports_section(body, |name| identifiers(&glue, name) > 0 && accessed_only(&glue, name))?;
                for r in &renamed {
                    glue = replace_identifier(&glue, &r.old, &r.new);
                }
                exports = renamed.len();
                body
            }
            _ => body.to_vec(),
        };
        out.push(id);
        leb(&mut out, body.len() as u64);
        out.extend_from_slice(&body);
    }
    Ok((out, glue, imports, exports))
}

/// The `n`th short name: `a`…`z`, `A`…`Z`, then two letters, and so on.
fn short_name(mut n: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let mut name = Vec::new();
    loop {
        name.push(LETTERS[n % LETTERS.len()]);
        n /= LETTERS.len();
        if n == 0 {
            break;
        }
        n -= 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// The module's sections, after checking its header.
fn sections(wasm: &[u8]) -> Result<Vec<Section<'_>>, String> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err("not a WebAssembly module".into());
    }
    let mut at = 8;
    let mut out = Vec::new();
    while at < wasm.len() {
        let id = wasm[at];
        let mut r = Reader { bytes: wasm, at: at + 1 };
        let size = r.u64()? as usize;
        let end = r.at.checked_add(size).filter(|&e| e <= wasm.len()).ok_or("a section runs past the module's end")?;
        out.push((id, &wasm[r.at..end]));
        at = end;
    }
    Ok(out)
}

/// The import section with every import's name shortened (and its module named `a`).
fn imports_section(body: &[u8], module: &str) -> Result<(Vec<u8>, Vec<Renamed>), String> {
    let mut r = Reader { bytes: body, at: 0 };
    let count = r.u64()? as usize;
    let mut out = Vec::new();
    leb(&mut out, count as u64);
    let mut renamed = Vec::new();
    for i in 0..count {
        let from = r.name()?;
        if from != module {
            return Err(format!("an import comes from {from:?}, not {module:?}"));
        }
        let old = r.name()?;
        let start = r.at;
        match r.byte()? {
            0 => {
                r.u64()?;
            }
            1 => {
                r.byte()?;
                r.limits()?;
            }
            2 => r.limits()?,
            3 => {
                r.byte()?;
                r.byte()?;
            }
            kind => return Err(format!("an import of kind {kind}")),
        }
        let new = short_name(i);
        put_name(&mut out, "a");
        put_name(&mut out, &new);
        out.extend_from_slice(&body[start..r.at]);
        renamed.push(Renamed { old, new });
    }
    if r.at != body.len() {
        return Err("the import section has bytes after its imports".into());
    }
    Ok((out, renamed))
}

/// The export section with the names `rename` accepts shortened.
fn exports_section(body: &[u8], rename: impl Fn(&str) -> bool) -> Result<(Vec<u8>, Vec<Renamed>), String> {
    let mut r = Reader { bytes: body, at: 0 };
    let count = r.u64()? as usize;
    let mut out = Vec::new();
    leb(&mut out, count as u64);
    let mut names = Vec::new();
    let mut entries = Vec::new();
    for _ in 0..count {
        let name = r.name()?;
        let start = r.at;
        r.byte()?;
        r.u64()?;
        entries.push((name.clone(), &body[start..r.at]));
        names.push(name);
    }
    if r.at != body.len() {
        return Err("the export section has bytes after its exports".into());
    }
    let mut renamed = Vec::new();
    let mut next = 0;
    for (name, rest) in entries {
        let new = if rename(&name) {
            // A new name must not be one the module already exports under.
            let new = loop {
                let candidate = short_name(next);
                next += 1;
                if !names.contains(&candidate) {
                    break candidate;
                }
            };
            renamed.push(Renamed { old: name, new: new.clone() });
            new
        } else {
            name
        };
        put_name(&mut out, &new);
        out.extend_from_slice(rest);
    }
    Ok((out, renamed))
}

/// Whether every use of `name` as an identifier in `glue` is a property read `wasm.name`.
fn accessed_only(glue: &str, name: &str) -> bool {
    identifier_positions(glue, name).all(|at| glue[..at].ends_with("wasm."))
}

/// How many times `name` stands in `text` as a whole identifier.
fn identifiers(text: &str, name: &str) -> usize {
    identifier_positions(text, name).count()
}

/// Where `name` stands in `text` as a whole identifier (not part of a longer one).
fn identifier_positions<'a>(text: &'a str, name: &'a str) -> impl Iterator<Item = usize> + 'a {
    let part = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
    text.match_indices(name).map(|(at, _)| at).filter(move |&at| !part(text[..at].chars().next_back()) && !part(text[at + name.len()..].chars().next()))
}

/// `text` with each whole-identifier `old` replaced by `new`.
fn replace_identifier(text: &str, old: &str, new: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for at in identifier_positions(text, old).collect::<Vec<_>>() {
        out.push_str(&text[last..at]);
        out.push_str(new);
        last = at + old.len();
    }
    out.push_str(&text[last..]);
    out
}

/// Appends `value` as unsigned LEB128.
fn leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Appends a name as the binary format writes one: its length, then its UTF-8.
fn put_name(out: &mut Vec<u8>, name: &str) {
    leb(out, name.len() as u64);
    out.extend_from_slice(name.as_bytes());
}

/// Reads the binary format from a position.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("the module ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn u64(&mut self) -> Result<u64, String> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err("a number longer than 64 bits".into())
    }

    fn name(&mut self) -> Result<String, String> {
        let len = self.u64()? as usize;
        let end = self.at.checked_add(len).filter(|&e| e <= self.bytes.len()).ok_or("a name runs past the section's end")?;
        let name = std::str::from_utf8(&self.bytes[self.at..end]).map_err(|_| "a name that is not UTF-8")?;
        self.at = end;
        Ok(name.to_string())
    }

    /// A table's or memory's limits: flags (bit 0: a maximum follows), the minimum, the maximum.
    fn limits(&mut self) -> Result<(), String> {
        let flags = self.byte()?;
        self.u64()?;
        if flags & 1 != 0 {
            self.u64()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A module importing three functions and a memory from `./m_bg.js` and exporting a memory
    /// and two functions, in the binary format by hand.
    fn module() -> Vec<u8> {
        let mut m = b"\0asm\x01\0\0\0".to_vec();
        // One type: () -> ().
        section(&mut m, 1, &[1, 0x60, 0, 0]);
        let mut imports = vec![4];
        for name in ["__wbg_log_0123456789abcdef", "__wbg_now_fedcba9876543210", "__wbindgen_init_externref_table"] {
            put_name(&mut imports, "./m_bg.js");
            put_name(&mut imports, name);
            imports.extend_from_slice(&[0, 0]);
        }
        put_name(&mut imports, "./m_bg.js");
        put_name(&mut imports, "__wbg_memory_00");
        imports.extend_from_slice(&[2, 1, 1, 2]);
        section(&mut m, 2, &imports);
        // One function of type 0, which does nothing.
        section(&mut m, 3, &[1, 0]);
        let mut exports = vec![3];
        for (name, kind, index) in [("memory", 2u8, 0u8), ("wasm_bindgen_closure_invoke_long_name", 0, 3), ("mount", 0, 3)] {
            put_name(&mut exports, name);
            exports.extend_from_slice(&[kind, index]);
        }
        section(&mut m, 7, &exports);
        section(&mut m, 10, &[1, 2, 0, 0x0b]);
        m
    }

    fn section(m: &mut Vec<u8>, id: u8, body: &[u8]) {
        m.push(id);
        leb(m, body.len() as u64);
        m.extend_from_slice(body);
    }

    const GLUE: &str = r#"function __wbg_get_imports() {
    const import0 = {
        __wbg_log_0123456789abcdef: function(a) { console.log(a); },
        __wbg_now_fedcba9876543210: function() { return Date.now(); },
        __wbg_memory_00: memory,
        __wbindgen_init_externref_table: function() { wasm.memory; },
    };
    return { "./m_bg.js": import0 };
}
export function mount() { wasm.mount(); }
function invoke(a) { wasm.wasm_bindgen_closure_invoke_long_name(a); }
let memory = new WebAssembly.Memory({ initial: 1 });
"#;

    /// The imports and exports a module names, as (module, name) and name lists.
    fn names(wasm: &[u8]) -> (Vec<(String, String)>, Vec<String>) {
        let (mut imports, mut exports) = (Vec::new(), Vec::new());
        for (id, body) in sections(wasm).unwrap() {
            let mut r = Reader { bytes: body, at: 0 };
            if id == 2 {
                for _ in 0..r.u64().unwrap() {
                    let (m, n) = (r.name().unwrap(), r.name().unwrap());
                    if r.byte().unwrap() == 2 {
                        r.limits().unwrap();
                    } else {
                        r.u64().unwrap();
                    }
                    imports.push((m, n));
                }
            }
            if id == 7 {
                for _ in 0..r.u64().unwrap() {
                    exports.push(r.name().unwrap());
                    r.byte().unwrap();
                    r.u64().unwrap();
                }
            }
        }
        (imports, exports)
    }

    #[test]
    fn imports_and_exports_get_short_names_in_the_module_and_the_glue_alike() {
        let (wasm, glue, imports, exports) = shorten(&module(), GLUE, "./m_bg.js").unwrap();
        let (i, e) = names(&wasm);
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(i, pairs(&[("a", "a"), ("a", "b"), ("a", "c"), ("a", "d")]));
        // `memory` and `mount` are also names of the glue's own, so they keep theirs.
        assert_eq!(e, ["memory", "a", "mount"]);
        assert_eq!((imports, exports), (4, 1));
        assert_eq!(
            glue,
            r#"function __wbg_get_imports() {
    const import0 = {
        a: function(a) { console.log(a); },
        b: function() { return Date.now(); },
        d: memory,
        c: function() { wasm.memory; },
    };
    return { "a": import0 };
}
export function mount() { wasm.mount(); }
function invoke(a) { wasm.a(a); }
let memory = new WebAssembly.Memory({ initial: 1 });
"#
        );
        // Everything after the names is as it was: the same sections, the same bytes.
        let original = module();
        let (before, after) = (sections(&original).unwrap(), sections(&wasm).unwrap());
        assert_eq!(before.iter().map(|s| s.0).collect::<Vec<_>>(), after.iter().map(|s| s.0).collect::<Vec<_>>());
        for (b, a) in before.iter().zip(&after).filter(|(b, _)| b.0 != 2 && b.0 != 7) {
            assert_eq!(b.1, a.1);
        }
    }

    #[test]
    fn a_glue_of_another_shape_changes_nothing() {
        let twice = GLUE.replace("wasm.memory;", "wasm.memory; __wbg_log_0123456789abcdef;");
        assert!(shorten(&module(), &twice, "./m_bg.js").unwrap_err().contains("__wbg_log_0123456789abcdef 2 times"));
        assert!(shorten(&module(), GLUE, "./other_bg.js").is_err());
        assert!(shorten(b"not wasm", GLUE, "./m_bg.js").is_err());
        let mut cut = module();
        cut.truncate(cut.len() - 3);
        assert!(shorten(&cut, GLUE, "./m_bg.js").is_err());
    }

    #[test]
    fn short_names_are_distinct_letters() {
        let names: Vec<String> = (0..52 * 53 + 1).map(short_name).collect();
        assert_eq!((names[0].as_str(), names[25].as_str(), names[26].as_str(), names[51].as_str(), names[52].as_str()), ("a", "z", "A", "Z", "aa"));
        let distinct: std::collections::HashSet<&String> = names.iter().collect();
        assert_eq!(distinct.len(), names.len());
        assert!(names.iter().all(|n| n.bytes().all(|b| b.is_ascii_alphabetic())));
        assert_eq!(names.last().map(String::len), Some(3));
    }
}
