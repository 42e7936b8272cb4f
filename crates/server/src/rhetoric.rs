//! The rhetoric and provenance of one document in its JSON: technique spans, actor framings,
//! named cited sources and provenance (machine-translation score, traces, genre), as fields
//! and as highlight layers.

use narrascope_core::{Analysis, Document, Span};
use narrascope_corpus::Rhetoric;
use serde_json::{Map, Value, json};

/// The text under a byte span, or `None` when the span does not fit the text.
fn span_text(text: &str, s: Span) -> Option<&str> {
    text.get(s.start..s.end)
}

/// The rhetoric an analysis carries, when any stage filled it (pasted text on the Analyze page).
pub(crate) fn of_analysis(a: &Analysis) -> Option<Rhetoric> {
    let found = !a.techniques.is_empty()
        || !a.framings.is_empty()
        || !a.sources.is_empty()
        || a.provenance.is_some();
    found.then(|| Rhetoric {
        techniques: a.techniques.clone(),
        framings: a.framings.clone(),
        sources: a.sources.clone(),
        provenance: a.provenance.clone(),
    })
}

/// Adds `techniques`, `framings`, `cited_sources` and `provenance` to a document's JSON, plus
/// the `techniques` and `traces` layers and the named sources in the `cited_sources` layer.
/// With `None` (the stages never ran on the document) the fields are `null` and no layer is
/// added, so the page can say which command fills them. `label` gives an actor's KB label.
pub(crate) fn add_rhetoric(
    v: &mut Value,
    doc: &Document,
    r: Option<&Rhetoric>,
    label: &dyn Fn(&str) -> Option<String>,
) {
    let Value::Object(map) = v else { return };
    let Some(r) = r else {
        for key in ["techniques", "framings", "cited_sources", "provenance"] {
            map.insert(key.into(), Value::Null);
        }
        return;
    };
    let text = doc.text.as_str();
    let techniques: Vec<Value> = r
        .techniques
        .iter()
        .map(|t| {
            let mut o = json!(t);
            o["text"] = json!(span_text(text, t.span));
            o
        })
        .collect();
    let framings: Vec<Value> = r
        .framings
        .iter()
        .map(|f| {
            let mut o = json!(f);
            o["label"] = json!(label(&f.actor));
            o
        })
        .collect();
    let cited: Vec<Value> = r
        .sources
        .iter()
        .map(|s| {
            let mut o = json!(s);
            o["text"] = json!(span_text(text, s.span));
            o
        })
        .collect();
    let provenance = r.provenance.as_ref().map(|p| {
        let traces: Vec<Value> = p
            .traces
            .iter()
            .map(|t| {
                let mut o = json!(t);
                o["text"] = json!(span_text(text, t.span));
                o
            })
            .collect();
        json!({ "machine_translated": p.machine_translated, "genre": p.genre, "traces": traces })
    });
    let technique_layer: Vec<Value> = r
        .techniques
        .iter()
        .map(|t| {
            let ids: Vec<&str> = t.evidence.iter().map(|e| e.id.as_str()).collect();
            let evidence = if ids.is_empty() {
                String::new()
            } else {
                format!("; evidence: {}", ids.join(", "))
            };
            let label = format!(
                "{} ({}), score {:.2}{evidence}",
                t.technique, t.family, t.score
            );
            json!({ "start": t.span.start, "end": t.span.end, "label": label,
                    "technique": t.technique, "score": t.score, "evidence": ids })
        })
        .collect();
    let source_layer = r.sources.iter().map(|s| {
        let who = s
            .entity
            .as_deref()
            .map_or(String::new(), |e| format!(" = {e}"));
        let label = format!("{}{who} ({}, cue '{}')", s.name, s.kind, s.cue);
        json!({ "start": s.span.start, "end": s.span.end, "label": label, "entity": s.entity })
    });
    let trace_layer: Vec<Value> = r
        .provenance
        .iter()
        .flat_map(|p| &p.traces)
        .map(|t| {
            let label = format!("{}: {} (weight {:.2})", t.kind, t.detail, t.weight);
            json!({ "start": t.span.start, "end": t.span.end, "label": label })
        })
        .collect();
    map.insert("techniques".into(), json!(techniques));
    map.insert("framings".into(), json!(framings));
    map.insert("cited_sources".into(), json!(cited));
    map.insert("provenance".into(), json!(provenance));
    if let Some(Value::Object(layers)) = map.get_mut("layers") {
        layers.insert("techniques".into(), json!(technique_layer));
        layers.insert("traces".into(), json!(trace_layer));
        match layers.get_mut("cited_sources") {
            Some(Value::Array(links)) => links.extend(source_layer),
            _ => {
                layers.insert("cited_sources".into(), source_layer.collect());
            }
        }
    }
}

/// The subject and object entity ids of a claim key "SUBJECT relation OBJECT".
pub(crate) fn claim_key_actors(key: &str) -> impl Iterator<Item = &str> {
    let words: Vec<&str> = key.split(' ').collect();
    match words.as_slice() {
        [s, .., o] => vec![*s, *o],
        _ => vec![],
    }
    .into_iter()
}

/// `{id: label}` for every linked actor the document mentions or frames, when the KB knows it.
pub(crate) fn actor_labels<'a>(
    ids: impl Iterator<Item = &'a str>,
    label: &dyn Fn(&str) -> Option<String>,
) -> Value {
    let mut out = Map::new();
    for id in ids {
        if out.contains_key(id) {
            continue;
        }
        if let Some(l) = label(id) {
            out.insert(id.to_string(), json!(l));
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{CitedSource, Evidence, Provenance, RawDocument, TechniqueSpan, Trace};

    fn doc(text: &str) -> Document {
        let raw = RawDocument {
            source: narrascope_core::SourceRef {
                path: "t.txt".into(),
                locator: None,
                format: narrascope_core::Format::Text,
            },
            text: text.into(),
            meta: Default::default(),
        };
        let mut d = Analysis::new(raw).doc;
        d.text = text.into();
        d
    }

    #[test]
    fn never_run_is_null_and_adds_no_layer() {
        let d = doc("Text.");
        let mut v = json!({ "layers": { "cited_sources": [] } });
        add_rhetoric(&mut v, &d, None, &|_| None);
        assert!(v["techniques"].is_null() && v["provenance"].is_null());
        assert!(v["layers"].get("techniques").is_none());
    }

    #[test]
    fn spans_become_layers_with_their_text() {
        let text = "They said the traitors lied, Reuters reported.";
        let d = doc(text);
        let t = text.find("traitors").unwrap();
        let s = text.find("Reuters").unwrap();
        let r = Rhetoric {
            techniques: vec![TechniqueSpan {
                technique: "name_calling".into(),
                family: "attack".into(),
                span: Span::new(t, t + 8),
                score: 0.8,
                evidence: vec![Evidence {
                    kind: "cue".into(),
                    id: "en:traitor".into(),
                    score: None,
                    span: None,
                }],
            }],
            framings: vec![],
            sources: vec![CitedSource {
                name: "Reuters".into(),
                span: Span::new(s, s + 7),
                cue_span: Span::new(s + 8, s + 16),
                cue: "reported".into(),
                kind: "media".into(),
                entity: None,
                sentence: 0,
            }],
            provenance: Some(Provenance {
                machine_translated: 0.4,
                traces: vec![Trace {
                    kind: "calque".into(),
                    span: Span::new(0, 4),
                    detail: "x".into(),
                    weight: 0.5,
                }],
                genre: None,
            }),
        };
        let mut v =
            json!({ "layers": { "cited_sources": [{ "start": 0, "end": 1, "label": "u" }] } });
        add_rhetoric(&mut v, &d, Some(&r), &|_| None);
        assert_eq!(v["techniques"][0]["text"], "traitors");
        let label = v["layers"]["techniques"][0]["label"].as_str().unwrap();
        assert!(
            label.contains("name_calling")
                && label.contains("en:traitor")
                && label.contains("0.80")
        );
        assert_eq!(v["layers"]["cited_sources"].as_array().unwrap().len(), 2);
        assert_eq!(v["cited_sources"][0]["text"], "Reuters");
        assert_eq!(v["provenance"]["traces"][0]["text"], "They");
        assert_eq!(v["layers"]["traces"].as_array().unwrap().len(), 1);
    }
}
