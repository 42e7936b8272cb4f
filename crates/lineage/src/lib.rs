//! How a narrative travels between documents: who published a text first, and who copied,
//! translated or reworded it. Pure computation (no I/O, no storage).
//!
//! - **Words** ([`words`], [`normalize`]): lowercase, punctuation dropped, diacritics folded on
//!   Latin/Greek/Cyrillic, one word per character in scripts written without spaces.
//! - **MinHash** ([`MinHasher`], [`MinHashSig`], [`jaccard`], [`exact_jaccard`]): signatures
//!   over word shingles, deterministic on every platform.
//! - **LSH** ([`LshIndex`], [`near_duplicate_pairs`], [`optimal_params`]): candidate pairs by
//!   banding, bands and rows chosen from the threshold, candidates verified on signatures.
//! - **Alignment** ([`alignment`]): one-to-one sentence matching from multilingual sentence
//!   embeddings, giving the share of each document that has a counterpart in the other.
//! - **Links** ([`classify`], [`Link::between`]): exact copy, near copy, translation or rewrite,
//!   oriented from the earlier document to the later one with the lag between them.
//!
//! ```
//! use narrascope_lineage::{MinHasher, PairFacts, LinkKind, classify};
//! let h = MinHasher::default();
//! let a = "The port of Brest closed on Monday after a fire in a warehouse by the docks.";
//! let b = format!("{a} Share this!");
//! assert!(h.signature(a).jaccard(&h.signature(&b)) > 0.7);
//! let facts = PairFacts::measure(a, &b, true, 3, None);
//! assert_eq!(classify(&facts), Some(LinkKind::NearCopy));
//! ```
//!
//! # Calibration
//!
//! The default thresholds ([`Thresholds::default`], [`DEFAULT_MIN_COS`]) were set on the corpus
//! in `tests/data/` (a French news text, its English and Spanish translations, a reworded
//! French copy, a near-exact copy with an added line and an unrelated French text), embedded
//! with the narrascope sentence model; `tests/typed_links.rs` prints the measured Jaccard and
//! alignment shares of every pair and checks that each pair gets its type. Measured there
//! (3-word shingles, exact Jaccard, minimum cosine 0.5):
//!
//! | pair | Jaccard | smaller alignment share |
//! |---|---|---|
//! | near copy (extra line) | 0.91 | 0.91 |
//! | reworded copy | 0.12–0.13 | 0.91–1.00 |
//! | translations (fr/en/es, incl. of the copies) | ≤ 0.009 | 0.90–1.00 |
//! | unrelated French text vs any | ≤ 0.006 | 0.00 (best sentence cosine ≤ 0.34) |
//!
//! Hence near copy at Jaccard 0.8, translation and rewrite at coverage 0.6 (well between 0 and
//! 0.9). Without vectors, a rewrite is recognised only from shared wording (Jaccard ≥ 0.3, e.g.
//! half the sentences kept verbatim); a fully reworded text (Jaccard 0.13) is then not linked.

mod align;
mod error;
mod link;
mod lsh;
mod minhash;
mod pairs;
mod shingle;
mod text;

pub use align::{Alignment, DEFAULT_MIN_COS, alignment};
pub use error::{Error, Result};
pub use link::{Dated, Link, LinkKind, PairFacts, Thresholds, classify, classify_with};
pub use lsh::{LshIndex, optimal_params};
pub use minhash::{
    DEFAULT_NUM_PERM, DEFAULT_SEED, DEFAULT_SHINGLE_WORDS, MinHashSig, MinHasher, exact_jaccard,
    jaccard,
};
pub use pairs::near_duplicate_pairs;
pub use text::{normalize, words};
