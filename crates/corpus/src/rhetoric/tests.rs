use narrascope_core::{
    Analysis, CitedSource, DocId, Evidence, Format, Framing, Label, LangGuess, Metadata,
    Provenance, RawDocument, RoleScore, SourceRef, Span, TechniqueSpan, Trace,
};

use super::Rhetoric;
use crate::Store;

fn doc(id: &str, text: &str, outlet: &str) -> Analysis {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: format!("{id}.txt"),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata {
            outlet: Some(outlet.into()),
            ..Default::default()
        },
    });
    a.doc.id = DocId(id.into());
    a.doc.lang = Some(LangGuess {
        code: "en".into(),
        confidence: 0.9,
    });
    a
}

fn technique(name: &str, start: usize, end: usize, score: f32) -> TechniqueSpan {
    TechniqueSpan {
        technique: name.into(),
        family: "Attack_on_Reputation".into(),
        span: Span::new(start, end),
        score,
        evidence: vec![Evidence {
            kind: "cue".into(),
            id: format!("en/{name}"),
            score: None,
            span: None,
        }],
    }
}

fn cited(name: &str, entity: Option<&str>) -> CitedSource {
    CitedSource {
        name: name.into(),
        span: Span::new(13, 13 + name.len()),
        cue_span: Span::new(0, 13 + name.len()),
        cue: "en/according-to".into(),
        kind: "agency".into(),
        entity: entity.map(str::to_string),
        sentence: 0,
    }
}

fn rhetoric(sources: Vec<CitedSource>, mt: f32) -> Rhetoric {
    Rhetoric {
        techniques: vec![technique("Name_Calling-Labeling", 4, 11, 0.9)],
        framings: vec![Framing {
            actor: "Q30".into(),
            main_role: "Antagonist".into(),
            score: 0.8,
            fine_roles: vec![RoleScore {
                role: "Conspirator".into(),
                score: 0.7,
            }],
            mentions: vec![0],
            evidence: Vec::new(),
        }],
        sources,
        provenance: Some(Provenance {
            machine_translated: mt,
            traces: vec![Trace {
                kind: "untranslated_accent".into(),
                span: Span::new(0, 3),
                detail: "accusé".into(),
                weight: 0.4,
            }],
            genre: Some(Label {
                label: "opinion".into(),
                score: 0.6,
            }),
        }),
    }
}

#[test]
fn rhetoric_round_trips_and_feeds_the_corpus_views() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = doc(
        "00000000000000b1",
        "The stooges lied, according to Tass.",
        "Ledger",
    );
    let b = doc(
        "00000000000000b2",
        "Two stooges again, according to TASS.",
        "Herald",
    );
    let ra = rhetoric(vec![cited("Tass", Some("Q192621"))], 0.9);
    let rb = rhetoric(vec![cited("TASS", Some("Q192621"))], 0.1);
    store
        .in_transaction(|t| {
            t.put(&a)?;
            t.put(&b)?;
            t.put_rhetoric(&a.doc.id, "det1:c", &ra)?;
            t.put_rhetoric(&b.doc.id, "det1:c", &rb)
        })
        .unwrap();
    assert_eq!(store.rhetoric_of(&a.doc.id).unwrap().unwrap(), ra);

    let counts = store.technique_counts().unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!((counts[0].spans, counts[0].documents), (2, 2));
    let hits = store
        .technique_hits(Some("Name_Calling-Labeling"), 10)
        .unwrap();
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h.text == "stooges"), "{hits:?}");

    let sources = store.source_counts(10).unwrap();
    assert_eq!(sources.len(), 1, "linked names count as one source");
    assert_eq!(sources[0].documents, 2);
    assert_eq!(sources[0].cited_by, vec!["Herald", "Ledger"]);
    assert_eq!(store.source_edges(10).unwrap().len(), 2);

    let framed = store.framing_counts(Some("Q30")).unwrap();
    assert_eq!(framed[0].documents, 2);
    let mt = store.translated_documents(0.5, 10).unwrap();
    assert_eq!(mt.len(), 1);
    assert_eq!(mt[0].doc_id, "00000000000000b1");
    assert_eq!(mt[0].traces, 1);

    // a document is redone when the detector changes, and only then
    let todo = store.documents_without_rhetoric("det1", None, 10).unwrap();
    assert!(todo.is_empty());
    let todo = store.documents_without_rhetoric("det2", None, 10).unwrap();
    assert_eq!(todo.len(), 2);
    let after = store
        .documents_without_rhetoric("det2", Some("00000000000000b1"), 10)
        .unwrap();
    assert_eq!(after, vec![b.doc.id.clone()]);

    // replacing keeps one set of rows per document
    store
        .in_transaction(|t| t.put_rhetoric(&a.doc.id, "det2:c", &Rhetoric::default()))
        .unwrap();
    let again = store.rhetoric_of(&a.doc.id).unwrap().unwrap();
    assert!(
        store
            .documents_without_rhetoric("det2", None, 10)
            .unwrap()
            .len()
            == 1
    );
    // vectors stored later bring the document back for the model-based detectors
    let set = crate::VectorSet {
        model: "m".into(),
        sentences: vec![vec![1, 2, 3]],
        document: None,
    };
    store
        .in_transaction(|t| t.put_vectors(&a.doc.id, &set))
        .unwrap();
    assert_eq!(
        store
            .documents_without_rhetoric("det2", None, 10)
            .unwrap()
            .len(),
        2
    );
    assert!(again.techniques.is_empty() && again.sources.is_empty());
    assert_eq!(store.technique_counts().unwrap()[0].documents, 1);
}

#[test]
fn never_run_documents_have_no_rhetoric() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = doc("00000000000000c1", "Plain text.", "Ledger");
    store.in_transaction(|t| t.put(&a).map(|_| ())).unwrap();
    assert_eq!(store.rhetoric_of(&a.doc.id).unwrap(), None);
}
