use narrascope_core::{
    Claim, Format, Mention, MentionKind, Metadata, Modality, Paragraph, Polarity, RawDocument,
    Sentence, SourceRef, Span,
};
use narrascope_narratives::classifier::Scaler;

use super::*;
use crate::features::FeatureSpec;
use crate::model::{FORMAT, Head, VERSION};

const TEXT: &str = "Atlantis attacked Lemuria. Lemuria mourned. Atlantis helped Mu.";

fn span_of(word: &str, nth: usize) -> Span {
    let at = TEXT.match_indices(word).nth(nth).unwrap().0;
    Span::new(at, at + word.len())
}

fn mention(word: &str, nth: usize, id: &str, sentence: usize) -> Mention {
    Mention {
        span: span_of(word, nth),
        surface: word.into(),
        entity: Some(id.into()),
        candidates: vec![],
        metonym: false,
        kind: MentionKind::Name,
        sentence: Some(sentence),
    }
}

fn claim(s: (&str, usize, &str), rel: &str, o: (&str, usize, &str), sentence: usize) -> Claim {
    Claim {
        subject: s.2.into(),
        relation: rel.into(),
        object: o.2.into(),
        key: format!("{} {rel} {}", s.2, o.2),
        evidence: Span::new(0, 10),
        trigger: Span::new(0, 1),
        subject_span: span_of(s.0, s.1),
        object_span: span_of(o.0, o.1),
        polarity: Polarity::Affirmed,
        modality: Modality::Asserted,
        source: None,
        sentence,
    }
}

fn analysis() -> Analysis {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: "t".into(),
            locator: None,
            format: Format::Text,
        },
        text: TEXT.into(),
        meta: Metadata::default(),
    });
    let ends = [0, 26, 43, TEXT.len()];
    a.doc.paragraphs = vec![Paragraph {
        span: Span::new(0, TEXT.len()),
    }];
    a.doc.sentences = (0..3)
        .map(|i| Sentence {
            span: Span::new(ends[i] + usize::from(i > 0), ends[i + 1]),
            paragraph: 0,
            lang: None,
        })
        .collect();
    a.mentions = vec![
        mention("Atlantis", 0, "QA", 0),
        mention("Lemuria", 0, "QL", 0),
        mention("Lemuria", 1, "QL", 1),
        mention("Atlantis", 1, "QA", 2),
        mention("Mu", 0, "QM", 2),
    ];
    a.claims = vec![
        claim(("Atlantis", 0, "QA"), "attack", ("Lemuria", 0, "QL"), 0),
        claim(("Atlantis", 1, "QA"), "help", ("Mu", 0, "QM"), 2),
    ];
    a
}

#[test]
fn claim_cues_frame_attacker_and_target_only() {
    let f = frame_by_claims(&analysis());
    assert_eq!(f.len(), 2, "{f:?}");
    assert_eq!(
        (f[0].actor.as_str(), f[0].main_role.as_str()),
        ("QA", "Antagonist")
    );
    assert_eq!(f[0].mentions, vec![0, 3]);
    assert_eq!(f[0].evidence[0].kind, "cue");
    assert_eq!(f[0].evidence.len(), 3, "cue and both claims");
    assert_eq!(
        (f[1].actor.as_str(), f[1].main_role.as_str()),
        ("QL", "Innocent")
    );
    assert_eq!(f[1].fine_roles[0].role, "Victim");
}

/// A model whose Antagonist probability rises with component 0 of the sentence vector and
/// whose Victim probability rises with component 1.
fn toy_model() -> RoleModel {
    let spec = FeatureSpec {
        langs: vec![],
        technique_families: vec![],
        document_mean: true,
    };
    let d = spec.len();
    let head = |role: &str, feature: Option<usize>| {
        let mut weights = vec![0.0; d];
        if let Some(f) = feature {
            weights[f] = 8.0;
        }
        Head {
            role: role.into(),
            positives: 1,
            threshold: 0.5,
            bias: -4.0,
            weights,
        }
    };
    RoleModel {
        format: FORMAT.into(),
        version: VERSION,
        trained_on: "test".into(),
        scaler: Scaler {
            mean: vec![0.0; d],
            scale: vec![1.0; d],
        },
        main: MAIN_ROLES
            .iter()
            .map(|r| head(r, (*r == "Antagonist").then_some(0)))
            .collect(),
        fine: FINE_ROLES
            .iter()
            .map(|(r, _)| head(r, (*r == "Victim").then_some(1)))
            .collect(),
        main_offsets: vec![0.0; 3],
        spec,
    }
}

#[test]
fn model_framings_average_each_actors_mentions() {
    let a = analysis();
    let mut vs = vec![[0.0f32; 512]; 3];
    vs[0][0] = 1.0; // the attack sentence reads as hostile
    vs[1][1] = 1.0; // the mourning sentence reads as suffering
    let f = toy_model().frame(&a, Some(&vs));
    assert_eq!(f.len(), 3);
    let by = |id: &str| f.iter().find(|x| x.actor == id).unwrap();
    // Atlantis: sentence 0 (p = σ(4)) and sentence 2 (p = σ(-4)) average to 0.5 antagonist,
    // which still beats the other main roles at σ(-4).
    let qa = by("QA");
    assert_eq!(qa.main_role, "Antagonist");
    assert!((qa.score - 0.5).abs() < 1e-4, "{}", qa.score);
    assert_eq!(qa.mentions, vec![0, 3]);
    assert_eq!(qa.fine_roles.len(), 1);
    assert_eq!(
        crate::taxonomy::main_of(&qa.fine_roles[0].role),
        Some("Antagonist")
    );
    assert_eq!(qa.evidence[0].kind, "model");
    assert_eq!(qa.evidence.len(), 3);
    // Mu appears only in the neutral sentence: ties go to the first main role.
    assert_eq!(by("QM").main_role, "Protagonist");
    // Without vectors the claim cues decide.
    let cues = toy_model().frame(&a, None);
    assert_eq!(cues, frame_by_claims(&a));
    assert_eq!(toy_model().frame(&a, Some(&[])), cues);
}

#[test]
fn mentions_inside_a_citing_phrase_are_not_framed() {
    let mut a = analysis();
    // "Atlantis helped Mu." read as if it were a citing phrase naming both.
    let cue_span = Span::new(span_of("Atlantis", 1).start, span_of("Mu", 0).end);
    a.sources = vec![narrascope_core::CitedSource {
        name: "Mu".into(),
        span: span_of("Mu", 0),
        cue_span,
        cue: "test/cites".into(),
        kind: "outlet".into(),
        entity: Some("QM".into()),
        sentence: 2,
    }];
    let mut vs = vec![[0.0f32; 512]; 3];
    vs[0][0] = 1.0;
    let f = toy_model().frame(&a, Some(&vs));
    assert!(f.iter().all(|x| x.actor != "QM"), "{f:?}");
    let qa = f.iter().find(|x| x.actor == "QA").expect("Atlantis framed");
    assert_eq!(qa.mentions, vec![0]);
    // Only the cited mention of Atlantis is dropped; Lemuria is untouched.
    assert!(f.iter().any(|x| x.actor == "QL"));
}

#[test]
fn a_passing_mention_without_claims_is_not_framed() {
    let mut a = analysis();
    a.mentions.push(mention("mourned", 0, "QZ", 1));
    let vs = vec![[0.0f32; 512]; 3];
    let f = toy_model().frame(&a, Some(&vs));
    assert!(f.iter().all(|x| x.actor != "QZ"), "{f:?}");
    // Mu is mentioned once too, but a claim speaks of it.
    assert!(f.iter().any(|x| x.actor == "QM"));
    // A second mention makes the actor one the document discusses.
    a.mentions.push(mention("mourned", 0, "QZ", 1));
    let f = toy_model().frame(&a, Some(&vs));
    assert!(f.iter().any(|x| x.actor == "QZ"));
}
