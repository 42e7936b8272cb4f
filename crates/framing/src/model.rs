//! A trained role model: one logistic regression per main role (the highest probability
//! wins) and per fine role (kept when over its threshold, among the fine roles of the chosen
//! main role; the best one always). One small JSON file.

use std::path::Path;

use narrascope_learn::logreg::{dot, sigmoid};
use narrascope_narratives::classifier::Scaler;
use serde::{Deserialize, Serialize};

use crate::features::FeatureSpec;
use crate::taxonomy::{FINE_ROLES, MAIN_ROLES};

/// The `format` field of a saved model.
pub const FORMAT: &str = "narrascope-role-model";
pub const VERSION: u32 = 1;
/// The name evidence gives the shipped model.
pub const SHIPPED_NAME: &str = "semeval2025-roles";

const SHIPPED: &str = include_str!("../../../models/semeval2025-roles.json");

/// One role's binary model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Head {
    pub role: String,
    pub positives: usize,
    pub threshold: f32,
    pub bias: f32,
    pub weights: Vec<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleModel {
    pub format: String,
    pub version: u32,
    pub trained_on: String,
    pub spec: FeatureSpec,
    pub scaler: Scaler,
    /// In [`MAIN_ROLES`] order.
    pub main: Vec<Head>,
    /// In [`FINE_ROLES`] order.
    pub fine: Vec<Head>,
    /// Added to each main role's probability before the argmax (tuned out-of-fold).
    pub main_offsets: Vec<f32>,
}

/// Probabilities of one mention (or the mean over an actor's mentions).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RoleProbs {
    pub main: [f32; 3],
    pub fine: [f32; 22],
}

impl RoleProbs {
    /// The component-wise mean; `None` when `all` is empty.
    pub fn mean<'p>(all: impl IntoIterator<Item = &'p RoleProbs>) -> Option<RoleProbs> {
        let mut m = RoleProbs::default();
        let mut n = 0.0f32;
        for p in all {
            m.main.iter_mut().zip(&p.main).for_each(|(a, b)| *a += b);
            m.fine.iter_mut().zip(&p.fine).for_each(|(a, b)| *a += b);
            n += 1.0;
        }
        (n > 0.0).then(|| {
            m.main.iter_mut().for_each(|a| *a /= n);
            m.fine.iter_mut().for_each(|a| *a /= n);
            m
        })
    }
}

/// A decision: main role index and fine role indices, best first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub main: usize,
    pub fine: Vec<usize>,
}

/// The main role with the highest shifted probability, then its fine roles over their
/// thresholds, best first, at least one.
pub fn decide(p: &RoleProbs, offsets: &[f32], thresholds: &[f32]) -> Decision {
    let main = (0..3)
        .max_by(|&a, &b| {
            let sa = p.main[a] + offsets.get(a).copied().unwrap_or(0.0);
            let sb = p.main[b] + offsets.get(b).copied().unwrap_or(0.0);
            sa.total_cmp(&sb).then(b.cmp(&a))
        })
        .unwrap_or(0);
    let mut own: Vec<usize> = (0..FINE_ROLES.len())
        .filter(|&k| FINE_ROLES[k].1 == main)
        .collect();
    own.sort_by(|&a, &b| p.fine[b].total_cmp(&p.fine[a]).then(a.cmp(&b)));
    let fine = own
        .iter()
        .enumerate()
        .filter(|&(i, &k)| i == 0 || p.fine[k] >= thresholds.get(k).copied().unwrap_or(0.5))
        .map(|(_, &k)| k)
        .collect();
    Decision { main, fine }
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error("{path}: not a role model: {message}")]
    Invalid { path: String, message: String },
}

impl RoleModel {
    /// The model trained on the SemEval-2025 Task 10 subtask-1 training split, compiled in.
    pub fn shipped() -> Result<RoleModel, ModelError> {
        Self::from_json(SHIPPED.as_bytes(), "models/semeval2025-roles.json")
    }

    pub fn load(path: &Path) -> Result<RoleModel, ModelError> {
        let p = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|error| ModelError::Io {
            path: p.clone(),
            error,
        })?;
        Self::from_json(&bytes, &p)
    }

    fn from_json(bytes: &[u8], path: &str) -> Result<RoleModel, ModelError> {
        let invalid = |message: String| ModelError::Invalid {
            path: path.to_string(),
            message,
        };
        let m: RoleModel = serde_json::from_slice(bytes).map_err(|e| invalid(e.to_string()))?;
        m.check().map_err(invalid)?;
        Ok(m)
    }

    fn check(&self) -> Result<(), String> {
        if self.format != FORMAT || self.version != VERSION {
            return Err(format!(
                "format `{}` version {}, expected `{FORMAT}` version {VERSION}",
                self.format, self.version
            ));
        }
        let d = self.spec.len();
        if self.scaler.mean.len() != d || self.scaler.scale.len() != d {
            return Err(format!("scaler does not have {d} features"));
        }
        let names_ok = self.main.iter().map(|h| h.role.as_str()).eq(MAIN_ROLES)
            && self
                .fine
                .iter()
                .map(|h| h.role.as_str())
                .eq(FINE_ROLES.map(|f| f.0));
        if !names_ok || self.main_offsets.len() != 3 {
            return Err("roles are not the SemEval-2025 taxonomy in order".into());
        }
        match self
            .main
            .iter()
            .chain(&self.fine)
            .find(|h| h.weights.len() != d)
        {
            Some(h) => Err(format!("role `{}` does not have {d} weights", h.role)),
            None => Ok(()),
        }
    }

    /// Writes the model as JSON (weights rounded to 5 decimals, which keeps the file small).
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let io = |error| ModelError::Io {
            path: path.display().to_string(),
            error,
        };
        let mut m = self.clone();
        let round = |v: &mut f32| *v = (*v * 1e5).round() / 1e5;
        for h in m.main.iter_mut().chain(m.fine.iter_mut()) {
            h.weights.iter_mut().for_each(round);
        }
        let json = serde_json::to_vec(&m).map_err(|e| io(std::io::Error::other(e)))?;
        std::fs::write(path, json).map_err(io)
    }

    /// Probabilities from raw features (scaled here).
    pub fn probabilities(&self, raw: &[f32]) -> RoleProbs {
        let mut x = raw.to_vec();
        x.resize(self.spec.len(), 0.0);
        self.scaler.apply(&mut x);
        let mut p = RoleProbs::default();
        for (o, h) in p.main.iter_mut().zip(&self.main) {
            *o = sigmoid(dot(&h.weights, &x) + h.bias);
        }
        for (o, h) in p.fine.iter_mut().zip(&self.fine) {
            *o = sigmoid(dot(&h.weights, &x) + h.bias);
        }
        p
    }

    pub fn decide(&self, p: &RoleProbs) -> Decision {
        let t: Vec<f32> = self.fine.iter().map(|h| h.threshold).collect();
        decide(p, &self.main_offsets, &t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probs(main: [f32; 3], fine: &[(usize, f32)]) -> RoleProbs {
        let mut p = RoleProbs {
            main,
            ..RoleProbs::default()
        };
        for &(k, v) in fine {
            p.fine[k] = v;
        }
        p
    }

    #[test]
    fn fine_roles_come_from_the_chosen_main_role() {
        // Victim (20) is likely but Antagonist wins: the best antagonist role is kept
        // even under its threshold, and a second one only over it.
        let p = probs([0.2, 0.7, 0.4], &[(20, 0.9), (7, 0.3), (8, 0.6), (9, 0.1)]);
        let d = decide(&p, &[0.0; 3], &[0.5; 22]);
        assert_eq!(
            d,
            Decision {
                main: 1,
                fine: vec![8]
            }
        );
        let d = decide(&p, &[0.0; 3], &[0.25; 22]);
        assert_eq!(d.fine, vec![8, 7]);
        // An offset can move the decision.
        let d = decide(&p, &[0.0, 0.0, 0.31], &[0.5; 22]);
        assert_eq!(
            d,
            Decision {
                main: 2,
                fine: vec![20]
            }
        );
    }

    #[test]
    fn mean_of_probabilities() {
        let a = probs([1.0, 0.0, 0.0], &[(0, 1.0)]);
        let b = probs([0.0, 1.0, 0.0], &[]);
        let m = RoleProbs::mean([&a, &b]).unwrap();
        assert_eq!(m.main, [0.5, 0.5, 0.0]);
        assert_eq!(m.fine[0], 0.5);
        assert!(RoleProbs::mean([]).is_none());
    }

    #[test]
    fn shipped_model_loads_and_bad_files_are_named() {
        let m = RoleModel::shipped().expect("shipped model");
        assert_eq!(m.fine.len(), 22);
        let p = m.probabilities(&[]);
        assert!(
            p.main
                .iter()
                .chain(&p.fine)
                .all(|v| (0.0..=1.0).contains(v))
        );
        let d = m.decide(&p);
        assert!(d.fine.iter().all(|&k| FINE_ROLES[k].1 == d.main));
        let err = RoleModel::from_json(b"{}", "x.json").unwrap_err();
        assert!(
            err.to_string().starts_with("x.json: not a role model"),
            "{err}"
        );
        let mut bad = m.clone();
        bad.fine.pop();
        let json = serde_json::to_vec(&bad).unwrap();
        assert!(RoleModel::from_json(&json, "y.json").is_err());
    }
}
