//! Readable text reports of analysed documents.

use narrascope_core::{DateOrigin, Document};
use std::fmt::Write;

fn or_dash(v: Option<&str>) -> &str {
    v.unwrap_or("—")
}

/// A short readable report: identity, metadata, language, segmentation and removed debris.
pub fn document(d: &Document) -> String {
    let mut out = String::new();
    let m = &d.meta;
    let _ = writeln!(out, "Document {}  ({})", d.id, d.source);
    let _ = writeln!(out, "  Title:     {}", or_dash(m.title.as_deref()));
    let lang = d
        .lang
        .as_ref()
        .map(|l| format!("{} ({:.2})", l.code, l.confidence));
    let _ = writeln!(out, "  Language:  {}", or_dash(lang.as_deref()));
    let date = m.date.as_ref().map(|dt| {
        let from = match &dt.origin {
            DateOrigin::Source { field } => format!("source field {field}"),
            DateOrigin::Text { rule, span } => {
                let ev = span.slice(&d.text).unwrap_or("");
                format!("text, {rule}: \"{ev}\"")
            }
        };
        format!(
            "{} ({} precision; from {from})",
            dt.value,
            dt.precision.as_str()
        )
    });
    let _ = writeln!(out, "  Date:      {}", or_dash(date.as_deref()));
    let _ = writeln!(out, "  Outlet:    {}", or_dash(m.outlet.as_deref()));
    if let Some(a) = &m.author {
        let _ = writeln!(out, "  Author:    {a}");
    }
    if let Some(u) = &m.url {
        let _ = writeln!(out, "  URL:       {u}");
    }
    let mixed: Vec<String> = d
        .sentences
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let l = s.lang.as_ref()?;
            let doc_lang = d.lang.as_ref()?;
            (l.code != doc_lang.code && l.confidence >= 0.5)
                .then(|| format!("#{} {}", i + 1, l.code))
        })
        .collect();
    let _ = writeln!(
        out,
        "  Text:      {} paragraphs, {} sentences, {} bytes{}",
        d.paragraphs.len(),
        d.sentences.len(),
        d.text.len(),
        if mixed.is_empty() {
            String::new()
        } else {
            format!("; sentences in another language: {}", mixed.join(", "))
        }
    );
    if !d.urls.is_empty() {
        let urls: Vec<&str> = d.urls.iter().map(|u| u.url.as_str()).collect();
        let _ = writeln!(out, "  URLs:      {}", urls.join(" "));
    }
    if d.removals.is_empty() {
        let _ = writeln!(out, "  Removed:   nothing");
    } else {
        let _ = writeln!(out, "  Removed:   {} pieces of debris", d.removals.len());
        for r in &d.removals {
            let text: String = r.text.chars().take(70).collect();
            let more = if r.text.chars().count() > 70 {
                "…"
            } else {
                ""
            };
            let _ = writeln!(out, "    line {:>3}  {:<18} {text:?}{more}", r.line, r.rule);
        }
    }
    out
}
