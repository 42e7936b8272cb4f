//! Narrative classifiers learned from labelled documents: one logistic regression per label
//! (one-vs-rest) over a document's embedding features (see [`features`]), per-label
//! thresholds tuned on out-of-fold probabilities of the training data, and two-level decoding
//! (see [`hierarchy`]). A trained model is one small JSON file.

pub mod features;
pub mod hierarchy;
mod train;
pub use narrascope_learn::{logreg, vectors};

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use features::{DocInput, FeatureSpec, Scaler, exemplar_similarities};
pub use hierarchy::{Decoded, OTHER};
pub use logreg::TrainConfig;
pub use train::{Example, TrainOptions, TrainReport, train};
pub use vectors::{DocVectors, VectorCache, embed_all, sentences_of};

/// The `format` field of a saved model.
pub const FORMAT: &str = "narrascope-narrative-classifier";
/// The model file version this code reads and writes.
pub const VERSION: u32 = 1;

/// One label's model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelModel {
    pub label: String,
    /// The parent narrative's label, for a sub-narrative.
    pub parent: Option<String>,
    /// Positive training documents.
    pub positives: usize,
    pub threshold: f32,
    pub bias: f32,
    pub weights: Vec<f32>,
}

/// A trained classifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Classifier {
    pub format: String,
    pub version: u32,
    /// What the model was trained on (free text).
    pub trained_on: String,
    pub spec: FeatureSpec,
    pub scaler: Scaler,
    pub labels: Vec<LabelModel>,
    /// A shift added to every threshold for documents of a language (tuned like the
    /// thresholds; languages differ in how many texts carry no narrative).
    #[serde(default)]
    pub lang_offsets: BTreeMap<String, f32>,
}

/// A threshold moved by `offset`, kept inside (0, 1).
pub(crate) fn shifted(threshold: f32, offset: f32) -> f32 {
    (threshold + offset).clamp(0.01, 0.99)
}

/// A model file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: not a narrative classifier: {message}")]
    Invalid { path: String, message: String },
}

impl Classifier {
    /// Reads and checks a model file.
    pub fn load(path: &Path) -> Result<Classifier, ModelError> {
        let p = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| ModelError::Io {
            path: p.clone(),
            error,
        })?;
        let c: Classifier = serde_json::from_slice(&bytes).map_err(|e| ModelError::Invalid {
            path: p.clone(),
            message: e.to_string(),
        })?;
        c.check()
            .map_err(|message| ModelError::Invalid { path: p, message })?;
        Ok(c)
    }

    fn check(&self) -> Result<(), String> {
        if self.format != FORMAT {
            return Err(format!("format is `{}`, expected `{FORMAT}`", self.format));
        }
        if self.version != VERSION {
            return Err(format!(
                "version {} (this build reads version {VERSION})",
                self.version
            ));
        }
        let d = self.spec.len();
        if self.scaler.mean.len() != d || self.scaler.scale.len() != d {
            return Err(format!("scaler does not have {d} features"));
        }
        if let Some(l) = self.labels.iter().find(|l| l.weights.len() != d) {
            return Err(format!("label `{}` does not have {d} weights", l.label));
        }
        Ok(())
    }

    /// Writes the model as JSON.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io = |error| ModelError::Io {
            path: path.display().to_string(),
            error,
        };
        let json = serde_json::to_vec(self).map_err(|e| io(std::io::Error::other(e)))?;
        std::fs::write(path, json).map_err(io)
    }

    /// Every label's probability, in model order.
    pub fn probabilities(&self, doc: &DocInput<'_>) -> Vec<(String, f32)> {
        let mut x = features::features(&self.spec, doc);
        self.scaler.apply(&mut x);
        self.labels
            .iter()
            .map(|l| {
                let z = logreg::dot(&l.weights, &x) + l.bias;
                (l.label.clone(), logreg::sigmoid(z))
            })
            .collect()
    }

    /// The predicted narratives and sub-narratives after thresholds and hierarchy rules.
    pub fn decode(&self, doc: &DocInput<'_>) -> Decoded {
        let probs = self.probabilities(doc);
        let offset = self.lang_offsets.get(doc.lang).copied().unwrap_or(0.0);
        let scored: Vec<hierarchy::Scored<'_>> = self
            .labels
            .iter()
            .zip(&probs)
            .map(|(l, (_, p))| hierarchy::Scored {
                label: &l.label,
                parent: l.parent.as_deref(),
                probability: *p,
                threshold: shifted(l.threshold, offset),
            })
            .collect();
        hierarchy::decode(&scored)
    }

    /// Predicted labels with probabilities: narratives first, then sub-narratives.
    pub fn predict(&self, doc: &DocInput<'_>) -> Vec<(String, f32)> {
        let d = self.decode(doc);
        d.narratives.into_iter().chain(d.subnarratives).collect()
    }
}

#[cfg(test)]
mod tests;
