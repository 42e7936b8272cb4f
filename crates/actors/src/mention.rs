//! Mentions of actors found in a document.

pub use narrascope_core::{Mention, MentionKind};

/// Unlinked name-like surfaces with how often each occurs, most frequent first.
pub fn unlinked_counts(mentions: &[Mention]) -> Vec<(String, usize)> {
    let mut counts: std::collections::BTreeMap<&str, usize> = Default::default();
    for m in mentions.iter().filter(|m| m.kind == MentionKind::Unlinked) {
        *counts.entry(m.surface.as_str()).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(s, n)| (s.to_string(), n))
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
