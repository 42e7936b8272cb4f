//! Writing one narrative back in the catalog file schema, e.g. to append a narrative
//! promoted from a discovered cluster to a user catalog.

use std::fmt::Write as _;

use super::model::{NarrativeDef, PerLang, SignaturePolarity};

/// A TOML basic string.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    let v: Vec<String> = items.iter().map(|s| quote(s)).collect();
    format!("[{}]", v.join(", "))
}

/// Writes `what.lang = [...]` lines, one list item per line when there are several.
fn per_lang(out: &mut String, what: &str, map: &PerLang) {
    for (lang, items) in map {
        let key = if lang
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            lang.clone()
        } else {
            quote(lang)
        };
        if items.len() <= 1 {
            let _ = writeln!(out, "{what}.{key} = {}", list(items));
        } else {
            let _ = writeln!(out, "{what}.{key} = [");
            for s in items {
                let _ = writeln!(out, "    {},", quote(s));
            }
            let _ = writeln!(out, "]");
        }
    }
}

/// The part of a narrative id after its catalog id.
fn slug(id: &str) -> &str {
    id.split_once('/').map_or(id, |(_, s)| s)
}

/// The TOML text of one `[[narrative]]` entry (with its signatures) in the catalog file
/// schema, ready to be appended to the catalog file whose id prefixes `def.id`.
pub fn render_narrative(def: &NarrativeDef) -> String {
    let mut out = String::from("[[narrative]]\n");
    let _ = writeln!(out, "id = {}", quote(slug(&def.id)));
    if let Some(l) = &def.label {
        let _ = writeln!(out, "label = {}", quote(l));
    }
    let _ = writeln!(out, "title = {}", quote(&def.title));
    let _ = writeln!(out, "description = {}", quote(&def.description));
    if let Some(p) = &def.parent {
        let cat = def.id.split_once('/').map_or("", |(c, _)| c);
        let p = p
            .strip_prefix(cat)
            .and_then(|r| r.strip_prefix('/'))
            .unwrap_or(p);
        let _ = writeln!(out, "parent = {}", quote(p));
    }
    if def.other {
        out.push_str("other = true\n");
    }
    per_lang(&mut out, "keywords", &def.keywords);
    per_lang(&mut out, "exemplars", &def.exemplars);
    for s in &def.signatures {
        out.push_str("\n[[narrative.signature]]\n");
        let _ = writeln!(out, "subject = {}", list(&s.subject));
        let _ = writeln!(out, "relation = {}", list(&s.relation));
        let _ = writeln!(out, "object = {}", list(&s.object));
        let pol = match s.polarity {
            SignaturePolarity::Affirmed => None,
            SignaturePolarity::Negated => Some("negated"),
            SignaturePolarity::Any => Some("any"),
        };
        if let Some(p) = pol {
            let _ = writeln!(out, "polarity = \"{p}\"");
        }
        let w = s.weight;
        let w = match (w.is_nan(), w.is_infinite()) {
            (true, _) => "nan".to_string(),
            (_, true) if w > 0.0 => "inf".to_string(),
            (_, true) => "-inf".to_string(),
            _ => format!("{w:?}"),
        };
        let _ = writeln!(out, "weight = {w}");
    }
    out
}
