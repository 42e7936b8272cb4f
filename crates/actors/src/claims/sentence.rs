//! The folded sentence text for claim extraction, taken from the folded document when the
//! linker already folded it.

use narrascope_core::Span;
use narrascope_kb::{Folded, fold};

/// A sentence's folded text, with the way back to offsets in the sentence: its part of
/// the folded document when that is at hand, else the sentence folded on its own. Folding
/// works character by character and only collapses separators, so the two agree except
/// when the sentence opens with a character folding drops (then it is folded on its own).
pub(super) enum SentFold<'a> {
    /// `text` is the folded document from byte `at` on.
    Doc {
        text: &'a str,
        folded: &'a Folded,
        doc: &'a str,
        at: usize,
        base: usize,
    },
    Own(Folded),
}

impl<'a> SentFold<'a> {
    pub(super) fn new(
        doc: &'a str,
        folded: Option<&'a Folded>,
        span: Span,
        sent: &'a str,
    ) -> SentFold<'a> {
        let Some(f) = folded.filter(|_| sent.chars().next().is_some_and(kept)) else {
            return SentFold::Own(fold(sent, false));
        };
        // the folded bytes that come from characters inside the span
        let from = |k: usize| f.original(doc, k, k + 1).map_or(usize::MAX, |r| r.0);
        let lo = partition(f.text.len(), |k| from(k) < span.start);
        let hi = lo + partition(f.text.len() - lo, |k| from(lo + k) < span.end);
        match f.text.get(lo..hi) {
            Some(text) => SentFold::Doc {
                text,
                folded: f,
                doc,
                at: lo,
                base: span.start,
            },
            None => SentFold::Own(fold(sent, false)),
        }
    }

    pub(super) fn text(&self) -> &str {
        match self {
            SentFold::Doc { text, .. } => text,
            SentFold::Own(f) => &f.text,
        }
    }

    /// `fold(sent, false).original(sent, start, end)`.
    pub(super) fn original(&self, sent: &str, start: usize, end: usize) -> Option<(usize, usize)> {
        match self {
            SentFold::Doc {
                text,
                folded,
                doc,
                at,
                base,
            } => {
                if start >= end || end > text.len() {
                    return None;
                }
                let (s, e) = folded.original(doc, at + start, at + end)?;
                Some((s.checked_sub(*base)?, e.checked_sub(*base)?))
            }
            SentFold::Own(f) => f.original(sent, start, end),
        }
    }
}

/// Whether folding keeps something of `c` at the start of a text.
fn kept(c: char) -> bool {
    let mut b = [0u8; 4];
    !fold(c.encode_utf8(&mut b), false).text.is_empty()
}

/// The first `k` in `0..n` with `!pred(k)`, for a `pred` true on a prefix of `0..n`.
fn partition(n: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
