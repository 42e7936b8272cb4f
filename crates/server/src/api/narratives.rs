//! `GET /api/narratives` and `GET /api/narratives/{id}`. Narrative ids hold slashes
//! (`iraq-syria/us-fight-not-genuine`), so the one-narrative route is a catch-all: the id
//! may be sent as is or with its slashes escaped as `%2F`.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use narrascope_corpus::MAX_LIMIT;
use serde_json::Value;

use super::Cached;
use super::params::{number, pairs};
use crate::error::ApiError;
use crate::narratives::{Page, detail, overview};
use crate::state::AppState;

/// Documents returned with their evidence when no `limit` is given.
const DEFAULT_LIMIT: usize = 200;

/// `GET /api/narratives`: catalog narratives with counts, discovered ones, link counts.
pub async fn list(State(state): State<AppState>) -> Result<Cached, ApiError> {
    let shared = state.clone();
    let v = state.view("narratives".into(), move |s| {
        Ok(overview(s, shared.catalogs())?)
    });
    Ok(Cached(v.await?))
}

fn page(pairs: Vec<(String, String)>) -> Result<Page, ApiError> {
    let mut p = Page {
        limit: DEFAULT_LIMIT,
        offset: 0,
    };
    for (k, v) in pairs {
        match k.as_str() {
            "limit" => {
                p.limit = number("limit", &v)?;
                if p.limit == 0 || p.limit > MAX_LIMIT {
                    return Err(ApiError::bad_request(format!(
                        "limit {} is outside 1..={MAX_LIMIT}",
                        p.limit
                    )));
                }
            }
            _ => p.offset = number("offset", &v)?,
        }
    }
    Ok(p)
}

/// `GET /api/narratives/{id}`: one narrative with its documents, evidence, timeline and
/// the lineage links among its documents.
pub async fn one(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Result<Cached, ApiError> {
    let Path(id) = id.map_err(|e| ApiError::bad_request(format!("bad narrative id: {e}")))?;
    let id = id.trim_matches('/').to_string();
    let page = page(pairs(query, &["limit", "offset"])?)?;
    let (key, shared) = (id.clone(), state.clone());
    let v = state.view(
        format!("narrative/{id}?{}&{}", page.limit, page.offset),
        move |s| Ok(detail(s, shared.catalogs(), &key, page)?.unwrap_or(Value::Null)),
    );
    let v = v.await?;
    if v.is_null() {
        return Err(ApiError::not_found(format!(
            "no narrative '{id}' in the catalogs, the stored matches or the discovered narratives"
        )));
    }
    Ok(Cached(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(pairs: &[(&str, &str)]) -> Result<Page, ApiError> {
        page(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn pages_default_and_check_bounds() {
        assert_eq!(
            p(&[]).unwrap(),
            Page {
                limit: DEFAULT_LIMIT,
                offset: 0
            }
        );
        assert_eq!(
            p(&[("limit", "5"), ("offset", "10")]).unwrap(),
            Page {
                limit: 5,
                offset: 10
            }
        );
        assert!(
            p(&[("limit", "0")])
                .unwrap_err()
                .message
                .contains("limit 0")
        );
        assert!(
            p(&[("offset", "x")])
                .unwrap_err()
                .message
                .contains("offset 'x'")
        );
    }
}
