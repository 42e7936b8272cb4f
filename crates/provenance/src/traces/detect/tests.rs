use std::sync::LazyLock;

use super::*;

static LEX: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::shipped().unwrap());

fn en() -> &'static LangLexicon {
    LEX.get("en").unwrap()
}

fn texts<'a>(text: &'a str, seen: &[Seen]) -> Vec<&'a str> {
    seen.iter().map(|s| s.span.slice(text).unwrap()).collect()
}

#[test]
fn words_have_offsets() {
    let w: Vec<_> = words("l'armée, déjà-vu 42").collect();
    assert_eq!(w, vec![(0, "l"), (2, "armée"), (10, "déjà"), (17, "vu")]);
}

#[test]
fn spanish_and_french_abbreviations_in_english() {
    let t = "Troops of EE. UU. left; the EI claimed it. EUROPE and EIGHT are words, see x.EI/UU.";
    let s = foreign_abbreviations(t, en());
    let mut found = texts(t, &s);
    found.sort();
    assert_eq!(found, vec!["EE", "EI", "UU"]);
    assert!(s.iter().any(|x| x.detail.contains("Spanish")));
}

#[test]
fn accents_left_in_english_but_not_loanwords_or_names() {
    let t = "The United States has also accusé Iran. A café in Zürich, a cliché, the élite, \
             a sign saying ülés után.";
    assert_eq!(texts(t, &untranslated_accents(t, en())), vec!["accusé"]);
}

#[test]
fn lower_case_nationalities() {
    let t = "the general iranian met Iraqi and iraqi officers, see #american and x.iranian.com";
    assert_eq!(
        texts(t, &lowercase_demonyms(t, en())),
        vec!["iranian", "iraqi"]
    );
}

#[test]
fn runs_of_foreign_function_words() {
    let t = "The minister said que la guerra de los pobres was over, as Juan de la Cruz said.";
    let s = foreign_words(t, "en", &LEX);
    assert_eq!(texts(t, &s), vec!["que la guerra de los"]);
    assert!(s[0].detail.contains("(es)"), "{}", s[0].detail);
    // One stray word is not a run, and the document's own words never count.
    assert!(foreign_words("He ate a croissant et left.", "en", &LEX).is_empty());
    let fr = "Le ministre a parlé de la guerre avec les journalistes.";
    assert!(foreign_words(fr, "fr", &LEX).is_empty());
    assert_eq!(
        texts(
            "Il a dit: the end of the story.",
            &foreign_words("Il a dit: the end of the story.", "fr", &LEX)
        ),
        vec!["the end of the"]
    );
}

#[test]
fn translation_notes_in_short_lines_only() {
    let t = "Body text.\nSource: Traduit du site Exemple\nTranslated from Arabic by the editors\n";
    let re = notes_regex(&LEX);
    let s = translation_notes(t, re.as_ref());
    assert_eq!(
        texts(t, &s),
        vec![
            "Traduit du site Exemple",
            "Translated from Arabic by the editors"
        ]
    );
    let long = format!("{} translated from the original.", "word ".repeat(40));
    assert!(translation_notes(&long, re.as_ref()).is_empty());
}

#[test]
fn removal_rules_map_to_kinds() {
    assert_eq!(removal_kind("breadcrumb"), "site_furniture");
    assert_eq!(removal_kind("source_link"), "source_link");
    assert_eq!(removal_kind("html_remnant"), "markup_leftover");
    assert_eq!(removal_kind("something_new"), "scrape_debris");
}
