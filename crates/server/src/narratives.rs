//! The JSON of the narrative pages: the overview of catalog and discovered narratives, and
//! one narrative with its documents, evidence sentences, timeline and lineage links.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use narrascope_core::{Claim, DocId, NarrativeEvidence};
use narrascope_corpus::{
    DiscoveredNarrative, NarrativeCount, NarrativeDocument, Store, StoreError, StoredLink, is_month,
};
use narrascope_kb::narratives::{Catalogs, NarrativeDef};
use serde_json::{Value, json};

/// Which of a narrative's documents to return with evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: usize,
    pub offset: usize,
}

/// Catalog narratives with their counts (and the parents heading them), discovered
/// narratives, and lineage link counts by kind.
pub fn overview(store: &Store, catalogs: &Catalogs) -> Result<Value, StoreError> {
    let counts = store.narrative_counts()?;
    let mut items: Vec<Value> = counts.iter().map(|c| count_json(c, catalogs)).collect();
    // A parent with no document of its own still heads its children.
    let present: HashSet<&str> = counts.iter().map(|c| c.narrative.as_str()).collect();
    let parents: BTreeSet<&str> = counts
        .iter()
        .filter_map(|c| catalogs.get(&c.narrative)?.parent.as_deref())
        .filter(|p| !present.contains(p))
        .collect();
    for p in parents {
        let mut v = def_fields(p, catalogs);
        v["documents"] = json!(0);
        v["languages"] = json!([]);
        v["outlets"] = json!([]);
        v["first_date"] = Value::Null;
        v["last_date"] = Value::Null;
        items.push(v);
    }
    let links = store.links(&[])?;
    let mut by_kind: BTreeMap<&str, u64> = BTreeMap::new();
    for l in &links {
        *by_kind.entry(l.kind.as_str()).or_default() += 1;
    }
    let discovered: Vec<Value> = store.discovered()?.iter().map(discovered_json).collect();
    Ok(json!({
        "documents": store.document_count()?,
        "catalog_narratives": catalogs.len(),
        "narratives": items,
        "discovered": discovered,
        "links": { "total": links.len(), "by_kind": by_kind },
    }))
}

/// One narrative: a catalog id, an id only stored matches know, or a discovered `d-…` id.
/// `None` when nothing knows `id`.
pub fn detail(
    store: &Store,
    catalogs: &Catalogs,
    id: &str,
    page: Page,
) -> Result<Option<Value>, StoreError> {
    let def = catalogs.get(id);
    let discovered = match def {
        Some(_) => None,
        None => store.discovered()?.into_iter().find(|d| d.id == id),
    };
    let docs = match &discovered {
        Some(d) => store.discovered_documents(d)?,
        None => store.narrative_documents(id)?,
    };
    if def.is_none() && discovered.is_none() && docs.is_empty() {
        return Ok(None);
    }
    let by_id: HashMap<&str, &NarrativeDocument> =
        docs.iter().map(|d| (d.doc_id.as_str(), d)).collect();
    // Filtered here with a hash lookup: `links(&ids)` scans the id list for every link.
    let links: Vec<StoredLink> = match docs.is_empty() {
        true => Vec::new(),
        false => store
            .links(&[])?
            .into_iter()
            .filter(|l| {
                by_id.contains_key(l.source.as_str()) && by_id.contains_key(l.target.as_str())
            })
            .collect(),
    };
    let shown = docs
        .iter()
        .skip(page.offset)
        .take(page.limit)
        .map(|d| member_json(store, d))
        .collect::<Result<Vec<_>, _>>()?;
    let (timeline, undated) = timeline(&docs);
    let first = docs.iter().find(|d| d.date.is_some()).or(docs.first());
    let languages: BTreeSet<&str> = docs.iter().filter_map(|d| d.lang.as_deref()).collect();
    let outlets: BTreeSet<&str> = docs.iter().filter_map(|d| d.outlet.as_deref()).collect();
    let definition = match def {
        Some(d) => definition_json(d, catalogs, store)?,
        None => Value::Null,
    };
    Ok(Some(json!({
        "id": id,
        "kind": if discovered.is_some() { "discovered" } else { "catalog" },
        "definition": definition,
        "discovered": discovered.as_ref().map(discovered_json),
        "documents_total": docs.len(),
        "languages": languages,
        "outlets": outlets,
        "first_seen": first.map(doc_facts),
        "timeline": timeline,
        "undated": undated,
        "limit": page.limit,
        "offset": page.offset,
        "documents": shown,
        "links": links.iter().map(|l| link_json(l, &by_id)).collect::<Vec<_>>(),
    })))
}

/// One evidence item with its sentence text and, for a claim, the claim key.
pub fn evidence_json(e: &NarrativeEvidence, text: Option<&str>, claims: &[Claim]) -> Value {
    json!({
        "sentence": e.sentence,
        "start": e.span.start,
        "end": e.span.end,
        "text": text.and_then(|t| e.span.slice(t)),
        "claim": e.claim,
        "claim_key": e.claim.and_then(|c| claims.get(c)).map(|c| c.key.as_str()),
        "similarity": e.similarity,
        "exemplar": e.exemplar,
    })
}

/// Id, title, parent and catalog of a narrative id, as far as the catalogs know it.
fn def_fields(id: &str, catalogs: &Catalogs) -> Value {
    let def = catalogs.get(id);
    let parent = def.and_then(|d| d.parent.as_deref());
    json!({
        "id": id,
        "title": def.map(|d| d.title.as_str()),
        "parent": parent,
        "parent_title": parent.and_then(|p| catalogs.get(p)).map(|p| p.title.as_str()),
        "catalog": catalogs.catalog_of(id).map(|c| c.id.as_str()),
    })
}

fn count_json(c: &NarrativeCount, catalogs: &Catalogs) -> Value {
    let mut v = def_fields(&c.narrative, catalogs);
    v["documents"] = json!(c.documents);
    v["languages"] = json!(c.languages);
    v["outlets"] = json!(c.outlets);
    v["first_date"] = json!(c.first_date);
    v["last_date"] = json!(c.last_date);
    v
}

fn definition_json(
    d: &NarrativeDef,
    catalogs: &Catalogs,
    store: &Store,
) -> Result<Value, StoreError> {
    let children = catalogs.children(&d.id);
    let counts: HashMap<String, u64> = match children.is_empty() {
        true => HashMap::new(),
        false => store
            .narrative_counts()?
            .into_iter()
            .map(|c| (c.narrative, c.documents))
            .collect(),
    };
    let mut v = def_fields(&d.id, catalogs);
    v["description"] = json!(d.description);
    v["label"] = json!(d.label);
    v["catalog_title"] = json!(catalogs.catalog_of(&d.id).map(|c| c.title.as_str()));
    v["children"] = children
        .iter()
        .map(|c| json!({ "id": c.id, "title": c.title, "documents": counts.get(&c.id).copied().unwrap_or(0) }))
        .collect();
    Ok(v)
}

/// The stored discovered narrative with the fields of its data the pages show.
fn discovered_json(d: &DiscoveredNarrative) -> Value {
    let list = |k: &str| match &d.data[k] {
        Value::Array(a) => Value::Array(a.clone()),
        _ => json!([]),
    };
    json!({
        "id": d.id,
        "label": d.label,
        "documents": d.documents,
        "key": d.data["key"],
        "negated": d.data["negated"],
        "languages": list("languages"),
        "outlets": list("outlets"),
        "first_seen": d.data["first_seen"],
        "first_document": d.data["first_document"],
        "representatives": list("representatives"),
        "members": list("documents"),
    })
}

fn member_json(store: &Store, d: &NarrativeDocument) -> Result<Value, StoreError> {
    let stored = store.get(&DocId(d.doc_id.clone()))?;
    let text = stored.as_ref().map(|s| s.doc.text.as_str());
    let claims = stored.as_ref().map_or(&[][..], |s| &s.claims[..]);
    let mut v = doc_facts(d);
    v["score"] = json!(d.score);
    v["evidence"] = d
        .evidence
        .iter()
        .map(|e| evidence_json(e, text, claims))
        .collect();
    Ok(v)
}

fn doc_facts(d: &NarrativeDocument) -> Value {
    json!({ "id": d.doc_id, "title": d.title, "outlet": d.outlet, "lang": d.lang, "date": d.date })
}

fn link_json(l: &StoredLink, docs: &HashMap<&str, &NarrativeDocument>) -> Value {
    let end = |id: &str| {
        docs.get(id)
            .map_or_else(|| json!({ "id": id }), |d| doc_facts(d))
    };
    json!({
        "source": end(&l.source),
        "target": end(&l.target),
        "kind": l.kind,
        "lag_seconds": l.lag_seconds,
        "lag_days": l.lag_seconds.map(|s| s / 86_400),
        "jaccard": l.jaccard,
        "alignment": l.alignment,
    })
}

/// Documents per month (`YYYY-MM`, ascending) and how many have no month.
fn timeline(docs: &[NarrativeDocument]) -> (Vec<Value>, usize) {
    let mut months: BTreeMap<&str, usize> = BTreeMap::new();
    let mut undated = 0;
    for d in docs {
        match d
            .date
            .as_deref()
            .and_then(|x| x.get(..7))
            .filter(|m| is_month(m))
        {
            Some(m) => *months.entry(m).or_default() += 1,
            None => undated += 1,
        }
    }
    let months = months
        .into_iter()
        .map(|(m, n)| json!({ "month": m, "count": n }))
        .collect();
    (months, undated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, date: Option<&str>) -> NarrativeDocument {
        NarrativeDocument {
            doc_id: id.into(),
            title: None,
            outlet: None,
            lang: None,
            date: date.map(str::to_string),
            score: 0.5,
            evidence: Vec::new(),
        }
    }

    #[test]
    fn timeline_groups_by_month_and_counts_undated() {
        let docs = [
            doc("a", Some("2024-03-01")),
            doc("b", Some("2024-03-20")),
            doc("c", Some("2023-12")),
            doc("d", Some("2024")),
            doc("e", None),
        ];
        let (months, undated) = timeline(&docs);
        assert_eq!(
            months,
            vec![
                json!({ "month": "2023-12", "count": 1 }),
                json!({ "month": "2024-03", "count": 2 })
            ]
        );
        assert_eq!(undated, 2, "a year alone has no month");
    }
}
