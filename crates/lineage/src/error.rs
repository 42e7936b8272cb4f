//! Errors for invalid parameters and mismatched signatures.

/// Everything that can go wrong in this crate: every case is a bad argument, named in the message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A numeric parameter is outside its allowed range.
    #[error("invalid parameter `{name}` = {value}: {expected}")]
    InvalidParameter {
        /// Parameter name as it appears in the API.
        name: &'static str,
        /// The rejected value, formatted.
        value: String,
        /// What would have been accepted.
        expected: &'static str,
    },
    /// A signature was built with a different number of permutations than the index expects.
    #[error("signature of document {id} has {got} values, the index expects {expected}")]
    SignatureLength {
        /// Document id given with the signature.
        id: u32,
        /// Number of values in the signature.
        got: usize,
        /// Number of values the index was built for.
        expected: usize,
    },
    /// A link kind name that is not one of `exact_copy`, `near_copy`, `translation`, `rewrite`.
    #[error("unknown link kind {0:?} (expected exact_copy, near_copy, translation or rewrite)")]
    UnknownLinkKind(String),
}

/// Result alias for this crate.
pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn invalid(name: &'static str, value: impl ToString, expected: &'static str) -> Error {
    Error::InvalidParameter {
        name,
        value: value.to_string(),
        expected,
    }
}
