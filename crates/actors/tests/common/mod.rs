//! Test documents built by hand: text plus simple sentence spans.
#![allow(dead_code)]

use narrascope_core::{
    Document, Format, Metadata, Paragraph, RawDocument, Sentence, SourceRef, Span,
};
use narrascope_kb::Kb;

/// Splits on `.`, `!`, `?` followed by a space or line break, and on line breaks.
pub fn sentences(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end_here = c == '\n'
            || (matches!(c, '.' | '!' | '?')
                && bytes.get(i + 1).is_none_or(|b| *b == b' ' || *b == b'\n'));
        if end_here {
            let end = if c == '\n' { i } else { i + 1 };
            push(text, start, end, &mut out);
            start = i + 1;
        }
    }
    push(text, start, text.len(), &mut out);
    out
}

fn push(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if start + lead < end - trail {
        out.push(Span::new(start + lead, end - trail));
    }
}

pub fn doc(text: &str) -> Document {
    let mut d = Document::from_raw(RawDocument {
        source: SourceRef {
            path: "test".into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta: Metadata::default(),
    });
    d.paragraphs.push(Paragraph {
        span: Span::new(0, text.len()),
    });
    d.sentences = sentences(text)
        .into_iter()
        .map(|span| Sentence {
            span,
            paragraph: 0,
            lang: None,
        })
        .collect();
    d
}

pub fn shipped_kb() -> Kb {
    Kb::shipped().expect("shipped kb loads")
}
