//! The feature vector of a document: its pooled sentence embedding, optionally the
//! component-wise maximum over its sentences, a language one-hot, and the best similarity of
//! any of its sentences to each catalog narrative's exemplars.

use narrascope_embed::Vector;
use serde::{Deserialize, Serialize};

use super::vectors::DocVectors;

/// Which features a model reads, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSpec {
    /// The component-wise maximum over sentence vectors (512 values) after the pooled vector.
    pub max_pool: bool,
    /// Languages of the one-hot block (a document in another language has all zeros).
    pub langs: Vec<String>,
    /// Narrative ids whose exemplar similarity is a feature, in order (empty: none).
    pub exemplar_ids: Vec<String>,
}

impl FeatureSpec {
    pub fn len(&self) -> usize {
        512 + if self.max_pool { 512 } else { 0 } + self.langs.len() + self.exemplar_ids.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }
}

/// What a model needs to know about a document.
#[derive(Debug, Clone, Copy)]
pub struct DocInput<'a> {
    pub vectors: &'a DocVectors,
    /// Language code (`en`, `bg`, …).
    pub lang: &'a str,
    /// Best sentence similarity per narrative of [`FeatureSpec::exemplar_ids`], same order;
    /// `None` (or a shorter slice) counts the missing ones as 0.
    pub exemplar_sims: Option<&'a [f32]>,
}

/// The raw (unscaled) feature vector of a document.
pub fn features(spec: &FeatureSpec, doc: &DocInput<'_>) -> Vec<f32> {
    let mut out = Vec::with_capacity(spec.len());
    match &doc.vectors.document {
        Some(v) => out.extend_from_slice(v),
        None => out.extend(std::iter::repeat_n(0.0, 512)),
    }
    if spec.max_pool {
        let mut m = [f32::NEG_INFINITY; 512];
        for s in &doc.vectors.sentences {
            for (a, b) in m.iter_mut().zip(s) {
                *a = a.max(*b);
            }
        }
        out.extend(m.iter().map(|v| if v.is_finite() { *v } else { 0.0 }));
    }
    out.extend(
        spec.langs
            .iter()
            .map(|l| if l == doc.lang { 1.0 } else { 0.0 }),
    );
    let sims = doc.exemplar_sims.unwrap_or(&[]);
    out.extend((0..spec.exemplar_ids.len()).map(|i| sims.get(i).copied().unwrap_or(0.0)));
    out
}

/// For each narrative (a list of exemplar vectors), the highest cosine between any sentence
/// and any exemplar; 0 when either side is empty. Vectors are unit length, so cosine is the
/// dot product.
pub fn exemplar_similarities(sentences: &[Vector], exemplars: &[Vec<Vector>]) -> Vec<f32> {
    exemplars
        .iter()
        .map(|ex| {
            let mut best = f32::NEG_INFINITY;
            for s in sentences {
                for e in ex {
                    best = best.max(super::logreg::dot(s, e));
                }
            }
            if best.is_finite() { best } else { 0.0 }
        })
        .collect()
}

/// Per-feature mean and scale measured on training rows. Features are centred one by one;
/// the scale is shared within a block (one for all components of an embedding, so the
/// geometry of the embedding space is kept and components that carry little variance are not
/// blown up to the size of those that carry much), and each feature outside the blocks gets
/// 1 / its standard deviation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scaler {
    pub mean: Vec<f32>,
    pub scale: Vec<f32>,
}

impl FeatureSpec {
    /// Feature ranges sharing one scale: the pooled vector, and the max-pooled one if any.
    pub fn blocks(&self) -> Vec<std::ops::Range<usize>> {
        let mut b = Vec::with_capacity(2);
        b.push(0..512);
        if self.max_pool {
            b.push(512..1024);
        }
        b
    }
}

impl Scaler {
    pub fn fit(rows: &[Vec<f32>], blocks: &[std::ops::Range<usize>]) -> Scaler {
        let d = rows.first().map_or(0, Vec::len);
        let n = rows.len().max(1) as f64;
        let mut mean = vec![0.0f64; d];
        for r in rows {
            for (m, x) in mean.iter_mut().zip(r) {
                *m += f64::from(*x) / n;
            }
        }
        let mut var = vec![0.0f64; d];
        for r in rows {
            for ((v, x), m) in var.iter_mut().zip(r).zip(&mean) {
                *v += (f64::from(*x) - m).powi(2) / n;
            }
        }
        for b in blocks {
            let b = b.start.min(d)..b.end.min(d);
            if !b.is_empty() {
                let avg = var[b.clone()].iter().sum::<f64>() / b.len() as f64;
                var[b].iter_mut().for_each(|v| *v = avg);
            }
        }
        Scaler {
            mean: mean.iter().map(|m| *m as f32).collect(),
            scale: var
                .iter()
                .map(|v| {
                    if *v > 1e-12 {
                        (1.0 / v.sqrt()) as f32
                    } else {
                        0.0
                    }
                })
                .collect(),
        }
    }

    pub fn apply(&self, row: &mut [f32]) {
        for ((x, m), s) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
            *x = (*x - m) * s;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(i: usize, x: f32) -> Vector {
        let mut v = [0.0; 512];
        v[i] = x;
        v
    }

    #[test]
    fn blocks_in_order() {
        let spec = FeatureSpec {
            max_pool: true,
            langs: vec!["en".into(), "bg".into()],
            exemplar_ids: vec!["a".into(), "b".into()],
        };
        let v = DocVectors {
            sentences: vec![unit(0, 1.0), unit(1, 0.5)],
            document: Some(unit(2, 1.0)),
        };
        let f = features(
            &spec,
            &DocInput {
                vectors: &v,
                lang: "bg",
                exemplar_sims: Some(&[0.7]),
            },
        );
        assert_eq!(f.len(), spec.len());
        assert_eq!(f[2], 1.0);
        assert_eq!((f[512], f[513], f[514]), (1.0, 0.5, 0.0));
        assert_eq!(&f[1024..], &[0.0, 1.0, 0.7, 0.0]);
    }

    #[test]
    fn similarities_take_the_best_pair() {
        let s = [unit(0, 1.0), unit(1, 1.0)];
        let sims = exemplar_similarities(&s, &[vec![unit(1, 0.8), unit(3, 1.0)], vec![]]);
        assert_eq!(sims, vec![0.8, 0.0]);
    }

    #[test]
    fn scaler_standardises_and_ignores_constants() {
        let rows = vec![vec![1.0, 5.0], vec![3.0, 5.0]];
        let s = Scaler::fit(&rows, &[]);
        let mut r = rows[0].clone();
        s.apply(&mut r);
        assert_eq!(r, vec![-1.0, 0.0]);
        // One block: both features share the scale of their mean variance (1 + 4) / 2.
        let rows = vec![vec![1.0, 2.0], vec![3.0, 6.0]];
        let block = 0..2;
        let s = Scaler::fit(&rows, std::slice::from_ref(&block));
        let k = 1.0 / 2.5f32.sqrt();
        assert!((s.scale[0] - k).abs() < 1e-6 && (s.scale[1] - k).abs() < 1e-6);
    }
}
