//! Samples-F1 as the official SemEval-2025 Task 10 subtask-2 scorer computes it.
//!
//! What the official scorer (`subtask2_scorer.py`, reporting `F1@coarse` and `F1@fine`) does,
//! read from its source:
//! - Each document's gold and predicted labels become one-hot vectors over the class list
//!   (`subtask2_narratives.txt` for narratives, `subtask2_subnarratives.txt` for
//!   sub-narratives). Labels not in the list are ignored and repeats count once.
//! - `Other` is an ordinary class in both lists: gold `Other` against predicted `Other`
//!   scores 1; predicting nothing scores 0.
//! - Per document it takes the binary F1 of the two vectors with `zero_division=0`, so a
//!   document where no class is shared scores 0, also when both sides are empty.
//! - The score is the mean of the per-document F1 over all documents (it also prints the
//!   population standard deviation).
//! - It splits label lists on `;` without trimming, and pairs gold and predicted rows in
//!   file order (so a prediction file must follow the gold file's order). Here labels are
//!   trimmed and documents are paired by id, which gives the same number for well-formed
//!   files in gold order.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

/// The labels a set counts for: those in `classes` (all when `None`), each once.
fn counted<'a>(labels: &'a [String], classes: Option<&HashSet<&str>>) -> HashSet<&'a str> {
    labels
        .iter()
        .map(String::as_str)
        .filter(|l| classes.is_none_or(|c| c.contains(l)))
        .collect()
}

/// F1 between one document's gold and predicted label sets; 0 when they share no label.
pub fn doc_f1(gold: &[String], pred: &[String], classes: Option<&HashSet<&str>>) -> f64 {
    let g = counted(gold, classes);
    let p = counted(pred, classes);
    let tp = g.intersection(&p).count();
    if tp == 0 {
        return 0.0;
    }
    2.0 * tp as f64 / (g.len() + p.len()) as f64
}

/// Mean and population standard deviation of per-document F1.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct SampleF1 {
    pub mean: f64,
    pub std: f64,
}

impl SampleF1 {
    /// Mean and standard deviation of `scores`; zeros when empty.
    pub fn of(scores: &[f64]) -> SampleF1 {
        if scores.is_empty() {
            return SampleF1::default();
        }
        let n = scores.len() as f64;
        let mean = scores.iter().sum::<f64>() / n;
        let var = scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / n;
        SampleF1 {
            mean,
            std: var.sqrt(),
        }
    }
}

/// Scores of one group of documents (a language, or all).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct GroupScore {
    pub docs: usize,
    pub narratives: SampleF1,
    pub subnarratives: SampleF1,
}

/// Scores per language and overall.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Report {
    pub overall: GroupScore,
    pub per_lang: BTreeMap<String, GroupScore>,
}

/// One document to score: its language, gold and predicted labels.
#[derive(Debug, Clone, Copy)]
pub struct Scored<'a> {
    pub lang: &'a str,
    pub gold_narratives: &'a [String],
    pub gold_subnarratives: &'a [String],
    pub pred_narratives: &'a [String],
    pub pred_subnarratives: &'a [String],
}

/// The class lists labels are counted against; `None` counts every label.
#[derive(Debug, Clone, Default)]
pub struct Classes {
    pub narratives: Option<Vec<String>>,
    pub subnarratives: Option<Vec<String>>,
}

/// Samples-F1 for narratives and sub-narratives, per language and overall.
pub fn score(docs: &[Scored<'_>], classes: &Classes) -> Report {
    fn set(c: &Option<Vec<String>>) -> Option<HashSet<&str>> {
        c.as_ref()
            .map(|v| v.iter().map(String::as_str).collect::<HashSet<&str>>())
    }
    let (cn, cs) = (set(&classes.narratives), set(&classes.subnarratives));
    let mut per: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let (mut all_n, mut all_s) = (Vec::new(), Vec::new());
    for d in docs {
        let n = doc_f1(d.gold_narratives, d.pred_narratives, cn.as_ref());
        let s = doc_f1(d.gold_subnarratives, d.pred_subnarratives, cs.as_ref());
        let e = per.entry(d.lang.to_string()).or_default();
        e.0.push(n);
        e.1.push(s);
        all_n.push(n);
        all_s.push(s);
    }
    let group = |n: &[f64], s: &[f64]| GroupScore {
        docs: n.len(),
        narratives: SampleF1::of(n),
        subnarratives: SampleF1::of(s),
    };
    Report {
        overall: group(&all_n, &all_s),
        per_lang: per
            .iter()
            .map(|(k, (n, s))| (k.clone(), group(n, s)))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn per_document_f1() {
        // Exact match.
        assert_eq!(doc_f1(&v(&["A", "B"]), &v(&["B", "A"]), None), 1.0);
        // One of two right, one wrong extra: p = 1/2, r = 1/2.
        assert!((doc_f1(&v(&["A", "B"]), &v(&["A", "C"]), None) - 0.5).abs() < 1e-12);
        // Subset: p = 1, r = 1/3 -> 0.5.
        assert!((doc_f1(&v(&["A", "B", "C"]), &v(&["A"]), None) - 0.5).abs() < 1e-12);
        // Nothing shared, nothing predicted, both empty: all 0 (zero_division=0).
        assert_eq!(doc_f1(&v(&["A"]), &v(&["B"]), None), 0.0);
        assert_eq!(doc_f1(&v(&["A"]), &v(&[]), None), 0.0);
        assert_eq!(doc_f1(&v(&[]), &v(&[]), None), 0.0);
        // "Other" is a class like any other.
        assert_eq!(doc_f1(&v(&["Other"]), &v(&["Other"]), None), 1.0);
        // Repeats count once.
        assert_eq!(doc_f1(&v(&["A", "A"]), &v(&["A"]), None), 1.0);
    }

    #[test]
    fn labels_outside_the_class_list_are_ignored() {
        let classes: HashSet<&str> = ["A", "B", "Other"].into_iter().collect();
        // The unknown "Z" neither helps nor hurts.
        assert_eq!(doc_f1(&v(&["A"]), &v(&["A", "Z"]), Some(&classes)), 1.0);
        assert!((doc_f1(&v(&["A"]), &v(&["A", "Z"]), None) - 2.0 / 3.0).abs() < 1e-12);
        // Only unknown labels on both sides: empty sets, 0.
        assert_eq!(doc_f1(&v(&["Z"]), &v(&["Z"]), Some(&classes)), 0.0);
    }

    #[test]
    fn mean_std_and_groups() {
        let g1 = v(&["A"]);
        let g2 = v(&["A", "B"]);
        let p1 = v(&["A"]);
        let p2 = v(&["C"]);
        let docs = [
            Scored {
                lang: "en",
                gold_narratives: &g1,
                gold_subnarratives: &g1,
                pred_narratives: &p1,
                pred_subnarratives: &p2,
            },
            Scored {
                lang: "bg",
                gold_narratives: &g2,
                gold_subnarratives: &g2,
                pred_narratives: &p1,
                pred_subnarratives: &p1,
            },
        ];
        let r = score(&docs, &Classes::default());
        assert_eq!(r.overall.docs, 2);
        // Narratives: 1.0 and 2/3; sub-narratives: 0 and 2/3.
        assert!((r.overall.narratives.mean - 5.0 / 6.0).abs() < 1e-12);
        assert!((r.overall.narratives.std - 1.0 / 6.0).abs() < 1e-12);
        assert!((r.overall.subnarratives.mean - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(r.per_lang["en"].narratives.mean, 1.0);
        assert_eq!(r.per_lang["en"].subnarratives.mean, 0.0);
        assert!((r.per_lang["bg"].subnarratives.mean - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(SampleF1::of(&[]), SampleF1::default());
    }
}
