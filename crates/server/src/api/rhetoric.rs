//! `GET /api/techniques` and `GET /api/sources`: persuasion techniques and cited sources over
//! the corpus.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde_json::{Value, json};

use super::Cached;
use super::params::{bounded, pairs};
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/techniques?technique=X&limit=N&examples=M`: every technique with its counts and
/// its `examples` best spans; with `technique`, also up to `limit` spans of that technique.
pub async fn techniques(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Cached, ApiError> {
    let (mut technique, mut limit, mut examples) = (None, 50u64, 3u64);
    for (k, v) in pairs(query, &["technique", "limit", "examples"])? {
        match k.as_str() {
            "technique" => technique = Some(v.trim().to_string()).filter(|t| !t.is_empty()),
            "limit" => limit = bounded("limit", &v, 1, 1000)? as u64,
            _ => examples = bounded("examples", &v, 0, 20)? as u64,
        }
    }
    let wanted = technique.clone();
    let key = format!("techniques?{technique:?}&{limit}&{examples}");
    let v = state.view(key, move |s| {
        let mut counts = Vec::new();
        for c in s.technique_counts()? {
            let mut v = json!(c);
            if examples > 0 {
                v["examples"] = json!(s.technique_hits(Some(&c.technique), examples)?);
            }
            counts.push(v);
        }
        let hits = match &wanted {
            Some(t) => Some(s.technique_hits(Some(t), limit)?),
            None => None,
        };
        Ok(json!({
            "techniques": counts,
            "technique": wanted,
            "hits": hits,
        }))
    });
    Ok(Cached(v.await?))
}

/// `GET /api/sources?limit=N&edges=M`: cited sources, most citing documents first, and the
/// heaviest edges of the outlet → source graph.
pub async fn sources(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Cached, ApiError> {
    let (mut limit, mut edges) = (100u64, 200u64);
    for (k, v) in pairs(query, &["limit", "edges"])? {
        match k.as_str() {
            "limit" => limit = bounded("limit", &v, 1, 1000)? as u64,
            _ => edges = bounded("edges", &v, 0, 2000)? as u64,
        }
    }
    let shared = state.clone();
    let v = state.view(format!("sources?{limit}&{edges}"), move |s| {
        let (counts, graph) = (s.source_counts(limit)?, s.source_edges(edges)?);
        let sources: Vec<Value> = counts
            .iter()
            .map(|c| {
                let mut v = json!(c);
                let e = c.entity.as_deref().and_then(|id| shared.entity(id));
                v["label"] = json!(e.map(|e| &e.label));
                v
            })
            .collect();
        Ok(json!({ "sources": sources, "edges": graph }))
    });
    Ok(Cached(v.await?))
}
