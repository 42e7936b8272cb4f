//! Where a text comes from: the sources it cites, traces of machine translation and
//! scraping, and its genre. Plain data filled in by the provenance stages.

use serde::{Deserialize, Serialize};

use crate::Span;

/// A source a text cites: an outlet, agency, official or account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitedSource {
    /// The cited name as written.
    pub name: String,
    /// Byte range of the name in the normalised text.
    pub span: Span,
    /// The whole citing phrase (`according to Tass`).
    pub cue_span: Span,
    /// The rule that found it (`en/according-to`).
    pub cue: String,
    /// `outlet`, `agency`, `official`, `account`, `organisation` or `unknown`.
    pub kind: String,
    /// The knowledge-base entity, when the name links to one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    /// Index of the sentence.
    pub sentence: usize,
}

/// One trace of translation or scraping.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    /// `foreign_word`, `foreign_abbreviation`, `untranslated_accent`, `translation_note`,
    /// `site_furniture`, `source_link`…
    pub kind: String,
    /// Byte range in the normalised text (or in the raw text for removed debris).
    pub span: Span,
    /// What was seen (`"UU" is the Spanish abbreviation of "EE. UU."`).
    pub detail: String,
    /// Trace weight in the machine-translation score.
    #[serde(default)]
    pub weight: f32,
}

/// A label with its confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Label {
    pub label: String,
    pub score: f32,
}

/// Provenance of one document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// Confidence in 0..=1 that the text was machine-translated.
    pub machine_translated: f32,
    /// Translation and scraping traces, in text order.
    #[serde(default)]
    pub traces: Vec<Trace>,
    /// `reporting`, `opinion` or `satire`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genre: Option<Label>,
}
