//! Foundation analysis stages: turn an [`Analysis::new`] into a clean, segmented,
//! identified document.
//!
//! Order: [`Normalize`] (NFC, junk characters, white space, paragraphs, scrape debris),
//! [`Segment`] (sentences), [`Language`] (per sentence and per document),
//! [`TextMetadata`] (title, publication date, URLs, author, outlet), [`Identity`] (id).

pub mod identity;
pub mod lang;
pub mod metadata;
mod months;
pub mod normalize;
pub mod segment;

pub use identity::{Identity, doc_id};
pub use lang::{Language, detect as detect_language};
pub use metadata::TextMetadata;
pub use normalize::{Normalize, Normalized, normalize_text};
pub use segment::{Segment, split_sentences};

use narrascope_core::{Analysis, Pipeline, RawDocument, StageError};

/// The foundation stages in their order.
pub fn foundation_pipeline() -> Pipeline {
    Pipeline::new()
        .with(Normalize)
        .with(Segment)
        .with(Language)
        .with(TextMetadata)
        .with(Identity)
}

/// Runs the foundation pipeline on one raw document.
pub fn analyze(raw: RawDocument) -> Result<Analysis, StageError> {
    let mut analysis = Analysis::new(raw);
    foundation_pipeline().run(&mut analysis)?;
    Ok(analysis)
}
