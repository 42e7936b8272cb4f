//! MinHash signatures over word shingles.
//!
//! A document is the set of its *shingles*: runs of `shingle_words` consecutive normalised
//! words ([`crate::words`]); a document with fewer words than that has one shingle made of all
//! its words, and a document without words has none. Each shingle is hashed to 64 bits (each
//! word hashed, the word hashes combined in order) and folded to 32 bits `x = lo ⊕ hi`.
//! Permutation `i` maps `x` to `(x ⊕ c_i)·a_i mod 2³²` with odd `a_i` and any `c_i` drawn from the seed by
//! splitmix64 (a bijection of the 32-bit values, so a permutation). The signature keeps, per
//! permutation, the smallest value over the shingles.
//!
//! Everything is defined on explicit integer arithmetic, so a signature is the same on every
//! run, platform and thread count for the same parameters. The inner loop is plain 32-bit
//! arithmetic that the compiler vectorises; on x86-64 CPUs with AVX2 a copy compiled for AVX2
//! is selected at run time (same results).

use serde::{Deserialize, Serialize};

use crate::error::{Result, invalid};
use crate::shingle::{shingle_hashes, splitmix64};

/// Default number of permutations (signature length).
pub const DEFAULT_NUM_PERM: usize = 128;
/// Default shingle size in words: short enough for chat messages and headlines, long enough
/// that two unrelated texts in the same language share almost no shingles.
pub const DEFAULT_SHINGLE_WORDS: usize = 3;
/// Default seed; signatures compare only when built with the same seed.
pub const DEFAULT_SEED: u64 = 0x6e61_7272_6173_636f;

/// A MinHash signature: one 32-bit minimum per permutation. Empty (no values) when the text
/// has no words; an empty signature is similar to nothing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MinHashSig {
    values: Vec<u32>,
}

impl MinHashSig {
    /// Wraps stored values (e.g. read back from a database).
    pub fn from_values(values: Vec<u32>) -> Self {
        Self { values }
    }

    /// The per-permutation minima.
    pub fn values(&self) -> &[u32] {
        &self.values
    }

    /// True for the signature of a text without words.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Estimated Jaccard similarity: the share of permutations whose minima agree. Zero when
    /// either signature is empty or when their lengths differ (they cannot be compared).
    pub fn jaccard(&self, other: &MinHashSig) -> f32 {
        jaccard(self, other)
    }
}

/// Estimated Jaccard similarity of two signatures (see [`MinHashSig::jaccard`]).
pub fn jaccard(a: &MinHashSig, b: &MinHashSig) -> f32 {
    if a.values.is_empty() || a.values.len() != b.values.len() {
        return 0.0;
    }
    agreement(&a.values, &b.values)
}

/// Share of equal positions of two slices of the same, non-zero length.
pub(crate) fn agreement(a: &[u32], b: &[u32]) -> f32 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f32 / a.len() as f32
}

/// Builds MinHash signatures with fixed parameters.
#[derive(Debug, Clone)]
pub struct MinHasher {
    mul: Vec<u32>,
    xor: Vec<u32>,
    shingle_words: usize,
    seed: u64,
}

impl MinHasher {
    /// A hasher with `num_perm` permutations (1..=65,536) over shingles of `shingle_words`
    /// words (1..=64), its permutations drawn from `seed`.
    pub fn new(num_perm: usize, shingle_words: usize, seed: u64) -> Result<Self> {
        if !(1..=65_536).contains(&num_perm) {
            return Err(invalid("num_perm", num_perm, "between 1 and 65536"));
        }
        if !(1..=64).contains(&shingle_words) {
            return Err(invalid("shingle_words", shingle_words, "between 1 and 64"));
        }
        let mut state = seed;
        let mut mul = Vec::with_capacity(num_perm);
        let mut xor = Vec::with_capacity(num_perm);
        for _ in 0..num_perm {
            let r = splitmix64(&mut state);
            mul.push((r >> 32) as u32 | 1);
            xor.push(r as u32);
        }
        Ok(Self {
            mul,
            xor,
            shingle_words,
            seed,
        })
    }

    /// Number of permutations (length of every non-empty signature).
    pub fn num_perm(&self) -> usize {
        self.mul.len()
    }

    /// Shingle size in words.
    pub fn shingle_words(&self) -> usize {
        self.shingle_words
    }

    /// The seed the permutations were drawn from.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The signature of `text`.
    pub fn signature(&self, text: &str) -> MinHashSig {
        let shingles = shingle_hashes(text, self.shingle_words);
        if shingles.is_empty() {
            return MinHashSig { values: Vec::new() };
        }
        let mut values = vec![u32::MAX; self.num_perm()];
        self.fold_into(&shingles, &mut values);
        MinHashSig { values }
    }

    /// Lowers `values` to the minima of each permutation over `shingles`.
    fn fold_into(&self, shingles: &[u64], values: &mut [u32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the running CPU supports AVX2, checked just above.
            unsafe { fold_avx2(&self.mul, &self.xor, shingles, values) };
            return;
        }
        fold(&self.mul, &self.xor, shingles, values);
    }
}

#[inline(always)]
fn fold(mul: &[u32], xor: &[u32], shingles: &[u64], values: &mut [u32]) {
    for &x in shingles {
        let x = (x ^ (x >> 32)) as u32;
        for ((v, &m), &c) in values.iter_mut().zip(mul).zip(xor) {
            *v = (*v).min((x ^ c).wrapping_mul(m));
        }
    }
}

/// [`fold`] compiled for AVX2 (identical results).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn fold_avx2(mul: &[u32], xor: &[u32], shingles: &[u64], values: &mut [u32]) {
    fold(mul, xor, shingles, values);
}

impl Default for MinHasher {
    /// [`DEFAULT_NUM_PERM`] permutations, [`DEFAULT_SHINGLE_WORDS`]-word shingles, [`DEFAULT_SEED`].
    fn default() -> Self {
        Self::new(DEFAULT_NUM_PERM, DEFAULT_SHINGLE_WORDS, DEFAULT_SEED)
            .expect("default parameters are in range")
    }
}

/// Exact Jaccard similarity of the shingle sets of two texts (shingles compared by their 64-bit
/// hashes, so a false match has a probability of about 2⁻⁶⁴ per pair of shingles). Zero when
/// either text has no words or `shingle_words` is 0.
pub fn exact_jaccard(a: &str, b: &str, shingle_words: usize) -> f32 {
    let set = |t: &str| {
        let mut s = shingle_hashes(t, shingle_words);
        s.sort_unstable();
        s.dedup();
        s
    };
    let (a, b) = (set(a), set(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f32 / (a.len() + b.len() - common) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic pseudo-random text of `n` words from a 5,000-word vocabulary.
    fn text(n: usize, seed: u64) -> Vec<String> {
        let mut s = seed;
        (0..n)
            .map(|_| format!("w{}", splitmix64(&mut s) % 5000))
            .collect()
    }

    #[test]
    fn parameters_are_checked() {
        assert!(MinHasher::new(0, 3, 1).is_err());
        assert!(MinHasher::new(128, 0, 1).is_err());
        let e = MinHasher::new(128, 100, 1).unwrap_err().to_string();
        assert!(e.contains("shingle_words"), "{e}");
    }

    #[test]
    fn signatures_are_deterministic_and_seeded() {
        let h = MinHasher::default();
        let t = "The harbour reopened on Monday after the storm.";
        assert_eq!(h.signature(t), MinHasher::default().signature(t));
        assert_eq!(h.signature(t).values().len(), DEFAULT_NUM_PERM);
        let other = MinHasher::new(DEFAULT_NUM_PERM, DEFAULT_SHINGLE_WORDS, 7).unwrap();
        assert_ne!(h.signature(t), other.signature(t));
        // Normalisation makes case and punctuation irrelevant.
        let loud = "THE HARBOUR -- reopened on monday, after the storm!";
        assert_eq!(h.signature(t), h.signature(loud));
    }

    #[test]
    fn empty_texts_match_nothing() {
        let h = MinHasher::default();
        let e = h.signature(" ... ");
        assert!(e.is_empty());
        assert_eq!(e.jaccard(&e), 0.0);
        assert_eq!(exact_jaccard("", "", 3), 0.0);
        // Short texts still get one shingle.
        let s = h.signature("two words");
        assert_eq!(s.jaccard(&h.signature("Two, words.")), 1.0);
        assert_eq!(exact_jaccard("two words", "two words", 3), 1.0);
    }

    #[test]
    fn mismatched_lengths_compare_as_zero() {
        let a = MinHasher::new(64, 3, 1).unwrap().signature("a b c d");
        let b = MinHasher::new(128, 3, 1).unwrap().signature("a b c d");
        assert_eq!(jaccard(&a, &b), 0.0);
    }

    #[test]
    fn exact_jaccard_counts_shingle_sets() {
        // Shingles of 2: {a b, b c, c d} vs {a b, b c, c e}: 2 common out of 4.
        assert_eq!(exact_jaccard("a b c d", "a b c e", 2), 0.5);
        assert_eq!(exact_jaccard("a b c d", "x y z", 2), 0.0);
        // Repeats do not count twice.
        assert_eq!(exact_jaccard("a b a b", "a b", 2), 0.5);
    }

    #[test]
    fn vectorised_and_plain_loops_agree() {
        let h = MinHasher::new(100, 2, 5).unwrap();
        let shingles = shingle_hashes(&text(300, 1).join(" "), 2);
        let mut plain = vec![u32::MAX; 100];
        fold(&h.mul, &h.xor, &shingles, &mut plain);
        let mut dispatched = vec![u32::MAX; 100];
        h.fold_into(&shingles, &mut dispatched);
        assert_eq!(plain, dispatched);
    }

    #[test]
    fn estimate_is_unbiased() {
        // Over many pairs, the mean estimate error is far below one standard error.
        let h = MinHasher::default();
        let (mut sum, n) = (0f64, 60);
        for round in 0..n {
            let a = text(300, 1000 + round);
            let mut b = a.clone();
            let mut s = round;
            for w in b.iter_mut().step_by(3 + round as usize % 5) {
                *w = format!("y{}", splitmix64(&mut s) % 5000);
            }
            let (a, b) = (a.join(" "), b.join(" "));
            let err = h.signature(&a).jaccard(&h.signature(&b)) - exact_jaccard(&a, &b, 3);
            sum += f64::from(err);
        }
        // One pair's standard error is at most 0.044 at 128 permutations; the mean of 60 has 0.006.
        assert!(
            (sum / n as f64).abs() < 0.015,
            "mean error {}",
            sum / n as f64
        );
    }

    #[test]
    fn estimate_tracks_exact_jaccard() {
        let h = MinHasher::new(256, 3, 11).unwrap();
        let mut worst = 0f32;
        for (round, edit_every) in [2usize, 4, 8, 16, 40].into_iter().enumerate() {
            let a = text(400, round as u64);
            let mut b = a.clone();
            let mut s = 99 + round as u64;
            for (i, w) in b.iter_mut().enumerate() {
                if i % edit_every == 0 {
                    *w = format!("z{}", splitmix64(&mut s) % 5000);
                }
            }
            let (a, b) = (a.join(" "), b.join(" "));
            let exact = exact_jaccard(&a, &b, 3);
            let est = h.signature(&a).jaccard(&h.signature(&b));
            worst = worst.max((exact - est).abs());
        }
        // Standard error at 256 permutations is at most 0.031; allow about three of them.
        assert!(worst < 0.095, "largest estimate error {worst}");
    }
}
