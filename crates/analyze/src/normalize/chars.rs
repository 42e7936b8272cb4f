//! Character-level cleaning that remembers where every character came from in the raw text.

use unicode_normalization::{IsNormalized, UnicodeNormalization, char::canonical_combining_class};

/// One character of cleaned text and the raw byte range `[start, end)` it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CChar {
    pub c: char,
    pub start: usize,
    pub end: usize,
}

/// Invisible formatting characters that carry no text: zero-width spaces, joiners used as
/// padding, byte-order marks, soft hyphens and bidirectional controls. ZWJ and ZWNJ are kept
/// because they change how emoji and Persian or Indic words are written.
pub(crate) fn is_junk(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFC}'
    ) || (c.is_control() && c != '\t')
}

/// The characters of `raw[start..end]` (one line, no line breaks) with junk dropped,
/// every kind of white space turned into a plain space, and NFC applied.
pub(crate) fn clean_line(raw: &str, start: usize, end: usize) -> Vec<CChar> {
    let line = raw.get(start..end).unwrap_or("");
    let mut out = Vec::with_capacity(line.len());
    for (i, c) in line.char_indices() {
        // printable ASCII is never junk and its only white space is the plain space
        if matches!(c, ' '..='~') {
            out.push(CChar {
                c,
                start: start + i,
                end: start + i + 1,
            });
            continue;
        }
        if is_junk(c) {
            continue;
        }
        let len = c.len_utf8();
        let c = if c.is_whitespace() { ' ' } else { c };
        out.push(CChar {
            c,
            start: start + i,
            end: start + i + len,
        });
    }
    nfc(&mut out);
    squeeze(&mut out);
    out
}

/// Collapses runs of spaces into one and trims both ends.
pub(crate) fn squeeze(v: &mut Vec<CChar>) {
    let mut prev_space = true;
    v.retain(|ch| {
        let keep = !(ch.c == ' ' && prev_space);
        prev_space = ch.c == ' ';
        keep
    });
    while v.last().is_some_and(|ch| ch.c == ' ') {
        v.pop();
    }
}

/// A character that never interacts with its neighbours under NFC, so text can be split
/// before it and each piece normalised on its own.
fn is_stable(c: char) -> bool {
    canonical_combining_class(c) == 0
        && unicode_normalization::is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

/// Puts `v` into NFC. Characters produced by composing a run share the raw range of that run.
pub(crate) fn nfc(v: &mut Vec<CChar>) {
    // Below U+0300 every character is a stable NFC starter (Latin letters with accents
    // included), so most Latin-script lines need no table look-up.
    if v.iter().all(|ch| ch.c < '\u{300}')
        || unicode_normalization::is_nfc_quick(v.iter().map(|ch| ch.c)) == IsNormalized::Yes
    {
        return;
    }
    let mut out = Vec::with_capacity(v.len());
    let mut run = String::new();
    let mut run_start = 0;
    let mut run_end = 0;
    for ch in v.iter() {
        if is_stable(ch.c) && !run.is_empty() {
            flush(&mut out, &run, run_start, run_end);
            run.clear();
        }
        if run.is_empty() {
            run_start = ch.start;
        }
        run.push(ch.c);
        run_end = ch.end;
    }
    flush(&mut out, &run, run_start, run_end);
    *v = out;
}

fn flush(out: &mut Vec<CChar>, run: &str, start: usize, end: usize) {
    out.extend(run.nfc().map(|c| CChar { c, start, end }));
}

/// The text of `v` and the byte offset of each of its characters in that text.
pub(crate) fn text_of(v: &[CChar]) -> (String, Vec<usize>) {
    let mut s = String::with_capacity(v.len());
    let mut offsets = Vec::with_capacity(v.len() + 1);
    for ch in v {
        offsets.push(s.len());
        s.push(ch.c);
    }
    offsets.push(s.len());
    (s, offsets)
}

/// The text of `v`.
pub(crate) fn text(v: &[CChar]) -> String {
    v.iter().map(|ch| ch.c).collect()
}

/// Index of the character starting at byte `b` of the text built by [`text_of`]
/// (or of the first character after it).
pub(crate) fn char_index(offsets: &[usize], b: usize) -> usize {
    offsets.partition_point(|&o| o < b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        text_of(&clean_line(s, 0, s.len())).0
    }

    #[test]
    fn drops_junk_and_collapses_space() {
        assert_eq!(clean("  a\u{200B}b \t\u{00A0} c\u{FEFF}  "), "ab c");
        assert_eq!(clean("x\u{0007}y"), "xy");
        // joiners that shape emoji and Persian stay
        assert_eq!(clean("می\u{200C}خواهم"), "می\u{200C}خواهم");
    }

    #[test]
    fn composes_to_nfc_and_keeps_raw_ranges() {
        let raw = "Ce\u{0301}line";
        let v = clean_line(raw, 0, raw.len());
        assert_eq!(text_of(&v).0, "Céline");
        let e = v[1];
        assert_eq!((e.c, &raw[e.start..e.end]), ('é', "e\u{0301}"));
    }

    #[test]
    fn char_index_maps_bytes_to_chars() {
        let (s, off) = text_of(&clean_line("aé b", 0, 5));
        assert_eq!(s, "aé b");
        assert_eq!(char_index(&off, 3), 2);
        assert_eq!(char_index(&off, s.len()), 4);
    }
}
