//! The JSON shape of one analysed document, shared by the document and analyze endpoints.

use narrascope_core::{Document, SourceRef};
use serde_json::{Value, json};

/// The document with its sources, ingestion time and highlight layers.
///
/// `layers` maps a layer name to span annotations `{start, end, label}` (byte offsets into
/// `text`); the UI draws every layer it finds, so later analysis layers (actors, claims,
/// techniques) appear by adding their entries here.
pub fn document_json(doc: &Document, sources: &[SourceRef], ingested_at: Option<&str>) -> Value {
    let mut v = serde_json::to_value(doc).unwrap_or_else(|e| json!({ "error": e.to_string() }));
    let cited: Vec<Value> = doc
        .urls
        .iter()
        .map(|u| json!({ "start": u.span.start, "end": u.span.end, "label": u.url }))
        .collect();
    if let Value::Object(map) = &mut v {
        map.insert("sources".into(), json!(sources));
        map.insert("ingested_at".into(), json!(ingested_at));
        map.insert("layers".into(), json!({ "cited_sources": cited }));
    }
    v
}
