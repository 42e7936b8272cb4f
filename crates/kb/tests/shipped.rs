//! The shipped knowledge base loads cleanly and covers what analysts need.

use narrascope_kb::{EntityType, FormKind, Kb, KbPaths, shipped_files};

const CORE_LANGS: [&str; 8] = ["en", "fr", "es", "de", "it", "pt", "ru", "ar"];

fn shipped() -> Kb {
    let (kb, issues) = Kb::from_layers(&[shipped_files()]).expect("shipped files parse");
    let errors: Vec<String> = issues
        .iter()
        .filter(|i| i.is_error())
        .map(|i| i.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
    let warnings: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
    assert!(warnings.is_empty(), "{}", warnings.join("\n"));
    kb
}

#[test]
fn the_quick_shipped_load_gives_the_checked_one() {
    let checked = shipped();
    let quick = Kb::shipped().expect("shipped");
    assert_eq!(quick.entities(), checked.entities());
    for e in checked.entities() {
        assert_eq!(quick.index(&e.id), checked.index(&e.id));
        if let Some(q) = &e.qid {
            assert_eq!(quick.get(q).map(|x| &x.id), checked.get(q).map(|x| &x.id));
        }
    }
}

#[test]
fn shipped_kb_has_no_issues_and_enough_entities() {
    let kb = shipped();
    eprintln!("{} entities", kb.len());
    assert!(kb.len() >= 400, "only {} entities", kb.len());
}

#[test]
fn every_entity_is_named_in_every_core_language() {
    let kb = shipped();
    for e in kb.entities() {
        for lang in CORE_LANGS {
            let named = e
                .aliases
                .iter()
                .any(|a| (a.lang == lang || a.lang == "*") && a.kind != FormKind::Demonym);
            assert!(named, "{} ({}) has no name usable in {lang}", e.id, e.label);
        }
    }
}

#[test]
fn states_have_native_script_names_and_demonyms() {
    let kb = shipped();
    let states: Vec<_> = kb
        .entities()
        .iter()
        .filter(|e| e.kind == EntityType::State)
        .collect();
    assert!(states.len() >= 80, "{} states", states.len());
    for e in &states {
        for lang in ["ru", "ar"] {
            assert!(
                e.aliases
                    .iter()
                    .any(|a| a.lang == lang && a.kind == FormKind::Name),
                "{} ({}) lacks a {lang} name",
                e.id,
                e.label
            );
        }
    }
    let with_demonyms = states
        .iter()
        .filter(|e| e.aliases.iter().any(|a| a.kind == FormKind::Demonym))
        .count();
    assert!(
        with_demonyms * 10 >= states.len() * 8,
        "{with_demonyms}/{} states with demonyms",
        states.len()
    );
}

#[test]
fn discovered_paths_in_the_workspace_load_the_same_entities() {
    let paths = KbPaths {
        shipped: Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb")),
        user: vec![],
    };
    let (kb, _) = Kb::load(&paths).unwrap();
    assert_eq!(kb.len(), shipped().len());
}
