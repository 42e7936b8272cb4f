//! Training the genre model (settings chosen by cross-validated macro-F1 on the training
//! documents) and scoring predictions the way SemEval-2023 subtask 1 does (macro-F1).

use std::collections::BTreeMap;

use narrascope_learn::logreg::{Matrix, TrainConfig, train_many};
use narrascope_learn::split::fold_of;
use serde::Serialize;

use super::{FORMAT, GENRES, GenreClass, GenreModel, VERSION, features};

/// One training document.
#[derive(Debug, Clone, Copy)]
pub struct Example<'a> {
    pub id: &'a str,
    pub vector: &'a [f32],
    pub text: &'a str,
    pub lang: &'a str,
    pub genre: &'a str,
}

/// The settings tried: (L2 penalty, power of the class weight). Smaller penalties (0.01,
/// 0.03) scored lower in cross-validation on SemEval-2023 subtask 1 (0.54 to 0.57).
pub const GRID: [(f32, f32); 6] = [
    (0.1, 0.5),
    (0.1, 1.0),
    (0.3, 0.5),
    (0.3, 1.0),
    (1.0, 0.5),
    (1.0, 1.0),
];
const FOLDS: usize = 5;

/// What training did.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct TrainReport {
    pub documents: usize,
    /// Cross-validated macro-F1 of every setting of [`GRID`].
    pub cv_macro_f1: Vec<((f32, f32), f64)>,
    pub chosen: (f32, f32),
}

fn fit(rows: &Matrix, examples: &[&Example<'_>], cfg: &TrainConfig) -> Vec<GenreClass> {
    let targets: Vec<Vec<bool>> = GENRES
        .iter()
        .map(|g| examples.iter().map(|e| e.genre == *g).collect())
        .collect();
    train_many(rows, &targets, cfg)
        .into_iter()
        .zip(GENRES)
        .map(|(b, g)| GenreClass {
            label: g.to_string(),
            bias: b.bias,
            weights: b.weights,
        })
        .collect()
}

/// Trains on `examples`; `langs` are the languages of the one-hot block.
pub fn train(
    examples: &[Example<'_>],
    langs: &[String],
    threads: usize,
    trained_on: &str,
) -> (GenreModel, TrainReport) {
    let raw: Vec<Vec<f32>> = examples
        .iter()
        .map(|e| features(e.vector, e.text, e.lang, langs))
        .collect();
    let d = raw.first().map_or(0, Vec::len);
    let n = raw.len().max(1) as f32;
    let mean: Vec<f32> = (0..d)
        .map(|j| raw.iter().map(|r| r[j]).sum::<f32>() / n)
        .collect();
    let scale: Vec<f32> = (0..d)
        .map(|j| {
            let var = raw.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f32>() / n;
            if var > 1e-12 { var.sqrt() } else { 1.0 }
        })
        .collect();
    let rows: Vec<Vec<f32>> = raw
        .into_iter()
        .map(|r| {
            r.iter()
                .zip(&mean)
                .zip(&scale)
                .map(|((v, m), s)| (v - m) / s)
                .collect()
        })
        .collect();
    let mut model = GenreModel {
        format: FORMAT.to_string(),
        version: VERSION,
        trained_on: trained_on.to_string(),
        langs: langs.to_vec(),
        mean,
        scale,
        classes: Vec::new(),
    };
    let config = |(l2, power): (f32, f32)| TrainConfig {
        l2,
        positive_weight_power: power,
        threads,
        ..TrainConfig::default()
    };
    let mut report = TrainReport {
        documents: examples.len(),
        chosen: GRID[3],
        ..TrainReport::default()
    };
    if examples.len() >= 4 * FOLDS {
        for setting in GRID {
            let mut pred = vec![String::new(); examples.len()];
            for f in 0..FOLDS {
                let in_fold = |i: &usize| fold_of(examples[*i].id, FOLDS) == f;
                let fit_ids: Vec<usize> = (0..examples.len()).filter(|i| !in_fold(i)).collect();
                let x: Vec<Vec<f32>> = fit_ids.iter().map(|&i| rows[i].clone()).collect();
                let ex: Vec<&Example<'_>> = fit_ids.iter().map(|&i| &examples[i]).collect();
                model.classes = fit(&Matrix::from_rows(&x), &ex, &config(setting));
                for i in (0..examples.len()).filter(in_fold) {
                    pred[i] = model.decide(&rows[i]);
                }
            }
            let triples: Vec<(&str, &str, &str)> = examples
                .iter()
                .zip(&pred)
                .map(|(e, p)| (e.lang, e.genre, p.as_str()))
                .collect();
            report
                .cv_macro_f1
                .push((setting, score(&triples).overall.macro_f1));
        }
        if let Some(best) = report.cv_macro_f1.iter().max_by(|a, b| a.1.total_cmp(&b.1)) {
            report.chosen = best.0;
        }
    }
    let all: Vec<&Example<'_>> = examples.iter().collect();
    model.classes = fit(&Matrix::from_rows(&rows), &all, &config(report.chosen));
    (model, report)
}

impl GenreModel {
    /// The best class of an already scaled feature row.
    fn decide(&self, x: &[f32]) -> String {
        self.classes
            .iter()
            .map(|c| (c, narrascope_learn::logreg::dot(&c.weights, x) + c.bias))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or_else(String::new, |(c, _)| c.label.clone())
    }
}

/// Macro-F1 and accuracy of one group of documents.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GroupScore {
    pub docs: usize,
    pub macro_f1: f64,
    pub accuracy: f64,
}

/// Scores per language and overall.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Scores {
    pub per_lang: BTreeMap<String, GroupScore>,
    pub overall: GroupScore,
}

/// Macro-F1 over the genres present in gold or predictions (as the task's scorer computes
/// it), and accuracy.
fn group(items: &[(&str, &str)]) -> GroupScore {
    let present: Vec<&str> = GENRES
        .iter()
        .copied()
        .filter(|g| items.iter().any(|(a, b)| a == g || b == g))
        .collect();
    let f1: f64 = present
        .iter()
        .map(|g| {
            let tp = items.iter().filter(|(a, b)| a == g && b == g).count() as f64;
            let gold = items.iter().filter(|(a, _)| a == g).count() as f64;
            let pred = items.iter().filter(|(_, b)| b == g).count() as f64;
            if gold + pred == 0.0 {
                0.0
            } else {
                2.0 * tp / (gold + pred)
            }
        })
        .sum();
    let right = items.iter().filter(|(a, b)| a == b).count();
    GroupScore {
        docs: items.len(),
        macro_f1: f1 / present.len().max(1) as f64,
        accuracy: right as f64 / items.len().max(1) as f64,
    }
}

/// Scores `(language, gold genre, predicted genre)` triples.
pub fn score(items: &[(&str, &str, &str)]) -> Scores {
    let mut by_lang: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
    for (l, g, p) in items {
        by_lang.entry(l.to_string()).or_default().push((g, p));
    }
    let all: Vec<(&str, &str)> = items.iter().map(|(_, g, p)| (*g, *p)).collect();
    Scores {
        per_lang: by_lang.iter().map(|(l, v)| (l.clone(), group(v))).collect(),
        overall: group(&all),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_matches_a_hand_count() {
        let s = score(&[
            ("en", "opinion", "opinion"),
            ("en", "opinion", "reporting"),
            ("en", "reporting", "reporting"),
            ("fr", "satire", "opinion"),
        ]);
        // en: opinion F1 2/3, reporting F1 2/3 -> 0.667; accuracy 2/3.
        let en = &s.per_lang["en"];
        assert!((en.macro_f1 - 2.0 / 3.0).abs() < 1e-9 && (en.accuracy - 2.0 / 3.0).abs() < 1e-9);
        // fr: satire and opinion present, both 0.
        assert_eq!(s.per_lang["fr"].macro_f1, 0.0);
        assert_eq!(s.overall.docs, 4);
    }

    #[test]
    fn learns_separable_genres() {
        let vecs: Vec<Vec<f32>> = (0..60)
            .map(|i| {
                let mut v = vec![0.0f32; super::super::DIM];
                v[i % 3] = 1.0;
                v[5] = (i % 7) as f32 / 7.0;
                v
            })
            .collect();
        let ids: Vec<String> = (0..60).map(|i| format!("en/{i}")).collect();
        let ex: Vec<Example<'_>> = (0..60)
            .map(|i| Example {
                id: &ids[i],
                vector: &vecs[i],
                text: "Text.",
                lang: "en",
                genre: GENRES[i % 3],
            })
            .collect();
        let (m, r) = train(&ex, &["en".to_string()], 1, "test");
        assert_eq!(r.cv_macro_f1.len(), GRID.len());
        assert!(r.cv_macro_f1.iter().all(|(_, f)| *f > 0.9), "{r:?}");
        for e in &ex {
            assert_eq!(m.predict(e.vector, e.text, "en").label, e.genre);
        }
    }
}
