//! Capitalised, name-like spans that the knowledge base does not know: kept as unlinked
//! mentions so that analysts see which actors are missing. Scripts without capitals
//! report only names a title announces (see [`caseless`]).

mod caseless;
mod lists;
mod lower;
mod words;

use std::sync::LazyLock;

use narrascope_core::{Document, Span};

use crate::document::placeholder;
use crate::mention::{Mention, MentionKind};
use crate::merge::insert_sorted;
use crate::text::{Spanned, find_overlap, find_overlap_from};

use lists::{NOT_NAMES, STOP, is_connector};
use lower::{WordSet, lowercase_into};
pub(crate) use words::Word;
use words::word_spans_into;

static STOP_SET: LazyLock<WordSet<&'static str>> = LazyLock::new(|| STOP.into_iter().collect());
static NOT_NAMES_SET: LazyLock<WordSet<&'static str>> =
    LazyLock::new(|| NOT_NAMES.into_iter().collect());

/// Whether `w` is in [`STOP`] (looked up for every capitalised word of a text).
fn is_stop(w: &str) -> bool {
    STOP_SET.contains(w)
}

/// The words of `text` written in lower case (first letter) that are also the lower-case
/// form of a capitalised word: the only words [`unlinked_mentions`] asks about (it asks
/// about single capitalised words). Hashing only those, instead of every lower-case word,
/// keeps the set small.
fn lower_case_twins<'t>(text: &'t str, words: &[Word]) -> WordSet<&'t str> {
    // words fall in slots by (length, first two bytes, last byte); a slot whose asked
    // words were all found (or that has none) lets its words through without hashing
    const SLOTS: usize = 8192;
    let slot = |w: &str| {
        let b = w.as_bytes();
        let byte = |k: Option<&u8>| u32::from(k.copied().unwrap_or(0));
        let h = (b.len() as u32).wrapping_mul(0x9e37_79b9)
            ^ byte(b.first()).wrapping_mul(0x85eb_ca6b)
            ^ byte(b.get(1)).wrapping_mul(0x27d4_eb2f)
            ^ byte(b.last()).wrapping_mul(0xc2b2_ae35);
        let h = (h ^ (h >> 15)).wrapping_mul(0x2c1b_3c6d);
        (h >> 19) as usize % SLOTS
    };
    let mut asked: WordSet<String> = WordSet::default();
    let mut open = vec![0u32; SLOTS];
    let mut buf = String::new();
    for w in words {
        if !w.upper() {
            continue;
        }
        lowercase_into(&text[w.start()..w.end()], &mut buf);
        if !buf.is_empty() && !asked.contains(buf.as_str()) {
            open[slot(&buf)] += 1;
            asked.insert(buf.clone());
        }
    }
    let mut found: WordSet<&str> = WordSet::default();
    for w in words.iter().filter(|w| w.lower()) {
        let t = &text[w.start()..w.end()];
        let k = slot(t);
        if open[k] == 0 {
            continue;
        }
        if asked.contains(t) && found.insert(t) {
            open[k] -= 1;
        }
    }
    found
}

/// Whether a span of `sorted` (sorted by start) overlaps `[start, end)`, as
/// [`find_overlap`] answers it, searched from where the last question ended (`hint`):
/// the questions come in text order, so each takes a step or two.
fn overlaps_from<T: Spanned>(
    sorted: &[T],
    hint: &std::cell::Cell<usize>,
    start: usize,
    end: usize,
) -> bool {
    let mut k = hint.get();
    let i = find_overlap_from(sorted, &mut k, start, end);
    hint.set(k);
    i.is_some()
}

/// Whether a sentence starts at byte `i`: the text start, a sentence span start, or
/// after `.`, `!`, `?`, `:` or a line break.
fn sentence_start(doc: &Document, i: usize) -> bool {
    if doc
        .sentences
        .binary_search_by_key(&i, |s| s.span.start)
        .is_ok()
    {
        return true;
    }
    let before = doc.text[..i].trim_end_matches([' ', '"', '«', '“', '\t']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n', '»', '”'])
}

/// Unlinked name-like spans of `doc` not covered by `linked`, in text order (as a stable
/// sort by span orders them), into `out`, emptied first. `linked_in_order` says that
/// `linked` is known to be in order of span; `words` and `spans` are working memory.
pub(crate) fn unlinked_mentions(
    doc: &Document,
    linked: &[Mention],
    linked_in_order: bool,
    words: &mut Vec<Word>,
    spans: &mut Vec<(usize, usize)>,
    out: &mut Vec<Mention>,
) {
    let text = doc.text.as_str();
    word_spans_into(text, words);
    let words = &words[..];
    // the linked mentions are asked about in place when they are in order (they are, as
    // the dictionary gives them), through a sorted list of their spans otherwise
    let in_order = linked_in_order || linked.is_sorted_by_key(|m| (m.span.start, m.span.end));
    spans.clear();
    if !in_order {
        spans.extend(linked.iter().map(|m| (m.span.start, m.span.end)));
        spans.sort_unstable();
    }
    let spans = &spans[..];
    let hint = std::cell::Cell::new(0);
    let free = |s: usize, e: usize| match in_order {
        true => !overlaps_from(linked, &hint, s, e),
        false => !overlaps_from(spans, &hint, s, e),
    };
    // words the text also writes in lower case are ordinary words when they open a sentence
    let lower = lower_case_twins(text, words);
    let buf = std::cell::RefCell::new(String::new());
    let ordinary = |w: &str| {
        is_stop(w) || {
            let mut b = buf.borrow_mut();
            lowercase_into(w, &mut b);
            lower.contains(b.as_str())
        }
    };
    let headline = headline_lines(text, words);
    out.clear();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        if !w.upper()
            || !free(w.start(), w.end())
            || find_overlap(&headline, w.start(), w.end()).is_some()
        {
            i += 1;
            continue;
        }
        // extend over capitalised words and connectors separated by one space or hyphen
        let mut j = i;
        let mut last_cap = i;
        while j + 1 < words.len() {
            let (a, b) = (&words[j], &words[j + 1]);
            let gap = &text[a.end()..b.start()];
            let next = &text[b.start()..b.end()];
            if !(gap == " " || gap == "-") || !free(b.start(), b.end()) {
                break;
            }
            if b.upper() {
                last_cap = j + 1;
            } else if !is_connector(next) {
                break;
            }
            j += 1;
        }
        let mut first = i;
        while first < last_cap {
            let w = &text[words[first].start()..words[first].end()];
            if !(is_stop(w)
                || (first == i && sentence_start(doc, words[first].start()) && ordinary(w)))
            {
                break;
            }
            first += 1;
        }
        let next_i = last_cap + 1;
        while last_cap > first && is_stop(&text[words[last_cap].start()..words[last_cap].end()]) {
            last_cap -= 1;
        }
        let (s, e) = (words[first].start(), words[last_cap].end());
        let single = first == last_cap;
        let surface = &text[s..e];
        let skip = (ordinary(surface) && (single || is_stop(surface)))
            || NOT_NAMES_SET.contains(surface)
            || surface.chars().count() < 2
            || surface.chars().all(|c| c.is_numeric())
            || (single && sentence_start(doc, s));
        if !skip {
            out.push(Mention {
                span: Span::new(s, e),
                surface: surface.to_string(),
                entity: None,
                candidates: Vec::new(),
                metonym: false,
                kind: MentionKind::Unlinked,
                sentence: None,
            });
        }
        i = next_i;
    }
    trim_sentence_openers(doc, out);
    let cued = caseless::cued_names(text, words, free);
    if cued.is_empty() {
        return;
    }
    let cued = cued.into_iter().map(|(s, e)| Mention {
        span: Span::new(s, e),
        surface: text[s..e].to_string(),
        entity: None,
        candidates: Vec::new(),
        metonym: false,
        kind: MentionKind::Unlinked,
        sentence: None,
    });
    insert_sorted(
        out,
        cued.collect(),
        |m| (m.span.start, m.span.end),
        placeholder,
    );
}

/// Byte ranges of lines written in title case and not ending like prose (headlines),
/// where capitals say nothing.
fn headline_lines(text: &str, words: &[Word]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut k = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        // words starting with a letter, and how many of them with a capital
        let (mut lettered, mut caps) = (0, 0);
        while k < words.len() && words[k].end() <= end {
            if words[k].alphabetic() {
                lettered += 1;
                caps += usize::from(words[k].upper());
            }
            k += 1;
        }
        let prose = line.trim_end().ends_with('.');
        if !prose && lettered >= 4 && caps * 10 >= lettered * 7 {
            out.push((start, end));
        }
        start = end;
    }
    out
}

/// `Later Jabbar Qasimi` at a sentence start, when `Jabbar Qasimi` occurs elsewhere,
/// loses its first word.
fn trim_sentence_openers(doc: &Document, out: &mut [Mention]) {
    let text = doc.text.as_str();
    let surfaces: WordSet<&str> = out
        .iter()
        .filter_map(|m| text.get(m.span.start..m.span.end))
        .collect();
    for m in out.iter_mut() {
        if !sentence_start(doc, m.span.start) {
            continue;
        }
        let Some(sp) = m.surface.find(' ') else {
            continue;
        };
        let tail = &m.surface[sp + 1..];
        if surfaces.contains(tail) {
            m.span = Span::new(m.span.start + sp + 1, m.span.end);
            m.surface = tail.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{Format, Metadata, RawDocument, SourceRef};

    fn doc(text: &str) -> Document {
        Document::from_raw(RawDocument {
            source: SourceRef {
                path: "t".into(),
                locator: None,
                format: Format::Text,
            },
            text: text.into(),
            meta: Metadata::default(),
        })
    }

    fn unlinked(d: &Document, linked: &[Mention]) -> Vec<Mention> {
        let mut out = Vec::new();
        unlinked_mentions(d, linked, false, &mut Vec::new(), &mut Vec::new(), &mut out);
        out
    }

    #[test]
    fn skips_headlines_calendar_words_and_titles() {
        let d = doc(
            "US Wages War On Iraq In Defense Of Terrorists\nOn Sunday the President of the council met Thaier Sudani in Baghdad.",
        );
        let m = unlinked(&d, &[]);
        let s: Vec<_> = m.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(s, ["Thaier Sudani", "Baghdad"]);
    }

    #[test]
    fn finds_capitalised_names_not_sentence_starts() {
        let d = doc(
            "Yesterday the Badra Oilfield Company met Husam al-Zaidan. Then Rania Khalek's post.",
        );
        let m = unlinked(&d, &[]);
        let s: Vec<_> = m.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(
            s,
            ["Badra Oilfield Company", "Husam al-Zaidan", "Rania Khalek"]
        );
    }

    #[test]
    fn overlaps_searched_from_a_hint_agree_with_a_binary_search() {
        let spans = [(0, 3), (5, 9), (5, 12), (12, 14), (20, 21)];
        let hint = std::cell::Cell::new(0);
        let asks = [
            (0, 1),
            (3, 5),
            (8, 9),
            (1, 2),
            (13, 30),
            (14, 20),
            (2, 6),
            (21, 22),
        ];
        for (s, e) in asks {
            let want = find_overlap(&spans, s, e).is_some();
            assert_eq!(overlaps_from(&spans, &hint, s, e), want, "{s}..{e}");
        }
    }

    #[test]
    fn skips_spans_already_linked() {
        let d = doc("Talks with Jabbar Luaibi ended.");
        let linked = [Mention {
            span: Span::new(11, 17),
            surface: "Jabbar".into(),
            entity: Some("x".into()),
            candidates: vec![],
            metonym: false,
            kind: MentionKind::Name,
            sentence: None,
        }];
        let m = unlinked(&d, &linked);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].surface, "Luaibi");
    }

    #[test]
    fn linked_mentions_out_of_order_are_skipped_too() {
        let d = doc("Talks with Jabbar Luaibi and Omar Fadil ended in Mosul.");
        let at = |w: &str| {
            let s = d.text.find(w).unwrap_or(0);
            Mention {
                span: Span::new(s, s + w.len()),
                surface: w.into(),
                entity: Some("x".into()),
                candidates: vec![],
                metonym: false,
                kind: MentionKind::Name,
                sentence: None,
            }
        };
        let sorted = [at("Jabbar"), at("Fadil")];
        let reversed = [at("Fadil"), at("Jabbar")];
        let surfaces = |m: Vec<Mention>| m.into_iter().map(|m| m.surface).collect::<Vec<_>>();
        let want = surfaces(unlinked(&d, &sorted));
        assert_eq!(want, ["Luaibi", "Omar", "Mosul"]);
        assert_eq!(surfaces(unlinked(&d, &reversed)), want);
    }
}
