mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{app, get, send};
use narrascope_server::{OPENAPI, Options, routes};
use serde_json::Value;
use std::collections::BTreeSet;

fn documented() -> BTreeSet<(String, String)> {
    let doc: Value = serde_json::from_str(OPENAPI).expect("OpenAPI document is JSON");
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, _) in item.as_object().expect("path item") {
            out.insert((method.to_uppercase(), path.clone()));
        }
    }
    out
}

/// The required query parameters the OpenAPI document declares for `method path`.
fn required_query(method: &str, path: &str) -> Vec<String> {
    let doc: Value = serde_json::from_str(OPENAPI).unwrap();
    let op = &doc["paths"][path][method.to_lowercase()];
    op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "query" && p["required"] == true)
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn document_is_openapi_3_with_resolvable_refs() {
    let doc: Value = serde_json::from_str(OPENAPI).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["info"]["title"].is_string() && doc["info"]["version"].is_string());
    // Every $ref points at something in the document.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 10);
    for r in all {
        let pointer = r.strip_prefix('#').expect("local ref");
        assert!(doc.pointer(pointer).is_some(), "unresolved {r}");
    }
    // Path parameters are declared.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            let declared: Vec<&str> = op["parameters"].as_array().map_or(vec![], |p| {
                p.iter()
                    .filter(|x| x["in"] == "path")
                    .filter_map(|x| x["name"].as_str())
                    .collect()
            });
            for seg in path.split('/').filter(|s| s.starts_with('{')) {
                assert!(declared.contains(&seg.trim_matches(['{', '}'])), "{path}");
            }
            assert!(
                op["responses"].as_object().is_some_and(|r| !r.is_empty()),
                "{path}"
            );
        }
    }
}

#[test]
fn document_lists_exactly_the_router_routes() {
    let served: BTreeSet<(String, String)> = routes()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p))
        .collect();
    assert_eq!(documented(), served);
}

#[tokio::test]
async fn every_documented_route_is_served() {
    let (dir, app, ids) = app(Options::default());
    // Linked actors, techniques and sources for their endpoints.
    common::rhetoric::build(dir.path());
    let served = get(&app, "/api/openapi.json").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(
        served.json(),
        serde_json::from_str::<Value>(OPENAPI).unwrap()
    );
    let actors = get(&app, "/api/actors?limit=1").await.json();
    let actor = actors["items"][0]["entity"]
        .as_str()
        .expect("the fixture corpus has a linked actor")
        .to_string();
    for (method, path) in documented() {
        let id = if path.starts_with("/api/narratives/") {
            common::CHILD.to_string()
        } else if path.starts_with("/api/actors/") {
            actor.clone()
        } else {
            ids[0].clone()
        };
        // Required query parameters get a value ("q=sanctions" for search).
        let required = required_query(&method, &path);
        let mut uri = path.replace("{id}", &id);
        if !required.is_empty() {
            let q: Vec<String> = required.iter().map(|n| format!("{n}=sanctions")).collect();
            uri = format!("{uri}?{}", q.join("&"));
        }
        let method: Method = method.parse().unwrap();
        let body = if method == Method::POST {
            "{\"text\": \"One sentence here.\"}"
        } else {
            ""
        };
        let req = Request::builder()
            .method(method.clone())
            .uri(&uri)
            .header("content-type", "application/json")
            .body(Body::from(body))
            .unwrap();
        let r = send(&app, req).await;
        assert_eq!(
            r.status,
            StatusCode::OK,
            "{method} {uri}: {}",
            String::from_utf8_lossy(&r.body)
        );
        // Any other method on the same path is refused.
        let other = if method == Method::GET {
            Method::PUT
        } else {
            Method::GET
        };
        let r = send(
            &app,
            Request::builder()
                .method(other.clone())
                .uri(&uri)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{other} {uri}");
    }
}
