use narrascope_core::{
    Analysis, DateInfo, DateOrigin, DocId, Format, LangGuess, Metadata, Paragraph, RawDocument,
    Removal, Sentence, SourceRef, Span,
};
use narrascope_corpus::{PutOutcome, Store};

fn analysis(id: &str, path: &str, text: &str, lang: &str) -> Analysis {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: path.into(),
            locator: None,
            format: Format::Text,
        },
        text: format!("Home / News\n{text}"),
        meta: Metadata {
            outlet: Some("Example Times".into()),
            date: Some(DateInfo::from_parts(
                2024,
                Some(2),
                Some(3),
                DateOrigin::Source {
                    field: "date".into(),
                },
            )),
            ..Default::default()
        },
    });
    a.doc.id = DocId(id.into());
    a.doc.text = text.into();
    a.doc.lang = Some(LangGuess {
        code: lang.into(),
        confidence: 0.9,
    });
    a.doc.paragraphs.push(Paragraph {
        span: Span::new(0, text.len()),
    });
    a.doc.sentences.push(Sentence {
        span: Span::new(0, text.len()),
        paragraph: 0,
        lang: a.doc.lang.clone(),
    });
    a.doc.removals.push(Removal {
        rule: "breadcrumb".into(),
        text: "Home / News".into(),
        raw_span: Span::new(0, 11),
        line: 1,
    });
    a
}

#[test]
fn round_trip_dedup_and_stats() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = analysis("00000000000000aa", "a.txt", "Un texte.", "fr");
    let b = analysis("00000000000000bb", "b.txt", "A text.", "en");
    let a_again = analysis("00000000000000aa", "copy-of-a.txt", "Un texte.", "fr");
    let outcomes = store
        .in_transaction(|t| Ok([t.put(&a)?, t.put(&b)?, t.put(&a_again)?, t.put(&a)?]))
        .unwrap();
    assert_eq!(
        outcomes,
        [
            PutOutcome::New,
            PutOutcome::New,
            PutOutcome::Duplicate,
            PutOutcome::Unchanged
        ]
    );
    assert_eq!(store.document_count().unwrap(), 2);

    let got = store
        .get(&DocId("00000000000000aa".into()))
        .unwrap()
        .unwrap();
    assert_eq!(got.doc.text, "Un texte.");
    assert_eq!(got.doc.raw, "Home / News\nUn texte.");
    assert_eq!(got.doc.removals, a.doc.removals);
    assert_eq!(got.doc.sentences, a.doc.sentences);
    assert_eq!(got.doc.meta, a.doc.meta);
    let paths: Vec<_> = got.sources.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths.len(), 2);
    assert!(paths.contains(&"a.txt") && paths.contains(&"copy-of-a.txt"));

    let stats = store.stats().unwrap();
    assert_eq!((stats.documents, stats.sources, stats.sentences), (2, 3, 2));
    assert_eq!(stats.by_month[0].value, "2024-02");
    assert_eq!(stats.by_month[0].count, 2);
    assert_eq!(stats.removals_by_rule[0].value, "breadcrumb");
    assert_eq!(stats.removals_by_rule[0].count, 2);
}

#[test]
fn prefix_resolution_and_reopen() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store
            .in_transaction(|t| {
                t.put(&analysis("abcd000000000001", "a", "x", "en"))?;
                t.put(&analysis("abcd000000000002", "b", "y", "en"))
            })
            .unwrap();
    }
    let store = Store::open_existing(dir.path()).unwrap();
    assert!(store.schema_version().unwrap() >= 1);
    assert!(store.resolve_id("abcd").is_err(), "ambiguous prefix");
    assert_eq!(
        store.resolve_id("abcd000000000002").unwrap(),
        Some(DocId("abcd000000000002".into()))
    );
    assert_eq!(store.resolve_id("ffff").unwrap(), None);
    assert!(store.resolve_id("zz").is_err());
}

#[test]
fn failed_transaction_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let r: narrascope_corpus::Result<()> = store.in_transaction(|t| {
        t.put(&analysis("00000000000000cc", "c", "z", "en"))?;
        Err(narrascope_corpus::StoreError::Data("boom".into()))
    });
    assert!(r.is_err());
    assert_eq!(store.document_count().unwrap(), 0);
}

#[test]
fn open_errors_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let err = Store::open(&file).err().unwrap().to_string();
    assert!(err.contains("not-a-dir"), "{err}");
    let err = Store::open_existing(&dir.path().join("missing"))
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("no corpus"), "{err}");
}
