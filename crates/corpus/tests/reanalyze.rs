//! Replacing a stored document's analysis: layers, counts and narrative matches.

use narrascope_core::{
    Analysis, Claim, DocId, Format, Mention, MentionKind, Metadata, Modality, NarrativeMatch,
    Polarity, RawDocument, Sentence, SourceRef, Span,
};
use narrascope_corpus::{ClaimQuery, PutOutcome, Reanalysed, Store};

const TEXT: &str = "The US armed ISIS.";

fn analysis(text: &str) -> Analysis {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: "a.txt".into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata::default(),
    });
    a.doc.id = DocId("00000000000000d4".into());
    a.doc.sentences.push(Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
        lang: None,
    });
    a.mentions = vec![Mention {
        span: Span::new(4, 6),
        surface: "US".into(),
        entity: Some("Q30".into()),
        candidates: Vec::new(),
        metonym: false,
        kind: MentionKind::Acronym,
        sentence: Some(0),
    }];
    a.claims = vec![Claim {
        key: "Q30 arm Q2429253".into(),
        subject: "Q30".into(),
        relation: "arm".into(),
        object: "Q2429253".into(),
        evidence: Span::new(0, text.len()),
        trigger: Span::new(7, 12),
        subject_span: Span::new(4, 6),
        object_span: Span::new(13, 17),
        polarity: Polarity::Affirmed,
        modality: Modality::Asserted,
        source: None,
        sentence: 0,
    }];
    a
}

fn keys(store: &Store) -> Vec<String> {
    let q = ClaimQuery::default();
    store
        .claim_keys(&q)
        .unwrap()
        .into_iter()
        .map(|k| k.key)
        .collect()
}

#[test]
fn replacing_an_analysis_rewrites_layers_counts_and_drops_narratives() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = analysis(TEXT);
    let id = a.doc.id.clone();
    let matched = NarrativeMatch {
        narrative: "n/x".into(),
        score: 0.9,
        evidence: Vec::new(),
    };
    store
        .in_transaction(|t| {
            t.put(&a)?;
            t.put_narratives(&id, "m1", std::slice::from_ref(&matched))
        })
        .unwrap();
    assert_eq!(store.narratives_of(&id).unwrap().len(), 1);
    assert!(store.documents_unmatched("m1", 10).unwrap().is_empty());
    let raw = store.raw_document(&id).unwrap().expect("stored");
    assert_eq!(
        (raw.text.as_str(), raw.source.path.as_str()),
        (TEXT, "a.txt")
    );

    // an analysis without claims replaces the stored one
    let mut bare = a.clone();
    bare.claims.clear();
    let out = store
        .in_transaction(|t| t.replace_analysis(&id, &bare))
        .unwrap();
    assert_eq!(out, Reanalysed::Same);
    let got = store.get(&id).unwrap().expect("stored");
    assert!(got.claims.is_empty());
    assert_eq!(got.mentions, a.mentions);
    assert!(keys(&store).is_empty());
    assert!(store.narratives_of(&id).unwrap().is_empty());
    assert_eq!(
        store.documents_unmatched("m1", 10).unwrap(),
        std::slice::from_ref(&id)
    );

    // and the full one restores it
    store
        .in_transaction(|t| t.replace_analysis(&id, &a))
        .unwrap();
    let got = store.get(&id).unwrap().expect("stored");
    assert_eq!(
        (got.mentions, got.claims),
        (a.mentions.clone(), a.claims.clone())
    );
    assert_eq!(keys(&store), ["Q30 arm Q2429253"]);

    // a changed text keeps the id; an unknown id changes nothing
    let changed = analysis("The US armed ISIS!");
    let out = store
        .in_transaction(|t| t.replace_analysis(&id, &changed))
        .unwrap();
    assert_eq!(out, Reanalysed::TextChanged);
    assert_eq!(
        store.get(&id).unwrap().expect("kept").doc.text,
        changed.doc.text
    );
    let other = DocId("00000000000000e5".into());
    let out = store
        .in_transaction(|t| t.replace_analysis(&other, &a))
        .unwrap();
    assert_eq!(out, Reanalysed::Missing);
    assert_eq!(store.document_count().unwrap(), 1);
    assert_eq!(store.ids_after(None, 5).unwrap(), std::slice::from_ref(&id));
    assert!(store.ids_after(Some(&id.0), 5).unwrap().is_empty());
}

#[test]
fn foundation_only_documents_await_analysis_until_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let full = analysis(TEXT);
    let id = full.doc.id.clone();
    let mut foundation = full.clone();
    foundation.mentions.clear();
    foundation.claims.clear();
    let out = store
        .in_transaction(|t| {
            Ok([
                t.put_foundation(&foundation)?,
                t.put_foundation(&foundation)?,
            ])
        })
        .unwrap();
    assert_eq!(out, [PutOutcome::New, PutOutcome::Unchanged]);
    assert_eq!(store.pending_count().unwrap(), 1);
    assert_eq!(
        store.pending_ids_after(None, 5).unwrap(),
        std::slice::from_ref(&id)
    );
    assert!(store.pending_ids_after(Some(&id.0), 5).unwrap().is_empty());
    assert!(keys(&store).is_empty());
    assert!(store.top_actors(10).unwrap().is_empty());
    let got = store.get(&id).unwrap().expect("stored");
    assert!(got.mentions.is_empty() && got.claims.is_empty());

    store
        .in_transaction(|t| t.replace_analysis(&id, &full))
        .unwrap();
    assert_eq!(store.pending_count().unwrap(), 0);
    assert!(store.pending_ids_after(None, 5).unwrap().is_empty());
    assert_eq!(keys(&store), ["Q30 arm Q2429253"]);
    let got = store.get(&id).unwrap().expect("stored");
    assert_eq!((got.mentions, got.claims), (full.mentions, full.claims));

    // a fully analysed document without any mention or claim is not pending
    let mut other = analysis("Nothing here.");
    other.doc.id = DocId("00000000000000f6".into());
    other.mentions.clear();
    other.claims.clear();
    store.in_transaction(|t| t.put(&other)).unwrap();
    assert_eq!(store.pending_count().unwrap(), 0);
}

#[test]
fn a_full_put_of_a_document_awaiting_analysis_stores_its_analysis() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let full = analysis(TEXT);
    let mut foundation = full.clone();
    foundation.mentions.clear();
    foundation.claims.clear();
    store
        .in_transaction(|t| t.put_foundation(&foundation))
        .unwrap();
    assert_eq!(store.pending_count().unwrap(), 1);
    let out = store
        .in_transaction(|t| Ok([t.put(&full)?, t.put(&full)?]))
        .unwrap();
    assert_eq!(out, [PutOutcome::Completed, PutOutcome::Unchanged]);
    assert_eq!(store.pending_count().unwrap(), 0);
    assert_eq!(keys(&store), ["Q30 arm Q2429253"]);
    let got = store.get(&full.doc.id).unwrap().expect("stored");
    assert_eq!((got.mentions, got.claims), (full.mentions, full.claims));
}
