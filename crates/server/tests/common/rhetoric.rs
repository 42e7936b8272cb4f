//! A small hand-built corpus with actors, claims, rhetoric and provenance, written with
//! `put` and `put_rhetoric`, so the actor, technique and source endpoints have known answers.

use axum::Router;
use narrascope_core::{
    Analysis, CitedSource, Claim, DocId, Evidence, Format, Framing, Label, LangGuess, Mention,
    MentionKind, Metadata, Modality, Polarity, Provenance, RawDocument, RoleScore, SourceRef, Span,
    TechniqueSpan, Trace,
};
use narrascope_corpus::{Rhetoric, Store};
use narrascope_server::Options;

pub const DOC_EN: &str = "00000000000000a1";
pub const DOC_FR: &str = "00000000000000a2";
/// Stored without any rhetoric run.
pub const DOC_BARE: &str = "00000000000000a3";
pub const TEXT_EN: &str = "Washington arms Daesh, the traitors said. Reuters reported the deal. \
Click <img src=x onerror=\"document.title='pwned-span'\"> now.";
pub const TEXT_FR: &str = "Les USA et la Russie. Selon Reuters, rien.";
/// A technique name and a cited-source name carrying markup.
pub const HOSTILE_TECHNIQUE: &str = "<img src=x onerror=\"document.title='pwned-technique'\">";
pub const HOSTILE_SOURCE: &str = "<script>document.title='pwned-source'</script>";

pub fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).expect("needle in text");
    Span::new(start, start + needle.len())
}

fn mention(text: &str, surface: &str, entity: &str) -> Mention {
    Mention {
        span: span_of(text, surface),
        surface: surface.into(),
        entity: Some(entity.into()),
        kind: MentionKind::Name,
        candidates: Vec::new(),
        metonym: false,
        sentence: Some(0),
    }
}

fn doc(id: &str, lang: &str, outlet: &str, text: &str, names: &[(&str, &str)]) -> Analysis {
    let mut a = Analysis::new(RawDocument {
        source: SourceRef {
            path: format!("{id}.txt"),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata {
            title: Some(format!("Title {id}")),
            outlet: Some(outlet.into()),
            ..Default::default()
        },
    });
    a.doc.id = DocId(id.into());
    a.doc.text = text.into();
    a.doc.lang = Some(LangGuess {
        code: lang.into(),
        confidence: 0.9,
    });
    a.mentions = names.iter().map(|(s, e)| mention(text, s, e)).collect();
    a
}

fn technique(text: &str, name: &str, family: &str, needle: &str, score: f32) -> TechniqueSpan {
    TechniqueSpan {
        technique: name.into(),
        family: family.into(),
        span: span_of(text, needle),
        score,
        evidence: vec![Evidence {
            kind: "cue".into(),
            id: format!("cue:{needle}"),
            score: None,
            span: None,
        }],
    }
}

fn cited(text: &str, name: &str, needle: &str, entity: Option<&str>) -> CitedSource {
    CitedSource {
        name: name.into(),
        span: span_of(text, needle),
        cue_span: span_of(text, needle),
        cue: "reported".into(),
        kind: "media".into(),
        entity: entity.map(str::to_string),
        sentence: 1,
    }
}

fn rhetoric_en() -> Rhetoric {
    let t = TEXT_EN;
    Rhetoric {
        techniques: vec![
            technique(t, "name_calling", "attack", "traitors", 0.9),
            technique(t, HOSTILE_TECHNIQUE, "attack", "<img src=x", 0.5),
        ],
        framings: vec![Framing {
            actor: "Q30".into(),
            main_role: "antagonist".into(),
            score: 0.8,
            fine_roles: vec![RoleScore {
                role: "instigator".into(),
                score: 0.6,
            }],
            mentions: vec![0],
            evidence: Vec::new(),
        }],
        sources: vec![
            cited(t, "Reuters", "Reuters", Some("Q130879")),
            cited(t, HOSTILE_SOURCE, "deal", None),
        ],
        provenance: Some(Provenance {
            machine_translated: 0.7,
            traces: vec![Trace {
                kind: "calque".into(),
                span: span_of(t, "arms"),
                detail: "literal rendering".into(),
                weight: 0.4,
            }],
            genre: Some(Label {
                label: "reporting".into(),
                score: 0.66,
            }),
        }),
    }
}

fn rhetoric_fr() -> Rhetoric {
    let t = TEXT_FR;
    Rhetoric {
        techniques: vec![technique(t, "name_calling", "attack", "rien", 0.4)],
        framings: vec![Framing {
            actor: "Q30".into(),
            main_role: "antagonist".into(),
            score: 0.7,
            fine_roles: Vec::new(),
            mentions: vec![0],
            evidence: Vec::new(),
        }],
        sources: vec![cited(t, "Reuters", "Reuters", Some("Q130879"))],
        provenance: Some(Provenance::default()),
    }
}

/// The three documents: English (Q30 arms Q2429253, rhetoric), French (Q30 with Q159,
/// rhetoric) and a bare one (Q159, no rhetoric run).
pub fn build(dir: &std::path::Path) {
    let mut en = doc(
        DOC_EN,
        "en",
        "Northern Ledger",
        TEXT_EN,
        &[("Washington", "Q30"), ("Daesh", "Q2429253")],
    );
    en.claims.push(Claim {
        key: "Q30 arm Q2429253".into(),
        subject: "Q30".into(),
        relation: "arm".into(),
        object: "Q2429253".into(),
        polarity: Polarity::Affirmed,
        modality: Modality::Asserted,
        source: None,
        sentence: 0,
        evidence: span_of(TEXT_EN, "Washington arms Daesh, the traitors said."),
        trigger: span_of(TEXT_EN, "arms"),
        subject_span: span_of(TEXT_EN, "Washington"),
        object_span: span_of(TEXT_EN, "Daesh"),
    });
    let fr = doc(
        DOC_FR,
        "fr",
        "Le Veilleur",
        TEXT_FR,
        &[("USA", "Q30"), ("Russie", "Q159")],
    );
    let bare = doc(
        DOC_BARE,
        "en",
        "Le Veilleur",
        "Russia waits.",
        &[("Russia", "Q159")],
    );
    let mut store = Store::open(dir).expect("open corpus");
    store
        .in_transaction(|t| {
            for a in [&en, &fr, &bare] {
                t.put(a)?;
            }
            t.put_rhetoric(&en.doc.id, "test", &rhetoric_en())?;
            t.put_rhetoric(&fr.doc.id, "test", &rhetoric_fr())
        })
        .expect("store rhetoric fixtures");
}

/// An app over [`build`]'s corpus.
pub fn app() -> (tempfile::TempDir, Router) {
    let dir = tempfile::tempdir().expect("tempdir");
    build(dir.path());
    let store = Store::open_existing(dir.path()).expect("reopen corpus");
    (dir, narrascope_server::app(store, Options::default()))
}
