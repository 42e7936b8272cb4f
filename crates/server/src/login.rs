//! A plain login form for browsers when the server demands a token: it sets an HttpOnly,
//! SameSite=Strict cookie holding the token, which the guard accepts like a Bearer header.

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;

use crate::guard::{TOKEN_COOKIE, token_ok};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct LoginForm {
    token: String,
}

/// The login page with an optional notice.
pub fn page(status: StatusCode, notice: Option<&'static str>) -> Response {
    let notice = notice.map_or(String::new(), |n| format!("<p role=\"alert\">{n}</p>"));
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>narrascope: token needed</title></head>\
<body><h1>narrascope</h1><p>This workbench needs its access token.</p>{notice}\
<form method=\"post\" action=\"/login\"><label>Token <input type=\"password\" name=\"token\" autocomplete=\"current-password\" required></label> \
<button type=\"submit\">Open</button></form></body></html>"
    );
    (status, Html(body)).into_response()
}

pub async fn login(State(state): State<AppState>, Form(form): Form<LoginForm>) -> Response {
    let Some(token) = state.options().token.as_deref() else {
        return (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
    };
    if !token_ok(&state, form.token.trim()) {
        return page(StatusCode::UNAUTHORIZED, Some("That token is wrong."));
    }
    let cookie = format!("{TOKEN_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/");
    let mut r = (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}
