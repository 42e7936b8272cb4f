//! `narrascope techniques` and `narrascope sources` over the reference articles: techniques
//! with their spans, cited sources linked to the knowledge base, machine-translation flags;
//! results are stored once and redone only when asked; `analyze` shows the same.

mod common;
use common::*;

use std::path::Path;

fn json(args: &[&str], corpus: &Path) -> (serde_json::Value, String) {
    let o = run(args, corpus);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    (
        serde_json::from_str(&stdout(&o)).expect("json output"),
        stderr(&o),
    )
}

/// The first line of the seed whose file name starts with `seed` (its title, or a
/// breadcrumb ending with it).
fn title_of(seeds: &Path, seed: &str) -> String {
    let file = std::fs::read_dir(seeds)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(seed))
        .unwrap_or_else(|| panic!("seed {seed} missing"));
    let text = std::fs::read_to_string(file.path()).unwrap();
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.trim().to_string()
}

/// Whether the listed document `v` has the title found on `line`.
fn has_title(v: &serde_json::Value, line: &str) -> bool {
    v["title"]
        .as_str()
        .is_some_and(|t| t.len() > 10 && line.contains(t))
}

#[test]
fn seeds_show_techniques_sources_and_translation_traces() {
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

    // ingest with --embed already ran the detectors: listing does not redo them
    let (v, err) = json(&["techniques", "--format", "json"], &corpus);
    assert!(!err.contains("rhetoric: analysed"), "{err}");
    let techniques: Vec<&str> = v["techniques"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["technique"].as_str())
        .collect();
    for t in [
        "Doubt",
        "Name_Calling-Labeling",
        "Whataboutism",
        "Loaded_Language",
    ] {
        assert!(techniques.contains(&t), "{t} missing: {v}");
    }
    let (v, _) = json(
        &["techniques", "--technique", "Doubt", "--format", "json"],
        &corpus,
    );
    let doubt = v["spans"].as_array().unwrap();
    let t004 = title_of(&seeds, "004");
    assert!(
        doubt.iter().any(|s| has_title(s, &t004)
            && s["text"]
                .as_str()
                .is_some_and(|t| t.contains("no evidence has been produced"))),
        "{v}"
    );
    let o = run(&["techniques", "--technique", "Nonsense"], &corpus);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("unknown technique `Nonsense`"));

    let (v, _) = json(&["sources", "--format", "json", "--limit", "100"], &corpus);
    let cited: Vec<&str> = v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["source"].as_str())
        .collect();
    for s in [
        "ns:tass",
        "ns:nbc",
        "ns:common-dreams",
        "ns:al-mayadeen",
        "ns:foreign-policy",
    ] {
        assert!(cited.contains(&s), "{s} not cited: {v}");
    }
    let flagged = v["machine_translated"].as_array().unwrap();
    let is_flagged = |seed: &str| {
        let t = title_of(&seeds, seed);
        flagged.iter().any(|d| has_title(d, &t))
    };
    assert!(is_flagged("000") && is_flagged("002"), "{v}");
    assert!(!is_flagged("001") && !is_flagged("004"), "{v}");
    assert_eq!(flagged.len(), 2, "{v}");

    // --redo runs every document again, with the same results
    let (again, err) = json(
        &["sources", "--format", "json", "--limit", "100", "--redo"],
        &corpus,
    );
    assert!(err.contains("rhetoric: analysed 5 documents"), "{err}");
    assert_eq!(again["sources"], v["sources"]);

    // the stored document shows them too
    let d004 = doubt
        .iter()
        .find(|s| has_title(s, &t004))
        .and_then(|s| s["doc_id"].as_str())
        .unwrap();
    let o = run(&["show", d004], &corpus);
    let text = stdout(&o);
    assert!(
        text.contains("Techniques:") && text.contains("Cites:"),
        "{text}"
    );
}

#[test]
fn analyze_reports_cues_and_sources_without_a_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a.txt");
    std::fs::write(
        &file,
        "Sanctions bite\n\nThe ministry said exports fell, according to Reuters. \
         No evidence has been produced to support the claim that the port was closed.\n",
    )
    .unwrap();
    let o = bin()
        .args(["analyze", file.to_str().unwrap(), "--format", "json", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let a = &v[0];
    assert!(
        a["sources"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["name"] == "Reuters")),
        "{a}"
    );
    assert!(
        a["techniques"]
            .as_array()
            .is_some_and(|t| t.iter().any(|t| t["technique"] == "Doubt")),
        "{a}"
    );
    assert!(a["provenance"]["machine_translated"].as_f64().unwrap() < 0.5);
}
