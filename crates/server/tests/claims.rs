//! `GET /api/claims` over the hand-built rhetoric corpus (one claim: Q30 arm Q2429253).

mod common;

use axum::http::StatusCode;
use common::get;

#[tokio::test]
async fn claims_list_with_actor_and_relation_filters() {
    let (_dir, app) = common::rhetoric::app();
    let v = get(&app, "/api/claims").await.json();
    let claims = v["claims"].as_array().expect("claims");
    assert_eq!(claims.len(), 1, "{v}");
    assert_eq!(claims[0]["key"], "Q30 arm Q2429253");
    assert_eq!(claims[0]["documents"], 1);
    let text = claims[0]["evidence"][0]["text"].as_str().unwrap();
    assert!(text.contains("Washington arms Daesh"), "{text}");
    assert_eq!(v["actor_labels"]["Q30"], "United States");

    // The actor may be named by an alias in any language; the relation filters too.
    for (uri, n) in [
        ("/api/claims?actor=Daech", 1),
        ("/api/claims?actor=Q2429253&relation=arm", 1),
        ("/api/claims?actor=Q159", 0),
        ("/api/claims?relation=fund", 0),
    ] {
        let v = get(&app, uri).await.json();
        assert_eq!(v["claims"].as_array().unwrap().len(), n, "{uri}: {v}");
    }
    assert_eq!(
        get(&app, "/api/claims?actor=Daech").await.json()["actor"],
        "Q2429253"
    );
}

#[tokio::test]
async fn bad_claim_queries_are_400() {
    let (_dir, app) = common::rhetoric::app();
    for (uri, words) in [
        ("/api/claims?actor=Zorblaxia", "Zorblaxia"),
        ("/api/claims?limit=0", "limit 0"),
        ("/api/claims?examples=99", "examples 99"),
        ("/api/claims?who=me", "unknown query parameter 'who'"),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.error().contains(words), "{uri}: {}", r.error());
    }
}
