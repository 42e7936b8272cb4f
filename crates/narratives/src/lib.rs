//! Narratives: which catalog narratives a document carries (claim signatures plus
//! sentence similarity to exemplar statements), classifiers trained from labelled data,
//! and discovery of recurring claims no catalog has yet.

pub mod classifier;
pub mod discovery;
pub mod exemplars;
pub use narrascope_learn::fnv;
pub mod matcher;
pub mod semeval;
pub mod signature;
pub mod travel;
