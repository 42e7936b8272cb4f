//! The derived facet table against the tables it is derived from.

use std::collections::BTreeSet;

use narrascope_core::{NarrativeMatch, TechniqueSpan};

use super::*;
use crate::Rhetoric;

type Rows = BTreeSet<(String, i64, String)>;

fn rows(store: &Store, sql: &str) -> Rows {
    let mut s = store.conn.prepare(sql).unwrap();
    s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// (document, kind, value) as the facet table holds them.
fn table(store: &Store) -> Rows {
    rows(
        store,
        "SELECT s.doc_id, f.kind, v.value FROM search_facets f
         JOIN search_docs s ON s.num = f.num JOIN search_values v ON v.id = f.value
         UNION ALL SELECT s.doc_id, v.kind, v.value FROM search_docs s
         JOIN search_values v ON v.id IN (s.f_lang, s.f_outlet, s.f_format, s.f_year)",
    )
}

/// (document, kind, value) computed from the source tables.
fn derived(store: &Store) -> Rows {
    rows(
        store,
        "SELECT id, 0, lang FROM documents WHERE lang IS NOT NULL
         UNION SELECT id, 1, outlet FROM documents WHERE outlet IS NOT NULL
         UNION SELECT id, 2, format FROM documents
         UNION SELECT id, 3, substr(date, 1, 4) FROM documents WHERE date IS NOT NULL
         UNION SELECT c.doc_id, 4, j.value ->> 0 FROM doc_counts c, json_each(c.mentions) j
               WHERE j.value ->> 0 IS NOT NULL
         UNION SELECT c.doc_id, 5, j.value ->> 0 FROM doc_counts c, json_each(c.claims) j
         UNION SELECT doc_id, 6, narrative FROM narrative_matches
         UNION SELECT doc_id, 7, technique FROM technique_spans",
    )
}

fn technique(name: &str, at: usize) -> TechniqueSpan {
    TechniqueSpan {
        technique: name.into(),
        family: "f".into(),
        span: Span::new(at, at + 3),
        score: 0.9,
        evidence: vec![],
    }
}

fn narrative(id: &str) -> NarrativeMatch {
    NarrativeMatch {
        narrative: id.into(),
        score: 0.8,
        evidence: vec![],
    }
}

fn rhetoric(techniques: Vec<TechniqueSpan>) -> Rhetoric {
    Rhetoric {
        techniques,
        ..Default::default()
    }
}

fn claim(key: &str) -> narrascope_core::Claim {
    let s = Span::new(0, 3);
    narrascope_core::Claim {
        subject: "Q30".into(),
        relation: "sanction".into(),
        object: "Q159".into(),
        key: key.into(),
        evidence: s,
        trigger: s,
        subject_span: s,
        object_span: s,
        polarity: narrascope_core::Polarity::Affirmed,
        modality: narrascope_core::Modality::Asserted,
        source: None,
        sentence: 0,
    }
}

/// The test corpus with claims in documents 2 and 4.
fn claimed() -> Vec<Analysis> {
    let mut docs = corpus();
    docs[1].claims = vec![claim("Q30|sanction|Q159"), claim("Q30|deny|Q159")];
    docs[3].claims = vec![claim("Q30|sanction|Q159")];
    docs
}

fn id(n: u32) -> DocId {
    DocId(format!("{n:016x}"))
}

#[test]
fn facet_table_follows_writes_reanalysis_and_deletion() {
    let (_d, mut store) = store_with(&claimed());
    store
        .in_transaction(|t| {
            t.put_narratives(&id(1), "m", &[narrative("pensions")])?;
            t.put_narratives(&id(2), "m", &[narrative("energy"), narrative("pensions")])?;
            let two = vec![technique("Doubt", 0), technique("Doubt", 10)];
            t.put_rhetoric(&id(2), "d", &rhetoric(two))?;
            t.put_rhetoric(&id(3), "d", &rhetoric(vec![technique("Loaded", 0)]))
        })
        .unwrap();
    let before = table(&store);
    assert_eq!(before, derived(&store));
    // every kind is present, the two Doubt spans of one document count once
    let kinds: BTreeSet<i64> = before.iter().map(|r| r.1).collect();
    assert_eq!(kinds.len(), 8, "{before:?}");
    assert!(before.contains(&(id(2).0, 7, "Doubt".into())));

    // re-analysis: new language, outlet, date and actors; narratives and rhetoric dropped
    let mut again = claimed()[1].clone();
    again.claims.truncate(1);
    again.doc.lang = Some(LangGuess {
        code: "de".into(),
        confidence: 0.8,
    });
    again.doc.meta.outlet = Some("Other Desk".into());
    again.doc.meta.date = None;
    again.mentions.truncate(1);
    store
        .in_transaction(|t| t.replace_analysis(&id(2), &again).map(|_| ()))
        .unwrap();
    let after = table(&store);
    assert_eq!(after, derived(&store));
    assert!(after.contains(&(id(2).0, 0, "de".into())));
    assert!(after.contains(&(id(2).0, 1, "Other Desk".into())));
    assert!(
        !after
            .iter()
            .any(|r| r.0 == id(2).0 && [3, 6, 7].contains(&r.1))
    );
    assert!(!after.contains(&(id(2).0, 4, "Q159".into())));
    assert!(!after.contains(&(id(2).0, 5, "Q30|deny|Q159".into())));
    assert!(after.contains(&(id(2).0, 5, "Q30|sanction|Q159".into())));

    // one of two spans of a technique removed: the facet stays; both removed: it goes
    store
        .in_transaction(|t| {
            let two = vec![technique("Doubt", 0), technique("Doubt", 10)];
            t.put_rhetoric(&id(4), "d", &rhetoric(two))
        })
        .unwrap();
    store
        .conn
        .execute(
            "DELETE FROM technique_spans WHERE doc_id = ?1 AND seq = 0",
            [&id(4).0],
        )
        .unwrap();
    assert!(table(&store).contains(&(id(4).0, 7, "Doubt".into())));
    store
        .conn
        .execute("DELETE FROM technique_spans WHERE doc_id = ?1", [&id(4).0])
        .unwrap();
    assert!(!table(&store).contains(&(id(4).0, 7, "Doubt".into())));
    assert_eq!(table(&store), derived(&store));

    // a deleted document leaves no facet rows; searches and facet counts follow
    store
        .conn
        .execute("DELETE FROM documents WHERE id = ?1", [&id(3).0])
        .unwrap();
    let left = table(&store);
    assert_eq!(left, derived(&store));
    assert!(!left.iter().any(|r| r.0 == id(3).0));
    let r = text_search(
        &store,
        "reform OR sanctions OR strike",
        SearchFilter::default(),
    );
    let en = r.facets.lang.iter().find(|c| c.value == "en");
    assert_eq!(en, None, "{:?}", r.facets.lang);
    let loaded = SearchFilter {
        technique: Some("Loaded".into()),
        ..Default::default()
    };
    assert_eq!(text_search(&store, "reform OR strike", loaded).total, 0);
}

#[test]
fn corpora_from_before_the_facet_step_get_their_facets() {
    let dir = tempfile::tempdir().unwrap();
    let want = {
        let mut store = Store::open(dir.path()).unwrap();
        store
            .in_transaction(|t| {
                claimed().iter().try_for_each(|a| t.put(a).map(|_| ()))?;
                t.put_narratives(&id(6), "m", &[narrative("strikes")])?;
                t.put_rhetoric(&id(1), "d", &rhetoric(vec![technique("Doubt", 0)]))
            })
            .unwrap();
        let want = table(&store);
        assert_eq!(want, derived(&store));
        // make it look like a corpus written before step 9
        store
            .conn
            .execute_batch(
                "DROP TRIGGER IF EXISTS search_facets_counts_insert; DROP TRIGGER search_facets_counts_delete;
                 DROP TRIGGER IF EXISTS search_facets_counts_update; DROP TRIGGER search_facets_narrative_insert;
                 DROP TRIGGER search_facets_narrative_delete; DROP TRIGGER search_facets_technique_insert;
                 DROP TRIGGER search_facets_technique_delete; DROP TRIGGER search_facets_docs_insert;
                 DROP TRIGGER search_facets_docs_update; DROP TABLE search_facets;
                 DROP TABLE search_values; ALTER TABLE search_docs DROP COLUMN f_lang;
                 ALTER TABLE search_docs DROP COLUMN f_outlet; ALTER TABLE search_docs DROP COLUMN f_format;
                 ALTER TABLE search_docs DROP COLUMN f_year; PRAGMA user_version = 8;",
            )
            .unwrap();
        want
    };
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::schema::VERSION);
    assert_eq!(table(&store), want);
    store.sync_search(&mut |_, _| {}).unwrap();
    let f = SearchFilter {
        narrative: Some("strikes".into()),
        ..Default::default()
    };
    assert_eq!(ids(&text_search(&store, "Streik", f)), [6]);
}
