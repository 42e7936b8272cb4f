//! `reanalyze`: stored documents analysed again from their raw text.

mod common;
use common::*;

use narrascope_corpus::{Store, StoredDocument};
use std::path::{Path, PathBuf};

const DOCS: [(&str, &str); 3] = [
    (
        "a.txt",
        "The United States armed ISIS, according to Reuters.\n\nIran did not fund Hezbollah.",
    ),
    ("b.txt", "Les États-Unis ont armé Daech en Syrie."),
    ("c.txt", "Russia attacked Ukraine. Turkey attacked the PKK."),
];

fn snapshot(corpus: &Path) -> Vec<StoredDocument> {
    let store = Store::open_existing(corpus).unwrap();
    store
        .ids()
        .unwrap()
        .iter()
        .map(|id| store.get(id).unwrap().expect("stored"))
        .collect()
}

fn same(a: &[StoredDocument], b: &[StoredDocument]) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.doc, y.doc);
        assert_eq!(x.mentions, y.mentions);
        assert_eq!(x.claims, y.claims);
        assert_eq!(x.sources, y.sources);
    }
}

fn claims_json(corpus: &Path) -> serde_json::Value {
    let o = run(&["claims", "--format", "json"], corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON")
}

#[test]
fn reanalyze_keeps_layers_and_restores_lost_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, text) in DOCS {
        std::fs::write(input.join(name), text).unwrap();
    }
    let corpus = dir.path().join("c");
    let o = run(&["ingest", input.to_str().unwrap()], &corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let before = snapshot(&corpus);
    let claims_before = claims_json(&corpus);
    assert!(before.iter().any(|d| !d.claims.is_empty()));

    let o = run(&["reanalyze", "--all"], &corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(
        stderr(&o).contains("3 documents re-analysed"),
        "{}",
        stderr(&o)
    );
    same(&before, &snapshot(&corpus));
    assert_eq!(claims_json(&corpus), claims_before);
    assert!(!corpus.join("reanalyze.progress").exists());

    // a stored analysis that lost its mentions and claims (as from an older pipeline)
    {
        let mut store = Store::open_existing(&corpus).unwrap();
        store
            .in_transaction(|t| {
                for d in &before {
                    let mut a = narrascope_core::Analysis::new(narrascope_core::RawDocument {
                        source: d.doc.source.clone(),
                        text: d.doc.raw.clone(),
                        meta: d.doc.meta.clone(),
                    });
                    a.doc = d.doc.clone();
                    t.replace_analysis(&d.doc.id, &a)?;
                }
                Ok(())
            })
            .unwrap();
    }
    assert!(snapshot(&corpus).iter().all(|d| d.claims.is_empty()));
    assert_eq!(claims_json(&corpus), serde_json::json!([]));
    // one document by id prefix, then the rest
    let first = &before[0].doc.id.0;
    let o = run(&["reanalyze", &first[..8]], &corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let now = snapshot(&corpus);
    assert_eq!(now[0].claims, before[0].claims);
    assert_eq!(now[0].mentions, before[0].mentions);
    // an interrupted `--all` run left its progress after the first document
    std::fs::write(corpus.join("reanalyze.progress"), first).unwrap();
    let o = run(&["reanalyze", "--all"], &corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(stderr(&o).contains("resuming after"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 documents re-analysed"),
        "{}",
        stderr(&o)
    );
    same(&before, &snapshot(&corpus));
    assert_eq!(claims_json(&corpus), claims_before);

    let o = run(&["reanalyze", "ffffffff"], &corpus);
    assert_eq!(o.status.code(), Some(3), "stderr: {}", stderr(&o));
    let o = run(&["reanalyze"], &corpus);
    assert_eq!(o.status.code(), Some(2), "stderr: {}", stderr(&o));
}

fn facets(corpus: &Path) -> serde_json::Value {
    let query = "ISIS OR Daech OR Russia";
    let o = run(&["search", query, "--format", "json"], corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("search JSON");
    assert_eq!(v["total"], 3, "{v}");
    v["facets"].clone()
}

/// The test documents written under `dir`, ingested once with every stage and once with
/// the foundation stages only: (input folder, full corpus, foundation-only corpus).
fn full_and_foundation_corpora(dir: &Path) -> (String, PathBuf, PathBuf) {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    for (name, text) in DOCS {
        std::fs::write(input.join(name), text).unwrap();
    }
    let input = input.to_str().unwrap().to_string();
    let full = dir.join("full");
    let o = run(&["ingest", &input], &full);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let lazy = dir.join("lazy");
    let o = run(&["ingest", &input, "--stages", "foundation"], &lazy);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    (input, full, lazy)
}

#[test]
fn foundation_ingest_then_pending_analysis_equals_a_full_ingest() {
    let dir = tempfile::tempdir().unwrap();
    let (input, full, lazy) = full_and_foundation_corpora(dir.path());
    let input = input.as_str();

    // the foundation layers are those of a full ingest; actors and claims are missing
    let (want, got) = (snapshot(&full), snapshot(&lazy));
    assert!(want.iter().any(|d| !d.claims.is_empty()));
    assert_eq!(want.len(), got.len());
    for (w, g) in want.iter().zip(&got) {
        assert_eq!((&w.doc, &w.sources), (&g.doc, &g.sources));
        assert!(g.mentions.is_empty() && g.claims.is_empty());
    }
    assert_eq!(claims_json(&lazy), serde_json::json!([]));
    assert_eq!(stats(&lazy)["awaiting_analysis"], 3);
    assert_eq!(stats(&full)["awaiting_analysis"], 0);
    let (want_facets, lazy_facets) = (facets(&full), facets(&lazy));
    assert!(!want_facets["actor"].as_array().unwrap().is_empty());
    assert_eq!(lazy_facets["actor"], serde_json::json!([]));
    assert_eq!(lazy_facets["claim"], serde_json::json!([]));
    assert_eq!(lazy_facets["lang"], want_facets["lang"]);

    // analysing the pending documents gives what a full ingest stored
    let o = run(&["reanalyze", "--pending"], &lazy);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(
        stderr(&o).contains("3 documents re-analysed"),
        "{}",
        stderr(&o)
    );
    same(&want, &snapshot(&lazy));
    assert_eq!(claims_json(&lazy), claims_json(&full));
    assert_eq!(facets(&lazy), want_facets);
    assert_eq!(stats(&lazy)["awaiting_analysis"], 0);
    let o = run(&["reanalyze", "--pending"], &lazy);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(
        stderr(&o).contains("0 documents re-analysed"),
        "{}",
        stderr(&o)
    );

    // rhetoric at ingest needs every stage
    let o = run(
        &["ingest", input, "--stages", "foundation", "--embed"],
        &lazy,
    );
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--stages all"), "{}", stderr(&o));
}

#[test]
fn a_full_ingest_analyses_what_a_foundation_ingest_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (input, full, lazy) = full_and_foundation_corpora(dir.path());
    let input = input.as_str();
    assert_eq!(stats(&lazy)["awaiting_analysis"], 3);
    let o = run(&["ingest", input], &lazy);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    assert!(
        stderr(&o).contains("3 stored before without analysis and analysed now"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stats(&lazy)["awaiting_analysis"], 0);
    same(&snapshot(&full), &snapshot(&lazy));
    assert_eq!(claims_json(&lazy), claims_json(&full));
    assert_eq!(facets(&lazy), facets(&full));
}
