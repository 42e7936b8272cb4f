//! The web UI, compiled into the binary: it works offline and needs nothing at run time.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::error_response;

const HTML: &str = "text/html; charset=utf-8";
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// Every file of the UI: name under `/assets/`, content type, bytes.
pub const ASSETS: &[(&str, &str, &[u8])] = &[
    ("app.css", CSS, include_bytes!("../ui/app.css")),
    ("app.js", JS, include_bytes!("../ui/js/app.js")),
    ("dom.js", JS, include_bytes!("../ui/js/dom.js")),
    ("charts.js", JS, include_bytes!("../ui/js/charts.js")),
    ("dashboard.js", JS, include_bytes!("../ui/js/dashboard.js")),
    ("documents.js", JS, include_bytes!("../ui/js/documents.js")),
    ("document.js", JS, include_bytes!("../ui/js/document.js")),
    ("layers.js", JS, include_bytes!("../ui/js/layers.js")),
    ("analyze.js", JS, include_bytes!("../ui/js/analyze.js")),
    (
        "narratives.js",
        JS,
        include_bytes!("../ui/js/narratives.js"),
    ),
    ("narrative.js", JS, include_bytes!("../ui/js/narrative.js")),
    ("actors.js", JS, include_bytes!("../ui/js/actors.js")),
    ("actor.js", JS, include_bytes!("../ui/js/actor.js")),
    (
        "techniques.js",
        JS,
        include_bytes!("../ui/js/techniques.js"),
    ),
    ("sources.js", JS, include_bytes!("../ui/js/sources.js")),
    ("search.js", JS, include_bytes!("../ui/js/search.js")),
    ("rhetoric.js", JS, include_bytes!("../ui/js/rhetoric.js")),
    (
        "icon.svg",
        "image/svg+xml",
        include_bytes!("../ui/icon.svg"),
    ),
];

const INDEX: &[u8] = include_bytes!("../ui/index.html");

fn file(content_type: &'static str, bytes: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes,
    )
        .into_response()
}

pub async fn index() -> Response {
    file(HTML, INDEX)
}

pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, ct, bytes)) => file(ct, bytes),
        None => error_response(StatusCode::NOT_FOUND, format!("no asset '{name}'")),
    }
}
