use axum::extract::State;

use super::Cached;
use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/stats`: corpus totals and counts by language, month, outlet and format.
pub async fn stats(State(state): State<AppState>) -> Result<Cached, ApiError> {
    let v = state.view("stats".into(), |s| Ok(s.stats()?.to_json()));
    Ok(Cached(v.await?))
}
