use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{Claim, Mention, Metadata, NarrativeMatch, Span};

/// The input format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Markdown,
    Html,
    Jsonl,
    Csv,
    Warc,
    Feed,
    Telegram,
}

impl Format {
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Warc => "warc",
            Format::Feed => "feed",
            Format::Telegram => "telegram",
        }
    }
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Text,
        Format::Markdown,
        Format::Html,
        Format::Jsonl,
        Format::Csv,
        Format::Warc,
        Format::Feed,
        Format::Telegram,
    ];

    /// The format named `name` (as written by [`Format::as_str`]).
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a document came from: a path (or `-` for stdin) and, for containers holding
/// many documents, the position inside it (`line 12`, `record 3`, `item 2`, `message 4017`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SourceRef {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    pub format: Format,
}

impl fmt::Display for SourceRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.locator {
            Some(loc) => write!(f, "{} ({loc})", self.path),
            None => f.write_str(&self.path),
        }
    }
}

/// A document as a source reader produced it: decoded text (UTF-8, not yet normalised)
/// and whatever metadata the source itself carried.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawDocument {
    pub source: SourceRef,
    pub text: String,
    pub meta: Metadata,
}

/// A stable document id: 16 lowercase hex characters of a hash of the normalised text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct DocId(pub String);

impl fmt::Display for DocId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A language guess: an ISO 639-1 code where one exists (else ISO 639-3) and a confidence in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LangGuess {
    pub code: String,
    pub confidence: f32,
}

/// Text removed from a document because it is not the author's text (scrape debris).
/// `raw_span` points into [`Document::raw`], `line` is 1-based in the raw text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Removal {
    pub rule: String,
    pub text: String,
    pub raw_span: Span,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Paragraph {
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    /// Index into [`Document::paragraphs`].
    pub paragraph: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<LangGuess>,
}

/// A URL written in the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlMention {
    pub url: String,
    pub span: Span,
}

/// A document after the foundation stages: clean text with offsets, metadata, language
/// and segmentation. All spans point into `text`, except removals which point into `raw`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocId,
    pub source: SourceRef,
    /// The decoded text as the source gave it, before normalisation and debris removal.
    pub raw: String,
    /// The normalised text with debris removed; every span refers to it.
    pub text: String,
    pub meta: Metadata,
    #[serde(default)]
    pub removals: Vec<Removal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<LangGuess>,
    #[serde(default)]
    pub paragraphs: Vec<Paragraph>,
    #[serde(default)]
    pub sentences: Vec<Sentence>,
    #[serde(default)]
    pub urls: Vec<UrlMention>,
}

impl Document {
    /// A document not yet analysed: `text` starts as a copy of the raw text.
    pub fn from_raw(raw: RawDocument) -> Self {
        Document {
            id: DocId::default(),
            source: raw.source,
            text: raw.text.clone(),
            raw: raw.text,
            meta: raw.meta,
            removals: Vec::new(),
            lang: None,
            paragraphs: Vec::new(),
            sentences: Vec::new(),
            urls: Vec::new(),
        }
    }

    /// The text of sentence `i`.
    pub fn sentence_text(&self, i: usize) -> &str {
        self.sentences
            .get(i)
            .and_then(|s| s.span.slice(&self.text))
            .unwrap_or("")
    }
}

/// Everything narrascope derives from one document. Later analysis layers (mentions,
/// claims, narratives, techniques, vectors) are added here as fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub doc: Document,
    /// Actor mentions, in text order (filled by the linking stage).
    #[serde(default)]
    pub mentions: Vec<Mention>,
    /// Claims made in the document (filled by the claim stage).
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Narratives the document carries (filled by narrative matching).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub narratives: Vec<NarrativeMatch>,
    /// Persuasion-technique spans, in text order (filled by the rhetoric stage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub techniques: Vec<crate::TechniqueSpan>,
    /// How the document frames each actor (filled by the rhetoric stage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub framings: Vec<crate::Framing>,
    /// Sources the document cites, in text order (filled by the provenance stage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<crate::CitedSource>,
    /// Translation and scraping traces and genre (filled by the provenance stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::Provenance>,
}

impl Analysis {
    pub fn new(raw: RawDocument) -> Self {
        Analysis::of(Document::from_raw(raw))
    }

    /// An analysis of `doc` with nothing found yet.
    pub fn of(doc: Document) -> Self {
        Analysis {
            doc,
            mentions: Vec::new(),
            claims: Vec::new(),
            narratives: Vec::new(),
            techniques: Vec::new(),
            framings: Vec::new(),
            sources: Vec::new(),
            provenance: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> RawDocument {
        RawDocument {
            source: SourceRef {
                path: "a.txt".into(),
                locator: Some("line 3".into()),
                format: Format::Text,
            },
            text: text.into(),
            meta: Metadata::default(),
        }
    }

    #[test]
    fn from_raw_keeps_raw_and_text() {
        let a = Analysis::new(raw("Bonjour. Salut."));
        assert_eq!(a.doc.raw, a.doc.text);
        assert_eq!(a.doc.source.to_string(), "a.txt (line 3)");
        assert_eq!(a.doc.sentence_text(0), "");
    }

    #[test]
    fn format_names_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
            assert_eq!(serde_json::to_value(f).unwrap(), f.as_str());
        }
        assert_eq!(Format::parse("pdf"), None);
    }

    #[test]
    fn serde_round_trip() {
        let mut d = Document::from_raw(raw("x y"));
        d.sentences.push(Sentence {
            span: Span::new(0, 3),
            paragraph: 0,
            lang: None,
        });
        let json = serde_json::to_string(&d).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, d);
        assert_eq!(back.sentence_text(0), "x y");
    }
}
