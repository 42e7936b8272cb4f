mod common;
use common::*;

#[test]
fn demo_corpus_ingests_dedups_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    let demo = repo().join("demo");
    let o = run(&["ingest", demo.to_str().unwrap()], &corpus);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let s = stats(&corpus);
    let docs = s["documents"].as_u64().unwrap();
    let sources = s["sources"].as_u64().unwrap();
    // The two Spanish JSONL rows carry the same text: one document, two sources.
    assert_eq!(sources, docs + 1, "{s}");
    let langs: Vec<&str> = s["by_language"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    for l in ["en", "fr", "es", "de", "ru", "ar"] {
        assert!(langs.contains(&l), "language {l} missing from {langs:?}");
    }
    let formats: Vec<&str> = s["by_format"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    for f in ["html", "feed", "jsonl", "csv", "telegram", "text"] {
        assert!(formats.contains(&f), "format {f} missing from {formats:?}");
    }

    // Re-ingesting adds nothing.
    let again = run(&["ingest", demo.to_str().unwrap()], &corpus);
    assert_eq!(again.status.code(), Some(0), "stderr: {}", stderr(&again));
    assert!(
        stderr(&again).contains(" 0 new documents"),
        "{}",
        stderr(&again)
    );
    let s2 = stats(&corpus);
    assert_eq!(s2["documents"], s["documents"]);
    assert_eq!(s2["sources"], s["sources"]);
}

#[test]
fn show_prints_a_stored_document_by_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "Une seule phrase en français pour ce test.\n").unwrap();
    let o = run(&["ingest", file.to_str().unwrap()], &corpus);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(
        &["analyze", file.to_str().unwrap(), "--format", "json"],
        &corpus,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = v[0]["doc"]["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    let o = run(&["show", &id[..6], "--format", "json"], &corpus);
    assert!(o.status.success(), "{}", stderr(&o));
    let shown: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(shown["id"], id.as_str());
    assert_eq!(shown["lang"]["code"], "fr");
    let o = run(&["show", "ffffffffffffffff"], &corpus);
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no document"), "{}", stderr(&o));
}

#[test]
fn bad_inputs_are_named_counted_and_do_not_stop_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(
        inputs.join("good.txt"),
        "A perfectly ordinary sentence about the weather.",
    )
    .unwrap();
    std::fs::write(inputs.join("empty.txt"), "").unwrap();
    std::fs::write(inputs.join("blob.bin"), [0u8, 159, 146, 150, 0, 0, 1, 2, 3]).unwrap();
    std::fs::write(
        inputs.join("rows.jsonl"),
        "{\"text\": \"First row, fine.\"}\n{broken\n{\"text\": \"Third row, fine too.\"}\n",
    )
    .unwrap();
    let o = run(&["ingest", inputs.to_str().unwrap()], &corpus);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("empty.txt"), "{err}");
    assert!(err.contains("blob.bin"), "{err}");
    assert!(err.contains("rows.jsonl (line 2)"), "{err}");
    assert_eq!(stats(&corpus)["documents"], 3);
}

#[test]
fn missing_corpus_is_a_clear_fatal_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["stats"], &dir.path().join("nowhere"));
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("no corpus"), "{}", stderr(&o));
}

/// Every stored document with its layers and sources, in id order.
fn corpus_contents(corpus: &std::path::Path) -> Vec<String> {
    let store = narrascope_corpus::Store::open_existing(corpus).unwrap();
    store
        .ids()
        .unwrap()
        .iter()
        .map(|id| {
            let d = store.get(id).unwrap().expect("stored");
            format!(
                "{:?} {:?} {:?} {:?}",
                d.doc, d.mentions, d.claims, d.sources
            )
        })
        .collect()
}

#[test]
fn one_or_two_analysis_threads_store_the_same_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("docs.jsonl");
    let mut lines = Vec::new();
    for i in 0..700 {
        // exact copies of earlier documents (extra sources), and one unreadable line
        let n = if i % 7 == 6 { i - 3 } else { i };
        lines.push(format!(
            "{{\"text\": \"Report {n}\\n\\nThe United States armed ISIS, according to report {n}. Iran did not fund Hezbollah in year {n}.\"}}"
        ));
    }
    lines[400] = "{not json".into();
    std::fs::write(&input, lines.join("\n")).unwrap();
    let demo = repo().join("demo");
    let mut outputs = Vec::new();
    for threads in ["1", "2"] {
        let corpus = dir.path().join(format!("c{threads}"));
        let args = [
            "ingest",
            input.to_str().unwrap(),
            demo.to_str().unwrap(),
            "--threads",
            threads,
        ];
        let o = run(&args, &corpus);
        assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(&o));
        let summary = stderr(&o)
            .lines()
            .find(|l| l.starts_with("ingest:"))
            .map(|l| l.replace(corpus.to_str().unwrap(), "CORPUS"))
            .expect("summary");
        outputs.push((summary, corpus_contents(&corpus), stats(&corpus)));
    }
    let (summary, contents, _) = &outputs[0];
    assert!(
        summary.contains("duplicates recorded") && summary.contains("1 failed"),
        "{summary}"
    );
    assert!(!summary.contains(" 0 duplicates"), "{summary}");
    assert!(contents.len() > 600, "{}", contents.len());
    assert_eq!(outputs[0], outputs[1]);
}
