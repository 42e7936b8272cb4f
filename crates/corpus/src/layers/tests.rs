use super::*;

const TEXT: &str = "Le gouvernement de l'Irak a dit que les États-Unis ont armé l'EI. Fin.";

fn at(s: &str) -> Span {
    let i = TEXT.find(s).unwrap();
    Span::new(i, i + s.len())
}

fn sample() -> Layers {
    Layers {
        paragraphs: vec![Paragraph {
            span: Span::new(0, TEXT.len()),
        }],
        sentences: vec![
            Sentence {
                span: at("Le gouvernement de l'Irak a dit que les États-Unis ont armé l'EI."),
                paragraph: 0,
                lang: Some(LangGuess {
                    code: "fr".into(),
                    confidence: 0.8125,
                }),
            },
            Sentence {
                span: at("Fin."),
                paragraph: 0,
                lang: None,
            },
        ],
        urls: vec![UrlMention {
            url: "https://example.org/é".into(),
            span: Span::new(3, 30),
        }],
        mentions: vec![
            Mention {
                span: at("Irak"),
                surface: "Irak".into(),
                entity: Some("Q796".into()),
                candidates: vec![],
                metonym: true,
                kind: MentionKind::Metonym,
                sentence: Some(0),
            },
            Mention {
                span: at("États-Unis"),
                surface: "Etats Unis".into(),
                entity: None,
                candidates: vec!["Q30".into(), "Q2".into()],
                metonym: false,
                kind: MentionKind::Unlinked,
                sentence: None,
            },
        ],
        claims: vec![
            Claim {
                subject: "Q30".into(),
                relation: "arm".into(),
                object: "Q2429253".into(),
                key: "Q30 arm Q2429253".into(),
                polarity: Polarity::Negated,
                modality: Modality::Questioned,
                source: Some("Q796".into()),
                sentence: 0,
                evidence: at("Le gouvernement"),
                trigger: at("armé"),
                subject_span: at("États-Unis"),
                object_span: at("EI"),
            },
            Claim {
                subject: "Q1".into(),
                relation: "fund".into(),
                object: "Q2".into(),
                key: "Q9 fund Q2".into(),
                polarity: Polarity::Affirmed,
                modality: Modality::Hedged,
                source: None,
                sentence: 1,
                evidence: at("Fin."),
                trigger: at("Fin"),
                subject_span: at("Le"),
                object_span: at("."),
            },
        ],
    }
}

#[test]
fn round_trips() {
    let l = sample();
    let b = l.as_ref(TEXT).encode();
    assert_eq!(Layers::decode(&b, TEXT).unwrap(), l);
    assert_eq!(Layers::decode(&[], TEXT).unwrap(), Layers::default());
    let empty = Layers::default();
    assert_eq!(
        Layers::decode(&empty.as_ref("").encode(), "").unwrap(),
        empty
    );
}

#[test]
fn sentences_alone_are_decoded_as_in_full() {
    let l = sample();
    assert!(!l.sentences.is_empty());
    let b = l.as_ref(TEXT).encode();
    assert_eq!(Layers::sentences_only(&b).unwrap(), l.sentences);
    assert_eq!(Layers::sentences_only(&[]).unwrap(), vec![]);
    assert!(Layers::sentences_only(&b[..3]).is_err());
}

#[test]
fn surfaces_and_keys_that_follow_from_the_text_are_not_written() {
    let l = sample();
    let b = l.as_ref(TEXT).encode();
    let has = |needle: &[u8]| b.windows(needle.len()).any(|w| w == needle);
    assert!(!has(b"Irak") && has(b"Etats Unis"));
    assert!(!has(b"Q30 arm") && has(b"Q9 fund Q2"));
}

#[test]
fn damage_is_an_error_not_a_panic() {
    let b = sample().as_ref(TEXT).encode();
    for cut in 1..b.len() {
        assert!(Layers::decode(&b[..cut], TEXT).is_err(), "cut {cut}");
    }
    let mut extra = b.clone();
    extra.push(0);
    assert!(
        Layers::decode(&extra, TEXT)
            .unwrap_err()
            .contains("trailing")
    );
    let mut v = b.clone();
    v[0] = 9;
    assert!(Layers::decode(&v, TEXT).unwrap_err().contains("version"));
    assert!(Layers::decode(&[1, 0xff, 0xff, 0xff, 0xff, 0x0f], TEXT).is_err());
    // a surface taken from the text needs the text
    assert!(Layers::decode(&b, "short").is_err());
}
