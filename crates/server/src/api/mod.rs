//! The JSON API. Its routes are listed once, in [`table`], which both builds the router and
//! is checked against the OpenAPI document by the tests.

mod actors;
mod analyze;
mod claims;
mod documents;
mod narratives;
mod params;
mod rhetoric;
mod search;
mod stats;

use axum::Json;
use axum::http::{HeaderValue, Method, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use axum::{Router, extract::State};
use serde_json::Value;
use std::sync::Arc;

use crate::state::AppState;

/// A cached view, answered as JSON.
pub(crate) struct Cached(pub Arc<Value>);

impl IntoResponse for Cached {
    fn into_response(self) -> Response {
        Json(&*self.0).into_response()
    }
}

/// The OpenAPI 3 description of the API, as served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

fn table() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/api/documents", get(documents::list)),
        (Method::GET, "/api/documents/{id}", get(documents::one)),
        (Method::GET, "/api/narratives", get(narratives::list)),
        // A catch-all: narrative ids hold slashes.
        (Method::GET, "/api/narratives/{*id}", get(narratives::one)),
        (Method::GET, "/api/actors", get(actors::list)),
        (Method::GET, "/api/actors/{id}", get(actors::one)),
        (Method::GET, "/api/claims", get(claims::list)),
        (Method::GET, "/api/techniques", get(rhetoric::techniques)),
        (Method::GET, "/api/sources", get(rhetoric::sources)),
        (Method::GET, "/api/search", get(search::search)),
        (Method::GET, "/api/stats", get(stats::stats)),
        (Method::POST, "/api/analyze", post(analyze::analyze)),
        (Method::GET, "/api/openapi.json", get(openapi)),
    ]
}

/// Every API route as (method, path template), in OpenAPI syntax: a parameter is `{id}`,
/// also where the router captures the rest of the path (`{*id}`).
pub fn routes() -> Vec<(Method, String)> {
    table()
        .into_iter()
        .map(|(m, p, _)| (m, p.replace("{*", "{")))
        .collect()
}

pub(crate) fn router() -> Router<AppState> {
    table()
        .into_iter()
        .fold(Router::new(), |r, (_, path, handler)| {
            r.route(path, handler)
        })
}

async fn openapi(State(_): State<AppState>) -> Response {
    let mut r = OPENAPI.into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    r
}
