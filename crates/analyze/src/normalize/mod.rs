//! Stage 1: Unicode NFC, junk characters, white space, paragraphs and scrape debris.
//!
//! The raw text is read line by line. Each line is cleaned character by character while
//! remembering every character's raw byte range, so whatever a debris rule removes is
//! recorded with its exact place in [`Document::raw`](narrascope_core::Document::raw).
//! Paragraphs are blocks separated by blank lines; inside a block a line starts a new
//! paragraph unless it continues a sentence (the previous line has no closing punctuation
//! and this one starts in lower case). The output separates paragraphs by one blank line,
//! so normalising the output again changes nothing.

mod chars;
mod debris;

use chars::{CChar, char_index, clean_line, nfc, squeeze, text, text_of};
use narrascope_core::{Analysis, Paragraph, Removal, Span, Stage, StageError};

/// A copy of the headline among this many leading paragraphs is dropped (title, standfirst,
/// repeat); further down a repeated line is the author's refrain and stays.
const HEADER_PARAGRAPHS: usize = 3;
/// Longest paragraph compared as a possibly repeated headline.
const MAX_HEADLINE_CHARS: usize = 300;

/// The result of normalising one raw text.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    /// Clean text: paragraphs separated by `"\n\n"`.
    pub text: String,
    pub paragraphs: Vec<Paragraph>,
    /// Debris removed, in raw order; `raw_span` slices the raw text to `text`.
    pub removals: Vec<Removal>,
}

/// Normalises `raw` and removes scrape debris, recording each removal.
pub fn normalize_text(raw: &str) -> Normalized {
    let lines = split_lines(raw);
    let mut ctx = Ctx {
        raw,
        line_starts: lines.iter().map(|l| l.0).collect(),
        removals: Vec::new(),
    };
    let mut paras: Vec<Vec<CChar>> = Vec::new();
    let mut current: Option<(Vec<CChar>, bool)> = None;
    for &(start, end) in &lines {
        let mut v = clean_line(raw, start, end);
        let kept = !v.is_empty() && ctx.clean_unit(&mut v);
        match (kept, current.as_mut()) {
            (true, Some((cur, joined))) if continues(cur, &v) => {
                let at = cur.last().map_or(start, |c| c.end);
                cur.push(CChar {
                    c: ' ',
                    start: at,
                    end: at,
                });
                cur.extend(v);
                *joined = true;
            }
            (true, _) => {
                ctx.flush(current.take(), &mut paras);
                current = Some((v, false));
            }
            (false, _) => ctx.flush(current.take(), &mut paras),
        }
    }
    ctx.flush(current.take(), &mut paras);
    let paras = ctx.header(paras);

    let mut text = String::with_capacity(raw.len());
    let mut paragraphs = Vec::with_capacity(paras.len());
    for p in &paras {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.extend(p.iter().map(|c| c.c));
        paragraphs.push(Paragraph {
            span: Span::new(start, text.len()),
        });
    }
    ctx.removals.sort_by_key(|r| r.raw_span.start);
    Normalized {
        text,
        paragraphs,
        removals: ctx.removals,
    }
}

/// Content ranges of the raw lines (any Unicode line break ends a line).
fn split_lines(raw: &str) -> Vec<(usize, usize)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(
            c,
            '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        ) {
            lines.push((start, i));
            start = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                start += 1;
            }
        }
    }
    lines.push((start, raw.len()));
    lines
}

/// Whether line `next` continues the sentence of the paragraph `cur` (a wrapped line).
fn continues(cur: &[CChar], next: &[CChar]) -> bool {
    let last = cur.last().map_or('.', |c| c.c);
    let first = next.first().map_or('A', |c| c.c);
    let closing = matches!(
        last,
        '.' | '!'
            | '?'
            | '…'
            | ':'
            | ';'
            | '»'
            | '"'
            | '”'
            | '’'
            | '\''
            | ')'
            | ']'
            | '。'
            | '！'
            | '？'
            | '؟'
            | '۔'
            | '|'
    );
    !closing && first.is_lowercase()
}

struct Ctx<'a> {
    raw: &'a str,
    line_starts: Vec<usize>,
    removals: Vec<Removal>,
}

impl Ctx<'_> {
    fn record(&mut self, rule: &str, removed: &[CChar]) {
        let (Some(first), Some(last)) = (removed.first(), removed.last()) else {
            return;
        };
        let span = Span::new(first.start, last.end.max(first.start));
        self.removals.push(Removal {
            rule: rule.to_string(),
            text: span.slice(self.raw).unwrap_or("").to_string(),
            raw_span: span,
            line: self
                .line_starts
                .partition_point(|&s| s <= span.start)
                .max(1),
        });
    }

    /// Removes in-line debris (until none is left) and then the whole unit when it is
    /// debris from end to end. Returns whether any text is left.
    fn clean_unit(&mut self, v: &mut Vec<CChar>) -> bool {
        let mut line = None;
        for _ in 0..8 {
            if !debris::may_have_inline(v.iter().map(|c| c.c)) {
                break;
            }
            let s = text(v);
            let hits = debris::inline(&s);
            if hits.is_empty() {
                line = Some(s);
                break;
            }
            let off = text_of(v).1;
            let mut gone = vec![false; v.len()];
            for h in hits {
                let (a, b) = (char_index(&off, h.start), char_index(&off, h.end));
                if a < b && !gone[a..b].iter().any(|&g| g) {
                    self.record(h.rule, &v[a..b]);
                    gone[a..b].iter_mut().for_each(|g| *g = true);
                }
            }
            let mut i = 0;
            v.retain(|_| {
                i += 1;
                !gone[i - 1]
            });
            nfc(v);
            squeeze(v);
        }
        if v.is_empty() {
            return false;
        }
        // whole-line rules only look at short lines: a long one needs no text built
        if v.len() > debris::MAX_DEBRIS_LINE {
            return true;
        }
        let line = line.unwrap_or_else(|| text(v));
        if let Some(rule) = debris::whole_line(&line) {
            self.record(rule, v);
            v.clear();
            return false;
        }
        true
    }

    fn flush(&mut self, para: Option<(Vec<CChar>, bool)>, out: &mut Vec<Vec<CChar>>) {
        if let Some((mut v, joined)) = para
            && (!joined || self.clean_unit(&mut v))
        {
            out.push(v);
        }
    }

    /// Header clean-up: emoji decoration before the first paragraph and a copy of the
    /// headline (the first paragraph) within the first paragraphs.
    fn header(&mut self, paras: Vec<Vec<CChar>>) -> Vec<Vec<CChar>> {
        let mut kept: Vec<Vec<CChar>> = Vec::with_capacity(paras.len());
        let mut headline: Option<String> = None;
        for mut p in paras {
            if kept.is_empty() && p.first().is_some_and(|c| debris::is_pictographic(c.c)) {
                let (s, off) = text_of(&p);
                if let Some(n) = debris::leading_emoji(&s) {
                    let n = char_index(&off, n);
                    let end = p[..n].iter().rposition(|c| c.c != ' ').map_or(0, |i| i + 1);
                    self.record("title_emoji", &p[..end]);
                    p.drain(..n);
                    nfc(&mut p);
                    squeeze(&mut p);
                    if p.is_empty() || !self.clean_unit(&mut p) {
                        continue;
                    }
                }
            }
            if kept.is_empty() {
                headline = headline_key(&p);
            } else if kept.len() < HEADER_PARAGRAPHS
                && headline.is_some()
                && headline_key(&p) == headline
            {
                self.record("repeated_headline", &p);
                continue;
            }
            kept.push(p);
        }
        kept
    }
}

/// The comparison key of a header paragraph: its text without emoji decoration, lower-cased,
/// when it is long enough for a repeat to mean a duplicated headline.
fn headline_key(p: &[CChar]) -> Option<String> {
    if p.len() > MAX_HEADLINE_CHARS {
        return None;
    }
    let s = text(p);
    let s = match debris::leading_emoji(&s) {
        Some(n) => &s[n..],
        None => &s,
    };
    (s.chars().count() >= 10 && s.contains(' ')).then(|| s.to_lowercase())
}

/// Stage: normalises `doc.raw` into `doc.text`, sets `doc.paragraphs` and `doc.removals`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Normalize;

impl Stage for Normalize {
    fn name(&self) -> &'static str {
        "normalize"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        let doc = &mut analysis.doc;
        let n = normalize_text(&doc.raw);
        doc.text = n.text;
        doc.paragraphs = n.paragraphs;
        doc.removals = n.removals;
        Ok(())
    }
}

#[cfg(test)]
mod tests;
