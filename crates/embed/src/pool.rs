//! Document vectors from sentence vectors.
//!
//! A document vector is the weighted mean of its sentence vectors, renormalised to unit length.
//! The weight of a sentence is its token count without `<s>` and `</s>` (at least 1), so long
//! sentences count more than short ones and a document of one sentence gets that sentence's
//! vector back. Averaging unit vectors keeps the result in the same space, so document and
//! sentence vectors can be compared by cosine.

use crate::embedder::{Embedder, Vector};

/// Weighted mean of `vectors`, renormalised. `None` when there is nothing to pool (no vectors,
/// all weights zero or non-finite, or a zero mean).
pub fn pool(vectors: &[Vector], weights: &[f32]) -> Option<Vector> {
    let mut acc = [0.0f64; 512];
    let mut total = 0.0f64;
    for (v, &w) in vectors.iter().zip(weights) {
        if !(w.is_finite() && w > 0.0) {
            continue;
        }
        total += f64::from(w);
        for (a, x) in acc.iter_mut().zip(v) {
            *a += f64::from(w) * f64::from(*x);
        }
    }
    let norm = acc.iter().map(|a| a * a).sum::<f64>().sqrt();
    if total == 0.0 || norm == 0.0 || !norm.is_finite() {
        return None;
    }
    let mut out = [0.0f32; 512];
    for (o, a) in out.iter_mut().zip(acc) {
        *o = (a / norm) as f32;
    }
    Some(out)
}

/// Sentence vectors of one document and its pooled document vector.
#[derive(Debug, Clone)]
pub struct DocumentVectors {
    /// One vector per sentence, in order.
    pub sentences: Vec<Vector>,
    /// [`pool`] of the sentence vectors; `None` for a document without sentences.
    pub document: Option<Vector>,
}

/// The pooling weight of a sentence: its token count without `<s>` and `</s>`, at least 1.
fn weight(ids: &[u32]) -> f32 {
    ids.len().saturating_sub(2).max(1) as f32
}

impl Embedder {
    /// Embeds the sentences of one document and pools them with [`pool`] (token-count
    /// weights). `None` for a document without sentences.
    pub fn embed_document(&self, sentences: &[&str]) -> Option<Vector> {
        let ids: Vec<Vec<u32>> = sentences.iter().map(|s| self.tokenize(s)).collect();
        let weights: Vec<f32> = ids.iter().map(|t| weight(t)).collect();
        pool(&self.embed_ids(&ids), &weights)
    }

    /// Embeds several documents (each a list of sentences) in one batch across documents,
    /// returning each document's sentence vectors and its [`Embedder::embed_document`] vector.
    /// Vectors equal those of embedding each document alone.
    pub fn embed_documents(&self, docs: &[Vec<&str>]) -> Vec<DocumentVectors> {
        let ids: Vec<Vec<u32>> = docs
            .iter()
            .flat_map(|d| d.iter().map(|s| self.tokenize(s)))
            .collect();
        let mut vectors = self.embed_ids(&ids).into_iter();
        let mut at = 0;
        docs.iter()
            .map(|d| {
                let sentences: Vec<Vector> = vectors.by_ref().take(d.len()).collect();
                let weights: Vec<f32> = ids[at..at + d.len()].iter().map(|t| weight(t)).collect();
                at += d.len();
                let document = pool(&sentences, &weights);
                DocumentVectors {
                    sentences,
                    document,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(i: usize) -> Vector {
        let mut v = [0.0; 512];
        v[i] = 1.0;
        v
    }

    #[test]
    fn weighted_and_renormalised() {
        let p = pool(&[unit(0), unit(1)], &[3.0, 1.0]).unwrap();
        let n = (10.0f32).sqrt();
        assert!((p[0] - 3.0 / n).abs() < 1e-6 && (p[1] - 1.0 / n).abs() < 1e-6);
        assert_eq!(pool(&[unit(5)], &[7.0]).unwrap(), unit(5));
    }

    #[test]
    fn nothing_to_pool() {
        assert!(pool(&[], &[]).is_none());
        assert!(pool(&[unit(0)], &[0.0]).is_none());
        assert!(pool(&[unit(0)], &[f32::NAN]).is_none());
        let mut neg = unit(0);
        neg[0] = -1.0;
        assert!(pool(&[unit(0), neg], &[1.0, 1.0]).is_none());
    }
}
