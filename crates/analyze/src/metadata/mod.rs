//! Stage 2: metadata recovered from the text — title, publication date, URLs, author and
//! outlet. Only empty fields are filled: what the source said wins.
//!
//! A publication date is taken only from header and by-line positions: a line starting
//! with a date label ("date 2021-09"), a publication cue ("Publié le …", "Published on …"),
//! a by-line cue ("By …", "Par …"), or a short line among the first few. Dates merely
//! mentioned in the body ("on December 29 launched …") never count, and neither does a
//! day and month without a year.

mod byline;
mod dates;
mod urls;

pub use byline::{Credit, parse_byline, parse_source};
pub use dates::{FoundDate, find_date};
pub use urls::{find_urls, host};

use narrascope_core::{Analysis, DateInfo, DateOrigin, Document, Span, Stage, StageError};
use regex::Regex;
use std::sync::LazyLock;

/// Paragraphs at the top that may hold a header date or a by-line.
const HEADER: usize = 4;
/// Longest paragraph that counts as a header line (title, date line, by-line).
const MAX_HEADER_LINE: usize = 200;
/// Trailing paragraphs searched for by-lines and source lines.
const FOOTER: usize = 3;

static DATE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:date|datum|fecha|data|дата|تاريخ|التاريخ|تاريخ النشر)\s*[:：]?\s*")
        .unwrap_or_else(|e| panic!("date label pattern: {e}"))
});

static PUBLISHED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?i:published|posted|updated|first published|publié|mis à jour|publicado|actualizado|",
        r"veröffentlicht|aktualisiert|pubblicato|aggiornato|opublikowano|опубликовано|обновлено|",
        r"опубліковано|публикувано|نشر|نُشر|تاريخ النشر)\b"
    ))
    .unwrap_or_else(|e| panic!("publication cue pattern: {e}"))
});

/// The publication date a header or by-line gives, with the rule that found it.
pub fn publication_date(doc: &Document) -> Option<DateInfo> {
    let month_first = doc.lang.as_ref().is_some_and(|l| l.code == "en");
    for (k, p) in doc.paragraphs.iter().enumerate() {
        let Some(text) = p.span.slice(&doc.text) else {
            continue;
        };
        let head = prefix(text, MAX_HEADER_LINE);
        let (rule, found) = if let Some(m) = DATE_LABEL.find(head).filter(|m| m.end() > 0) {
            let found = find_date(head, month_first).filter(|d| d.start == m.end());
            ("date_label", found)
        } else if PUBLISHED.is_match(head) {
            ("publication_line", find_date(head, month_first))
        } else if byline::BYLINE.is_match(head) && text.len() <= MAX_HEADER_LINE {
            ("byline", find_date(head, month_first))
        } else if k < HEADER && text.len() <= MAX_HEADER_LINE / 2 {
            (
                "header_line",
                find_date(head, month_first).filter(|d| dateline(head, d)),
            )
        } else {
            continue;
        };
        if let Some(d) = found {
            let span = Span::new(p.span.start + d.start, p.span.start + d.end);
            let origin = DateOrigin::Text {
                rule: rule.to_string(),
                span,
            };
            return Some(DateInfo::from_parts(d.year, Some(d.month), d.day, origin));
        }
    }
    None
}

/// Whether a short header line is a date line ("3 février 2024", "Monday, 3 February 2024 |
/// 10:15") rather than, say, the attribution of an embedded post that ends in a date.
fn dateline(line: &str, d: &FoundDate) -> bool {
    let rest = format!("{} {}", &line[..d.start], &line[d.end..]);
    let words = rest
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    words <= 3 && !line.contains('@') && !line.starts_with(['—', '–', '-'])
}

fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The first paragraph when it reads like a headline: short, not a sentence ending in a
/// full stop, not a by-line, date line or link.
pub fn headline(doc: &Document) -> Option<String> {
    let first = doc.paragraphs.first()?.span.slice(&doc.text)?;
    let words = first.split_whitespace().count();
    let looks = (2..=30).contains(&words)
        && first.chars().count() <= MAX_HEADER_LINE
        && !first.ends_with(['.', ',', ':', ';'])
        && first.chars().any(char::is_alphabetic)
        && !DATE_LABEL
            .find(first)
            .is_some_and(|m| m.end() > 0 && first[m.end()..].starts_with(|c: char| c.is_numeric()))
        && !PUBLISHED.is_match(first)
        && !byline::BYLINE.is_match(first)
        && !first.contains("://");
    looks.then(|| first.to_string())
}

/// Author and outlet from by-lines in the header and by-lines or source lines at the end.
pub fn credit(doc: &Document) -> Credit {
    let n = doc.paragraphs.len();
    let mut credit = Credit::default();
    let places = (0..n.min(HEADER + 2)).chain(n.saturating_sub(FOOTER).max(HEADER + 2)..n);
    for k in places {
        let Some(text) = doc.paragraphs[k].span.slice(&doc.text) else {
            continue;
        };
        if text.len() > MAX_HEADER_LINE {
            continue;
        }
        if let Some(c) = parse_byline(text).or_else(|| parse_source(text)) {
            credit.author = credit.author.or(c.author);
            credit.outlet = credit.outlet.or(c.outlet);
        }
    }
    credit
}

/// Stage: fills empty `doc.meta` fields (title, date, author, outlet) and sets `doc.urls`.
#[derive(Debug, Default, Clone, Copy)]
pub struct TextMetadata;

impl Stage for TextMetadata {
    fn name(&self) -> &'static str {
        "text_metadata"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        let doc = &mut analysis.doc;
        doc.urls = find_urls(&doc.text);
        if doc.meta.title.is_none() {
            doc.meta.title = headline(doc);
        }
        if doc.meta.date.is_none() {
            doc.meta.date = publication_date(doc);
        }
        if doc.meta.author.is_none() || doc.meta.outlet.is_none() {
            let c = credit(doc);
            doc.meta.author = doc.meta.author.take().or(c.author);
            doc.meta.outlet = doc.meta.outlet.take().or(c.outlet);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
