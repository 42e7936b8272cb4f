//! Computes the views the workbench opens with in the background after start, so the first
//! visitor finds them ready instead of waiting for corpus-wide scans; indexes for search
//! whatever was stored since the last search first.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

use crate::state::AppState;

/// The data of the dashboard, documents, narratives, actors, techniques and sources pages.
const PAGES: &[&str] = &[
    "/api/stats",
    "/api/documents?order=ingested&limit=8",
    "/api/narratives",
    "/api/actors?limit=200",
    "/api/actors?limit=50",
    "/api/techniques",
    "/api/sources?limit=200&edges=300",
];

/// Narrative pages warmed, most documents first; the first page of each, as the UI asks.
const NARRATIVES: usize = 50;
const NARRATIVE_PAGE: &str = "limit=100&offset=0";

/// Asks the API (past the guards: nothing leaves the process) for [`PAGES`], then for the
/// first page of the narratives with most documents.
pub(crate) async fn warm(state: AppState) {
    // Documents stored since the last search first become searchable (views computed
    // before that would be computed again: indexing changes the database files).
    let s = state.clone();
    let _ = state.with_store(move |store| s.search().sync(store)).await;
    let api = crate::api::router().with_state(state);
    for uri in PAGES {
        // A failure here is answered again to the visitor who asks.
        let _ = fetch(&api, uri).await;
    }
    let Some(overview) = fetch(&api, "/api/narratives").await else {
        return;
    };
    for id in busiest(&overview, NARRATIVES) {
        let _ = fetch(&api, &format!("/api/narratives/{id}?{NARRATIVE_PAGE}")).await;
    }
}

async fn fetch(api: &Router, uri: &str) -> Option<Value> {
    let req = Request::get(uri).body(Body::empty()).ok()?;
    let resp = api.clone().oneshot(req).await.ok()?;
    if resp.status() != StatusCode::OK {
        return None;
    }
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .ok()?;
    serde_json::from_slice(&body).ok()
}

/// The ids of the `n` narratives of `overview` with most documents.
fn busiest(overview: &Value, n: usize) -> Vec<String> {
    let mut items: Vec<(u64, &str)> = overview["narratives"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| Some((v["documents"].as_u64()?, v["id"].as_str()?)))
        .filter(|(docs, _)| *docs > 0)
        .collect();
    items.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    items
        .into_iter()
        .take(n)
        .map(|(_, id)| id.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn busiest_narratives_come_first() {
        let v = json!({ "narratives": [
            { "id": "a", "documents": 3 },
            { "id": "b", "documents": 0 },
            { "id": "c", "documents": 9 },
            { "id": "d" },
        ]});
        assert_eq!(busiest(&v, 5), ["c", "a"]);
        assert_eq!(busiest(&v, 1), ["c"]);
        assert!(busiest(&json!({}), 5).is_empty());
    }
}
