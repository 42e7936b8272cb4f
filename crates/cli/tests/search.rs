mod common;

use common::{model_available, run, stderr, stdout};
use std::path::Path;

/// Six short news items written for this test: the same event in English and Arabic, and
/// four unrelated items in other languages.
const DOCS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "en",
        "Northern Ledger",
        "2024-03-04",
        "EU widens oil sanctions",
        "The European Union imposed new sanctions on Russian oil exports on Monday. Diplomats said the measures target tankers that evade the price cap.",
    ),
    (
        "ar",
        "المنبر",
        "2024-03-05",
        "عقوبات أوروبية جديدة",
        "فرض الاتحاد الأوروبي يوم الاثنين عقوبات جديدة على صادرات النفط الروسية. وقال دبلوماسيون إن الإجراءات تستهدف ناقلات تتهرب من سقف الأسعار.",
    ),
    (
        "de",
        "Nachrichtenblick",
        "2023-06-01",
        "Pokalsieg im Elfmeterschießen",
        "Der Fußballverein gewann gestern das Pokalfinale nach Elfmeterschießen. Tausende Fans feierten bis in die Nacht.",
    ),
    (
        "en",
        "Northern Ledger",
        "2023-09-12",
        "Floods in the north",
        "Heavy rain flooded several villages in the north of the country. Rescue teams evacuated hundreds of families by boat.",
    ),
    (
        "fr",
        "Le Veilleur",
        "2024-01-20",
        "Un prix pour un jeune réalisateur",
        "Le festival de cinéma a récompensé un jeune réalisateur belge. Son film raconte l'histoire d'une famille de pêcheurs.",
    ),
    (
        "es",
        "El Observador Libre",
        "2024-02-14",
        "Nueva línea de metro",
        "La nueva línea de metro abrirá sus puertas el próximo año. El ayuntamiento promete trenes cada cuatro minutos.",
    ),
];

fn write_docs(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("news.jsonl");
    let lines: Vec<String> = DOCS
        .iter()
        .map(|(lang, outlet, date, title, body)| {
            serde_json::json!({"title": title, "body": body, "published": date, "outlet": outlet, "lang": lang}).to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).expect("write test docs");
    path
}

fn search_json(corpus: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["search"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = run(&all, corpus);
    assert!(o.status.success(), "search failed: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("search json")
}

fn titles(v: &serde_json::Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn phrase_query_finds_the_exact_sentence_with_highlight_and_facets() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let o = run(
        &["ingest", write_docs(tmp.path()).to_str().unwrap()],
        &corpus,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v = search_json(&corpus, &["\"evacuated hundreds of families\""]);
    assert_eq!(titles(&v), ["Floods in the north"]);
    let hit = &v["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    let h = &hit["highlights"][0];
    let (s, e) = (
        h["start"].as_u64().unwrap() as usize,
        h["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&snippet[s..e], "evacuated hundreds of families");
    // the words in another order are not the phrase
    assert_eq!(
        search_json(&corpus, &["\"families of hundreds\""])["total"],
        0
    );
    // facets and filters
    let v = search_json(&corpus, &["sanctions OR rain OR festival"]);
    assert_eq!(v["total"], 3);
    let outlets = &v["facets"]["outlet"];
    assert_eq!(outlets[0]["value"], "Northern Ledger");
    assert_eq!(outlets[0]["count"], 2);
    let v = search_json(
        &corpus,
        &[
            "sanctions OR rain OR festival",
            "--since",
            "2024-01-01",
            "--lang",
            "en",
        ],
    );
    assert_eq!(titles(&v), ["EU widens oil sanctions"]);
    // text output marks the match
    let o = run(&["search", "pêcheurs"], &corpus);
    assert!(stdout(&o).contains("«pêcheurs»"), "{}", stdout(&o));
    let o = run(&["search", "\"unclosed"], &corpus);
    assert!(
        !o.status.success() && stderr(&o).contains("unclosed quote"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_french_query_finds_the_english_and_arabic_reports() {
    if !model_available() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let o = run(
        &[
            "ingest",
            "--embed",
            write_docs(tmp.path()).to_str().unwrap(),
        ],
        &corpus,
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // the ingest brought both indexes up to date: nothing left for the first search
    let indexed = |corpus: &Path| {
        let store = narrascope_corpus::Store::open_existing(corpus).unwrap();
        let pending = store.search_fts_pending().unwrap() + store.search_ann_pending().unwrap();
        (pending, store.ann_stats().unwrap().map(|s| s.vectors))
    };
    assert_eq!(indexed(&corpus), (0, Some(6)));
    let q = "L'Union européenne a adopté de nouvelles sanctions contre le pétrole russe.";
    let v = search_json(&corpus, &[q, "--semantic", "--limit", "2"]);
    let mut top = titles(&v);
    top.sort();
    assert_eq!(
        top,
        ["EU widens oil sanctions", "عقوبات أوروبية جديدة"],
        "{v}"
    );
    // hybrid: the French words match nothing in full text, the meaning still ranks them first
    let v = search_json(&corpus, &[q, "--hybrid", "--limit", "2"]);
    let mut top = titles(&v);
    top.sort();
    assert_eq!(
        top,
        ["EU widens oil sanctions", "عقوبات أوروبية جديدة"],
        "{v}"
    );
    let v = search_json(&corpus, &[q, "--semantic", "--lang", "ar", "--limit", "5"]);
    assert_eq!(titles(&v), ["عقوبات أوروبية جديدة"]);
    // documents ingested later without vectors: `vectors` embeds them and appends them
    let more = tmp.path().join("more.jsonl");
    let line = |t: &str, b: &str| serde_json::json!({"title": t, "body": b}).to_string();
    std::fs::write(
        &more,
        [
            line("Sanctions extended", "The European Union extended its sanctions on Russian crude oil for another six months."),
            line("Harvest report", "Farmers expect a record wheat harvest after a mild and wet spring."),
        ]
        .join("\n"),
    )
    .unwrap();
    let o = run(&["ingest", more.to_str().unwrap()], &corpus);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(indexed(&corpus).1, Some(6));
    let o = run(&["vectors"], &corpus);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(indexed(&corpus), (0, Some(8)));
    let store = narrascope_corpus::Store::open_existing(&corpus).unwrap();
    assert_eq!(
        store.ann_stats().unwrap().map(|s| s.trained),
        Some(6),
        "appended, not rewritten"
    );
    drop(store);
    let v = search_json(&corpus, &[q, "--semantic", "--limit", "3"]);
    assert!(
        titles(&v).contains(&"Sanctions extended".to_string()),
        "{v}"
    );
}

#[test]
fn a_killed_ingest_leaves_every_stored_document_searchable() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    let path = tmp.path().join("many.jsonl");
    let lines: Vec<String> = (0..3000)
        .map(|i| serde_json::json!({"title": format!("Bulletin {i}"), "body": format!("Quarterly zephyrine figures, bulletin number {i}, were published today.")}).to_string())
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let mut child = common::bin()
        .args(["ingest", path.to_str().unwrap(), "--corpus"])
        .arg(&corpus)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn ingest");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = child.kill();
    let _ = child.wait();
    let stored = common::stats(&corpus)["documents"]
        .as_u64()
        .expect("document count");
    let v = search_json(&corpus, &["zephyrine"]);
    assert_eq!(
        v["total"].as_u64(),
        Some(stored),
        "every stored document, and only those, is found"
    );
    // the next ingest completes the corpus and the index follows
    let o = run(&["ingest", path.to_str().unwrap()], &corpus);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(search_json(&corpus, &["zephyrine"])["total"], 3000);
}
