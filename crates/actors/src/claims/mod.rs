//! Claim extraction with a multilingual relation lexicon.

mod clause;
mod cues;
mod dedup;
mod extract;
mod lexicon;
mod roles;
mod sentence;
mod shapes;

pub use extract::{Claim, ClaimExtractor, Modality, Polarity};
pub use lexicon::{Lexicon, LexiconError};
