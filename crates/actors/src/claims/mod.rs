//! Claim extraction with a multilingual relation lexicon.

mod dedup;
mod extract;
mod lexicon;
mod sentence;

pub use extract::{Claim, ClaimExtractor, Modality, Polarity};
pub use lexicon::{Lexicon, LexiconError};
