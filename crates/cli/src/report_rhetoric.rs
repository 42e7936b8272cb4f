//! The rhetoric and provenance part of a document report.

use narrascope_core::Analysis;
use std::fmt::Write;

/// At most this many spans per technique are quoted.
const QUOTES: usize = 2;
/// At most this many distinct details per trace kind are shown.
const TRACE_DETAILS: usize = 3;

fn quote(text: &str, max: usize) -> String {
    let t: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let short: String = t.chars().take(max).collect();
    let more = if short.len() < t.len() { "…" } else { "" };
    format!("\"{short}{more}\"")
}

/// Techniques, framings, cited sources, traces and genre; nothing when none was run.
pub fn section(a: &Analysis, out: &mut String) {
    let text = &a.doc.text;
    if !a.techniques.is_empty() {
        let mut names: Vec<&str> = a.techniques.iter().map(|t| t.technique.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let _ = writeln!(out, "  Techniques: {} spans", a.techniques.len());
        for name in names {
            let spans: Vec<_> = a
                .techniques
                .iter()
                .filter(|t| t.technique == name)
                .collect();
            let _ = writeln!(out, "    {name} ×{}", spans.len());
            for t in spans.iter().take(QUOTES) {
                let ev: Vec<&str> = t.evidence.iter().map(|e| e.id.as_str()).collect();
                let _ = writeln!(
                    out,
                    "      {} [{:.2}; {}]",
                    quote(t.span.slice(text).unwrap_or(""), 100),
                    t.score,
                    ev.join(", ")
                );
            }
        }
    }
    if !a.framings.is_empty() {
        let parts: Vec<String> = a
            .framings
            .iter()
            .map(|f| {
                let fine: Vec<&str> = f.fine_roles.iter().map(|r| r.role.as_str()).collect();
                format!("{} {} ({})", f.actor, f.main_role, fine.join(", "))
            })
            .collect();
        let _ = writeln!(out, "  Framing:   {}", parts.join("; "));
    }
    if !a.sources.is_empty() {
        let _ = writeln!(out, "  Cites:     {}", a.sources.len());
        for s in &a.sources {
            let entity = s
                .entity
                .as_deref()
                .map(|e| format!(" [{e}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "    {}{entity} ({}, {})  {}",
                s.name,
                s.kind,
                s.cue,
                quote(s.cue_span.slice(text).unwrap_or(""), 80)
            );
        }
    }
    if let Some(p) = &a.provenance {
        if let Some(g) = &p.genre {
            let _ = writeln!(out, "  Genre:     {} [{:.2}]", g.label, g.score);
        }
        let _ = writeln!(
            out,
            "  Machine-translated: {:.2}{}",
            p.machine_translated,
            if p.traces.is_empty() {
                " (no traces)"
            } else {
                ""
            }
        );
        // one line per kind: its distinct details, most frequent first
        let mut kinds: Vec<(&str, Vec<(&str, usize)>)> = Vec::new();
        for t in &p.traces {
            let i = match kinds.iter().position(|(k, _)| *k == t.kind) {
                Some(i) => i,
                None => {
                    kinds.push((&t.kind, Vec::new()));
                    kinds.len() - 1
                }
            };
            let details = &mut kinds[i].1;
            match details.iter_mut().find(|(d, _)| *d == t.detail) {
                Some(d) => d.1 += 1,
                None => details.push((&t.detail, 1)),
            }
        }
        for (kind, mut details) in kinds {
            details.sort_by_key(|d| std::cmp::Reverse(d.1));
            let total: usize = details.iter().map(|d| d.1).sum();
            let shown: Vec<String> = details
                .iter()
                .take(TRACE_DETAILS)
                .map(|(d, n)| {
                    if *n > 1 {
                        format!("{d} (×{n})")
                    } else {
                        d.to_string()
                    }
                })
                .collect();
            let more = details.len().saturating_sub(TRACE_DETAILS);
            let more = if more > 0 {
                format!("; {more} more")
            } else {
                String::new()
            };
            let _ = writeln!(out, "    {kind} ×{total}: {}{more}", shown.join("; "));
        }
    }
}
