//! Markdown front matter (`---` YAML-style or `+++` TOML-style `key: value` lines):
//! source metadata, taken out of the text.

use narrascope_core::Metadata;

use crate::dates::parse_source_date;

/// Moves simple front-matter fields into `meta` and returns the text after it.
/// Text without (well-formed) front matter is returned unchanged.
pub fn front_matter(text: String, meta: &mut Metadata) -> String {
    let body = text.strip_prefix('\u{FEFF}').unwrap_or(&text);
    let fence = if body.starts_with("---\n") || body.starts_with("---\r\n") {
        "---"
    } else if body.starts_with("+++\n") || body.starts_with("+++\r\n") {
        "+++"
    } else {
        return text;
    };
    let mut lines = body.split_inclusive('\n');
    let mut consumed = lines.next().map_or(0, str::len);
    let mut fields = Vec::new();
    let mut closed = false;
    for line in lines {
        consumed += line.len();
        let l = line.trim_end();
        if l == fence || (fence == "---" && l == "...") {
            closed = true;
            break;
        }
        if line.starts_with([' ', '\t', '-']) {
            continue;
        }
        let sep = if fence == "+++" { '=' } else { ':' };
        if let Some((k, v)) = l.split_once(sep) {
            let v = v.trim().trim_matches(['"', '\'']).trim();
            if !v.is_empty() {
                fields.push((k.trim().to_ascii_lowercase(), v.to_owned()));
            }
        }
        if consumed > 16 * 1024 {
            break;
        }
    }
    if !closed {
        return text;
    }
    for (k, v) in fields {
        let slot = match k.as_str() {
            "title" => &mut meta.title,
            "author" | "byline" => &mut meta.author,
            "url" | "link" | "canonical" | "canonicalurl" | "canonical_url" => &mut meta.url,
            "lang" | "language" => &mut meta.declared_lang,
            "source" | "site" | "outlet" | "publisher" => &mut meta.outlet,
            "date" | "published" | "pubdate" | "publishdate" => {
                if meta.date.is_none() {
                    meta.date = parse_source_date(&v, &k);
                }
                continue;
            }
            _ => {
                if v.len() <= 300 {
                    meta.extra.entry(k).or_insert(v);
                }
                continue;
            }
        };
        if slot.is_none() {
            *slot = Some(v);
        }
    }
    let offset = text.len() - body.len() + consumed;
    text[offset..].trim_start_matches(['\r', '\n']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter() {
        let mut m = Metadata::default();
        let t = front_matter(
            "---\ntitle: \"Un titre\"\ndate: 2024-02-03\ntags:\n  - a\nlang: fr\n---\n\n# Titre\n\nCorps.".into(),
            &mut m,
        );
        assert_eq!(t, "# Titre\n\nCorps.");
        assert_eq!(m.title.as_deref(), Some("Un titre"));
        assert_eq!(m.date.unwrap().value, "2024-02-03");
        assert_eq!(m.declared_lang.as_deref(), Some("fr"));
        let mut m = Metadata::default();
        let t = front_matter("+++\nauthor = 'Ann'\n+++\nBody".into(), &mut m);
        assert_eq!((t.as_str(), m.author.as_deref()), ("Body", Some("Ann")));
    }

    #[test]
    fn unclosed_or_absent_front_matter_leaves_text() {
        let mut m = Metadata::default();
        let s = "---\ntitle: x\nno end".to_owned();
        assert_eq!(front_matter(s.clone(), &mut m), s);
        assert_eq!(front_matter("# Plain".into(), &mut m), "# Plain");
        assert_eq!(m, Metadata::default());
    }
}
