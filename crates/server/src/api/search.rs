//! `GET /api/search`: full-text, semantic or hybrid search with filters and facet counts
//! (see `narrascope_corpus::search`). The search indexes are brought up to date first.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use narrascope_corpus::{SearchMode, SearchRequest, StoreError};
use serde_json::Value;

use super::params::{bounded, format, pairs};
use crate::error::ApiError;
use crate::rhetoric::{actor_labels, claim_key_actors};
use crate::state::AppState;

const KNOWN: &[&str] = &[
    "q",
    "mode",
    "lang",
    "since",
    "until",
    "outlet",
    "format",
    "actor",
    "claim",
    "narrative",
    "technique",
    "limit",
    "pool",
];

/// Most hits per page and most documents in a semantic result set.
const MAX_LIMIT: usize = 100;
const MAX_POOL: usize = 10_000;

fn mode(v: &str) -> Result<SearchMode, ApiError> {
    match v.trim() {
        "" | "text" | "full_text" => Ok(SearchMode::FullText),
        "semantic" => Ok(SearchMode::Semantic),
        "hybrid" => Ok(SearchMode::Hybrid),
        _ => Err(ApiError::bad_request(format!(
            "mode '{v}' is not one of full_text, semantic, hybrid"
        ))),
    }
}

/// The search a query string asks for, or a 400 naming the bad parameter.
pub(crate) fn request(pairs: Vec<(String, String)>) -> Result<SearchRequest, ApiError> {
    let mut req = SearchRequest::default();
    let f = &mut req.filter;
    let nonempty = |v: String| (!v.trim().is_empty()).then(|| v.trim().to_string());
    for (k, v) in pairs {
        match k.as_str() {
            "q" => req.query = v.trim().to_string(),
            "mode" => req.mode = mode(&v)?,
            "lang" => f.lang = nonempty(v),
            "since" => f.since = nonempty(v),
            "until" => f.until = nonempty(v),
            "outlet" => f.outlet = nonempty(v),
            "actor" => f.actor = nonempty(v),
            "claim" => f.claim = nonempty(v),
            "narrative" => f.narrative = nonempty(v),
            "technique" => f.technique = nonempty(v),
            "format" if v.trim().is_empty() => {}
            "format" => f.format = Some(format(v.trim())?),
            "limit" => req.limit = bounded("limit", &v, 1, MAX_LIMIT)?,
            "pool" => req.pool = bounded("pool", &v, 1, MAX_POOL)?,
            _ => {}
        }
    }
    if req.query.is_empty() {
        return Err(ApiError::bad_request("q (the query) is missing or empty"));
    }
    Ok(req)
}

/// A store error of a search: a query or filter the corpus refuses is the client's (400).
fn search_error(e: StoreError) -> ApiError {
    match e {
        StoreError::Data(m) => ApiError::bad_request(m),
        e => e.into(),
    }
}

pub async fn search(
    State(state): State<AppState>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let mut req = request(pairs(q, KNOWN)?)?;
    if let Some(a) = &req.filter.actor {
        req.filter.actor = Some(state.resolve_actor(a).map_err(ApiError::bad_request)?);
    }
    let vector = match req.mode {
        SearchMode::FullText => None,
        _ => {
            let s = state.clone();
            let text = req.query.clone();
            let v = tokio::task::spawn_blocking(move || {
                let e = s.search().embedder()?;
                Ok::<_, ApiError>(e.embed(&[text.as_str()]).into_iter().next())
            })
            .await
            .map_err(|e| ApiError::internal(format!("embedding task failed: {e}")))??;
            Some(v.ok_or_else(|| ApiError::internal("the query produced no vector"))?)
        }
    };
    let s = state.clone();
    state
        .with_store(move |store| {
            let pending = s.search().sync(store)?;
            let results = store
                .search(&req, vector.as_ref().map(|v| v.as_slice()))
                .map_err(search_error)?;
            let mut json = serde_json::to_value(&results)
                .map_err(|e| ApiError::internal(format!("search results: {e}")))?;
            json["query"] = Value::String(req.query.clone());
            // Labels of the actors in the actor and claim facets.
            let f = &results.facets;
            let claim_ids = f.claim.iter().flat_map(|c| claim_key_actors(&c.value));
            let ids = f.actor.iter().map(|a| a.value.as_str()).chain(claim_ids);
            let label = |id: &str| s.entity(id).map(|e| e.label.clone());
            json["actor_labels"] = actor_labels(ids, &label);
            // Documents stored but not yet searchable (indexing is under way).
            json["pending"] = Value::from(pending);
            Ok(Json(json))
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::Format;

    fn p(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn parameters_become_a_request() {
        let r = request(p(&[
            ("q", " arms "),
            ("mode", "hybrid"),
            ("lang", "fr"),
            ("since", "2020"),
            ("format", "html"),
            ("actor", "Q2429253"),
            ("limit", "5"),
        ]))
        .unwrap();
        assert_eq!(r.query, "arms");
        assert_eq!(r.mode, SearchMode::Hybrid);
        assert_eq!(r.filter.lang.as_deref(), Some("fr"));
        assert_eq!(r.filter.since.as_deref(), Some("2020"));
        assert_eq!(r.filter.format, Some(Format::Html));
        assert_eq!(r.filter.actor.as_deref(), Some("Q2429253"));
        assert_eq!(r.limit, 5);
    }

    #[test]
    fn bad_parameters_are_named() {
        for (pairs, words) in [
            (p(&[("q", "  ")]), "q (the query)"),
            (p(&[("lang", "fr")]), "q (the query)"),
            (p(&[("q", "x"), ("mode", "fuzzy")]), "mode 'fuzzy'"),
            (p(&[("q", "x"), ("limit", "0")]), "limit 0"),
            (p(&[("q", "x"), ("format", "pdf")]), "format 'pdf'"),
        ] {
            let e = request(pairs).unwrap_err();
            assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
            assert!(e.message.contains(words), "{} lacks {words}", e.message);
        }
    }

    #[test]
    fn refused_queries_are_the_clients_fault() {
        let e = search_error(StoreError::Data("search query 'a AND': dangling".into()));
        assert_eq!(e.status, axum::http::StatusCode::BAD_REQUEST);
    }
}
