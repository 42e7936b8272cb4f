//! Paragraph-level scoring as the task's official scorer does it: every gold paragraph
//! carries a set of techniques (possibly empty) and a predicted set; true positives, false
//! positives and false negatives are counted over all (paragraph, technique) pairs, and
//! micro-averaged precision, recall and F1 follow.

use std::collections::BTreeMap;

use serde::Serialize;

/// Pair counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Counts {
    pub paragraphs: usize,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    /// Adds one paragraph's gold and predicted technique sets (duplicates ignored).
    pub fn add(&mut self, gold: &[usize], pred: &[usize]) {
        let mut g = gold.to_vec();
        let mut p = pred.to_vec();
        g.sort_unstable();
        g.dedup();
        p.sort_unstable();
        p.dedup();
        let tp = p.iter().filter(|t| g.binary_search(t).is_ok()).count();
        self.paragraphs += 1;
        self.tp += tp;
        self.fp += p.len() - tp;
        self.fn_ += g.len() - tp;
    }

    pub fn merge(&mut self, o: &Counts) {
        self.paragraphs += o.paragraphs;
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Micro-F1 (0 when nothing is predicted or gold).
    pub fn f1(&self) -> f64 {
        ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Counts per language and overall.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Report {
    pub per_lang: BTreeMap<String, Counts>,
    pub overall: Counts,
}

impl Report {
    pub fn add(&mut self, lang: &str, gold: &[usize], pred: &[usize]) {
        self.per_lang
            .entry(lang.to_string())
            .or_default()
            .add(gold, pred);
        self.overall.add(gold, pred);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn micro_f1_over_paragraph_technique_pairs() {
        let mut r = Report::default();
        // Paragraph 1: gold {0, 1}, predicted {1, 2}: tp 1, fp 1, fn 1.
        r.add("en", &[0, 1], &[1, 2]);
        // Paragraph 2: nothing gold, nothing predicted: counts as a paragraph only.
        r.add("en", &[], &[]);
        // Paragraph 3 (fr): gold {3}, predicted {3, 3}: duplicates count once.
        r.add("fr", &[3], &[3, 3]);
        let en = r.per_lang["en"];
        assert_eq!((en.paragraphs, en.tp, en.fp, en.fn_), (2, 1, 1, 1));
        assert!((en.f1() - 0.5).abs() < 1e-12);
        assert_eq!(r.per_lang["fr"].f1(), 1.0);
        let o = r.overall;
        assert_eq!((o.tp, o.fp, o.fn_), (2, 1, 1));
        assert!((o.f1() - 2.0 * 2.0 / (4.0 + 2.0)).abs() < 1e-12);
        assert!((o.precision() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Counts::default().f1(), 0.0);
    }
}
