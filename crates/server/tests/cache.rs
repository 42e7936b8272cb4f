//! Corpus-wide views are cached per state of the corpus, computed once at a time, and lookups
//! by id answer while they are being computed.

mod common;

use axum::Router;
use axum::http::StatusCode;
use common::{add_narratives, build_corpus, fixture_docs, get, post_json, raw};
use narrascope_corpus::Store;
use narrascope_server::{AppState, Options, app_with_state};
use std::time::Duration;

fn setup() -> (tempfile::TempDir, AppState, Router, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ids = build_corpus(dir.path(), fixture_docs());
    add_narratives(dir.path(), &ids);
    let store = Store::open_existing(dir.path()).expect("reopen corpus");
    let state = AppState::new(store, Options::default());
    let app = app_with_state(state.clone());
    (dir, state, app, ids)
}

#[tokio::test]
async fn views_follow_documents_stored_after_the_first_request() {
    let (_dir, state, app, _) = setup();
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 4);
    let actors = get(&app, "/api/actors").await.json();
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 4);
    assert_eq!(get(&app, "/api/actors").await.json(), actors);
    assert_eq!(
        state.views_computed(),
        2,
        "second requests come from the cache"
    );

    let body = r#"{"text": "Officials in Kyiv said the bridge was repaired. Trains run again since Monday.", "title": "Bridge", "lang": "en"}"#;
    let r = post_json(&app, "/api/analyze?store=true", body).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 5);
    assert_eq!(state.views_computed(), 3);
}

#[tokio::test]
async fn views_follow_documents_another_process_stores() {
    let (dir, _state, app, _) = setup();
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 4);
    let text = "The harbour reopened on Friday. Ferries sail again to the islands.";
    build_corpus(dir.path(), vec![raw("extra.txt", text, Default::default())]);
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 5);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_requests_for_one_view_compute_it_once() {
    let (_dir, state, app, _) = setup();
    state.slow_views(Duration::from_millis(300));
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let app = app.clone();
            tokio::spawn(async move { get(&app, "/api/narratives").await })
        })
        .collect();
    let mut bodies = Vec::new();
    for t in tasks {
        let r = t.await.expect("task");
        assert_eq!(r.status, StatusCode::OK);
        bodies.push(r.json());
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(state.views_computed(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lookups_by_id_answer_while_slow_views_hold_the_other_connections() {
    let (_dir, state, app, ids) = setup();
    state.slow_views(Duration::from_secs(4));
    // Four distinct views: more than the connections left for scans.
    let views: Vec<_> = [
        "/api/stats",
        "/api/actors",
        "/api/narratives",
        "/api/sources",
    ]
    .into_iter()
    .map(|uri| {
        let app = app.clone();
        tokio::spawn(async move { get(&app, uri).await })
    })
    .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let doc = tokio::time::timeout(
        Duration::from_secs(3),
        get(&app, &format!("/api/documents/{}", ids[0])),
    )
    .await
    .expect("the lookup did not wait for the views");
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        views.iter().any(|v| !v.is_finished()),
        "views still running"
    );
    for v in views {
        assert_eq!(v.await.expect("task").status, StatusCode::OK);
    }
}
