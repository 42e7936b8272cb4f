//! What the trained stages share: binary logistic regression ([`logreg`]), a stable hash
//! ([`fnv`]), the deterministic held-aside split used by every `train`/`eval` command
//! ([`split`]), and sentence vectors of training documents cached on disk ([`vectors`]).

pub mod fnv;
pub mod logreg;
pub mod split;
pub mod vectors;
