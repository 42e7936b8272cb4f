//! `narrascope vectors` and `narrascope ingest --embed`: stored sentence vectors are
//! cross-lingual, runs resume, and both paths store the same bytes.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use narrascope_corpus::Store;
use narrascope_embed::quant;

const FRENCH: &str =
    "Le conseil municipal a approuvé mardi le nouveau budget des écoles publiques.";
const ENGLISH: &str = "The city council approved the new budget for public schools on Tuesday.";

fn write_docs(dir: &Path) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let files = [
        (
            "en.txt",
            format!("{ENGLISH} Heavy rain flooded several streets near the river overnight."),
        ),
        (
            "fr.txt",
            format!("{FRENCH} Le club de football local a perdu son dernier match à domicile."),
        ),
        (
            "de.txt",
            "Die Bahn kündigte für das Wochenende einen Streik der Lokführer an. \
             Der Preis für Brot ist im letzten Jahr deutlich gestiegen."
                .to_string(),
        ),
        (
            "es.txt",
            "El gobierno presentó un plan para reducir la contaminación del aire. \
             Los científicos descubrieron una nueva especie de rana en la selva."
                .to_string(),
        ),
    ];
    for (name, text) in files {
        std::fs::write(docs.join(name), text).unwrap();
    }
    docs
}

/// Every stored sentence with its decoded vector.
fn sentence_vectors(corpus: &Path) -> Vec<(String, [f32; 512])> {
    let store = Store::open_existing(corpus).unwrap();
    let mut out = Vec::new();
    for id in store.ids().unwrap() {
        let doc = store.get(&id).unwrap().unwrap().doc;
        let set = store
            .vectors_of(&id)
            .unwrap()
            .expect("every document has vectors");
        assert_eq!(set.model, quant::STORAGE_MODEL);
        assert_eq!(set.sentences.len(), doc.sentences.len());
        let pooled = quant::decode(set.document.as_ref().expect("document vector")).unwrap();
        for (i, bytes) in set.sentences.iter().enumerate() {
            let v = quant::decode(bytes).expect("decodable vector");
            // Every sentence of a document is related to its pooled vector.
            assert!(quant::cosine(&v, &pooled) > 0.3, "{id} sentence {i}");
            out.push((doc.sentence_text(i).to_string(), v));
        }
    }
    out
}

fn json_vectors(corpus: &Path, id: &str) -> u64 {
    let out = run(&["show", id, "--format", "json"], corpus);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["vectors"].as_u64().expect("vectors count")
}

#[test]
fn vectors_command_embeds_resumably_and_cross_lingually() {
    if !model_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = write_docs(dir.path());
    let corpus = dir.path().join("c");
    let out = run(&["ingest", docs.to_str().unwrap()], &corpus);
    assert!(out.status.success(), "{}", stderr(&out));
    let ids = Store::open_existing(&corpus).unwrap().ids().unwrap();
    assert_eq!(ids.len(), 4);
    assert_eq!(json_vectors(&corpus, &ids[0].0), 0);

    // Offline with an empty model directory refuses to install.
    let empty = dir.path().join("no-model");
    let out = run(
        &[
            "vectors",
            "--offline",
            "--model-dir",
            empty.to_str().unwrap(),
        ],
        &corpus,
    );
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("--offline"), "{}", stderr(&out));
    assert!(!empty.exists());

    // A partial run, then the rest, then nothing left.
    let out = run(&["vectors", "--limit", "1", "--threads", "1"], &corpus);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("embedded 1 documents"),
        "{}",
        stdout(&out)
    );
    let out = run(&["vectors"], &corpus);
    assert!(
        stdout(&out).contains("embedded 3 documents"),
        "{}",
        stdout(&out)
    );
    assert!(
        stdout(&out).contains("for 4 of 4 documents"),
        "{}",
        stdout(&out)
    );
    let out = run(&["vectors"], &corpus);
    assert!(
        stdout(&out).contains("embedded 0 documents"),
        "{}",
        stdout(&out)
    );

    let store = Store::open_existing(&corpus).unwrap();
    for id in &ids {
        let n = store.get(id).unwrap().unwrap().doc.sentences.len() as u64;
        assert_eq!(json_vectors(&corpus, &id.0), n + 1);
    }

    let all = sentence_vectors(&corpus);
    assert_eq!(all.len(), 8);
    let (_, fr) = all
        .iter()
        .find(|(t, _)| t == FRENCH)
        .expect("French sentence");
    let nearest = all
        .iter()
        .filter(|(t, _)| t != FRENCH)
        .max_by(|a, b| quant::cosine(fr, &a.1).total_cmp(&quant::cosine(fr, &b.1)))
        .unwrap();
    assert_eq!(nearest.0, ENGLISH);

    // `ingest --embed` stores the same bytes as `narrascope vectors`.
    let corpus2 = dir.path().join("c2");
    let out = run(&["ingest", "--embed", docs.to_str().unwrap()], &corpus2);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("embedded 4 documents"),
        "{}",
        stderr(&out)
    );
    let store2 = Store::open_existing(&corpus2).unwrap();
    for id in &ids {
        assert_eq!(
            store2.vectors_of(id).unwrap(),
            store.vectors_of(id).unwrap(),
            "{id}"
        );
    }
    let out = run(&["vectors"], &corpus2);
    assert!(
        stdout(&out).contains("embedded 0 documents"),
        "{}",
        stdout(&out)
    );
}

/// A `narrascope vectors` run killed midway keeps what it committed; the next run embeds only
/// the rest.
#[test]
fn killed_vectors_run_resumes() {
    if !model_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("docs.jsonl");
    let mut data = String::new();
    for d in 0..200 {
        let text: Vec<String> = (0..8)
            .map(|i| {
                format!(
                    "Bulletin {d} says that agenda item {i} moved to week {}.",
                    d + i
                )
            })
            .collect();
        data.push_str(&serde_json::json!({ "text": text.join(" ") }).to_string());
        data.push('\n');
    }
    std::fs::write(&input, data).unwrap();
    let corpus = dir.path().join("c");
    let out = run(&["ingest", input.to_str().unwrap()], &corpus);
    assert!(out.status.success(), "{}", stderr(&out));
    let store = Store::open_existing(&corpus).unwrap();
    let total = store.document_count().unwrap();
    assert_eq!(total, 200);

    let mut child = bin()
        .args(["vectors", "--threads", "1", "--corpus"])
        .arg(&corpus)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while store.vector_counts().unwrap().documents == 0 {
        assert!(start.elapsed().as_secs() < 120, "no vectors committed");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    store.check_integrity().unwrap();
    let partial = store.vector_counts().unwrap().documents;
    assert!(partial > 0 && partial < total, "{partial} of {total}");

    let out = run(&["vectors"], &corpus);
    assert!(out.status.success(), "{}", stderr(&out));
    let expect = format!("embedded {} documents", total - partial);
    assert!(stdout(&out).contains(&expect), "{}", stdout(&out));
    let c = store.vector_counts().unwrap();
    assert_eq!((c.documents, c.document_vectors), (total, total));
    assert_eq!(c.sentence_vectors, 200 * 8);
}
