use std::sync::LazyLock;

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};

use super::*;

static FINDER: LazyLock<SourceFinder> =
    LazyLock::new(|| SourceFinder::shipped(&Kb::shipped().unwrap()).unwrap());

pub(crate) fn analysis(text: &str) -> Analysis {
    narrascope_analyze::analyze(RawDocument {
        source: SourceRef {
            path: "t.txt".into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata::default(),
    })
    .unwrap()
}

/// `(name, kind, cue, entity)` of every source found.
fn found(text: &str) -> Vec<(String, String, String, Option<String>)> {
    FINDER
        .find(&analysis(text))
        .into_iter()
        .map(|s| (s.name, s.kind, s.cue, s.entity))
        .collect()
}

fn has(text: &str, name: &str, kind: &str) {
    let f = found(text);
    assert!(
        f.iter().any(|s| s.0 == name && s.1 == kind),
        "{name}/{kind} not in {f:?}"
    );
}

#[test]
fn each_kind_on_hand_written_sentences() {
    has(
        "The talks failed, according to the news agency Interfax, on Monday evening.",
        "Interfax",
        "agency",
    );
    has(
        "The strike hit a depot, according to the Daily Courier of Lisbon.",
        "Daily Courier of Lisbon",
        "outlet",
    );
    has(
        "The ceasefire holds, Defence Minister Anna Kowal said on Friday in Warsaw.",
        "Defence Minister Anna Kowal",
        "official",
    );
    has(
        "The embargo was lifted, the Ministry of Agriculture said in a statement.",
        "Ministry of Agriculture",
        "organisation",
    );
    has(
        "The convoy was hit near the border, @frontline_watch tweeted on Sunday.",
        "@frontline_watch",
        "account",
    );
    has(
        "Le pont a été détruit, selon la chaîne locale Radio Vallée, dimanche matin.",
        "Radio Vallée",
        "outlet",
    );
}

#[test]
fn names_link_to_the_knowledge_base_and_lose_leading_words() {
    let f = found("Russian troops left the town, according to the state news agency Tass Russian.");
    let tass = f.iter().find(|s| s.0 == "Tass").expect("Tass");
    assert_eq!(
        (tass.1.as_str(), tass.3.as_deref()),
        ("agency", Some("ns:tass"))
    );
    let f = found("But Reuters reported that the talks had collapsed before dawn.");
    assert!(
        f.iter().any(|s| s.0 == "Reuters" && s.2 == "en/reports"),
        "{f:?}"
    );
}

#[test]
fn spans_point_at_the_name_and_the_cue() {
    let a = analysis("Nothing happened. The bridge stands, according to Reuters.");
    let s = FINDER.find(&a);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].span.slice(&a.doc.text), Some("Reuters"));
    assert_eq!(
        s[0].cue_span.slice(&a.doc.text),
        Some("according to Reuters")
    );
    assert_eq!(s[0].sentence, 1);
}

#[test]
fn no_source_without_a_name() {
    assert!(found("He said that the plan, according to their own narrative, was fine.").is_empty());
    assert!(found("They told reporters nothing new.").is_empty());
    // A name after a preposition is not the subject of the cue's verb.
    assert!(found("Un spécialiste de la Syrie, a écrit un long article hier soir.").is_empty());
    assert!(found("The war ended after Moscow declared victory in the north.").is_empty());
}
