//! Training: label set from the data, one-vs-rest models, thresholds tuned on out-of-fold
//! probabilities (cross-validation over the training documents), then a final fit on all.

use std::collections::{BTreeMap, BTreeSet};

use super::features::{DocInput, FeatureSpec, Scaler, features};
use super::hierarchy::{self, OTHER};
use super::logreg::{Matrix, TrainConfig, train_many};
use super::{Classifier, FORMAT, LabelModel, VERSION};
use crate::semeval::{doc_f1, fold_of};

/// One training document.
#[derive(Debug, Clone, Copy)]
pub struct Example<'a> {
    pub id: &'a str,
    pub input: DocInput<'a>,
    pub narratives: &'a [String],
    pub subnarratives: &'a [String],
}

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub logreg: TrainConfig,
    pub max_pool: bool,
    /// Languages of the one-hot block (empty: no language features).
    pub langs: Vec<String>,
    /// Narrative ids whose exemplar similarities the examples carry (empty: none).
    pub exemplar_ids: Vec<String>,
    /// Labels with fewer positive documents get no model.
    pub min_positives: usize,
    /// Cross-validation folds whose out-of-fold probabilities tune the thresholds
    /// (fewer than 2: no tuning, all thresholds 0.5).
    pub folds: usize,
    /// Written into the model's `trained_on`.
    pub trained_on: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            logreg: TrainConfig::default(),
            max_pool: false,
            langs: Vec::new(),
            exemplar_ids: Vec::new(),
            min_positives: 3,
            folds: 5,
            trained_on: String::new(),
        }
    }
}

/// What training did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainReport {
    pub documents: usize,
    pub validation_documents: usize,
    pub labels: usize,
    /// Labels seen in the data with too few positives to get a model.
    pub skipped_labels: Vec<String>,
    /// Validation objective (mean of narrative and sub-narrative samples-F1) with all
    /// thresholds at 0.5, and after tuning.
    pub validation_before: f64,
    pub validation_after: f64,
}

/// Is `label` a catch-all that the hierarchy rules produce rather than a model?
fn is_catch_all(label: &str) -> bool {
    label == OTHER || label.ends_with(&format!(": {OTHER}"))
}

/// The narrative `sub` belongs to: the longest narrative label it starts with, then `": "`.
fn parent_of<'a>(sub: &str, narratives: &'a BTreeSet<String>) -> Option<&'a String> {
    narratives
        .iter()
        .filter(|n| {
            sub.len() > n.len() + 2
                && sub.starts_with(n.as_str())
                && sub[n.len()..].starts_with(": ")
        })
        .max_by_key(|n| n.len())
}

struct LabelDef {
    label: String,
    parent: Option<String>,
    positives: usize,
}

fn label_defs(examples: &[Example<'_>], min_positives: usize) -> (Vec<LabelDef>, Vec<String>) {
    let mut count: BTreeMap<(bool, &str), usize> = BTreeMap::new();
    let mut narratives = BTreeSet::new();
    for e in examples {
        for n in e.narratives {
            narratives.insert(n.clone());
            *count.entry((false, n)).or_default() += 1;
        }
        for s in e.subnarratives {
            *count.entry((true, s)).or_default() += 1;
        }
    }
    let (mut defs, mut skipped) = (Vec::new(), Vec::new());
    for ((is_sub, label), positives) in count {
        if is_catch_all(label) {
            continue;
        }
        if positives < min_positives {
            skipped.push(label.to_string());
            continue;
        }
        let parent = if is_sub {
            parent_of(label, &narratives).cloned()
        } else {
            None
        };
        defs.push(LabelDef {
            label: label.to_string(),
            parent,
            positives,
        });
    }
    (defs, skipped)
}

fn targets(examples: &[&Example<'_>], defs: &[LabelDef]) -> Vec<Vec<bool>> {
    defs.iter()
        .map(|d| {
            examples
                .iter()
                .map(|e| {
                    let set = if d.parent.is_some() {
                        e.subnarratives
                    } else {
                        e.narratives
                    };
                    set.contains(&d.label)
                })
                .collect()
        })
        .collect()
}

/// Trains a classifier: thresholds tuned on out-of-fold probabilities (folds by a hash of
/// the document id), then every model fitted on all examples.
pub fn train(examples: &[Example<'_>], opts: &TrainOptions) -> (Classifier, TrainReport) {
    let spec = FeatureSpec {
        max_pool: opts.max_pool,
        langs: opts.langs.clone(),
        exemplar_ids: opts.exemplar_ids.clone(),
    };
    let raw: Vec<Vec<f32>> = examples.iter().map(|e| features(&spec, &e.input)).collect();
    let scaler = Scaler::fit(&raw, &spec.blocks());
    let rows: Vec<Vec<f32>> = raw
        .into_iter()
        .map(|mut r| {
            scaler.apply(&mut r);
            r
        })
        .collect();
    let (defs, skipped) = label_defs(examples, opts.min_positives);
    let mut report = TrainReport {
        documents: examples.len(),
        labels: defs.len(),
        skipped_labels: skipped,
        ..TrainReport::default()
    };
    let mut thresholds = vec![0.5f32; defs.len()];
    let mut lang_offsets = BTreeMap::new();
    if opts.folds >= 2 && examples.len() >= 2 * opts.folds {
        // Out-of-fold probabilities of every document.
        let mut probs: Vec<Vec<f32>> = vec![Vec::new(); examples.len()];
        for f in 0..opts.folds {
            let fit: Vec<usize> = (0..examples.len())
                .filter(|&i| fold_of(examples[i].id, opts.folds) != f)
                .collect();
            let fit_x: Vec<Vec<f32>> = fit.iter().map(|&i| rows[i].clone()).collect();
            let fit_e: Vec<&Example<'_>> = fit.iter().map(|&i| &examples[i]).collect();
            let models = train_many(
                &Matrix::from_rows(&fit_x),
                &targets(&fit_e, &defs),
                &opts.logreg,
            );
            for i in (0..examples.len()).filter(|&i| fold_of(examples[i].id, opts.folds) == f) {
                probs[i] = models.iter().map(|m| m.probability(&rows[i])).collect();
            }
        }
        let all: Vec<&Example<'_>> = examples.iter().collect();
        report.validation_documents = examples.len();
        let none = BTreeMap::new();
        report.validation_before = objective(&defs, &probs, &thresholds, &all, &none);
        thresholds = tune(&defs, &probs, &all);
        lang_offsets = tune_langs(&defs, &probs, &thresholds, &all);
        report.validation_after = objective(&defs, &probs, &thresholds, &all, &lang_offsets);
    }
    let all: Vec<&Example<'_>> = examples.iter().collect();
    let models = train_many(
        &Matrix::from_rows(&rows),
        &targets(&all, &defs),
        &opts.logreg,
    );
    let labels = defs
        .into_iter()
        .zip(models)
        .zip(thresholds)
        .map(|((d, m), threshold)| LabelModel {
            label: d.label,
            parent: d.parent,
            positives: d.positives,
            threshold,
            bias: m.bias,
            weights: m.weights,
        })
        .collect();
    let classifier = Classifier {
        format: FORMAT.to_string(),
        version: VERSION,
        trained_on: opts.trained_on.clone(),
        spec,
        scaler,
        labels,
        lang_offsets,
    };
    (classifier, report)
}

/// Mean over documents of the average of narrative and sub-narrative F1.
fn objective(
    defs: &[LabelDef],
    probs: &[Vec<f32>],
    thresholds: &[f32],
    docs: &[&Example<'_>],
    lang_offsets: &BTreeMap<String, f32>,
) -> f64 {
    let mut total = 0.0;
    for (p, e) in probs.iter().zip(docs) {
        let offset = lang_offsets.get(e.input.lang).copied().unwrap_or(0.0);
        let scored: Vec<hierarchy::Scored<'_>> = defs
            .iter()
            .zip(p)
            .zip(thresholds)
            .map(|((d, &probability), &threshold)| hierarchy::Scored {
                label: &d.label,
                parent: d.parent.as_deref(),
                probability,
                threshold: super::shifted(threshold, offset),
            })
            .collect();
        let out = hierarchy::decode(&scored);
        total += doc_f1(e.narratives, &out.narrative_labels(), None)
            + doc_f1(e.subnarratives, &out.subnarrative_labels(), None);
    }
    total / (2.0 * docs.len().max(1) as f64)
}

const GRID: [f32; 19] = [
    0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85,
    0.9, 0.95,
];

/// One threshold for all labels, then per label (for labels with at least two positives)
/// coordinate ascent over the grid, two passes; a change must improve the objective.
fn tune(defs: &[LabelDef], probs: &[Vec<f32>], docs: &[&Example<'_>]) -> Vec<f32> {
    let mut best_t = vec![0.5f32; defs.len()];
    let mut best = objective(defs, probs, &best_t, docs, &BTreeMap::new());
    for &g in &GRID {
        let t = vec![g; defs.len()];
        let v = objective(defs, probs, &t, docs, &BTreeMap::new());
        if v > best + 1e-9 {
            (best, best_t) = (v, t);
        }
    }
    let val_targets = targets(docs, defs);
    for _pass in 0..2 {
        for k in 0..defs.len() {
            if val_targets[k].iter().filter(|&&b| b).count() < 2 {
                continue;
            }
            let mut chosen = best_t[k];
            for &g in &GRID {
                best_t[k] = g;
                let v = objective(defs, probs, &best_t, docs, &BTreeMap::new());
                if v > best + 1e-9 {
                    (best, chosen) = (v, g);
                }
            }
            best_t[k] = chosen;
        }
    }
    best_t
}

/// Languages differ in how many texts carry no narrative, so each language with enough
/// documents gets one shift of all thresholds, kept when it improves that language's
/// objective.
fn tune_langs(
    defs: &[LabelDef],
    probs: &[Vec<f32>],
    thresholds: &[f32],
    docs: &[&Example<'_>],
) -> BTreeMap<String, f32> {
    let langs: BTreeSet<&str> = docs.iter().map(|e| e.input.lang).collect();
    let mut out = BTreeMap::new();
    for lang in langs {
        let idx: Vec<usize> = (0..docs.len())
            .filter(|&i| docs[i].input.lang == lang)
            .collect();
        if idx.len() < 20 {
            continue;
        }
        let p: Vec<Vec<f32>> = idx.iter().map(|&i| probs[i].clone()).collect();
        let d: Vec<&Example<'_>> = idx.iter().map(|&i| docs[i]).collect();
        let mut one = BTreeMap::new();
        let mut best = (objective(defs, &p, thresholds, &d, &one), 0.0f32);
        for k in -6..=6 {
            let off = k as f32 * 0.05;
            one.insert(lang.to_string(), off);
            let v = objective(defs, &p, thresholds, &d, &one);
            if v > best.0 + 1e-9 {
                best = (v, off);
            }
        }
        if best.1 != 0.0 {
            out.insert(lang.to_string(), best.1);
        }
    }
    out
}
