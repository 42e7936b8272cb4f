//! Locality-sensitive hashing over MinHash signatures.
//!
//! A signature of `bands × rows` values is cut into `bands` slices of `rows` values; two
//! documents become candidates when any slice is equal. For true Jaccard `s` the probability of
//! that is `1 − (1 − sʳ)ᵇ`, an S-curve around the threshold. [`optimal_params`] picks `(b, r)`
//! with `b·r ≤ num_perm` minimising the sum of the false-positive area
//! `∫₀ᵗ 1 − (1 − sʳ)ᵇ ds` and the false-negative area `∫ₜ¹ (1 − sʳ)ᵇ ds`, equally weighted,
//! integrated with composite Simpson's rule. For threshold 0.8 and 128 permutations this gives
//! 9 bands of 13 rows: a pair at Jaccard 0.9 becomes a candidate with probability 0.93, at 0.95
//! with 0.998, at 0.6 with 0.012.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::error::{Error, Result, invalid};
use crate::minhash::MinHashSig;
use crate::shingle::fmix64;

/// The `(bands, rows)` that minimise false-positive plus false-negative area for `threshold`
/// (in `(0, 1]`) and `num_perm` permutations (≥ 1).
pub fn optimal_params(threshold: f32, num_perm: usize) -> Result<(usize, usize)> {
    check_threshold(threshold)?;
    if num_perm == 0 {
        return Err(invalid("num_perm", 0, "at least 1"));
    }
    let t = f64::from(threshold);
    let mut best = (1, 1);
    let mut best_err = f64::INFINITY;
    for b in 1..=num_perm {
        for r in 1..=num_perm / b {
            let p = |s: f64| 1.0 - (1.0 - s.powi(r as i32)).powi(b as i32);
            let err = simpson(0.0, t, &p) + simpson(t, 1.0, &|s| 1.0 - p(s));
            if err < best_err {
                best_err = err;
                best = (b, r);
            }
        }
    }
    Ok(best)
}

fn simpson(lo: f64, hi: f64, f: &dyn Fn(f64) -> f64) -> f64 {
    const N: usize = 200;
    let h = (hi - lo) / N as f64;
    let inner: f64 = (1..N)
        .map(|i| f(lo + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
        .sum();
    (f(lo) + f(hi) + inner) * h / 3.0
}

pub(crate) fn check_threshold(threshold: f32) -> Result<()> {
    if threshold > 0.0 && threshold <= 1.0 {
        Ok(())
    } else {
        Err(invalid("threshold", threshold, "in (0, 1]"))
    }
}

/// Hash of one band of a signature (64 bits; equal bands always give equal hashes).
pub(crate) fn band_hash(rows: &[u32]) -> u64 {
    let mut h = 0x5851_f42d_4c95_7f2d_u64;
    for pair in rows.chunks(2) {
        let v = u64::from(pair[0]) | pair.get(1).map_or(0, |&x| u64::from(x) << 32);
        h = (h ^ v).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29);
    }
    fmix64(h)
}

/// Band hashes are already mixed: the map uses them as they are.
#[derive(Default)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type BandMap = HashMap<u64, Vec<u32>, BuildHasherDefault<PassThrough>>;

/// An incremental LSH index: insert signatures one at a time, query with any signature.
pub struct LshIndex {
    bands: usize,
    rows: usize,
    num_perm: usize,
    maps: Vec<BandMap>,
}

impl LshIndex {
    /// An index for signatures of `num_perm` values, tuned for Jaccard `threshold` with
    /// [`optimal_params`].
    pub fn new(threshold: f32, num_perm: usize) -> Result<Self> {
        let (bands, rows) = optimal_params(threshold, num_perm)?;
        Self::with_params(bands, rows, num_perm)
    }

    /// An index with explicit banding; `bands × rows` must not exceed `num_perm`.
    pub fn with_params(bands: usize, rows: usize, num_perm: usize) -> Result<Self> {
        if bands == 0 || rows == 0 || bands.saturating_mul(rows) > num_perm {
            return Err(invalid(
                "bands × rows",
                format!("{bands} × {rows} (num_perm {num_perm})"),
                "both at least 1, product at most num_perm",
            ));
        }
        Ok(Self {
            bands,
            rows,
            num_perm,
            maps: (0..bands).map(|_| BandMap::default()).collect(),
        })
    }

    /// `(bands, rows)` in use.
    pub fn params(&self) -> (usize, usize) {
        (self.bands, self.rows)
    }

    /// Adds document `id`. An empty signature (text without words) is ignored; a signature of
    /// another length is an error.
    pub fn insert(&mut self, id: u32, sig: &MinHashSig) -> Result<()> {
        let v = sig.values();
        if v.is_empty() {
            return Ok(());
        }
        if v.len() != self.num_perm {
            return Err(Error::SignatureLength {
                id,
                got: v.len(),
                expected: self.num_perm,
            });
        }
        for (band, map) in v.chunks_exact(self.rows).zip(&mut self.maps) {
            map.entry(band_hash(band)).or_default().push(id);
        }
        Ok(())
    }

    /// Ids of the inserted documents sharing at least one band with `sig`, ascending and
    /// without repeats. These are candidates: verify them (e.g. with [`crate::jaccard`]).
    /// Empty for an empty signature or one of another length.
    pub fn query(&self, sig: &MinHashSig) -> Vec<u32> {
        let v = sig.values();
        if v.len() != self.num_perm || v.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<u32> = v
            .chunks_exact(self.rows)
            .zip(&self.maps)
            .filter_map(|(band, map)| map.get(&band_hash(band)))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MinHasher;

    #[test]
    fn optimal_params_match_the_usual_choice() {
        assert_eq!(optimal_params(0.8, 128).unwrap(), (9, 13));
        // Same choices as the reference implementation in the Python `datasketch` package.
        assert_eq!(optimal_params(0.5, 128).unwrap(), (25, 5));
        assert_eq!(optimal_params(0.9, 64).unwrap(), (3, 21));
        assert!(optimal_params(0.0, 128).is_err());
        assert!(optimal_params(f32::NAN, 128).is_err());
        assert!(optimal_params(0.5, 0).is_err());
    }

    fn corpus() -> (MinHasher, Vec<String>) {
        let base: Vec<String> = (0..60).map(|i| format!("alpha{i}")).collect();
        let mut edited = base.clone();
        edited[30] = "changed".into();
        let other: Vec<String> = (0..60).map(|i| format!("beta{i}")).collect();
        let texts = vec![
            base.join(" "),
            other.join(" "),
            edited.join(" "),
            String::new(),
            base.join(" "),
        ];
        (MinHasher::default(), texts)
    }

    #[test]
    fn index_finds_near_duplicates_only() {
        let (h, texts) = corpus();
        let sigs: Vec<_> = texts.iter().map(|t| h.signature(t)).collect();
        let mut idx = LshIndex::new(0.8, h.num_perm()).unwrap();
        assert_eq!(idx.params(), (9, 13));
        for (i, s) in sigs.iter().enumerate() {
            idx.insert(i as u32, s).unwrap();
        }
        assert_eq!(idx.query(&sigs[0]), [0, 2, 4]);
        assert_eq!(idx.query(&sigs[1]), [1]);
        assert!(idx.query(&sigs[3]).is_empty());
        let short = MinHasher::new(64, 3, 1)
            .unwrap()
            .signature("alpha0 alpha1 alpha2");
        assert!(idx.query(&short).is_empty());
        let err = idx.insert(9, &short).unwrap_err().to_string();
        assert!(err.contains("document 9"), "{err}");
    }

    #[test]
    fn batch_and_incremental_agree() {
        let (h, texts) = corpus();
        let sigs: Vec<_> = texts.iter().map(|t| h.signature(t)).collect();
        let mut idx = LshIndex::new(0.8, h.num_perm()).unwrap();
        let mut found = Vec::new();
        for (i, s) in sigs.iter().enumerate() {
            for c in idx.query(s) {
                if crate::jaccard(&sigs[c as usize], s) >= 0.8 {
                    found.push((c, i as u32));
                }
            }
            idx.insert(i as u32, s).unwrap();
        }
        found.sort_unstable();
        let batch: Vec<_> = crate::near_duplicate_pairs(&sigs, 0.8).unwrap();
        let batch: Vec<_> = batch.iter().map(|&(a, b, _)| (a, b)).collect();
        assert_eq!(found, batch);
    }
}
