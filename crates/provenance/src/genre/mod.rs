//! Genre of a text (reporting, opinion, satire): one-vs-rest logistic regressions
//! (`narrascope_learn::logreg`) over the pooled document vector, a few cheap surface features
//! and the language, trained on SemEval-2023 Task 3 subtask 1. A model is one JSON file of
//! derived parameters.

pub mod data;
mod features;
pub mod train;

use std::path::Path;

use narrascope_core::Label;
use narrascope_learn::logreg;
use serde::{Deserialize, Serialize};

pub use features::{CHEAP_FEATURES, DIM, features};

/// The genres, in model order.
pub const GENRES: [&str; 3] = ["reporting", "opinion", "satire"];
/// The `format` field of a saved model.
pub const FORMAT: &str = "narrascope-genre";
/// The model file version this code reads and writes.
pub const VERSION: u32 = 1;
/// The shipped model, compiled in.
const SHIPPED: &str = include_str!("../../../../models/semeval2023-genre.json");

/// One genre's binary model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenreClass {
    pub label: String,
    pub bias: f32,
    pub weights: Vec<f32>,
}

/// A trained genre model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GenreModel {
    pub format: String,
    pub version: u32,
    /// What the model was trained on (free text).
    pub trained_on: String,
    /// Languages of the one-hot block.
    pub langs: Vec<String>,
    /// Standardisation of each feature: `(x - mean) / scale`.
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
    pub classes: Vec<GenreClass>,
}

/// A model file that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct GenreModelError {
    pub path: String,
    pub message: String,
}

impl GenreModel {
    /// The compiled-in model trained on SemEval-2023 Task 3 subtask 1.
    pub fn shipped() -> Result<GenreModel, GenreModelError> {
        GenreModel::parse("models/semeval2023-genre.json", SHIPPED.as_bytes())
    }

    /// Reads and checks a model file.
    pub fn load(path: &Path) -> Result<GenreModel, GenreModelError> {
        let bytes = std::fs::read(path).map_err(|e| GenreModelError {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        GenreModel::parse(&path.display().to_string(), &bytes)
    }

    fn parse(name: &str, bytes: &[u8]) -> Result<GenreModel, GenreModelError> {
        let err = |message: String| GenreModelError {
            path: name.to_string(),
            message,
        };
        let m: GenreModel =
            serde_json::from_slice(bytes).map_err(|e| err(format!("not a genre model: {e}")))?;
        if m.format != FORMAT || m.version != VERSION {
            return Err(err(format!(
                "format `{}` version {}, expected `{FORMAT}` version {VERSION}",
                m.format, m.version
            )));
        }
        let d = m.dims();
        if m.mean.len() != d || m.scale.len() != d || m.classes.iter().any(|c| c.weights.len() != d)
        {
            return Err(err(format!("every parameter vector must have {d} values")));
        }
        if m.classes.is_empty() {
            return Err(err("no classes".into()));
        }
        Ok(m)
    }

    /// Number of features: vector, cheap features, language one-hot.
    pub fn dims(&self) -> usize {
        features::DIM + CHEAP_FEATURES + self.langs.len()
    }

    /// Writes the model as JSON.
    pub fn save(&self, path: &Path) -> Result<(), GenreModelError> {
        let err = |message: String| GenreModelError {
            path: path.display().to_string(),
            message,
        };
        let json = serde_json::to_vec(self).map_err(|e| err(e.to_string()))?;
        std::fs::write(path, json).map_err(|e| err(e.to_string()))
    }

    /// Each genre's share of the normalised one-vs-rest probabilities, in model order.
    pub fn scores(&self, doc_vector: &[f32], text: &str, lang: &str) -> Vec<(String, f32)> {
        let mut x = features(doc_vector, text, lang, &self.langs);
        for ((v, m), s) in x.iter_mut().zip(&self.mean).zip(&self.scale) {
            *v = (*v - m) / s;
        }
        let p: Vec<f32> = self
            .classes
            .iter()
            .map(|c| logreg::sigmoid(logreg::dot(&c.weights, &x) + c.bias))
            .collect();
        let total: f32 = p.iter().sum::<f32>().max(f32::MIN_POSITIVE);
        self.classes
            .iter()
            .zip(p)
            .map(|(c, p)| (c.label.clone(), p / total))
            .collect()
    }

    /// The most likely genre of a document given its pooled vector, its text and language
    /// code (`""` when unknown).
    pub fn predict(&self, doc_vector: &[f32], text: &str, lang: &str) -> Label {
        let best = self
            .scores(doc_vector, text, lang)
            .into_iter()
            .max_by(|a, b| a.1.total_cmp(&b.1));
        match best {
            Some((label, score)) => Label { label, score },
            None => Label {
                label: GENRES[0].to_string(),
                score: 0.0,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_model_loads_and_bad_files_are_named() {
        let m = GenreModel::shipped().unwrap();
        assert_eq!(m.classes.len(), GENRES.len());
        let v = vec![0.0f32; DIM];
        let l = m.predict(&v, "Some text.", "en");
        assert!(GENRES.contains(&l.label.as_str()) && l.score > 0.0 && l.score <= 1.0);
        let e = GenreModel::parse("x.json", b"{}").unwrap_err().to_string();
        assert!(e.starts_with("x.json: "), "{e}");
        let mut bad = m.clone();
        bad.mean.pop();
        let json = serde_json::to_vec(&bad).unwrap();
        assert!(GenreModel::parse("y.json", &json).is_err());
    }
}
