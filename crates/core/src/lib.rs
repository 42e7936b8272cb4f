//! The narrascope data model. No I/O lives here: sources produce [`RawDocument`]s,
//! analysis stages turn them into an [`Analysis`], and the corpus store persists it.

mod actors;
mod document;
mod meta;
mod narratives;
mod provenance;
mod rhetoric;
mod span;
mod stage;

pub use actors::{Claim, Mention, MentionKind, Modality, Polarity};
pub use document::{
    Analysis, DocId, Document, Format, LangGuess, Paragraph, RawDocument, Removal, Sentence,
    SourceRef, UrlMention,
};
pub use meta::{DateInfo, DateOrigin, DatePrecision, Metadata};
pub use narratives::{NarrativeEvidence, NarrativeMatch};
pub use provenance::{CitedSource, Label, Provenance, Trace};
pub use rhetoric::{Evidence, Framing, RoleScore, TechniqueSpan};
pub use span::Span;
pub use stage::{Pipeline, Stage, StageError};
