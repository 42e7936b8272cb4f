//! The JSON shape of one analysed document, shared by the document and analyze endpoints.

use narrascope_core::{Claim, Document, Mention, NarrativeMatch, SourceRef};
use narrascope_kb::narratives::Catalogs;
use serde_json::{Value, json};

use crate::narratives::evidence_json;

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

/// Adds the stored narrative matches of a document to its JSON: `narratives` (each with
/// its catalog title and evidence sentences) and a `narratives` highlight layer.
pub(crate) fn add_narratives(
    v: &mut Value,
    doc: &Document,
    claims: &[Claim],
    matches: &[NarrativeMatch],
    catalogs: &Catalogs,
) {
    let title = |id: &str| catalogs.get(id).map(|d| d.title.clone());
    let items: Vec<Value> = matches
        .iter()
        .map(|m| {
            let evidence: Vec<Value> = m
                .evidence
                .iter()
                .map(|e| evidence_json(e, Some(&doc.text), claims))
                .collect();
            json!({
                "narrative": m.narrative,
                "title": title(&m.narrative),
                "score": m.score,
                "evidence": evidence,
            })
        })
        .collect();
    let layer: Vec<Value> = matches
        .iter()
        .flat_map(|m| {
            let label = format!(
                "{} (score {:.2})",
                title(&m.narrative).unwrap_or_else(|| m.narrative.clone()),
                m.score
            );
            m.evidence.iter().map(move |e| {
                json!({ "start": e.span.start, "end": e.span.end, "label": label.clone() })
            })
        })
        .collect();
    if let Value::Object(map) = v {
        map.insert("narratives".into(), json!(items));
        if let Some(Value::Object(layers)) = map.get_mut("layers") {
            layers.insert("narratives".into(), json!(layer));
        }
    }
}
