//! The JSON shape of one analysed document, shared by the document and analyze endpoints.

use narrascope_core::{Claim, Document, Mention, SourceRef};
use serde_json::{Value, json};

/// The document with its sources, ingestion time and highlight layers.
///
/// `layers` maps a layer name to span annotations `{start, end, label}` (byte offsets into
/// `text`); the UI draws every layer it finds, so later analysis layers (actors, claims,
/// techniques) appear by adding their entries here.
pub fn document_json(
    doc: &Document,
    layers: (&[Mention], &[Claim]),
    sources: &[SourceRef],
    ingested_at: Option<&str>,
) -> Value {
    let (mentions, claims) = layers;
    let mut v = serde_json::to_value(doc).unwrap_or_else(|e| json!({ "error": e.to_string() }));
    let cited: Vec<Value> = doc
        .urls
        .iter()
        .map(|u| json!({ "start": u.span.start, "end": u.span.end, "label": u.url }))
        .collect();
    if let Value::Object(map) = &mut v {
        map.insert("sources".into(), json!(sources));
        map.insert("ingested_at".into(), json!(ingested_at));
        let actors: Vec<Value> = mentions
            .iter()
            .map(|m| {
                let label = m
                    .entity
                    .clone()
                    .unwrap_or_else(|| format!("unlinked: {}", m.surface));
                json!({ "start": m.span.start, "end": m.span.end, "label": label })
            })
            .collect();
        let claim_spans: Vec<Value> = claims
            .iter()
            .map(|c| {
                let label = format!(
                    "{} ({}, {})",
                    c.key,
                    c.polarity.as_str(),
                    c.modality.as_str()
                );
                json!({ "start": c.trigger.start, "end": c.trigger.end, "label": label })
            })
            .collect();
        map.insert("mentions".into(), json!(mentions));
        map.insert("claims".into(), json!(claims));
        map.insert(
            "layers".into(),
            json!({ "cited_sources": cited, "actors": actors, "claims": claim_spans }),
        );
    }
    v
}
