//! Checks on loaded catalogs, run by `narrascope kb check`.

use std::collections::{BTreeSet, HashMap};

use serde::Deserialize;

use super::Catalogs;
use super::model::{Catalog, NarrativeDef, Signature};
use crate::kb::Kb;
use crate::model::EntityType;
use crate::sources::SHIPPED_RELATIONS;
use crate::validate::Issue;

#[derive(Deserialize)]
struct RelationFile {
    #[serde(default)]
    relation: Vec<RelationId>,
}

#[derive(Deserialize)]
struct RelationId {
    id: String,
}

/// The relation ids of the shipped relation lexicon (`kb/relations.toml`).
pub fn relation_ids() -> BTreeSet<String> {
    toml::from_str::<RelationFile>(SHIPPED_RELATIONS)
        .map(|f| f.relation.into_iter().map(|r| r.id).collect())
        .unwrap_or_default()
}

fn is_slug_part(s: &str) -> bool {
    !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn is_lang(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_lowercase())
}

struct Ctx<'a> {
    kb: &'a Kb,
    relations: &'a BTreeSet<String>,
    file: &'a str,
}

impl Ctx<'_> {
    fn err(&self, out: &mut Vec<Issue>, id: &str, msg: String) {
        out.push(Issue::error(self.file, Some(id), msg));
    }
}

/// Every check on every catalog; see [`Catalogs::validate`].
pub(super) fn catalogs(cats: &Catalogs, kb: &Kb) -> Vec<Issue> {
    let relations = relation_ids();
    let mut out = Vec::new();
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for c in &cats.catalogs {
        let ctx = Ctx {
            kb,
            relations: &relations,
            file: &c.file,
        };
        if !is_slug_part(&c.id) {
            out.push(Issue::error(
                &c.file,
                None,
                format!(
                    "malformed catalog id {:?}: use lower-case letters, digits and `-`",
                    c.id
                ),
            ));
        }
        if c.title.trim().is_empty() {
            out.push(Issue::error(
                &c.file,
                None,
                "catalog has an empty title".into(),
            ));
        }
        for n in &c.narratives {
            if let Some(first) = seen.insert(&n.id, &c.file) {
                ctx.err(
                    &mut out,
                    &n.id,
                    format!("duplicate id, already defined in {first}"),
                );
            }
            narrative(&ctx, c, n, &mut out);
        }
        labels_and_others(&ctx, c, &mut out);
    }
    out
}

fn narrative(ctx: &Ctx, c: &Catalog, n: &NarrativeDef, out: &mut Vec<Issue>) {
    let id = n.id.as_str();
    let prefix = format!("{}/", c.id);
    let Some(slug) = id.strip_prefix(&prefix) else {
        ctx.err(
            out,
            id,
            format!("id must start with the catalog id {prefix:?}"),
        );
        return;
    };
    let parts: Vec<&str> = slug.split('/').collect();
    if !parts.iter().all(|p| is_slug_part(p)) {
        let msg = format!(
            "malformed slug {slug:?}: use lower-case letters, digits and `-`, \
             one `/` between parent and child"
        );
        ctx.err(out, id, msg);
    }
    if parts.len() > 2 {
        ctx.err(
            out,
            id,
            "three levels: narratives nest two levels at most".into(),
        );
    }
    if n.title.trim().is_empty() {
        ctx.err(out, id, "empty title".into());
    }
    if n.description.trim().is_empty() {
        ctx.err(out, id, "empty description".into());
    }
    if let Some(p) = &n.parent {
        parent(ctx, c, n, p, &parts, out);
    }
    for (what, map) in [("keywords", &n.keywords), ("exemplars", &n.exemplars)] {
        for (lang, items) in map {
            if !is_lang(lang) {
                ctx.err(
                    out,
                    id,
                    format!("{what}.{lang}: not a 2-letter lower-case language code"),
                );
            }
            if items.iter().any(|s| s.trim().is_empty()) {
                ctx.err(out, id, format!("{what}.{lang}: empty entry"));
            }
        }
    }
    for (i, s) in n.signatures.iter().enumerate() {
        signature(ctx, id, i + 1, s, out);
    }
    let has_children = c.narratives.iter().any(|k| k.parent.as_deref() == Some(id));
    let exemplars = n.exemplars.values().any(|v| !v.is_empty());
    let relies_on_children = n.parent.is_none() && has_children;
    if !(exemplars || !n.signatures.is_empty() || n.other || relies_on_children) {
        ctx.err(
            out,
            id,
            "no exemplars and no signatures: nothing can match it".into(),
        );
    }
}

fn parent(ctx: &Ctx, c: &Catalog, n: &NarrativeDef, p: &str, parts: &[&str], out: &mut Vec<Issue>) {
    let id = n.id.as_str();
    if p == id {
        ctx.err(out, id, "is its own parent".into());
        return;
    }
    match c.narratives.iter().find(|k| k.id == p) {
        None => ctx.err(
            out,
            id,
            format!("parent {p:?} is not a narrative of catalog {:?}", c.id),
        ),
        Some(k) if k.parent.is_some() => ctx.err(
            out,
            id,
            format!(
                "three levels: parent {p:?} is itself a child; narratives nest two levels at most"
            ),
        ),
        Some(_) => {}
    }
    if parts.len() == 2 && p != format!("{}/{}", c.id, parts[0]) {
        ctx.err(
            out,
            id,
            format!("slug names parent {:?} but `parent` is {p:?}", parts[0]),
        );
    }
}

fn signature(ctx: &Ctx, id: &str, i: usize, s: &Signature, out: &mut Vec<Issue>) {
    let at = format!("signature {i}");
    for (what, items) in [
        ("subject", &s.subject),
        ("relation", &s.relation),
        ("object", &s.object),
    ] {
        if items.is_empty() {
            ctx.err(
                out,
                id,
                format!("{at}: empty {what} list (use [\"*\"] for any)"),
            );
        }
    }
    for r in &s.relation {
        if r != "*" && !ctx.relations.contains(r) {
            let known: Vec<_> = ctx.relations.iter().map(String::as_str).collect();
            ctx.err(
                out,
                id,
                format!("{at}: unknown relation {r:?} (known: {})", known.join(", ")),
            );
        }
    }
    for item in s.subject.iter().chain(&s.object) {
        if item == "*" {
            continue;
        }
        if let Some(t) = item.strip_prefix("type:") {
            if EntityType::parse(t).is_none() {
                ctx.err(out, id, format!("{at}: unknown entity type {t:?}"));
            }
        } else if ctx.kb.get(item).is_none() {
            ctx.err(
                out,
                id,
                format!("{at}: unknown entity {item:?} (not in the knowledge base)"),
            );
        }
    }
    if !(s.weight > 0.0 && s.weight <= 1.0) {
        ctx.err(
            out,
            id,
            format!("{at}: weight {} is not in (0, 1]", s.weight),
        );
    }
}

fn labels_and_others(ctx: &Ctx, c: &Catalog, out: &mut Vec<Issue>) {
    let mut labels: HashMap<&str, &str> = HashMap::new();
    let mut others: HashMap<Option<&str>, &str> = HashMap::new();
    for n in &c.narratives {
        if let Some(l) = &n.label {
            if l.trim().is_empty() {
                ctx.err(out, &n.id, "empty label".into());
            } else if let Some(first) = labels.insert(l, &n.id) {
                ctx.err(
                    out,
                    &n.id,
                    format!("label {l:?} is already used by {first}"),
                );
            }
        }
        if n.other
            && let Some(first) = others.insert(n.parent.as_deref(), &n.id)
        {
            let whose = n.parent.as_deref().unwrap_or("the catalog");
            ctx.err(
                out,
                &n.id,
                format!("{whose} already has an `other` narrative: {first}"),
            );
        }
    }
}
