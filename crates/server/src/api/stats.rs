use axum::Json;
use axum::extract::State;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::AppState;

/// `GET /api/stats`: corpus totals and counts by language, month, outlet and format.
pub async fn stats(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let stats = state.with_store(|s| Ok(s.stats()?)).await?;
    Ok(Json(stats.to_json()))
}
