//! narrascope ingest: source readers that turn the inputs analysts have (text and
//! Markdown files, HTML pages, JSONL/CSV exports, WARC archives, RSS/Atom feeds,
//! Telegram exports) into [`RawDocument`]s, or into clear per-input errors.
//!
//! Readers stream: each document, error or skipped record goes to a sink as soon as
//! it is read, so a huge WARC or JSONL file is never held in memory whole.

mod dates;
mod decode;
mod detect;
mod discover;
mod feed;
mod fields;
mod html;
mod htmlmeta;
mod json;
mod lines;
mod markdown;
mod read;
mod record;
mod table;
mod telegram;
mod warc;

use std::fmt;
use std::path::PathBuf;

pub use dates::parse_source_date;
pub use decode::{Decoded, decode};
pub use detect::detect_format;
pub use discover::discover;
pub use fields::FieldMap;
pub use html::{extract_page, html_to_text};
pub use json::read_jsonl_line;
pub use narrascope_core::{Format, RawDocument};
pub use read::{read_bytes, read_input, read_path};

/// Default [`IngestOptions::max_bytes`]: 20 MB.
pub const DEFAULT_MAX_BYTES: u64 = 20 * 1024 * 1024;

/// How inputs are read.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestOptions {
    /// Size limit of one document's source bytes: the whole file for single-document
    /// formats (text, Markdown, HTML, feeds, Telegram and JSON exports), one line of
    /// JSONL, one CSV row, one WARC record. Larger inputs give an error naming both sizes.
    pub max_bytes: u64,
    /// Which JSONL keys / CSV columns hold the text and metadata.
    pub fields: FieldMap,
    /// Forces a format instead of detecting it from the name and content.
    pub format: Option<Format>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: DEFAULT_MAX_BYTES,
            fields: FieldMap::default(),
            format: None,
        }
    }
}

/// One input to read: a file path, or `-` for standard input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Input {
    pub path: PathBuf,
    /// File size in bytes when known (for progress display).
    pub size: Option<u64>,
}

impl Input {
    pub fn stdin() -> Input {
        Input {
            path: PathBuf::from("-"),
            size: None,
        }
    }

    pub fn file(path: impl Into<PathBuf>) -> Input {
        let path = path.into();
        let size = std::fs::metadata(&path).ok().map(|m| m.len());
        Input { path, size }
    }

    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    /// The name used in `SourceRef::path` and in errors.
    pub fn name(&self) -> String {
        self.path.to_string_lossy().into_owned()
    }
}

/// A failure to read one input, or one line / row / record inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The input name plus locator, e.g. `feeds/a.jsonl (line 12)`.
    pub input: String,
    pub message: String,
}

impl InputError {
    pub fn new(input: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            input: input.into(),
            message: message.into(),
        }
    }

    pub(crate) fn at(name: &str, locator: &str, message: impl Into<String>) -> Self {
        InputError::new(format!("{name} ({locator})"), message)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.input, self.message)
    }
}

impl std::error::Error for InputError {}

/// What a reader produces for each unit it reads. Items are handed to a sink one at
/// a time, so the document variant is not boxed.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)]
pub enum Item {
    Doc(RawDocument),
    Error(InputError),
    /// A unit that is not a document and is left out on purpose (a WARC request
    /// record, an image response, a Telegram service message, a row with empty text).
    Skipped {
        input: String,
        reason: String,
    },
}

impl Item {
    pub(crate) fn skip(name: &str, locator: &str, reason: impl Into<String>) -> Item {
        Item::Skipped {
            input: format!("{name} ({locator})"),
            reason: reason.into(),
        }
    }
}
