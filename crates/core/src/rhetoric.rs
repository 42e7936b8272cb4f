//! How a text argues: persuasion-technique spans and how each actor is framed. Plain data
//! filled in by the rhetoric stages.

use serde::{Deserialize, Serialize};

use crate::Span;

/// What made a detector report something.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// `cue` (a pattern from the knowledge base) or `model` (a trained classifier).
    pub kind: String,
    /// The cue's id (`en/doubt/no-evidence`) or the model's name.
    pub id: String,
    /// The model's probability, or the cue's weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// Where a cue matched, when that differs from the reported span.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// One persuasion-technique span (SemEval-2023 Task 3 technique names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechniqueSpan {
    /// The technique (`Loaded_Language`, `Doubt`, `Whataboutism`…).
    pub technique: String,
    /// Its family (`Manipulative_Wording`, `Attack_on_Reputation`…).
    pub family: String,
    /// Byte range in the normalised text.
    pub span: Span,
    /// Confidence in 0..=1.
    pub score: f32,
    /// Which evidence fired.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A role with its confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleScore {
    pub role: String,
    pub score: f32,
}

/// How one document frames one actor (SemEval-2025 Task 10 roles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Framing {
    /// The entity id.
    pub actor: String,
    /// `Protagonist`, `Antagonist` or `Innocent`.
    pub main_role: String,
    pub score: f32,
    /// Fine roles (`Conspirator`, `Victim`…), best first.
    #[serde(default)]
    pub fine_roles: Vec<RoleScore>,
    /// Indices into `Analysis::mentions` of the mentions the roles were read from.
    #[serde(default)]
    pub mentions: Vec<usize>,
    /// Which evidence fired.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}
