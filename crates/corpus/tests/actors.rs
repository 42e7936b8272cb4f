//! Mentions and claims: stored with their document, read back, and summed over the corpus.

use narrascope_core::{
    Analysis, Claim, DocId, Format, LangGuess, Mention, MentionKind, Metadata, Modality, Polarity,
    RawDocument, Sentence, SourceRef, Span,
};
use narrascope_corpus::{ClaimQuery, Store};

fn analysis(id: &str, text: &str, lang: &str) -> Analysis {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: format!("{id}.txt"),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata::default(),
    });
    a.doc.id = DocId(id.into());
    a.doc.lang = Some(LangGuess {
        code: lang.into(),
        confidence: 0.9,
    });
    a.doc.sentences.push(Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
        lang: None,
    });
    a
}

/// A mention of `surface` (its first occurrence in `text`).
fn mention(text: &str, surface: &str, entity: Option<&str>, kind: MentionKind) -> Mention {
    let start = text.find(surface).expect("surface in text");
    Mention {
        span: Span::new(start, start + surface.len()),
        surface: surface.into(),
        entity: entity.map(String::from),
        candidates: Vec::new(),
        metonym: false,
        kind,
        sentence: Some(0),
    }
}

fn claim(text: &str, key: &str, polarity: Polarity, source: Option<&str>) -> Claim {
    let parts: Vec<&str> = key.split(' ').collect();
    Claim {
        subject: parts[0].into(),
        relation: parts[1].into(),
        object: parts[2].into(),
        key: key.into(),
        evidence: Span::new(0, text.len()),
        trigger: Span::new(0, 1),
        subject_span: Span::new(0, 1),
        object_span: Span::new(1, 2),
        polarity,
        modality: Modality::Hedged,
        source: source.map(String::from),
        sentence: 0,
    }
}

fn corpus() -> (tempfile::TempDir, Store, Vec<Analysis>) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let t1 = "Les États-Unis arment Daech, selon Zorblax.";
    let mut a = analysis("00000000000000a1", t1, "fr");
    a.mentions = vec![
        mention(t1, "États-Unis", Some("Q30"), MentionKind::Name),
        mention(t1, "Daech", Some("Q2429253"), MentionKind::Name),
        mention(t1, "Zorblax", None, MentionKind::Unlinked),
    ];
    a.mentions[2].candidates = vec!["Q1".into(), "Q2".into()];
    a.claims = vec![claim(
        t1,
        "Q30 arm Q2429253",
        Polarity::Affirmed,
        Some("Q9"),
    )];
    let t2 = "The US did not arm ISIS, ISIS said. Zorblax.";
    let mut b = analysis("00000000000000b2", t2, "en");
    b.mentions = vec![
        mention(t2, "US", Some("Q30"), MentionKind::Acronym),
        mention(t2, "ISIS", Some("Q2429253"), MentionKind::Acronym),
        Mention {
            span: Span::new(25, 29),
            ..mention(t2, "ISIS", Some("Q2429253"), MentionKind::Acronym)
        },
        mention(t2, "Zorblax", None, MentionKind::Unlinked),
    ];
    b.mentions[0].metonym = true;
    b.claims = vec![
        claim(t2, "Q30 arm Q2429253", Polarity::Negated, None),
        claim(t2, "Q2429253 accuse Q30", Polarity::Affirmed, None),
    ];
    store
        .in_transaction(|t| {
            t.put(&a)?;
            t.put(&b)
        })
        .unwrap();
    (dir, store, vec![a, b])
}

#[test]
fn mentions_and_claims_round_trip() {
    let (_dir, store, docs) = corpus();
    for a in &docs {
        let got = store.get(&a.doc.id).unwrap().expect("stored");
        assert_eq!(got.mentions, a.mentions);
        assert_eq!(got.claims, a.claims);
    }
}

#[test]
fn top_actors_with_surfaces_per_language() {
    let (_dir, store, _) = corpus();
    let top = store.top_actors(10).unwrap();
    let ids: Vec<&str> = top.iter().map(|a| a.entity.as_str()).collect();
    assert_eq!(ids, ["Q2429253", "Q30"]);
    assert_eq!((top[0].mentions, top[0].documents), (3, 2));
    let s = &top[0].surfaces;
    assert_eq!(
        (s[0].surface.as_str(), s[0].lang.as_deref(), s[0].count),
        ("ISIS", Some("en"), 2)
    );
    assert_eq!(
        (s[1].surface.as_str(), s[1].lang.as_deref(), s[1].count),
        ("Daech", Some("fr"), 1)
    );
    assert_eq!(store.top_actors(1).unwrap().len(), 1);
    let unlinked = store.unlinked(0).unwrap();
    assert_eq!(unlinked.len(), 1);
    assert_eq!(
        (
            unlinked[0].surface.as_str(),
            unlinked[0].count,
            unlinked[0].documents
        ),
        ("Zorblax", 2, 2)
    );
}

#[test]
fn claim_keys_filtered_with_evidence() {
    let (_dir, store, _) = corpus();
    let all = store
        .claim_keys(&ClaimQuery {
            examples: 5,
            ..Default::default()
        })
        .unwrap();
    let keys: Vec<&str> = all.iter().map(|k| k.key.as_str()).collect();
    assert_eq!(keys, ["Q30 arm Q2429253", "Q2429253 accuse Q30"]);
    let arm = &all[0];
    assert_eq!((arm.claims, arm.documents), (2, 2));
    assert_eq!(arm.langs, ["en", "fr"]);
    assert_eq!(arm.doc_ids, ["00000000000000a1", "00000000000000b2"]);
    assert_eq!(arm.evidence.len(), 2);
    assert_eq!(
        arm.evidence[0].text,
        "Les États-Unis arment Daech, selon Zorblax."
    );
    assert_eq!(arm.evidence[0].source.as_deref(), Some("Q9"));
    assert_eq!(arm.evidence[1].polarity, "negated");
    assert_eq!(arm.evidence[1].modality, "hedged");

    let by_rel = store
        .claim_keys(&ClaimQuery {
            relation: Some("accuse".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(by_rel.len(), 1);
    assert!(by_rel[0].evidence.is_empty());
    let by_actor = |id: &str| {
        store
            .claim_keys(&ClaimQuery {
                actor: Some(id.into()),
                ..Default::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(by_actor("Q30"), 2);
    assert_eq!(by_actor("Q3"), 0);
    assert_eq!(by_actor("Q9"), 0);
}

#[test]
fn actor_filter_matches_whole_ids_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let t = "Bulgaria armed ISIS, and the US armed ns:x_y.";
    let mut a = analysis("00000000000000c3", t, "en");
    let mut rolled = claim(t, "Q30 arm ns:x_y", Polarity::Affirmed, None);
    // a subject stated as an institution, rolled up to its state in the key
    rolled.subject = "Q11209".into();
    a.claims = vec![
        claim(t, "Q304 arm Q2429253", Polarity::Affirmed, None),
        claim(t, "Q2429253 accuse Q3040", Polarity::Affirmed, None),
        rolled,
    ];
    store.in_transaction(|b| b.put(&a)).unwrap();
    let keys = |id: &str| -> Vec<String> {
        store
            .claim_keys(&ClaimQuery {
                actor: Some(id.into()),
                ..Default::default()
            })
            .unwrap()
            .into_iter()
            .map(|k| k.key)
            .collect()
    };
    assert_eq!(keys("Q30"), ["Q30 arm ns:x_y"]);
    assert_eq!(keys("Q304"), ["Q304 arm Q2429253"]);
    assert_eq!(keys("Q11209"), ["Q30 arm ns:x_y"]);
    assert_eq!(keys("ns:x_y"), ["Q30 arm ns:x_y"]);
    assert_eq!(keys("Q3040"), ["Q2429253 accuse Q3040"]);
    // no wildcards, no case folding
    assert!(keys("Q30_").is_empty());
    assert!(keys("ns:x%").is_empty());
    assert!(keys("q30").is_empty());
    assert!(keys("Q3").is_empty());
}
