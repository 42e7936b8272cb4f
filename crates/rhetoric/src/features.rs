//! A sentence's features: its embedding, which techniques' cues fired in it, and a few
//! surface signs (questions, exclamations, quotes, length, shouting, place in the text).

use narrascope_learn::logreg::Matrix;

use crate::techniques::TECHNIQUES;

/// Length of a sentence embedding.
pub const EMBEDDING: usize = narrascope_embed::D_EMB;

/// Names of the surface features, in order; a model lists them so that a model built with
/// other features is refused.
pub const SURFACE: [&str; 7] = [
    "question",
    "exclamation",
    "quote",
    "digit",
    "log_length",
    "caps_words",
    "position",
];

/// Length of a feature row.
pub const LEN: usize = EMBEDDING + TECHNIQUES.len() + SURFACE.len();

/// What is known about one sentence.
#[derive(Debug, Clone, Copy)]
pub struct SentenceInput<'a> {
    pub text: &'a str,
    pub vector: &'a [f32],
    /// Per technique: did a cue fire in the sentence?
    pub cue_hits: &'a [bool; TECHNIQUES.len()],
    /// Index of the sentence and how many the document has.
    pub index: usize,
    pub count: usize,
}

fn surface(text: &str, index: usize, count: usize) -> [f32; SURFACE.len()] {
    let has = |set: &[char]| f32::from(u8::from(text.chars().any(|c| set.contains(&c))));
    let words: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 3)
        .collect();
    let caps = words
        .iter()
        .filter(|w| {
            w.chars()
                .filter(|c| c.is_alphabetic())
                .all(char::is_uppercase)
        })
        .count();
    [
        has(&['?', '¿', '؟']),
        has(&['!', '¡']),
        has(&['"', '“', '”', '«', '»', '„']),
        has(&['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']),
        (1.0 + text.chars().count() as f32).ln() / 5.0,
        if words.is_empty() {
            0.0
        } else {
            caps as f32 / words.len() as f32
        },
        if count > 1 {
            index as f32 / (count - 1) as f32
        } else {
            0.0
        },
    ]
}

/// The feature row of one sentence (unscaled).
pub fn row(s: &SentenceInput<'_>) -> Vec<f32> {
    let mut x = Vec::with_capacity(LEN);
    x.extend((0..EMBEDDING).map(|i| s.vector.get(i).copied().unwrap_or(0.0)));
    x.extend(s.cue_hits.iter().map(|&h| f32::from(u8::from(h))));
    x.extend(surface(s.text, s.index, s.count));
    x
}

/// Per-feature standardisation learned from training rows.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Scaler {
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
}

impl Scaler {
    pub fn fit(x: &Matrix) -> Scaler {
        let n = x.rows.max(1) as f64;
        let mut mean = vec![0f64; x.cols];
        let mut sq = vec![0f64; x.cols];
        for i in 0..x.rows {
            for (j, &v) in x.row(i).iter().enumerate() {
                mean[j] += f64::from(v);
                sq[j] += f64::from(v) * f64::from(v);
            }
        }
        let mean: Vec<f64> = mean.iter().map(|m| m / n).collect();
        let scale = sq
            .iter()
            .zip(&mean)
            .map(|(s, m)| {
                let sd = (s / n - m * m).max(0.0).sqrt();
                if sd > 1e-6 { (1.0 / sd) as f32 } else { 1.0 }
            })
            .collect();
        Scaler {
            mean: mean.iter().map(|&m| m as f32).collect(),
            scale,
        }
    }

    pub fn apply(&self, x: &mut [f32]) {
        for ((v, m), s) in x.iter_mut().zip(&self.mean).zip(&self.scale) {
            *v = (*v - m) * s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_have_the_declared_length_and_signs() {
        let v = [0.5f32; EMBEDDING];
        let mut hits = [false; TECHNIQUES.len()];
        hits[3] = true;
        let x = row(&SentenceInput {
            text: "WHY would ANYONE believe this?",
            vector: &v,
            cue_hits: &hits,
            index: 1,
            count: 3,
        });
        assert_eq!(x.len(), LEN);
        assert_eq!(x[EMBEDDING + 3], 1.0);
        assert_eq!(x[EMBEDDING + 4], 0.0);
        let s = &x[EMBEDDING + TECHNIQUES.len()..];
        assert_eq!((s[0], s[1], s[2], s[3]), (1.0, 0.0, 0.0, 0.0));
        assert!((s[5] - 0.4).abs() < 1e-6, "{}", s[5]);
        assert!((s[6] - 0.5).abs() < 1e-6);
        // A short vector is padded, never indexed out of range.
        assert_eq!(
            row(&SentenceInput {
                vector: &[],
                ..SentenceInput {
                    text: "",
                    vector: &v,
                    cue_hits: &hits,
                    index: 0,
                    count: 0
                }
            })
            .len(),
            LEN
        );
    }

    #[test]
    fn scaler_standardises() {
        let x = Matrix::from_rows(&[vec![1.0, 5.0], vec![3.0, 5.0]]);
        let s = Scaler::fit(&x);
        let mut r = vec![3.0, 5.0];
        s.apply(&mut r);
        assert!((r[0] - 1.0).abs() < 1e-5 && r[1].abs() < 1e-6);
    }
}
