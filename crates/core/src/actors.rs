//! Actor mentions and the claims made about them: plain data filled in by the
//! linking and claim stages.

use serde::{Deserialize, Serialize};

use crate::Span;

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

impl MentionKind {
    pub const ALL: [MentionKind; 6] = [
        MentionKind::Name,
        MentionKind::Acronym,
        MentionKind::Demonym,
        MentionKind::Metonym,
        MentionKind::Defined,
        MentionKind::Unlinked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Name => "name",
            MentionKind::Acronym => "acronym",
            MentionKind::Demonym => "demonym",
            MentionKind::Metonym => "metonym",
            MentionKind::Defined => "defined",
            MentionKind::Unlinked => "unlinked",
        }
    }

    pub fn parse(s: &str) -> Option<MentionKind> {
        MentionKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
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

/// Whether a claim is stated or denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Polarity {
    Affirmed,
    Negated,
}

impl Polarity {
    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Affirmed => "affirmed",
            Polarity::Negated => "negated",
        }
    }

    pub fn parse(s: &str) -> Option<Polarity> {
        [Polarity::Affirmed, Polarity::Negated]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// How firmly a claim is stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Modality {
    Asserted,
    Hedged,
    Questioned,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Asserted => "asserted",
            Modality::Hedged => "hedged",
            Modality::Questioned => "questioned",
        }
    }

    pub fn parse(s: &str) -> Option<Modality> {
        [Modality::Asserted, Modality::Hedged, Modality::Questioned]
            .into_iter()
            .find(|m| m.as_str() == s)
    }
}

/// One claim a sentence makes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub subject: String,
    pub relation: String,
    pub object: String,
    /// `SUBJECT relation OBJECT` with institutions rolled up to their state: `Q30 arm Q2429253`.
    pub key: String,
    /// The sentence stating it.
    pub evidence: Span,
    pub trigger: Span,
    pub subject_span: Span,
    pub object_span: Span,
    pub polarity: Polarity,
    pub modality: Modality,
    /// The entity the claim is attributed to (`according to X`, `X said`), when named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub sentence: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_serde() {
        for k in MentionKind::ALL {
            assert_eq!(MentionKind::parse(k.as_str()), Some(k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
        for p in [Polarity::Affirmed, Polarity::Negated] {
            assert_eq!(Polarity::parse(p.as_str()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.as_str());
        }
        for m in [Modality::Asserted, Modality::Hedged, Modality::Questioned] {
            assert_eq!(Modality::parse(m.as_str()), Some(m));
            assert_eq!(serde_json::to_value(m).unwrap(), m.as_str());
        }
        assert_eq!(MentionKind::parse("nope"), None);
    }

    #[test]
    fn mention_state() {
        let mut m = Mention {
            span: Span::new(0, 3),
            surface: "Foo".into(),
            entity: None,
            candidates: vec!["Q1".into(), "Q2".into()],
            metonym: false,
            kind: MentionKind::Name,
            sentence: None,
        };
        assert!(m.is_ambiguous() && !m.is_linked());
        m.entity = Some("Q1".into());
        m.candidates.clear();
        assert!(m.is_linked() && !m.is_ambiguous());
    }
}
