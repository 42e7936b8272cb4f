//! `GET /api/search` over the fixture corpus: full text with filters and facets, errors, and
//! cross-lingual semantic search when the embedding model is installed.

mod common;

use axum::http::StatusCode;
use common::{app, get};
use narrascope_corpus::Store;
use narrascope_server::Options;
use serde_json::Value;

fn ids_of(v: &Value) -> Vec<String> {
    v["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

fn count(v: &Value, facet: &str, value: &str) -> u64 {
    v["facets"][facet]
        .as_array()
        .expect("facet")
        .iter()
        .find(|c| c["value"] == value)
        .map_or(0, |c| c["count"].as_u64().expect("count"))
}

#[tokio::test]
async fn full_text_finds_by_stem_and_counts_facets() {
    let (_dir, app, ids) = app(Options::default());
    // "sanction" matches "sanctions" in the English and French documents (stemmed); the
    // German "Sanktionen" is another word.
    let r = get(&app, "/api/search?q=sanction").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.error());
    let v = r.json();
    let found = ids_of(&v);
    assert!(found.contains(&ids[0]) && found.contains(&ids[1]), "{v}");
    assert!(!found.contains(&ids[2]) && !found.contains(&ids[3]), "{v}");
    assert_eq!(v["total"], 2);
    assert_eq!(v["mode"], "full_text");
    assert_eq!(count(&v, "lang", "fr") + count(&v, "lang", "en"), 2);
    assert_eq!(count(&v, "year", "2024"), 2);
    // Highlights point inside the snippet at the matched word.
    let hit = &v["hits"][0];
    let snippet = hit["snippet"].as_str().unwrap();
    let h = &hit["highlights"][0];
    let word = &snippet[h["start"].as_u64().unwrap() as usize..h["end"].as_u64().unwrap() as usize];
    assert!(word.to_lowercase().starts_with("sanction"), "{word}");

    // Filters narrow the set; facet counts follow.
    let v = get(&app, "/api/search?q=sanction&lang=fr").await.json();
    assert_eq!(ids_of(&v), vec![ids[0].clone()]);
    assert_eq!(count(&v, "lang", "fr"), 1);
    let v = get(&app, "/api/search?q=sanction&since=2024-03")
        .await
        .json();
    assert_eq!(ids_of(&v), vec![ids[1].clone()]);
    // A phrase must match in order.
    let v = get(&app, "/api/search?q=%22European%20diplomats%22")
        .await
        .json();
    assert_eq!(ids_of(&v), vec![ids[1].clone()]);
    let v = get(&app, "/api/search?q=%22diplomats%20European%22")
        .await
        .json();
    assert!(ids_of(&v).is_empty(), "{v}");
}

#[tokio::test]
async fn documents_stored_after_start_become_searchable() {
    let (dir, app, _) = app(Options::default());
    let before = get(&app, "/api/search?q=zeppelin").await.json();
    assert_eq!(before["total"], 0);
    let added = common::build_corpus(
        dir.path(),
        vec![common::raw(
            "late.txt",
            "A zeppelin flew over the harbour this morning.",
            Default::default(),
        )],
    );
    let v = get(&app, "/api/search?q=zeppelin").await.json();
    assert_eq!(ids_of(&v), added, "{v}");
    assert_eq!(v["pending"], 0);
}

#[tokio::test]
async fn bad_searches_are_400_with_a_reason() {
    let (_dir, app, _) = app(Options::default());
    for (uri, words) in [
        ("/api/search", "q (the query)"),
        ("/api/search?q=x&mode=fuzzy", "mode 'fuzzy'"),
        ("/api/search?q=x&limit=1000", "limit 1000"),
        ("/api/search?q=x&since=yesterday", "yesterday"),
        (
            "/api/search?q=x&colour=red",
            "unknown query parameter 'colour'",
        ),
        ("/api/search?q=%22unclosed", "unclosed"),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.error().contains(words), "{uri}: {}", r.error());
    }
}

#[tokio::test]
async fn hostile_text_comes_back_as_data() {
    let (_dir, app, ids) = app(Options::default());
    let v = get(&app, "/api/search?q=ministry%20nothing").await.json();
    assert_eq!(ids_of(&v), vec![ids[3].clone()]);
    // JSON carries the payload as a string; the UI only ever sets it as text.
    assert_eq!(v["hits"][0]["title"], common::HOSTILE_TITLE);
}

#[tokio::test]
async fn a_query_in_english_finds_the_french_and_german_documents() {
    let Some(e) = common::embedder() else { return };
    let (dir, app, ids) = app(Options::default());
    common::add_vectors(dir.path(), &e);
    let q = "The government imposed fresh sanctions; a meeting in Brussels follows next week.";
    let uri = format!(
        "/api/search?mode=semantic&limit=3&q={}",
        q.replace(' ', "%20").replace(';', "%3B")
    );
    let r = get(&app, &uri).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.error());
    let v = r.json();
    let top: Vec<String> = ids_of(&v);
    // The three sanction reports (fr, en, de) come before the unrelated hostile text.
    for want in &ids[..3] {
        assert!(top.contains(want), "{want} not in {top:?}");
    }
    assert_eq!(v["mode"], "semantic");
    // Hybrid: French only, by a filter.
    let v = get(
        &app,
        &format!("{uri}&lang=fr").replace("semantic", "hybrid"),
    )
    .await
    .json();
    assert_eq!(ids_of(&v), vec![ids[0].clone()]);
    // The corpus reports the index as complete.
    let store = Store::open_existing(dir.path()).unwrap();
    assert_eq!(store.search_ann_pending().unwrap(), 0);
    // A corpus whose index file is missing (from an older version, or removed) with nothing
    // flagged as pending gets it written again by the next search.
    std::fs::remove_file(dir.path().join(narrascope_corpus::ANN_FILE)).unwrap();
    let v = get(&app, &uri).await.json();
    assert_eq!(ids_of(&v).len(), 3, "{v}");
    assert!(dir.path().join(narrascope_corpus::ANN_FILE).exists());
}

#[tokio::test]
async fn semantic_search_without_the_model_is_503() {
    let (_dir, app, _) = app(Options {
        model_dir: Some(std::path::PathBuf::from("/nonexistent/narrascope-model")),
        ..Options::default()
    });
    let r = get(&app, "/api/search?q=anything&mode=semantic").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.error().contains("embedding model"), "{}", r.error());
}
