//! Entity framing: the role a document gives each actor it mentions, in the taxonomy of
//! SemEval-2025 Task 10 subtask 1 (main roles `Protagonist`, `Antagonist`, `Innocent`, and
//! 22 fine roles, see [`taxonomy`]).
//!
//! Each mention gets features ([`features`]: sentence, neighbouring-sentence and document
//! embeddings, the claims it takes part in, its position), a trained model ([`model`],
//! shipped as `models/semeval2025-roles.json`) turns them into probabilities, and
//! [`RoleModel::frame`] averages them over each linked actor's mentions into one
//! [`narrascope_core::Framing`]. Training ([`train`]) and evaluation ([`score`]) read the
//! task's data ([`data`]) at run time; none of it ships.

pub mod align;
pub mod data;
pub mod features;
mod frame;
pub mod model;
pub mod prepare;
pub mod score;
pub mod taxonomy;
pub mod train;

pub use frame::frame_by_claims;
pub use model::{Decision, ModelError, RoleModel, RoleProbs};
