//! Checks run by `narrascope kb check` and on every load.

use std::collections::BTreeMap;
use std::fmt;

use crate::fold::key;
use crate::kb::Kb;
use crate::model::EntityType;
use crate::raw::RawEntity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// A problem in a knowledge-base file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub severity: Severity,
    pub file: String,
    pub entity: Option<String>,
    pub message: String,
}

impl Issue {
    pub fn error(file: &str, entity: Option<&str>, message: String) -> Issue {
        Issue {
            severity: Severity::Error,
            file: file.to_string(),
            entity: entity.map(str::to_string),
            message,
        }
    }

    pub fn warning(file: &str, entity: Option<&str>, message: String) -> Issue {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(file, entity, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match &self.entity {
            Some(e) => write!(f, "{sev}: {}: {e}: {}", self.file, self.message),
            None => write!(f, "{sev}: {}: {}", self.file, self.message),
        }
    }
}

/// Whether `s` is a well-formed Wikidata QID (`Q` and a number without leading zero).
pub fn is_qid(s: &str) -> bool {
    let Some(n) = s.strip_prefix('Q') else {
        return false;
    };
    !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is a well-formed local id: `ns:` then lower-case letters, digits, `-`, `.`, `_`.
pub fn is_local_id(s: &str) -> bool {
    let Some(n) = s.strip_prefix("ns:") else {
        return false;
    };
    n.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && n.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-._".contains(&b))
}

fn is_lang(s: &str) -> bool {
    s == "all" || ((2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Checks on one entity as written: id and QID shape, type, language codes, empty forms.
pub fn raw_entity(file: &str, e: &RawEntity) -> Vec<Issue> {
    let mut v = Vec::new();
    let id = Some(e.id.as_str());
    if !is_qid(&e.id) && !is_local_id(&e.id) {
        v.push(Issue::error(
            file,
            id,
            format!(
                "malformed id {:?}: use a Wikidata QID like Q30 or a local id like ns:my-entity",
                e.id
            ),
        ));
    }
    if let Some(q) = &e.qid
        && !is_qid(q)
    {
        v.push(Issue::error(file, id, format!("malformed qid {q:?}")));
    }
    if let Some(t) = &e.kind
        && EntityType::parse(t).is_none()
    {
        let known: Vec<_> = EntityType::ALL.iter().map(|t| t.as_str()).collect();
        v.push(Issue::error(
            file,
            id,
            format!("unknown type {t:?} (known: {})", known.join(", ")),
        ));
    }
    for (what, map) in [
        ("names", &e.names),
        ("acronyms", &e.acronyms),
        ("demonyms", &e.demonyms),
        ("metonyms", &e.metonyms),
    ] {
        for (lang, forms) in map {
            if !is_lang(lang) {
                v.push(Issue::error(
                    file,
                    id,
                    format!(
                        "{what}.{lang}: not a language code (use ISO 639-1 like `fr`, or `all`)"
                    ),
                ));
            }
            if forms.iter().any(|f| key(f, false).is_empty()) {
                v.push(Issue::error(file, id, format!("{what}.{lang}: empty form")));
            }
        }
    }
    v
}

/// `part_of` and `related` must name known entities.
pub fn references(kb: &Kb) -> Vec<Issue> {
    let mut v = Vec::new();
    for e in kb.entities() {
        for r in e.part_of.iter().chain(&e.related) {
            if kb.get(r).is_none() {
                v.push(Issue::warning(
                    &e.files[0],
                    Some(&e.id),
                    format!("refers to unknown entity {r}"),
                ));
            }
        }
    }
    v
}

/// Forms written for more than one entity (compared folded) are errors unless every
/// entity sharing the form lists it under `ambiguous`.
pub fn collisions(kb: &Kb) -> Vec<Issue> {
    let mut owners: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, e) in kb.entities().iter().enumerate() {
        for a in &e.aliases {
            let v = owners.entry(key(&a.text, false)).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (form, ids) in owners.iter().filter(|(_, v)| v.len() > 1) {
        let es: Vec<_> = ids.iter().map(|&i| &kb.entities()[i]).collect();
        let unmarked: Vec<_> = es.iter().filter(|e| !e.is_ambiguous(form)).collect();
        if unmarked.is_empty() {
            continue;
        }
        let all: Vec<String> = es
            .iter()
            .map(|e| format!("{} ({})", e.id, e.label))
            .collect();
        for e in unmarked {
            out.push(Issue::error(
                &e.files[0],
                Some(&e.id),
                format!(
                    "form {form:?} is shared by {}; list it under `ambiguous` in each of them, or remove it",
                    all.join(", ")
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::Source;

    fn check(text: &str) -> Vec<Issue> {
        let src = Source {
            name: "kb/entities/t.toml".into(),
            text: text.into(),
        };
        Kb::from_layers(&[vec![src]]).unwrap().1
    }

    #[test]
    fn id_shapes() {
        assert!(is_qid("Q30") && !is_qid("Q030") && !is_qid("Q") && !is_qid("q30"));
        assert!(is_local_id("ns:al-tanf") && !is_local_id("ns:Al") && !is_local_id("x:a"));
    }

    #[test]
    fn reports_malformed_ids_types_and_langs() {
        let issues = check(
            "[[entity]]\nid = \"Q3x\"\ntype = \"country\"\nnames.english = [\"X\"]\nqid = \"W1\"\n",
        );
        let text: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
        let all = text.join("\n");
        assert!(all.contains("malformed id \"Q3x\""), "{all}");
        assert!(all.contains("unknown type \"country\""), "{all}");
        assert!(all.contains("names.english"), "{all}");
        assert!(all.contains("malformed qid"), "{all}");
        assert!(
            text.iter()
                .all(|t| t.starts_with("error: kb/entities/t.toml: Q3x: "))
        );
    }

    #[test]
    fn collisions_need_ambiguous_on_both_sides() {
        let two = |amb_a: &str, amb_b: &str| {
            check(&format!(
                "[[entity]]\nid = \"Q230\"\ntype = \"state\"\nnames.en = [\"Georgia\"]\n{amb_a}\
                 [[entity]]\nid = \"Q1428\"\ntype = \"place\"\nnames.en = [\"GEORGIA\"]\n{amb_b}"
            ))
        };
        let amb = "ambiguous = [\"Georgia\"]\n";
        assert_eq!(two("", "").len(), 2);
        let one = two(amb, "");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].entity.as_deref(), Some("Q1428"));
        assert!(one[0].message.contains("Q230 (Georgia)"));
        assert!(two(amb, amb).is_empty());
    }

    #[test]
    fn unknown_references_are_warnings() {
        let issues = check("[[entity]]\nid = \"Q1\"\ntype = \"place\"\npart_of = \"Q2\"\n");
        assert_eq!(issues.len(), 1);
        assert!(!issues[0].is_error());
    }
}
