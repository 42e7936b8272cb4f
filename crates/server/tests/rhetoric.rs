//! The actor, technique and source endpoints, and the rhetoric in the document JSON, over a
//! small corpus written with `put` and `put_rhetoric`.

mod common;

use axum::http::StatusCode;
use common::rhetoric::{
    DOC_BARE, DOC_EN, DOC_FR, HOSTILE_SOURCE, HOSTILE_TECHNIQUE, TEXT_EN, app, span_of,
};
use common::{Reply, get};
use narrascope_server::CSP;
use serde_json::Value;

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x[key].as_str().map(str::to_string))
        .collect()
}

/// Hostile text reaches the client only as a JSON string, with the strict policy.
fn assert_inert(r: &Reply, payload: &str) {
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("application/json"));
    assert_eq!(r.header("content-security-policy"), CSP);
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    let quoted = serde_json::to_string(payload).unwrap();
    let body = String::from_utf8_lossy(&r.body);
    assert!(body.contains(&quoted), "payload not a JSON string: {body}");
}

#[tokio::test]
async fn actors_are_listed_with_names_per_language() {
    let (_dir, app) = app();
    let v = get(&app, "/api/actors").await.json();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let us = items
        .iter()
        .find(|a| a["entity"] == "Q30")
        .expect("Q30 listed");
    assert_eq!(
        (us["mentions"].as_u64(), us["documents"].as_u64()),
        (Some(2), Some(2))
    );
    let langs = strings(&us["surfaces"], "lang");
    assert!(langs.contains(&"en".into()) && langs.contains(&"fr".into()));
    assert_eq!(us["type"], "state", "the shipped KB types Q30: {us}");
    assert!(us["label"].as_str().is_some_and(|l| !l.is_empty()));
    let one = get(&app, "/api/actors?limit=1").await.json();
    assert_eq!(one["items"].as_array().unwrap().len(), 1);
    for bad in [
        "/api/actors?limit=0",
        "/api/actors?limit=x",
        "/api/actors?top=3",
    ] {
        let r = get(&app, bad).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(!r.error().is_empty());
    }
}

#[tokio::test]
async fn actor_profile_has_claims_roles_and_co_actors() {
    let (_dir, app) = app();
    let p = get(&app, "/api/actors/Q30").await.json();
    assert_eq!(p["entity"], "Q30");
    assert_eq!(p["documents"], 2);
    assert_eq!(p["as_subject"][0]["key"], "Q30 arm Q2429253");
    let evidence = &p["as_subject"][0]["evidence"][0];
    assert_eq!(evidence["doc_id"], DOC_EN);
    let s = span_of(TEXT_EN, "Washington arms Daesh, the traitors said.");
    assert_eq!(evidence["text"], &TEXT_EN[s.start..s.end]);
    assert_eq!(p["roles"][0]["main_role"], "antagonist");
    assert_eq!(p["roles"][0]["documents"], 2);
    let co = strings(&p["co_actors"], "entity");
    assert!(
        co.contains(&"Q159".into()) && co.contains(&"Q2429253".into()),
        "{co:?}"
    );
    assert!(p["labels"]["Q2429253"].is_string(), "{}", p["labels"]);
    let isis = get(&app, "/api/actors/Q2429253").await.json();
    assert_eq!(isis["as_object"][0]["key"], "Q30 arm Q2429253");
    assert!(isis["as_subject"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn unknown_actor_is_a_json_404() {
    let (_dir, app) = app();
    let r = get(&app, "/api/actors/Q999999999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.header("content-type").starts_with("application/json"));
    assert!(r.error().contains("Q999999999"), "{}", r.error());
    let r = get(&app, "/api/actors/Q30?examples=99").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.error().contains("examples 99"));
    let r = get(&app, "/api/actors/a%20b").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn techniques_have_counts_examples_and_hits() {
    let (_dir, app) = app();
    let v = get(&app, "/api/techniques").await.json();
    let names = strings(&v["techniques"], "technique");
    assert_eq!(names[0], "name_calling", "most documents first: {names:?}");
    let nc = &v["techniques"][0];
    assert_eq!(
        (nc["spans"].as_u64(), nc["documents"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(nc["examples"][0]["text"], "traitors", "best score first");
    assert!(v["hits"].is_null());
    let one = get(&app, "/api/techniques?technique=name_calling&limit=1")
        .await
        .json();
    let hits = one["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["doc_id"], DOC_EN);
    assert_eq!(hits[0]["evidence"][0], "cue:traitors");
    let none = get(&app, "/api/techniques?technique=nothing_like_it")
        .await
        .json();
    assert!(none["hits"].as_array().unwrap().is_empty());
    let r = get(&app, "/api/techniques?limit=0").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn sources_list_outlets_and_graph_edges() {
    let (_dir, app) = app();
    let v = get(&app, "/api/sources").await.json();
    let reuters = &v["sources"][0];
    assert_eq!(reuters["source"], "Q130879");
    assert_eq!(reuters["name"], "Reuters");
    assert_eq!(reuters["documents"], 2);
    assert_eq!(
        reuters["cited_by"],
        serde_json::json!(["Le Veilleur", "Northern Ledger"])
    );
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 3, "{edges:?}");
    assert!(
        edges
            .iter()
            .any(|e| e["outlet"] == "Le Veilleur" && e["source"] == "Q130879")
    );
    let r = get(&app, "/api/sources?edges=-1").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn document_json_carries_rhetoric_layers_and_provenance() {
    let (_dir, app) = app();
    let d = get(&app, &format!("/api/documents/{DOC_EN}")).await.json();
    let layer = d["layers"]["techniques"].as_array().unwrap();
    assert_eq!(layer.len(), 2);
    let s = span_of(TEXT_EN, "traitors");
    assert_eq!(
        (layer[0]["start"].as_u64(), layer[0]["end"].as_u64()),
        (Some(s.start as u64), Some(s.end as u64))
    );
    let label = layer[0]["label"].as_str().unwrap();
    assert!(
        label.contains("name_calling") && label.contains("cue:traitors") && label.contains("0.90"),
        "{label}"
    );
    let cited: Vec<String> = strings(&d["layers"]["cited_sources"], "label");
    assert!(
        cited.iter().any(|l| l.starts_with("Reuters = Q130879")),
        "{cited:?}"
    );
    assert_eq!(d["cited_sources"][0]["text"], "Reuters");
    assert_eq!(d["framings"][0]["actor"], "Q30");
    assert!(d["framings"][0]["label"].is_string());
    assert!((d["provenance"]["machine_translated"].as_f64().unwrap() - 0.7).abs() < 1e-6);
    assert_eq!(d["provenance"]["genre"]["label"], "reporting");
    assert_eq!(d["provenance"]["traces"][0]["text"], "arms");
    assert!(d["actor_labels"]["Q30"].is_string());
    // A document the stages never saw says so with nulls and has no technique layer.
    let bare = get(&app, &format!("/api/documents/{DOC_BARE}"))
        .await
        .json();
    assert!(bare["techniques"].is_null() && bare["provenance"].is_null());
    assert!(bare["layers"].get("techniques").is_none());
    let fr = get(&app, &format!("/api/documents/{DOC_FR}")).await.json();
    assert_eq!(fr["provenance"]["machine_translated"], 0.0);
}

#[tokio::test]
async fn hostile_technique_and_source_names_stay_inert() {
    let (_dir, app) = app();
    let r = get(&app, "/api/techniques?examples=5").await;
    assert_inert(&r, HOSTILE_TECHNIQUE);
    assert_inert(&r, "<img src=x");
    let r = get(&app, "/api/sources").await;
    assert_inert(&r, HOSTILE_SOURCE);
    let r = get(&app, &format!("/api/documents/{DOC_EN}")).await;
    assert_inert(&r, HOSTILE_TECHNIQUE);
    let v = r.json();
    assert!(strings(&v["techniques"], "technique").contains(&HOSTILE_TECHNIQUE.to_string()));
    assert_eq!(v["cited_sources"][1]["name"], HOSTILE_SOURCE);
}
