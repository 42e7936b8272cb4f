//! `actors` and `claims` over the seed documents (skipped when ../shared is absent).

mod common;
use common::*;

use std::path::{Path, PathBuf};

/// Ingests the seeds into a fresh corpus; `None` (with a note) when they are absent.
fn seeded() -> Option<(tempfile::TempDir, PathBuf)> {
    let Some(seeds) = shared().map(|s| s.join("seeds")).filter(|p| p.is_dir()) else {
        eprintln!("skipping: ../shared/seeds not found");
        return None;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    let o = run(&["ingest", seeds.to_str().unwrap()], &corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    Some((dir, corpus))
}

fn json(args: &[&str], corpus: &Path) -> serde_json::Value {
    let o = run(args, corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON output")
}

#[test]
fn actors_and_claims_over_the_seeds() {
    let Some((_dir, corpus)) = seeded() else {
        return;
    };
    let v = json(&["actors", "--top", "5", "--format", "json"], &corpus);
    let actors = v["actors"].as_array().unwrap();
    assert_eq!(actors.len(), 5, "{v}");
    let ids: Vec<&str> = actors
        .iter()
        .map(|a| a["entity"].as_str().unwrap())
        .collect();
    // Iraq, the US and ISIS are the seeds' three most-mentioned actors.
    assert!(ids[..3].contains(&"Q2429253"), "{ids:?}");
    assert!(ids[..3].contains(&"Q30"), "{ids:?}");
    let isis = &actors[ids.iter().position(|i| *i == "Q2429253").unwrap()];
    let seen: Vec<(&str, &str)> = isis["surfaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["surface"].as_str().unwrap(),
                s["lang"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(seen.contains(&("ISIS", "en")), "{seen:?}");
    assert!(seen.contains(&("Daech", "fr")), "{seen:?}");
    assert!(isis["documents"].as_u64().unwrap() >= 4, "{isis}");
    assert!(v["unlinked"].is_array());

    let text = stdout(&run(&["actors", "--top", "3"], &corpus));
    assert!(
        text.contains("Q2429253") && text.contains("seen as:"),
        "{text}"
    );

    let claims = json(&["claims", "--actor", "Q30", "--format", "json"], &corpus);
    let keys = claims.as_array().unwrap();
    let k = keys
        .iter()
        .find(|k| {
            let key = k["key"].as_str().unwrap();
            key.contains("Q30") && key.contains("Q2429253")
        })
        .unwrap_or_else(|| panic!("no claim relating Q30 and Q2429253: {claims}"));
    let evidence = k["evidence"].as_array().unwrap();
    assert!(!evidence.is_empty(), "{k}");
    let names_isis = |t: &str| {
        ["ISIS", "Daech", "Daesh", "EI"]
            .iter()
            .any(|n| t.contains(n))
    };
    assert!(
        evidence
            .iter()
            .all(|e| names_isis(e["text"].as_str().unwrap())),
        "{k}"
    );
    for k in keys {
        let key = k["key"].as_str().unwrap();
        assert!(key.split(' ').any(|p| p == "Q30"), "{key}");
    }
    let none = json(
        &[
            "claims",
            "--relation",
            "no-such-relation",
            "--format",
            "json",
        ],
        &corpus,
    );
    assert_eq!(none.as_array().unwrap().len(), 0);
    let text = stdout(&run(&["claims", "--actor", "Q30"], &corpus));
    assert!(text.contains(k["key"].as_str().unwrap()), "{text}");
}

#[test]
fn actors_without_a_corpus_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["actors"], &dir.path().join("none"));
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no corpus here"), "{}", stderr(&o));
}

#[test]
fn the_actor_filter_matches_whole_ids() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), "The United States armed ISIS.").unwrap();
    std::fs::write(input.join("b.txt"), "Macron accused Russia.").unwrap();
    let corpus = dir.path().join("c");
    let o = run(&["ingest", input.to_str().unwrap()], &corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let keys = |actor: &str| -> Vec<String> {
        let v = json(&["claims", "--actor", actor, "--format", "json"], &corpus);
        v.as_array()
            .unwrap()
            .iter()
            .map(|k| k["key"].as_str().unwrap().to_string())
            .collect()
    };
    // Macron is Q3052772: `Q30` must not match it
    assert_eq!(keys("Q30"), ["Q30 arm Q2429253"]);
    assert_eq!(keys("United States"), ["Q30 arm Q2429253"]);
    assert_eq!(keys("Macron"), ["Q3052772 accuse Q159"]);
    assert!(keys("Q3").is_empty());
    let entities = |actor: &str| -> Vec<String> {
        let v = json(&["actors", "--actor", actor, "--format", "json"], &corpus);
        v["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["entity"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(entities("Q30"), ["Q30"]);
    assert_eq!(entities("Emmanuel Macron"), ["Q3052772"]);
    let o = run(&["claims", "--actor", "Zorblaxia"], &corpus);
    assert_eq!(o.status.code(), Some(3), "stderr: {}", stderr(&o));
    assert!(stderr(&o).contains("Zorblaxia"), "{}", stderr(&o));
}
