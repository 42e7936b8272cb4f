//! Linking against the shipped knowledge base, on documents built by hand.

mod common;

use std::sync::OnceLock;

use narrascope_actors::{Linker, Mention, MentionKind, unlinked_counts};

fn linker() -> &'static Linker {
    static L: OnceLock<Linker> = OnceLock::new();
    L.get_or_init(|| Linker::new(&common::shipped_kb()).expect("linker builds"))
}

fn link(text: &str) -> Vec<Mention> {
    linker().link(&common::doc(text))
}

/// (surface, entity) of linked mentions.
fn linked(text: &str) -> Vec<(String, String)> {
    link(text)
        .into_iter()
        .filter_map(|m| m.entity.map(|e| (m.surface, e)))
        .collect()
}

fn has(text: &str, surface: &str, entity: &str) {
    let l = linked(text);
    assert!(
        l.iter().any(|(s, e)| s == surface && e == entity),
        "{surface:?} -> {entity} not found in {l:?}"
    );
}

#[test]
fn acronyms_keep_their_case_and_words_their_boundaries() {
    has("The US said so.", "US", "Q30");
    let l = linked("Let us see the USAGE of it.");
    assert!(l.is_empty(), "{l:?}");
    has("Selon l'EI, les USA mentent.", "EI", "Q2429253");
    has("Selon l'EI, les USA mentent.", "les USA", "Q30");
    has("les militants d'ISIS", "ISIS", "Q2429253");
    has("the Iraqi PMUs were hit", "PMUs", "Q16837785");
}

#[test]
fn folding_handles_diacritics_possessives_and_articles() {
    has("Iran's foreign minister", "Iran", "Q794");
    has("Les Etats-Unis et l'Irak", "Etats-Unis", "Q30");
    has("les Hachd al-Chaabi", "Hachd al-Chaabi", "Q16837785");
    has(
        "près de la frontière, al Hachd al chaabi",
        "al Hachd al chaabi",
        "Q16837785",
    );
    has("el-Qaeda fighters", "el-Qaeda", "Q34490");
    has(
        "the Kata’ib Hezbollah militia",
        "Kata’ib Hezbollah",
        "ns:kataib-hezbollah",
    );
}

#[test]
fn demonyms_are_inflected_and_metonyms_marked() {
    has("les sources américaines", "américaines", "Q30");
    has(
        "les forces américaines",
        "forces américaines",
        "ns:us-armed-forces",
    );
    has("des sources irakiennes", "irakiennes", "Q796");
    has(
        "американские военные заявили",
        "американские военные",
        "ns:us-armed-forces",
    );
    has("американского посольства", "американского", "Q30");
    has("die amerikanischen Truppen", "amerikanischen", "Q30");
    let m = link("Téhéran a répondu à Washington.");
    let teh = m.iter().find(|m| m.surface == "Téhéran").expect("Téhéran");
    assert_eq!(
        (teh.entity.as_deref(), teh.metonym, teh.kind),
        (Some("Q794"), true, MentionKind::Metonym)
    );
    assert!(m.iter().any(|m| m.surface == "Washington" && m.metonym));
}

#[test]
fn longest_match_wins() {
    has(
        "Kataib Hezbollah vowed revenge",
        "Kataib Hezbollah",
        "ns:kataib-hezbollah",
    );
    has(
        "such as Al-Qaeda in Iraq, in the wake",
        "Al-Qaeda in Iraq",
        "ns:aqi",
    );
    has(
        "Harakat Hezbollah al-Nujaba, a militia",
        "Harakat Hezbollah al-Nujaba",
        "ns:nujaba",
    );
    has("in Latin America", "Latin America", "ns:latin-america");
    let l = linked("in Latin America");
    assert!(!l.iter().any(|(_, e)| e == "Q30"), "{l:?}");
}

#[test]
fn other_scripts_and_clitics() {
    has("قال مسؤولون في والعراق", "العراق", "Q796");
    has("داعش يهاجم", "داعش", "Q2429253");
    has("в Ираке и Сирии", "Ираке", "Q796");
    has("удары по ИГИЛ", "ИГИЛ", "Q2429253");
}

#[test]
fn acronyms_defined_in_the_text_are_learned() {
    let text = "La Résistance islamique en Irak (RII) menace. Plus tard, la RII a frappé.";
    let m = link(text);
    let rii: Vec<_> = m.iter().filter(|m| m.surface == "RII").collect();
    assert_eq!(rii.len(), 2, "{m:?}");
    assert!(
        rii.iter()
            .all(|m| m.entity.as_deref() == Some("ns:islamic-resistance-in-iraq"))
    );
    // a definition in the text overrides the knowledge base for that document
    let m = link("The Iraqi Security Forces (IS) advanced. IS units moved.");
    let is: Vec<_> = m.iter().filter(|m| m.surface == "IS").collect();
    assert_eq!(is.len(), 2, "{m:?}");
    assert!(is.iter().all(|m| m.kind == MentionKind::Defined));
}

#[test]
fn ambiguous_forms_use_document_context() {
    let m = link("ABC reported it.");
    let abc = m.iter().find(|m| m.surface == "ABC").expect("ABC");
    assert!(abc.is_ambiguous() && abc.candidates.len() == 2, "{abc:?}");
    let m = link("ABC reported from Canberra that Australia agreed.");
    let abc = m.iter().find(|m| m.surface == "ABC").expect("ABC");
    assert_eq!(abc.entity.as_deref(), Some("ns:abc-australia"));
}

#[test]
fn names_of_people_need_their_capitals() {
    assert!(linked("he played his trump card").is_empty());
    has("Trump spoke.", "Trump", "Q22686");
}

#[test]
fn unlinked_names_are_kept_with_counts() {
    let m = link("Yesterday Jabbar Qasimi met Reuters. Afterwards Jabbar Qasimi left for Baghdad.");
    let counts = unlinked_counts(&m);
    assert_eq!(
        counts.first(),
        Some(&("Jabbar Qasimi".to_string(), 2)),
        "{counts:?}"
    );
    assert!(m.iter().any(|m| m.surface == "Reuters" && m.is_linked()));
    assert!(m.iter().all(|m| m.sentence.is_some()));
}
