//! The narratives a document carries, with the evidence for each: plain data filled in
//! by narrative matching.

use serde::{Deserialize, Serialize};

use crate::Span;

/// Why a sentence counts as evidence for a narrative.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NarrativeEvidence {
    /// Index of the sentence.
    pub sentence: usize,
    /// The sentence's byte range in the normalised text.
    pub span: Span,
    /// Cosine similarity to the closest exemplar statement, when embeddings were used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f32>,
    /// The exemplar statement it is closest to (`lang:index` within the narrative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exemplar: Option<String>,
    /// Index (into `Analysis::claims`) of a claim matching one of the narrative's
    /// signatures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<usize>,
}

/// One narrative found in a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NarrativeMatch {
    /// The narrative's catalog id (`iraq-syria/us-colludes-with-isis`).
    pub narrative: String,
    /// Confidence in 0..=1; a match is reported at or above the matcher's threshold.
    pub score: f32,
    /// Where the document carries it, best first.
    pub evidence: Vec<NarrativeEvidence>,
}
