//! Mentions of actors found in a document.

use narrascope_core::Span;
use serde::{Deserialize, Serialize};

/// How a mention was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A name or alias from the knowledge base.
    Name,
    /// An acronym from the knowledge base, matched with its case.
    Acronym,
    /// A demonym or adjective (`américaines`).
    Demonym,
    /// A place standing for an actor (`Washington`, `le Kremlin`).
    Metonym,
    /// An acronym the document itself defines (`Forces de mobilisation populaire (PMU)`).
    Defined,
    /// A capitalised, name-like span that matches nothing in the knowledge base.
    Unlinked,
}

/// One mention: where it is, what it says, and which entity it refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// Byte range in the document's normalised text.
    pub span: Span,
    /// The text at `span`.
    pub surface: String,
    /// The entity id, when the mention is resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// For an ambiguous form left unresolved: the entities it may refer to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// The surface is a place standing for the actor.
    #[serde(default)]
    pub metonym: bool,
    pub kind: MentionKind,
    /// Index of the sentence holding the mention, when the document is segmented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence: Option<usize>,
}

impl Mention {
    pub fn is_linked(&self) -> bool {
        self.entity.is_some()
    }

    pub fn is_ambiguous(&self) -> bool {
        self.entity.is_none() && !self.candidates.is_empty()
    }
}

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
