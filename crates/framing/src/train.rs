//! Training: one-vs-rest models for the main and fine roles, the main-role offsets and
//! fine-role thresholds tuned on out-of-fold probabilities (folds by a hash of the document
//! id, each actor's mentions averaged as inference does), then a final fit on everything.

use std::collections::HashMap;

use narrascope_learn::logreg::{Binary, Matrix, TrainConfig, train_many};
use narrascope_learn::split::fold_of;
use narrascope_narratives::classifier::Scaler;

use crate::features::FeatureSpec;
use crate::model::{FORMAT, Head, RoleModel, RoleProbs, VERSION, decide};
use crate::score::{Pair, Scores, scores};
use crate::taxonomy::{FINE_ROLES, MAIN_ROLES};

/// One gold mention ready for training.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The document id (decides the fold).
    pub doc: String,
    /// The actor within the document; mentions with the same group are averaged.
    pub group: String,
    pub lang: String,
    /// Raw features (see [`crate::features`]).
    pub features: Vec<f32>,
    pub main: usize,
    /// Fine role indices in gold order.
    pub fine: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub logreg: TrainConfig,
    pub spec: FeatureSpec,
    /// Cross-validation folds (fewer than 2: no tuning).
    pub folds: usize,
    pub trained_on: String,
}

#[derive(Debug, Clone, Default)]
pub struct TrainReport {
    pub examples: usize,
    /// Out-of-fold scores before and after tuning.
    pub before: Scores,
    pub after: Scores,
}

/// Each example's probabilities replaced by the mean over its document and group.
pub fn aggregate(examples: &[Example], probs: &[RoleProbs]) -> Vec<RoleProbs> {
    let mut groups: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, e) in examples.iter().enumerate() {
        groups.entry((&e.doc, &e.group)).or_default().push(i);
    }
    let mut out = probs.to_vec();
    for idx in groups.values() {
        if let Some(m) = RoleProbs::mean(idx.iter().map(|&i| &probs[i])) {
            idx.iter().for_each(|&i| out[i] = m.clone());
        }
    }
    out
}

fn names(fine: &[usize]) -> Vec<String> {
    fine.iter().map(|&k| FINE_ROLES[k].0.to_string()).collect()
}

/// The scorer's measures of decisions over `examples` with these settings.
pub fn evaluate(
    examples: &[Example],
    probs: &[RoleProbs],
    offsets: &[f32],
    thresholds: &[f32],
) -> Scores {
    let decided: Vec<(usize, Vec<String>)> = probs
        .iter()
        .map(|p| {
            let d = decide(p, offsets, thresholds);
            (d.main, names(&d.fine))
        })
        .collect();
    let gold: Vec<Vec<String>> = examples.iter().map(|e| names(&e.fine)).collect();
    let pairs: Vec<Pair<'_>> = examples
        .iter()
        .zip(&decided)
        .zip(&gold)
        .map(|((e, (m, f)), g)| Pair {
            lang: &e.lang,
            gold_main: MAIN_ROLES[e.main],
            gold_fine: g,
            pred_main: MAIN_ROLES[*m],
            pred_fine: f,
        })
        .collect();
    scores(&pairs)
}

/// What tuning maximises: the mean of the three official measures.
fn objective(s: &Scores) -> f64 {
    (s.exact_match + s.micro_f1 + s.main_accuracy) / 3.0
}

fn targets(rows: &[&Example]) -> Vec<Vec<bool>> {
    (0..3)
        .map(|m| rows.iter().map(|e| e.main == m).collect())
        .chain((0..FINE_ROLES.len()).map(|k| rows.iter().map(|e| e.fine.contains(&k)).collect()))
        .collect()
}

fn probs_of(models: &[Binary], x: &[f32]) -> RoleProbs {
    let mut p = RoleProbs::default();
    for (o, m) in p.main.iter_mut().zip(&models[..3]) {
        *o = m.probability(x);
    }
    for (o, m) in p.fine.iter_mut().zip(&models[3..]) {
        *o = m.probability(x);
    }
    p
}

const GRID: [f32; 17] = [
    0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
];

/// Trains a model on `examples`.
pub fn train(examples: &[Example], opts: &TrainOptions) -> (RoleModel, TrainReport) {
    let raw: Vec<Vec<f32>> = examples.iter().map(|e| e.features.clone()).collect();
    let scaler = Scaler::fit(&raw, &opts.spec.blocks());
    let rows: Vec<Vec<f32>> = raw
        .into_iter()
        .map(|mut r| {
            r.resize(opts.spec.len(), 0.0);
            scaler.apply(&mut r);
            r
        })
        .collect();
    let mut offsets = vec![0.0f32; 3];
    let mut thresholds = vec![0.5f32; FINE_ROLES.len()];
    let mut report = TrainReport {
        examples: examples.len(),
        ..TrainReport::default()
    };
    if opts.folds >= 2 && examples.len() >= 4 * opts.folds {
        let mut probs = vec![RoleProbs::default(); examples.len()];
        for f in 0..opts.folds {
            let fit: Vec<usize> = (0..examples.len())
                .filter(|&i| fold_of(&examples[i].doc, opts.folds) != f)
                .collect();
            let x: Vec<Vec<f32>> = fit.iter().map(|&i| rows[i].clone()).collect();
            let e: Vec<&Example> = fit.iter().map(|&i| &examples[i]).collect();
            let models = train_many(&Matrix::from_rows(&x), &targets(&e), &opts.logreg);
            for i in (0..examples.len()).filter(|&i| fold_of(&examples[i].doc, opts.folds) == f) {
                probs[i] = probs_of(&models, &rows[i]);
            }
        }
        let probs = aggregate(examples, &probs);
        report.before = evaluate(examples, &probs, &offsets, &thresholds);
        (offsets, thresholds) = tune(examples, &probs);
        report.after = evaluate(examples, &probs, &offsets, &thresholds);
    }
    let all: Vec<&Example> = examples.iter().collect();
    let models = train_many(&Matrix::from_rows(&rows), &targets(&all), &opts.logreg);
    let positives = targets(&all)
        .iter()
        .map(|t| t.iter().filter(|&&b| b).count())
        .collect::<Vec<_>>();
    let names = MAIN_ROLES.iter().copied().chain(FINE_ROLES.map(|f| f.0));
    let mut heads: Vec<Head> = names
        .zip(models)
        .zip(positives)
        .map(|((role, m), positives)| Head {
            role: role.to_string(),
            positives,
            threshold: 0.5,
            bias: m.bias,
            weights: m.weights,
        })
        .collect();
    let fine = heads.split_off(3);
    let fine = fine
        .into_iter()
        .zip(&thresholds)
        .map(|(h, &threshold)| Head { threshold, ..h })
        .collect();
    let model = RoleModel {
        format: FORMAT.to_string(),
        version: VERSION,
        trained_on: opts.trained_on.clone(),
        spec: opts.spec.clone(),
        scaler,
        main: heads,
        fine,
        main_offsets: offsets,
    };
    (model, report)
}

/// Main-role offsets over a grid (Antagonist fixed at 0), then per fine role its threshold
/// by coordinate ascent, two passes; a change must improve the objective.
fn tune(examples: &[Example], probs: &[RoleProbs]) -> (Vec<f32>, Vec<f32>) {
    let mut thresholds = vec![0.5f32; FINE_ROLES.len()];
    let mut offsets = vec![0.0f32; 3];
    let mut best = objective(&evaluate(examples, probs, &offsets, &thresholds));
    for a in -6..=6 {
        for c in -6..=6 {
            let o = vec![a as f32 * 0.05, 0.0, c as f32 * 0.05];
            let v = objective(&evaluate(examples, probs, &o, &thresholds));
            if v > best + 1e-9 {
                (best, offsets) = (v, o);
            }
        }
    }
    for _pass in 0..2 {
        for k in 0..FINE_ROLES.len() {
            let mut chosen = thresholds[k];
            for &g in &GRID {
                thresholds[k] = g;
                let v = objective(&evaluate(examples, probs, &offsets, &thresholds));
                if v > best + 1e-9 {
                    (best, chosen) = (v, g);
                }
            }
            thresholds[k] = chosen;
        }
    }
    (offsets, thresholds)
}
