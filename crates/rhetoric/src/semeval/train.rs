//! Training: one logistic regression per technique over sentence features (labels from the
//! gold spans), thresholds tuned for paragraph micro-F1 on out-of-fold probabilities of the
//! training articles, then a final fit on all of them.

use narrascope_learn::logreg::{Matrix, TrainConfig, train_many};
use narrascope_learn::split::fold_of;
use narrascope_learn::vectors::DocVectors;

use super::Prepared;
use crate::TechniqueDetector;
use crate::cues::CueSet;
use crate::features::{self, Scaler, SentenceInput};
use crate::model::{FORMAT, Model, TechniqueModel, VERSION};
use crate::techniques::TECHNIQUES;

/// Training settings.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub logreg: TrainConfig,
    /// Cross-validation folds for the out-of-fold probabilities (fewer than 2: no tuning).
    pub folds: usize,
    /// Techniques with fewer positive sentences get no model.
    pub min_positives: usize,
    pub name: String,
    pub trained_on: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            logreg: TrainConfig::default(),
            folds: 4,
            min_positives: 10,
            name: "semeval2023-techniques".into(),
            trained_on: String::new(),
        }
    }
}

/// What training did.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TrainReport {
    pub articles: usize,
    pub sentences: usize,
    pub paragraphs: usize,
    pub techniques: usize,
    pub skipped: Vec<String>,
    /// Out-of-fold paragraph micro-F1 with thresholds at 0.5, and after tuning.
    pub before: f64,
    pub after: f64,
}

/// One gold paragraph: its article's row range, the rows covering it, its gold set.
struct Para {
    rows: Vec<usize>,
    gold: Vec<usize>,
}

/// Trains on `prepared` articles with their `vectors` (articles whose vectors do not line up
/// with their sentences are left out).
pub fn train(
    prepared: &[Prepared<'_>],
    vectors: &[DocVectors],
    cues: &CueSet,
    opts: &TrainOptions,
) -> (Model, TrainReport) {
    let detector = TechniqueDetector::new(cues.clone(), None);
    let (mut rows, mut gold, mut folds, mut cue_hits) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut paras = Vec::new();
    let mut report = TrainReport::default();
    for (p, v) in prepared.iter().zip(vectors) {
        let n = p.analysis.doc.sentences.len();
        if v.sentences.len() != n {
            continue;
        }
        report.articles += 1;
        let base = rows.len();
        let fold = fold_of(&p.article.key, opts.folds.max(1));
        for (i, sc) in detector
            .sentence_scores(&p.analysis, None)
            .iter()
            .enumerate()
        {
            rows.push(features::row(&SentenceInput {
                text: p.analysis.doc.sentence_text(i),
                vector: &v.sentences[i],
                cue_hits: &sc.cue_hits,
                index: i,
                count: n,
            }));
            gold.push(p.sentence_gold[i].clone());
            folds.push(fold);
            cue_hits.push(sc.cue_hits);
        }
        for (line, g) in &p.article.paragraphs {
            let rows: Vec<usize> = (0..n)
                .filter(|&i| p.sentence_lines[i].contains(line))
                .map(|i| base + i)
                .collect();
            paras.push(Para {
                rows,
                gold: g.clone(),
            });
        }
    }
    report.sentences = rows.len();
    report.paragraphs = paras.len();
    let mut x = Matrix::from_rows(&rows);
    drop(rows);
    let scaler = Scaler::fit(&x);
    for i in 0..x.rows {
        scaler.apply(&mut x.data[i * x.cols..(i + 1) * x.cols]);
    }
    let mut modelled = Vec::new();
    for (t, (name, _)) in TECHNIQUES.iter().enumerate() {
        let pos = gold.iter().filter(|g| g.contains(&t)).count();
        if pos >= opts.min_positives {
            modelled.push((t, pos));
        } else {
            report.skipped.push(name.to_string());
        }
    }
    let targets = |keep: &[usize]| -> Vec<Vec<bool>> {
        modelled
            .iter()
            .map(|(t, _)| keep.iter().map(|&i| gold[i].contains(t)).collect())
            .collect()
    };
    // Out-of-fold probabilities: probs[row][k] for modelled technique k.
    let mut probs = vec![vec![0.5f32; modelled.len()]; x.rows];
    if opts.folds >= 2 {
        for f in 0..opts.folds {
            let keep: Vec<usize> = (0..x.rows).filter(|&i| folds[i] != f).collect();
            let held: Vec<usize> = (0..x.rows).filter(|&i| folds[i] == f).collect();
            if keep.is_empty() || held.is_empty() {
                continue;
            }
            let sub = subset(&x, &keep);
            let models = train_many(&sub, &targets(&keep), &opts.logreg);
            for &i in &held {
                probs[i] = models.iter().map(|m| m.probability(x.row(i))).collect();
            }
        }
    }
    let mut thresholds = vec![0.5f32; modelled.len()];
    if opts.folds >= 2 {
        let tu = Tuning::new(&paras, &probs, &cue_hits, modelled.len());
        (report.before, report.after) = tune(&tu, &modelled, &mut thresholds);
    }
    let all: Vec<usize> = (0..x.rows).collect();
    let finals = train_many(&x, &targets(&all), &opts.logreg);
    report.techniques = modelled.len();
    let techniques = modelled
        .iter()
        .zip(finals)
        .zip(&thresholds)
        .map(|(((t, pos), b), &threshold)| TechniqueModel {
            technique: TECHNIQUES[*t].0.into(),
            family: TECHNIQUES[*t].1.into(),
            positives: *pos,
            threshold,
            bias: b.bias,
            weights: b.weights,
        })
        .collect();
    let model = Model {
        format: FORMAT.into(),
        version: VERSION,
        name: opts.name.clone(),
        trained_on: opts.trained_on.clone(),
        surface: features::SURFACE.iter().map(|s| s.to_string()).collect(),
        scaler,
        techniques,
    };
    (model, report)
}

fn subset(x: &Matrix, keep: &[usize]) -> Matrix {
    let mut data = Vec::with_capacity(keep.len() * x.cols);
    for &i in keep {
        data.extend_from_slice(x.row(i));
    }
    Matrix {
        rows: keep.len(),
        cols: x.cols,
        data,
    }
}

/// Per paragraph: gold set, whether a cue fired per technique, and the highest
/// out-of-fold probability among its sentences per modelled technique.
struct Tuning {
    gold: Vec<Vec<usize>>,
    cue: Vec<[bool; TECHNIQUES.len()]>,
    best: Vec<Vec<f32>>,
}

impl Tuning {
    fn new(
        paras: &[Para],
        probs: &[Vec<f32>],
        cue_hits: &[[bool; TECHNIQUES.len()]],
        k: usize,
    ) -> Tuning {
        let mut t = Tuning {
            gold: Vec::new(),
            cue: Vec::new(),
            best: Vec::new(),
        };
        for p in paras {
            let mut cue = [false; TECHNIQUES.len()];
            let mut best = vec![0f32; k];
            for &r in &p.rows {
                for (c, h) in cue.iter_mut().zip(&cue_hits[r]) {
                    *c |= *h;
                }
                for (b, q) in best.iter_mut().zip(&probs[r]) {
                    *b = b.max(*q);
                }
            }
            t.gold.push(p.gold.clone());
            t.cue.push(cue);
            t.best.push(best);
        }
        t
    }

    /// (tp, fp, fn) of technique `t` (modelled as `k`, if it is) at threshold `thr`.
    fn counts(&self, t: usize, k: Option<usize>, thr: f32) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for i in 0..self.gold.len() {
            let pred = self.cue[i][t] || k.is_some_and(|k| self.best[i][k] >= thr);
            match (pred, self.gold[i].contains(&t)) {
                (true, true) => c.0 += 1,
                (true, false) => c.1 += 1,
                (false, true) => c.2 += 1,
                _ => {}
            }
        }
        c
    }
}

fn f1(c: (usize, usize, usize)) -> f64 {
    let d = 2 * c.0 + c.1 + c.2;
    if d == 0 {
        0.0
    } else {
        2.0 * c.0 as f64 / d as f64
    }
}

fn sum(v: &[(usize, usize, usize)]) -> (usize, usize, usize) {
    v.iter()
        .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
}

/// Per-technique counts at the given thresholds.
fn all_counts(
    tu: &Tuning,
    modelled: &[(usize, usize)],
    thresholds: &[f32],
) -> Vec<(usize, usize, usize)> {
    (0..TECHNIQUES.len())
        .map(|t| {
            let k = modelled.iter().position(|(m, _)| *m == t);
            tu.counts(t, k, k.map_or(1.0, |k| thresholds[k]))
        })
        .collect()
}

/// Coordinate ascent on the thresholds for paragraph micro-F1; returns F1 before and after.
fn tune(tu: &Tuning, modelled: &[(usize, usize)], thresholds: &mut [f32]) -> (f64, f64) {
    let grid: Vec<f32> = (1..=39).map(|i| i as f32 * 0.025).chain([0.999]).collect();
    let mut counts = all_counts(tu, modelled, thresholds);
    let before = f1(sum(&counts));
    for _pass in 0..3 {
        for (k, (t, _)) in modelled.iter().enumerate() {
            let mut best = (f1(sum(&counts)), thresholds[k], counts[*t]);
            for &g in &grid {
                counts[*t] = tu.counts(*t, Some(k), g);
                let f = f1(sum(&counts));
                if f > best.0 + 1e-9 {
                    best = (f, g, counts[*t]);
                }
            }
            thresholds[k] = best.1;
            counts[*t] = best.2;
        }
    }
    (before, f1(sum(&counts)))
}
