use narrascope_core::{Format, Metadata, RawDocument, Sentence, SourceRef};

use super::*;

fn doc() -> Analysis {
    let text = "Alpha hit Beta. Beta fell. Gamma watched Alpha.";
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: "t".into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata::default(),
    });
    a.doc.sentences = [(0, 15), (16, 26), (27, 47)]
        .iter()
        .map(|&(s, e)| Sentence {
            span: Span::new(s, e),
            paragraph: 0,
            lang: None,
        })
        .collect();
    a.doc.lang = Some(narrascope_core::LangGuess {
        code: "en".into(),
        confidence: 1.0,
    });
    a.claims = vec![Claim {
        subject: "QA".into(),
        relation: "attack".into(),
        object: "QB".into(),
        key: "QA attack QB".into(),
        evidence: Span::new(0, 15),
        trigger: Span::new(6, 9),
        subject_span: Span::new(0, 5),
        object_span: Span::new(10, 14),
        polarity: Polarity::Affirmed,
        modality: narrascope_core::Modality::Asserted,
        source: None,
        sentence: 0,
    }];
    a
}

fn unit(i: usize) -> Vector {
    let mut v = [0.0; D];
    v[i] = 1.0;
    v
}

#[test]
fn layout_of_a_mention_in_the_middle_sentence() {
    let a = doc();
    let vs = [unit(0), unit(1), unit(2)];
    let ctx = DocContext::new(&a, &vs);
    assert_eq!(ctx.sentence_of(16), Some(1));
    assert_eq!(ctx.sentence_of(15), None, "between sentences");
    assert_eq!(ctx.sentence_of(100), None);
    let spec = FeatureSpec {
        langs: vec!["bg".into(), "en".into()],
        technique_families: vec!["Attack_on_Reputation".into()],
        document_mean: true,
    };
    // "Beta" in sentence 1, linked to QB.
    let f = ctx.features(&spec, Span::new(16, 20), Some("QB"));
    assert_eq!(f.len(), spec.len());
    assert_eq!(f[1], 1.0, "own sentence");
    let h = std::f32::consts::FRAC_1_SQRT_2;
    assert!(
        (f[D] - h).abs() < 1e-6 && (f[D + 2] - h).abs() < 1e-6,
        "neighbours"
    );
    let third = 1.0 / 3f32.sqrt();
    assert!((f[2 * D + 1] - third).abs() < 1e-6, "document mean");
    let s = 3 * D;
    assert_eq!(&f[s..s + 2], &[0.0, 1.0], "language");
    assert!(
        f[s + 2..s + 10].iter().all(|&v| v == 0.0),
        "not in a claim here"
    );
    // As an actor QB is the object of one hostile claim.
    assert!((f[s + 10 + GROUPS] - 2f32.ln()).abs() < 1e-6);
    assert_eq!(f[s + 18], 1.0, "linked");
    assert_eq!(f[s + 20], 0.0, "not in the first sentence");
    assert!((f[s + 22] - 2f32.ln_1p()).abs() < 1e-6, "Beta occurs twice");
    assert_eq!(*f.last().unwrap(), 0.0, "no techniques");
}

#[test]
fn claims_of_the_mention_itself() {
    let a = doc();
    let ctx = DocContext::new(&a, &[]);
    let spec = FeatureSpec {
        langs: vec![],
        technique_families: vec![],
        document_mean: true,
    };
    let f = ctx.features(&spec, Span::new(0, 5), None);
    let s = 3 * D;
    assert_eq!(f[s], 1.0, "subject of a hostile claim");
    assert!(f[..s].iter().all(|&v| v == 0.0), "no vectors: zeros");
    assert_eq!(f[s + 16], 0.0, "not linked");
    assert_eq!(f[s + 18], 1.0, "first sentence");
    let mut negated = a.claims[0].clone();
    negated.polarity = Polarity::Negated;
    assert_eq!(group_of(&negated), 3);
    assert_eq!(group_of(&a.claims[0]), 0);
}
