//! The measures of the official SemEval-2025 Task 10 subtask-1 scorer
//! (`subtask1_scorer.py`), as read from its source:
//! - exact match ratio: the share of gold mentions whose prediction equals the gold
//!   `(main role, fine roles)` exactly, the fine-role list compared in order;
//! - micro precision, recall and F1 over fine roles, each mention's roles counted as a set,
//!   with `zero_division = 1` (an empty denominator scores 1);
//! - main-role accuracy.
//!
//! Mentions are paired by document id and offsets; here callers pass the pairs directly.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

/// One gold mention with its prediction.
#[derive(Debug, Clone, Copy)]
pub struct Pair<'a> {
    pub lang: &'a str,
    pub gold_main: &'a str,
    pub gold_fine: &'a [String],
    pub pred_main: &'a str,
    pub pred_fine: &'a [String],
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Scores {
    pub mentions: usize,
    pub exact_match: f64,
    pub micro_precision: f64,
    pub micro_recall: f64,
    pub micro_f1: f64,
    pub main_accuracy: f64,
}

/// Scores per language and overall.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Report {
    pub overall: Scores,
    pub per_lang: BTreeMap<String, Scores>,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// The scorer's measures over `pairs`.
pub fn scores(pairs: &[Pair<'_>]) -> Scores {
    let (mut exact, mut main, mut tp, mut fp, mut fneg) = (0, 0, 0, 0, 0);
    for p in pairs {
        if p.gold_main == p.pred_main && p.gold_fine == p.pred_fine {
            exact += 1;
        }
        if p.gold_main == p.pred_main {
            main += 1;
        }
        let g: BTreeSet<&String> = p.gold_fine.iter().collect();
        let q: BTreeSet<&String> = p.pred_fine.iter().collect();
        let shared = g.intersection(&q).count();
        tp += shared;
        fp += q.len() - shared;
        fneg += g.len() - shared;
    }
    let n = pairs.len();
    Scores {
        mentions: n,
        exact_match: if n == 0 { 0.0 } else { exact as f64 / n as f64 },
        micro_precision: ratio(tp, tp + fp),
        micro_recall: ratio(tp, tp + fneg),
        micro_f1: ratio(2 * tp, 2 * tp + fp + fneg),
        main_accuracy: if n == 0 { 0.0 } else { main as f64 / n as f64 },
    }
}

/// Scores per language and over all pairs.
pub fn report(pairs: &[Pair<'_>]) -> Report {
    let langs: BTreeSet<&str> = pairs.iter().map(|p| p.lang).collect();
    Report {
        overall: scores(pairs),
        per_lang: langs
            .into_iter()
            .map(|l| {
                let of: Vec<Pair<'_>> = pairs.iter().copied().filter(|p| p.lang == l).collect();
                (l.to_string(), scores(&of))
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &[&str]) -> Vec<String> {
        s.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn hand_computed_case() {
        let (g1, p1) = (v(&["Victim"]), v(&["Victim"]));
        let (g2, p2) = (v(&["Tyrant", "Corrupt"]), v(&["Corrupt", "Tyrant"]));
        let (g3, p3) = (v(&["Guardian"]), v(&["Saboteur", "Spy"]));
        let pairs = [
            Pair {
                lang: "en",
                gold_main: "Innocent",
                gold_fine: &g1,
                pred_main: "Innocent",
                pred_fine: &p1,
            },
            Pair {
                lang: "en",
                gold_main: "Antagonist",
                gold_fine: &g2,
                pred_main: "Antagonist",
                pred_fine: &p2,
            },
            Pair {
                lang: "bg",
                gold_main: "Protagonist",
                gold_fine: &g3,
                pred_main: "Antagonist",
                pred_fine: &p3,
            },
        ];
        let s = scores(&pairs);
        // Only the first is exact: the second has its roles in another order.
        assert!((s.exact_match - 1.0 / 3.0).abs() < 1e-12);
        // tp 3, fp 2, fn 1.
        assert!((s.micro_precision - 0.6).abs() < 1e-12);
        assert!((s.micro_recall - 0.75).abs() < 1e-12);
        assert!((s.micro_f1 - 6.0 / 9.0).abs() < 1e-12);
        assert!((s.main_accuracy - 2.0 / 3.0).abs() < 1e-12);
        let r = report(&pairs);
        assert_eq!(r.per_lang["bg"].mentions, 1);
        assert_eq!(r.per_lang["bg"].micro_f1, 0.0);
        assert_eq!(r.per_lang["en"].exact_match, 0.5);
        // Nothing predicted and nothing gold: the scorer's zero_division=1.
        let e = scores(&[]);
        assert_eq!((e.micro_f1, e.exact_match), (1.0, 0.0));
    }
}
