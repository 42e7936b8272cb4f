use narrascope_core::{Evidence, Format, Metadata, RawDocument, SourceRef, Span, TechniqueSpan};

use super::*;

fn analysis(text: &str) -> narrascope_core::Analysis {
    narrascope_analyze::analyze(RawDocument {
        source: SourceRef {
            path: "t".into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata::default(),
    })
    .unwrap()
}

fn span(t: &str, s: usize, e: usize, id: &str) -> TechniqueSpan {
    TechniqueSpan {
        technique: t.into(),
        family: family_of(t).unwrap_or("").into(),
        span: Span::new(s, e),
        score: 0.5,
        evidence: vec![Evidence {
            kind: "cue".into(),
            id: id.into(),
            score: Some(0.5),
            span: None,
        }],
    }
}

#[test]
fn merging_joins_overlaps_of_one_technique_only() {
    let mut b = span("Doubt", 5, 20, "b");
    b.score = 0.9;
    let out = merge(vec![
        b,
        span("Doubt", 0, 10, "a"),
        span("Doubt", 20, 30, "c"),
        span("Slogans", 8, 12, "a"),
        span("Doubt", 6, 9, "a"),
    ]);
    let got: Vec<_> = out
        .iter()
        .map(|s| (s.technique.as_str(), s.span.start, s.span.end))
        .collect();
    assert_eq!(
        got,
        vec![("Doubt", 0, 20), ("Slogans", 8, 12), ("Doubt", 20, 30)]
    );
    assert_eq!(out[0].score, 0.9);
    let ids: Vec<_> = out[0].evidence.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["a", "b"]);
}

#[test]
fn cues_alone_give_spans_with_evidence_in_text_order() {
    let d = TechniqueDetector::new(CueSet::shipped().unwrap(), None);
    let text = "The minister and his lapdog advisers ignored the report. \
                They accuse the rebels, yet no evidence has been produced so far. \
                The weather was mild.";
    let a = analysis(text);
    let spans = d.detect(&a, None);
    let found: Vec<(&str, &str)> = spans
        .iter()
        .map(|s| {
            (
                s.technique.as_str(),
                s.span.slice(&a.doc.text).unwrap_or(""),
            )
        })
        .collect();
    assert!(
        found.contains(&("Name_Calling-Labeling", "lapdog")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .any(|(t, s)| *t == "Doubt" && s.starts_with("no evidence")),
        "{found:?}"
    );
    assert!(spans.windows(2).all(|w| w[0].span.start <= w[1].span.start));
    assert!(
        spans
            .iter()
            .all(|s| s.evidence.iter().all(|e| e.kind == "cue"))
    );
    // Vectors that do not line up with the sentences are ignored rather than trusted.
    let v = vec![[0.0f32; narrascope_embed::D_EMB]; 1];
    assert_eq!(d.detect(&a, Some(&v)), spans);
    // The fingerprint follows the cues.
    let none = TechniqueDetector::new(CueSet::default(), None);
    assert_ne!(d.fingerprint(), none.fingerprint());
    assert_eq!(d.fingerprint(), d.clone().fingerprint());
    assert!(none.detect(&a, None).is_empty());
}

#[test]
fn the_shipped_model_loads_and_never_panics() {
    let d = TechniqueDetector::shipped().unwrap();
    let m = d.model.as_ref().unwrap();
    assert!(m.techniques.len() >= 15, "{}", m.techniques.len());
    for text in [
        "",
        "?",
        "!!!\n\n\u{0}",
        "Ceci n'a aucun sens. « Et alors ? »",
    ] {
        let a = analysis(text);
        let n = a.doc.sentences.len();
        let v = vec![[0.1f32; narrascope_embed::D_EMB]; n];
        let _ = d.detect(&a, Some(&v));
        let _ = d.detect(&a, None);
    }
    let e = Model::from_json("m.json", "{\"format\": 1}")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("m.json"), "{e}");
}
