use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use narrascope_core::{Analysis, Format, Metadata, RawDocument, SourceRef};
use narrascope_corpus::PutOutcome;
use narrascope_ingest::{IngestOptions, Item, read_bytes};
use serde::Deserialize;
use serde_json::{Value, json};

use super::params::{flag, pairs};
use crate::error::ApiError;
use crate::state::AppState;
use crate::view::document_json;

/// Documents one upload may hold (a JSONL or CSV file holds many).
pub const MAX_DOCUMENTS: usize = 100;

/// Source name of pasted text.
const PASTED: &str = "pasted text";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PastedText {
    text: String,
    title: Option<String>,
    url: Option<String>,
    lang: Option<String>,
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
}

fn pasted(body: &[u8]) -> Result<RawDocument, ApiError> {
    let p: PastedText = serde_json::from_slice(body).map_err(|e| {
        ApiError::bad_request(format!(
            "request body is not {{text, title?, url?, lang?}}: {e}"
        ))
    })?;
    if p.text.trim().is_empty() {
        return Err(ApiError::bad_request("text is empty"));
    }
    let keep = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    Ok(RawDocument {
        source: SourceRef {
            path: PASTED.into(),
            locator: None,
            format: Format::Text,
        },
        text: p.text,
        meta: Metadata {
            title: keep(p.title),
            url: keep(p.url),
            declared_lang: keep(p.lang),
            ..Default::default()
        },
    })
}

/// Reads an uploaded file the way `narrascope ingest` reads one.
fn uploaded(
    name: &str,
    body: &[u8],
    opts: &IngestOptions,
) -> Result<(Vec<RawDocument>, Vec<String>), ApiError> {
    if body.is_empty() {
        return Err(ApiError::bad_request("request body is empty"));
    }
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    read_bytes(name, body, opts, &mut |item| match item {
        Item::Doc(d) if docs.len() < MAX_DOCUMENTS => docs.push(d),
        Item::Doc(d) => errors.push(format!(
            "{}: left out, an upload holds at most {MAX_DOCUMENTS} documents",
            d.source
        )),
        Item::Error(e) => errors.push(e.to_string()),
        Item::Skipped { .. } => {}
    });
    if docs.is_empty() {
        let why = if errors.is_empty() {
            "no document found".to_string()
        } else {
            errors.join("; ")
        };
        return Err(ApiError::bad_request(format!("{name}: {why}")));
    }
    Ok((docs, errors))
}

fn outcome_name(o: PutOutcome) -> &'static str {
    match o {
        PutOutcome::New => "new",
        PutOutcome::Duplicate => "duplicate",
        PutOutcome::Unchanged => "unchanged",
        PutOutcome::Completed => "completed",
    }
}

/// `POST /api/analyze`: analyses pasted text (JSON) or an uploaded file (any other body),
/// storing the result only with `?store=true`.
pub async fn analyze(
    State(state): State<AppState>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Value>, ApiError> {
    let mut store = false;
    let mut name = "upload".to_string();
    let mut opts = IngestOptions {
        max_bytes: state.options().max_body as u64,
        ..Default::default()
    };
    for (k, v) in pairs(query, &["store", "name", "format"])? {
        match k.as_str() {
            "store" => store = flag("store", &v)?,
            "name" if !v.trim().is_empty() => name = v.trim().to_string(),
            "format" if !v.is_empty() => {
                opts.format = Some(
                    Format::parse(&v)
                        .ok_or_else(|| ApiError::bad_request(format!("format '{v}' is unknown")))?,
                )
            }
            _ => {}
        }
    }
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let json_body = is_json(&headers);
    let pipeline_state = state.clone();
    let result =
        tokio::task::spawn_blocking(move || -> Result<(Vec<Analysis>, Vec<String>), ApiError> {
            let (raws, mut errors) = if json_body {
                (vec![pasted(&body)?], Vec::new())
            } else {
                uploaded(&name, &body, &opts)?
            };
            let mut out = Vec::with_capacity(raws.len());
            for raw in raws {
                let src = raw.source.to_string();
                let mut a = Analysis::new(raw);
                match pipeline_state.pipeline().run(&mut a) {
                    Ok(()) => out.push(a),
                    Err(e) => errors.push(format!("{src}: {e}")),
                }
            }
            if out.is_empty() {
                return Err(ApiError::new(
                    axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                    format!("analysis failed: {}", errors.join("; ")),
                ));
            }
            Ok((out, errors))
        })
        .await
        .map_err(|e| ApiError::internal(format!("analysis task failed: {e}")))?;
    let (analyses, errors) = result?;
    let (analyses, outcomes) = if store {
        let shared = state.clone();
        state
            .with_store(move |s| {
                let outcomes = s.in_transaction(|t| {
                    analyses
                        .iter()
                        .map(|a| t.put(a))
                        .collect::<Result<Vec<_>, _>>()
                })?;
                shared.corpus_changed();
                Ok((
                    analyses,
                    outcomes
                        .into_iter()
                        .map(|o| Some(outcome_name(o)))
                        .collect(),
                ))
            })
            .await?
    } else {
        let n = analyses.len();
        (analyses, vec![None; n])
    };
    let documents: Vec<Value> = analyses
        .iter()
        .zip(outcomes)
        .map(|(a, outcome)| {
            let mut v = document_json(
                &a.doc,
                (&a.mentions, &a.claims),
                std::slice::from_ref(&a.doc.source),
                None,
            );
            let label = |id: &str| state.entity(id).map(|e| e.label.clone());
            // Only what the pipeline produced: pasted text has no stored rhetoric to miss.
            if let Some(r) = crate::rhetoric::of_analysis(a) {
                crate::rhetoric::add_rhetoric(&mut v, &a.doc, Some(&r), &label);
            }
            let ids = a.mentions.iter().filter_map(|m| m.entity.as_deref());
            v["actor_labels"] = crate::rhetoric::actor_labels(ids, &label);
            v["stored"] = json!(outcome);
            v
        })
        .collect();
    Ok(Json(
        json!({ "stored": store, "documents": documents, "errors": errors }),
    ))
}
