//! Shared test fixtures: a corpus analysed by the real pipeline, and request helpers.
#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use narrascope_core::{DateInfo, DateOrigin, Format, Metadata, RawDocument, SourceRef};
use narrascope_corpus::Store;
use narrascope_server::Options;
use serde_json::Value;
use std::path::Path;
use tower::ServiceExt;

/// Payloads that must stay inert text wherever a document is shown.
pub const HOSTILE_TITLE: &str = "<img src=x onerror=\"document.title='pwned-title'\">";
pub const HOSTILE_TEXT: &str = "Breaking report about the border.\n\n\
<script>document.title='pwned-script'</script> The ministry said nothing.\n\n\
<img src=x onerror=\"document.title='pwned-img'\"> Click javascript:document.title='pwned-link' for more. \
Details at https://example.org/report today.";

pub fn raw(path: &str, text: &str, meta: Metadata) -> RawDocument {
    RawDocument {
        source: SourceRef {
            path: path.into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta,
    }
}

fn dated(outlet: &str, y: i32, m: u32, title: &str) -> Metadata {
    Metadata {
        title: Some(title.into()),
        outlet: Some(outlet.into()),
        date: Some(DateInfo::from_parts(
            y,
            Some(m),
            Some(12),
            DateOrigin::Source {
                field: "date".into(),
            },
        )),
        ..Default::default()
    }
}

/// The fixture documents: French, English, German and the hostile one.
pub fn fixture_docs() -> Vec<RawDocument> {
    vec![
        raw(
            "fr.txt",
            "Le ministre a annoncé de nouvelles sanctions contre le régime. Les diplomates européens ont salué la décision. Une réunion est prévue la semaine prochaine à Bruxelles.",
            dated("Le Veilleur", 2024, 2, "Nouvelles sanctions annoncées"),
        ),
        raw(
            "en.txt",
            "The ministry announced new sanctions on Tuesday. European diplomats welcomed the decision and asked for more. A meeting is planned next week in Brussels, officials said.",
            dated("Northern Ledger", 2024, 5, "Sanctions announced"),
        ),
        raw(
            "de.txt",
            "Das Ministerium hat am Dienstag neue Sanktionen angekündigt. Europäische Diplomaten begrüßten die Entscheidung. Ein Treffen ist für nächste Woche in Brüssel geplant.",
            dated("Nachrichtenblick", 2023, 11, "Neue Sanktionen"),
        ),
        raw(
            "hostile.txt",
            HOSTILE_TEXT,
            Metadata {
                title: Some(HOSTILE_TITLE.into()),
                outlet: Some("<b onmouseover=alert(1)>Outlet</b>".into()),
                url: Some("javascript:document.title='pwned-url'".into()),
                ..Default::default()
            },
        ),
    ]
}

/// Analyses `docs` with the real pipeline and stores them in a corpus in `dir`; returns their ids.
pub fn build_corpus(dir: &Path, docs: Vec<RawDocument>) -> Vec<String> {
    let mut store = Store::open(dir).expect("open corpus");
    let analyses: Vec<_> = docs
        .into_iter()
        .map(|r| narrascope_analyze::analyze(r).expect("analyse fixture"))
        .collect();
    store
        .in_transaction(|t| analyses.iter().try_for_each(|a| t.put(a).map(|_| ())))
        .expect("store fixtures");
    analyses.iter().map(|a| a.doc.id.0.clone()).collect()
}

/// An app over the fixture corpus.
pub fn app(options: Options) -> (tempfile::TempDir, Router, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ids = build_corpus(dir.path(), fixture_docs());
    let store = Store::open_existing(dir.path()).expect("reopen corpus");
    (dir, narrascope_server::app(store, options), ids)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `error` message of a JSON error answer.
    pub fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .expect("error field")
            .to_string()
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

pub async fn post_json(app: &Router, uri: &str, json: &str) -> Reply {
    let req = Request::post(uri)
        .header("content-type", "application/json")
        .body(Body::from(json.to_string()))
        .expect("request");
    send(app, req).await
}
