//! The trained technique model: one logistic regression per technique over sentence
//! features, with a threshold each. One small JSON file of derived parameters.

use std::path::Path;

use narrascope_learn::logreg::{dot, sigmoid};
use serde::{Deserialize, Serialize};

use crate::features::{self, Scaler};
use crate::techniques;

/// The `format` field of a saved model.
pub const FORMAT: &str = "narrascope-technique-model";
/// The model file version this code reads and writes.
pub const VERSION: u32 = 1;

/// One technique's model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TechniqueModel {
    pub technique: String,
    pub family: String,
    /// Positive training sentences.
    pub positives: usize,
    pub threshold: f32,
    pub bias: f32,
    pub weights: Vec<f32>,
}

/// A trained model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format: String,
    pub version: u32,
    /// Name used in [`narrascope_core::Evidence::id`].
    pub name: String,
    /// What the model was trained on (free text).
    pub trained_on: String,
    /// The surface feature names (see [`features::SURFACE`]).
    pub surface: Vec<String>,
    pub scaler: Scaler,
    pub techniques: Vec<TechniqueModel>,
}

/// A model file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: not a technique model: {message}")]
    Invalid { path: String, message: String },
}

impl Model {
    /// Parses and checks a model; `name` names the input in errors.
    pub fn from_json(name: &str, json: &str) -> Result<Model, ModelError> {
        let invalid = |message: String| ModelError::Invalid {
            path: name.to_string(),
            message,
        };
        let m: Model = serde_json::from_str(json).map_err(|e| invalid(e.to_string()))?;
        m.check().map_err(invalid)?;
        Ok(m)
    }

    /// Reads and checks a model file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let p = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|error| ModelError::Io {
            path: p.clone(),
            error,
        })?;
        Model::from_json(&p, &text)
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
        if self.surface != features::SURFACE {
            return Err("surface features differ from this build's".into());
        }
        let d = features::LEN;
        if self.scaler.mean.len() != d || self.scaler.scale.len() != d {
            return Err(format!("scaler does not have {d} features"));
        }
        for t in &self.techniques {
            if techniques::index_of(&t.technique).is_none() {
                return Err(format!("unknown technique `{}`", t.technique));
            }
            if t.weights.len() != d {
                return Err(format!("`{}` does not have {d} weights", t.technique));
            }
            if !t.threshold.is_finite() || !t.bias.is_finite() {
                return Err(format!("`{}` has a non-finite parameter", t.technique));
            }
        }
        Ok(())
    }

    /// Writes the model as JSON.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io = |error| ModelError::Io {
            path: path.display().to_string(),
            error,
        };
        let json = serde_json::to_string(self).map_err(|e| io(std::io::Error::other(e)))?;
        std::fs::write(path, json).map_err(io)
    }

    /// Each technique's probability for a scaled feature row, in model order.
    pub fn probabilities(&self, scaled: &[f32]) -> Vec<f32> {
        self.techniques
            .iter()
            .map(|t| sigmoid(dot(&t.weights, scaled) + t.bias))
            .collect()
    }
}

/// The compiled-in shipped model.
pub fn shipped() -> Result<Model, ModelError> {
    Model::from_json(
        "models/semeval2023-techniques.json (built in)",
        include_str!("../../../models/semeval2023-techniques.json"),
    )
}
