//! Actors in text: linking mentions of states, groups, people, organisations, media and
//! places to the knowledge base (`narrascope-kb`), and the claims made about them.

mod ascii;
mod claims;
mod document;
mod linker;
mod mention;
mod merge;
mod prefix;
mod scratch;
mod stage;
mod stretch;
mod text;
mod unlinked;

pub use claims::{Claim, ClaimExtractor, Lexicon, LexiconError, Modality, Polarity};
pub use linker::{Linker, LinkerError};
pub use mention::{Mention, MentionKind, unlinked_counts};
pub use stage::{ClaimStage, LinkStage, PipelineError, full_pipeline, link_and_claims};

use narrascope_core::Document;
use narrascope_kb::Kb;

/// Links the mentions of `doc` against `kb`. Building the automata takes a moment:
/// to link many documents, build a [`Linker`] once and call [`Linker::link`].
pub fn link(kb: &Kb, doc: &Document) -> Result<Vec<Mention>, LinkerError> {
    Ok(Linker::new(kb)?.link(doc))
}
