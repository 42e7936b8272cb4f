use super::*;
use crate::sources::tests::analysis;

fn finder() -> TraceFinder {
    TraceFinder::shipped().unwrap()
}

fn kinds(p: &Provenance) -> Vec<&str> {
    p.traces.iter().map(|t| t.kind.as_str()).collect()
}

#[test]
fn two_translation_traces_flag_a_text_and_one_does_not() {
    let f = finder();
    let one = f.find(&analysis(
        "The army left the base on Monday. Officials said the EI had lost the town.",
    ));
    assert_eq!(kinds(&one), vec!["foreign_abbreviation"]);
    assert!((one.machine_translated - 0.5).abs() < 1e-6);
    assert!(one.machine_translated < MT_THRESHOLD);
    let two = f.find(&analysis(
        "The army left the base on Monday. Officials said the EI had lost the town. \
         The United States has accusé the iranian government of lying about it.",
    ));
    assert!(two.machine_translated >= MT_THRESHOLD, "{two:?}");
    let k = kinds(&two);
    for want in [
        "foreign_abbreviation",
        "untranslated_accent",
        "lowercase_demonym",
    ] {
        assert!(k.contains(&want), "{want} missing from {k:?}");
    }
}

#[test]
fn repeated_traces_weigh_less_each_time() {
    let p = finder().find(&analysis(
        "The EI attacked. The EI retreated. The EI regrouped near the river at night.",
    ));
    let w: Vec<f32> = p.traces.iter().map(|t| t.weight).collect();
    assert_eq!(w, vec![0.5, 0.25, 0.125]);
}

#[test]
fn debris_is_listed_with_no_weight() {
    let p = finder().find(&analysis(
        "Home / World / Middle East\n\nThe talks ended without a deal on Tuesday evening.\n\nSource link\n",
    ));
    let k = kinds(&p);
    assert!(
        k.contains(&"site_furniture") && k.contains(&"source_link"),
        "{k:?}"
    );
    assert_eq!(p.machine_translated, 0.0);
    assert!(p.traces.iter().all(|t| t.weight == 0.0));
}

#[test]
fn clean_english_is_not_flagged() {
    let p = finder().find(&analysis(
        "The Iraqi government condemned the strikes on Sunday. Iranian officials said the \
         attack was illegal, and the American embassy declined to comment.",
    ));
    assert!(p.traces.is_empty(), "{p:?}");
}
