//! How texts argue: persuasion-technique spans (the 23 techniques of SemEval-2023 Task 3 in
//! their six families), found by transparent per-language cues (`kb/techniques/`) and by a
//! trained model over sentence embeddings, each span listing the evidence that fired.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let detector = narrascope_rhetoric::TechniqueDetector::shipped()?;
//! # let raw = narrascope_core::RawDocument {
//! #     source: narrascope_core::SourceRef { path: "x".into(), locator: None, format: narrascope_core::Format::Text },
//! #     text: "No evidence has been produced.".into(), meta: Default::default() };
//! let analysis = narrascope_analyze::analyze(raw)?;
//! let spans = detector.detect(&analysis, None); // cues only without sentence vectors
//! # Ok(()) }
//! ```

pub mod cues;
mod detect;
pub mod features;
pub mod model;
pub mod semeval;
pub mod techniques;

use std::path::Path;

use narrascope_kb::KbPaths;

pub use cues::{Cue, CueError, CueMatch, CueSet};
pub use detect::{SentenceScores, TechniqueDetector, merge};
pub use model::{Model, ModelError};
pub use techniques::{TECHNIQUES, family_of};

/// The shipped model's file name under `models/`.
pub const SHIPPED_MODEL_FILE: &str = "semeval2023-techniques.json";

/// Why a detector could not be built.
#[derive(Debug, thiserror::Error)]
pub enum DetectorError {
    #[error(transparent)]
    Cues(#[from] CueError),
    #[error(transparent)]
    Model(#[from] ModelError),
}

impl TechniqueDetector {
    /// The cues and model compiled into the binary.
    pub fn shipped() -> Result<TechniqueDetector, DetectorError> {
        Ok(TechniqueDetector::new(
            CueSet::shipped()?,
            Some(model::shipped()?),
        ))
    }

    /// Cues from the knowledge-base folders `kb` (shipped, then the user's), and the model
    /// file `model` (`None`: the compiled-in one).
    pub fn load(model: Option<&Path>, kb: &KbPaths) -> Result<TechniqueDetector, DetectorError> {
        let m = match model {
            Some(p) => Model::load(p)?,
            None => model::shipped()?,
        };
        Ok(TechniqueDetector::new(CueSet::load(kb)?, Some(m)))
    }

    /// A fingerprint of the cues and the model: it changes whenever either does, so stored
    /// results can name the detector that made them.
    pub fn fingerprint(&self) -> String {
        let mut h = narrascope_learn::fnv::fnv1a(b"techniques");
        for c in &self.cues.cues {
            let line = format!("{}\u{1f}{}\u{1f}{}\n", c.id, c.pattern(), c.weight);
            h = narrascope_learn::fnv::fnv1a_from(h, line.as_bytes());
        }
        if let Some(m) = &self.model {
            let json = serde_json::to_string(m).unwrap_or_default();
            h = narrascope_learn::fnv::fnv1a_from(h, json.as_bytes());
        }
        format!("{h:016x}")
    }
}

#[cfg(test)]
mod tests;
