//! `narrascope narratives`: the reference articles carry the catalog narrative with
//! evidence, typed lineage links come out right on a corpus written for the tests, and a
//! discovered narrative can be promoted into a user catalog that then validates.

mod common;
use common::*;

use std::collections::HashMap;
use std::path::Path;

const PARENT: &str = "iraq-syria/us-fight-not-genuine";
const COLLUSION: &str = "iraq-syria/us-fight-not-genuine/us-colludes-with-isis";

fn json(args: &[&str], corpus: &Path) -> serde_json::Value {
    let o = run(args, corpus);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("json output")
}

#[test]
fn seeds_carry_the_narrative_and_show_it_with_evidence() {
    let Some(shared) = shared() else {
        eprintln!("skipping: ../shared not found");
        return;
    };
    if !model_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    let seeds = shared.join("seeds");
    let o = run(
        &["ingest", seeds.to_str().unwrap(), "--embed", "-q"],
        &corpus,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&["narratives", "--format", "json"], &corpus);
    let count = |id: &str| {
        v["narratives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .map(|n| n["documents"].as_u64().unwrap())
            .unwrap_or(0)
    };
    assert_eq!(count(PARENT), 5, "{v}");
    assert!(count(COLLUSION) >= 4, "{v}");

    // the readable overview leads with the narrative and quotes its evidence
    let o = run(&["narratives", "--no-update"], &corpus);
    let text = stdout(&o);
    assert!(text.contains(PARENT), "{text}");
    assert!(text.matches('"').count() >= 10, "evidence quoted: {text}");

    let o = run(&["narratives", "show", PARENT, "--no-update"], &corpus);
    let text = stdout(&o);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        text.contains("5 documents") && text.contains("First seen: 2021-09"),
        "{text}"
    );
    assert!(
        text.contains("Timeline:") && text.contains("    - \""),
        "{text}"
    );

    let o = run(&["narratives", "show", "nope/none", "--no-update"], &corpus);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("nope/none"));

    // promotion of a discovered narrative gives a catalog that validates and is matched
    let d = &v["discovered"];
    if let Some(first) = d.as_array().and_then(|a| a.first()) {
        let id = first["id"].as_str().unwrap();
        let file = tmp.path().join("mine.toml");
        let o = run(
            &[
                "narratives",
                "promote",
                id,
                "--into",
                file.to_str().unwrap(),
            ],
            &corpus,
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let o = run(&["kb", "check", "--kb", file.to_str().unwrap()], &corpus);
        assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
        let v = json(
            &[
                "narratives",
                "--format",
                "json",
                "--kb",
                file.to_str().unwrap(),
            ],
            &corpus,
        );
        let promoted = format!("user/{id}");
        assert!(
            v["narratives"]
                .as_array()
                .unwrap()
                .iter()
                .any(|n| n["id"] == promoted.as_str() && n["documents"].as_u64() >= Some(2)),
            "{promoted} matched: {v}"
        );
        // promoting twice is refused, the file is kept
        let o = run(
            &[
                "narratives",
                "promote",
                id,
                "--into",
                file.to_str().unwrap(),
            ],
            &corpus,
        );
        assert!(!o.status.success());
    }
}

#[test]
fn links_between_copies_translations_and_rewrites_are_typed() {
    if !model_available() {
        return;
    }
    let data = repo().join("crates/lineage/tests/data");
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("c");
    let o = run(
        &["ingest", data.to_str().unwrap(), "--embed", "-q"],
        &corpus,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // document id of each file
    let mut ids: HashMap<String, String> = HashMap::new();
    for f in ["fr", "en", "es", "fr_copy", "fr_rewrite", "fr_other"] {
        let p = data.join(format!("{f}.txt"));
        let o = bin()
            .args(["analyze", p.to_str().unwrap(), "--format", "json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let id = v[0]["doc"]["id"].as_str().expect("doc id").to_string();
        ids.insert(id, f.to_string());
    }
    let v = json(&["narratives", "--format", "json"], &corpus);
    let mut got: HashMap<(String, String), String> = HashMap::new();
    for l in v["links"].as_array().unwrap() {
        let a = ids[l["source"].as_str().unwrap()].clone();
        let b = ids[l["target"].as_str().unwrap()].clone();
        let key = if a < b { (a, b) } else { (b, a) };
        got.insert(key, l["kind"].as_str().unwrap().to_string());
    }
    let kind = |a: &str, b: &str| {
        let key = if a < b {
            (a.to_string(), b.to_string())
        } else {
            (b.to_string(), a.to_string())
        };
        got.get(&key).cloned().unwrap_or_else(|| "none".into())
    };
    assert_eq!(kind("fr", "en"), "translation", "{got:?}");
    assert_eq!(kind("fr", "es"), "translation", "{got:?}");
    assert_eq!(kind("en", "es"), "translation", "{got:?}");
    assert_eq!(kind("fr", "fr_copy"), "near_copy", "{got:?}");
    assert_eq!(kind("fr", "fr_rewrite"), "rewrite", "{got:?}");
    for f in ["fr", "en", "es", "fr_copy", "fr_rewrite"] {
        assert_eq!(kind("fr_other", f), "none", "{got:?}");
    }
    // deterministic: a second full update gives the same links
    let again = json(&["narratives", "--format", "json"], &corpus);
    assert_eq!(again["links"], v["links"]);
}
