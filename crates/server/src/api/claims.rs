//! `GET /api/claims`: claim keys ("subject relation object") across the corpus, most
//! documents first, with the languages and documents making each and example statements.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use narrascope_corpus::ClaimQuery;
use serde_json::json;

use super::Cached;
use super::params::{bounded, pairs};
use crate::error::ApiError;
use crate::rhetoric::{actor_labels, claim_key_actors};
use crate::state::AppState;

pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Cached, ApiError> {
    let mut q = ClaimQuery {
        limit: 50,
        examples: 3,
        ..ClaimQuery::default()
    };
    for (k, v) in pairs(query, &["actor", "relation", "limit", "examples"])? {
        let v = v.trim().to_string();
        match k.as_str() {
            "actor" if !v.is_empty() => {
                q.actor = Some(state.resolve_actor(&v).map_err(ApiError::bad_request)?)
            }
            "relation" if !v.is_empty() => q.relation = Some(v),
            "limit" => q.limit = bounded("limit", &v, 1, 1000)?,
            "examples" => q.examples = bounded("examples", &v, 0, 20)?,
            _ => {}
        }
    }
    let key = format!("claims?{:?}", (&q.actor, &q.relation, q.limit, q.examples));
    let shared = state.clone();
    let v = state.view(key, move |s| {
        let keys = s.claim_keys(&q)?;
        let ids = keys.iter().flat_map(|k| claim_key_actors(&k.key));
        let label = |id: &str| shared.entity(id).map(|e| e.label.clone());
        let labels = actor_labels(ids, &label);
        Ok(json!({ "actor": q.actor, "relation": q.relation, "claims": keys, "actor_labels": labels }))
    });
    Ok(Cached(v.await?))
}
