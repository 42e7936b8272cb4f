//! `GET /api/actors` and `GET /api/actors/{id}`: the actors of the corpus and one actor's
//! profile, with the knowledge base's label and type where it knows the entity.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde_json::{Map, Value, json};

use super::Cached;
use super::params::{bounded, pairs};
use crate::error::ApiError;
use crate::state::AppState;

/// Longest actor id accepted.
const MAX_ID: usize = 200;

/// The KB facts of `id`: label, type and description (all `null` when the KB lacks it).
fn kb_fields(state: &AppState, id: &str, v: &mut Value) {
    let e = state.entity(id);
    v["label"] = json!(e.map(|e| &e.label));
    v["type"] = json!(e.map(|e| e.kind.as_str()));
    v["description"] = json!(e.and_then(|e| e.description.as_ref()));
}

/// `GET /api/actors?limit=N`: the most mentioned actors with their names per language.
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Cached, ApiError> {
    let mut limit = 50;
    for (k, v) in pairs(query, &["limit"])? {
        if k == "limit" {
            limit = bounded("limit", &v, 1, 1000)?;
        }
    }
    let shared = state.clone();
    let v = state.view(format!("actors?{limit}"), move |s| {
        let items: Vec<Value> = s
            .top_actors(limit)?
            .iter()
            .map(|a| {
                let mut v = json!(a);
                kb_fields(&shared, &a.entity, &mut v);
                v
            })
            .collect();
        Ok(json!({ "limit": limit, "items": items }))
    });
    Ok(Cached(v.await?))
}

/// Every entity id named in a profile: co-actors and the subject and object of claim keys.
fn named_ids(p: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for c in p["co_actors"].as_array().into_iter().flatten() {
        out.extend(c["entity"].as_str().map(str::to_string));
    }
    for side in ["as_subject", "as_object"] {
        for k in p[side].as_array().into_iter().flatten() {
            let key = k["key"].as_str().unwrap_or("");
            out.extend(crate::rhetoric::claim_key_actors(key).map(str::to_string));
        }
    }
    out
}

/// `GET /api/actors/{id}?limit=N&examples=M`: one actor's profile, or 404.
pub async fn one(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Cached, ApiError> {
    let (mut limit, mut examples) = (25, 3);
    for (k, v) in pairs(query, &["limit", "examples"])? {
        match k.as_str() {
            "limit" => limit = bounded("limit", &v, 1, 500)?,
            _ => examples = bounded("examples", &v, 0, 20)?,
        }
    }
    let id = id.trim().to_string();
    if id.is_empty() || id.len() > MAX_ID || id.chars().any(char::is_whitespace) {
        return Err(ApiError::bad_request(format!(
            "actor id '{}' is not an entity id (no spaces, at most {MAX_ID} bytes)",
            id.chars().take(MAX_ID).collect::<String>()
        )));
    }
    let (key, shared) = (id.clone(), state.clone());
    let v = state.view(format!("actor/{id}?{limit}&{examples}"), move |s| {
        let Some(profile) = s.actor_profile(&key, limit, examples)? else {
            return Ok(Value::Null);
        };
        let mut v = json!(profile);
        kb_fields(&shared, &key, &mut v);
        let mut labels = Map::new();
        for other in named_ids(&v) {
            if let Some(e) = shared.entity(&other) {
                labels.insert(other, json!(e.label));
            }
        }
        v["labels"] = Value::Object(labels);
        Ok(v)
    });
    let v = v.await?;
    if v.is_null() {
        return Err(ApiError::not_found(format!(
            "no document mentions actor '{id}'"
        )));
    }
    Ok(Cached(v))
}
