//! Readable text reports of analysed documents.

use narrascope_core::{Analysis, Claim, DateOrigin, Document, Mention};
use std::collections::HashMap;
use std::fmt::Write;

/// How many actors the `Actors` line names.
const TOP_ACTORS: usize = 8;

/// The document report followed by its actors and claims.
pub fn analysis(a: &Analysis) -> String {
    let mut out = document(&a.doc);
    let _ = writeln!(out, "  Actors:    {}", actors_line(&a.mentions));
    if a.claims.is_empty() {
        let _ = writeln!(out, "  Claims:    none");
    } else {
        let _ = writeln!(out, "  Claims:    {}", a.claims.len());
        for c in &a.claims {
            let _ = writeln!(out, "    {}", claim_line(&a.doc, c));
        }
    }
    if !a.narratives.is_empty() {
        let _ = writeln!(out, "  Narratives: {}", a.narratives.len());
        for n in &a.narratives {
            let _ = writeln!(out, "    {} [{:.2}]", n.narrative, n.score);
            if let Some(t) = n.evidence.first().and_then(|e| e.span.slice(&a.doc.text)) {
                let t: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
                let short: String = t.chars().take(120).collect();
                let more = if short.len() < t.len() { "…" } else { "" };
                let _ = writeln!(out, "      \"{short}{more}\"");
            }
        }
    }
    crate::report_rhetoric::section(a, &mut out);
    out
}

/// The most-mentioned entities, each with its most frequent surface and its count.
fn actors_line(mentions: &[Mention]) -> String {
    let mut by_entity: HashMap<&str, (usize, HashMap<&str, usize>)> = HashMap::new();
    for m in mentions {
        if let Some(id) = &m.entity {
            let e = by_entity.entry(id).or_default();
            e.0 += 1;
            *e.1.entry(m.surface.as_str()).or_default() += 1;
        }
    }
    if by_entity.is_empty() {
        return "none".into();
    }
    let mut v: Vec<(&str, usize, &str)> = by_entity
        .iter()
        .map(|(id, (n, surfaces))| {
            let top = surfaces
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map_or("", |(s, _)| *s);
            (*id, *n, top)
        })
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let more = v.len().saturating_sub(TOP_ACTORS);
    let mut parts: Vec<String> = v
        .iter()
        .take(TOP_ACTORS)
        .map(|(id, n, s)| format!("{id} \"{s}\" ×{n}"))
        .collect();
    if more > 0 {
        parts.push(format!("and {more} more"));
    }
    parts.join(", ")
}

/// `Q30 arm Q2429253  [affirmed, hedged; according to Q130879]  "evidence…"`.
fn claim_line(d: &Document, c: &Claim) -> String {
    let source = c
        .source
        .as_ref()
        .map(|s| format!("; according to {s}"))
        .unwrap_or_default();
    let ev = c.evidence.slice(&d.text).unwrap_or("");
    let short: String = ev.chars().take(100).collect();
    let more = if ev.chars().count() > 100 { "…" } else { "" };
    format!(
        "{}  [{}, {}{source}]  \"{short}{more}\"",
        c.key,
        c.polarity.as_str(),
        c.modality.as_str()
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{
        Format, MentionKind, Metadata, Modality, Polarity, RawDocument, SourceRef, Span,
    };

    fn mention(start: usize, surface: &str, entity: &str) -> Mention {
        Mention {
            span: Span::new(start, start + surface.len()),
            surface: surface.into(),
            entity: Some(entity.into()),
            candidates: Vec::new(),
            metonym: false,
            kind: MentionKind::Name,
            sentence: Some(0),
        }
    }

    #[test]
    fn report_lists_actors_and_claims() {
        let text = "ISIS said the US armed ISIS.";
        let mut a = Analysis::new(RawDocument {
            source: SourceRef {
                path: "a.txt".into(),
                locator: None,
                format: Format::Text,
            },
            text: text.into(),
            meta: Metadata::default(),
        });
        assert!(analysis(&a).contains("Actors:    none"));
        a.mentions = vec![
            mention(0, "ISIS", "Q2429253"),
            mention(14, "US", "Q30"),
            mention(23, "ISIS", "Q2429253"),
        ];
        a.claims.push(Claim {
            subject: "Q30".into(),
            relation: "arm".into(),
            object: "Q2429253".into(),
            key: "Q30 arm Q2429253".into(),
            evidence: Span::new(0, text.len()),
            trigger: Span::new(17, 22),
            subject_span: Span::new(14, 16),
            object_span: Span::new(23, 27),
            polarity: Polarity::Negated,
            modality: Modality::Hedged,
            source: Some("Q2429253".into()),
            sentence: 0,
        });
        let r = analysis(&a);
        assert!(
            r.contains("Actors:    Q2429253 \"ISIS\" ×2, Q30 \"US\" ×1"),
            "{r}"
        );
        assert!(r.contains("Claims:    1"), "{r}");
        assert!(
            r.contains(
                "Q30 arm Q2429253  [negated, hedged; according to Q2429253]  \"ISIS said the US armed ISIS.\""
            ),
            "{r}"
        );
    }
}
