//! Provenance of a text: the sources it cites ([`sources`]), traces of machine translation
//! and scraping ([`traces`]), and its genre ([`genre`]).

pub mod cues;
pub mod genre;
pub mod lexicon;
pub mod sources;
pub mod traces;

pub use cues::{CueError, Cues, SHIPPED as SHIPPED_CUES};
pub use genre::GenreModel;
pub use lexicon::{Lexicon, LexiconError, SHIPPED as SHIPPED_LEXICON};
pub use narrascope_learn::{split, vectors};
pub use sources::{SourceError, SourceFinder};
pub use traces::{MT_THRESHOLD, TraceFinder};
