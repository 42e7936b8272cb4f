//! The SemEval-2025 Task 10 subtask-2 benchmark (narrative and sub-narrative labels of news
//! articles in English, Bulgarian, Hindi, Portuguese and Russian): reading the data layout,
//! a fixed held-aside split, and the official samples-F1 score.
//!
//! The data is distributed to participants for research use only; narrascope reads it at
//! train and evaluation time and never ships it.

mod read;
mod score;

pub use narrascope_learn::split::{HELDOUT_PERCENT, Split, fnv1a, fold_of, is_heldout};
pub use read::{
    ANNOTATIONS, Dataset, Gold, LabelledDoc, NARRATIVE_CLASSES, ReadError, SUBNARRATIVE_CLASSES,
    lang_of_id, read_dir, split_labels,
};
pub use score::{Classes, GroupScore, Report, SampleF1, Scored, doc_f1, score};
