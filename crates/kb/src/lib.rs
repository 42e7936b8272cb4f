//! The narrascope knowledge base: human-editable TOML files describing actors (states,
//! armed groups, people, organisations, media, places) with their names, acronyms,
//! demonyms and metonyms in many languages, and the narrative catalogs documents are grouped
//! by ([`narratives`]). See `kb/README.md` for the file schemas.

mod check;
mod fold;
mod forms;
mod inflect;
mod kb;
mod model;
pub mod narratives;
mod raw;
mod resolve;
mod sources;
mod validate;
pub mod wikidata;

pub use check::{CheckReport, check};
pub use fold::{Folded, fold, key, strip_marks};
pub use forms::{FormTarget, SurfaceForm};
pub use inflect::{demonym_forms, ru_noun_forms};
pub use kb::{Kb, Layer};
pub use model::{Alias, Entity, EntityType, FormKind};
pub use raw::{RawEntity, RawFile, Source};
pub use sources::{KbPaths, SHIPPED_RELATIONS, load_dir, shipped_files};
pub use validate::{Issue, Severity, is_local_id, is_qid};

/// A knowledge base that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}
