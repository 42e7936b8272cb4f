//! Small character-level helpers on UTF-8 text.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;

/// The character ending right before byte `i`.
pub fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

/// The character starting at byte `i`.
pub fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// The character starting at byte `i` and its length, with the one- and two-byte
/// characters (ASCII, Latin, Greek, Cyrillic, Arabic, Hebrew) decoded directly.
#[inline(always)]
pub fn char_len_at(text: &str, i: usize) -> Option<(char, usize)> {
    let b = text.as_bytes();
    match *b.get(i)? {
        x if x < 0x80 => Some((char::from(x), 1)),
        x @ 0xc2..=0xdf => {
            let y = *b.get(i + 1)?;
            let c = char::from_u32(u32::from(x & 0x1f) << 6 | u32::from(y & 0x3f))?;
            Some((c, 2))
        }
        _ => text.get(i..)?.chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// A letter, digit or combining mark (`char::is_alphanumeric` or a mark: the Devanagari
/// virama and nukta are not alphabetic, yet they sit inside words), with the Basic
/// Multilingual Plane answered from a bit table built once (this runs for every character
/// of every text).
pub fn is_word_char(c: char) -> bool {
    let u = c as u32;
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if u < 0x10000 {
        BMP_WORD[(u >> 6) as usize] >> (u & 63) & 1 != 0
    } else {
        slow_word_char(c)
    }
}

fn slow_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

static BMP_WORD: LazyLock<Box<[u64; 1024]>> = LazyLock::new(|| {
    let mut t = Box::new([0u64; 1024]);
    for u in 0x80..0x10000u32 {
        if char::from_u32(u).is_some_and(slow_word_char) {
            t[(u >> 6) as usize] |= 1 << (u & 63);
        }
    }
    t
});

/// FNV-1a, for sets of short words looked up once per word of a text, where SipHash's
/// protection against chosen keys buys nothing.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A hash set with [`Fnv`] hashing.
pub type FastSet<T> = HashSet<T, BuildHasherDefault<Fnv>>;

/// A hash map with [`Fnv`] hashing.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Whether `[start, end)` is delimited by non-word characters (or the text ends).
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    !char_before(text, start).is_some_and(is_word_char)
        && !char_at(text, end).is_some_and(is_word_char)
}

/// Arabic one-letter clitics (and, so, with, to, like) and their pairs, which attach
/// to the next word without a space.
const ARABIC_CLITICS: [&str; 9] = ["و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل"];

/// Whether the word characters right before `start` are an Arabic clitic prefix.
pub fn arabic_clitic_before(text: &str, start: usize) -> bool {
    let head = &text[..start];
    let word_start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map(|(i, _)| i)
        .unwrap_or(start);
    let prefix = &head[word_start..];
    !prefix.is_empty() && ARABIC_CLITICS.contains(&prefix)
}

pub fn is_arabic(c: char) -> bool {
    ('\u{600}'..='\u{6ff}').contains(&c)
}

/// The words (runs of word characters, with inner apostrophes) of `s`.
pub fn words(s: &str) -> impl DoubleEndedIterator<Item = &str> {
    s.split(|c: char| !(is_word_char(c) || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
}

/// The index of a span of `sorted` (sorted by start, not overlapping each other) that
/// overlaps `[start, end)`.
pub fn find_overlap(sorted: &[(usize, usize)], start: usize, end: usize) -> Option<usize> {
    let i = sorted.partition_point(|&(s, _)| s < end);
    (i > 0 && sorted[i - 1].1 > start).then(|| i - 1)
}

/// [`find_overlap`] for questions asked mostly from left to right: `hint` keeps the
/// number of spans starting before the last `end` asked about, so that each question
/// takes a step or two. The answers are those of [`find_overlap`] in any order.
pub fn find_overlap_from<T: Spanned>(
    sorted: &[T],
    hint: &mut usize,
    start: usize,
    end: usize,
) -> Option<usize> {
    let mut i = (*hint).min(sorted.len());
    while i > 0 && sorted[i - 1].span().0 >= end {
        i -= 1;
    }
    while i < sorted.len() && sorted[i].span().0 < end {
        i += 1;
    }
    *hint = i;
    (i > 0 && sorted[i - 1].span().1 > start).then(|| i - 1)
}

/// Something covering a byte range `[start, end)` of a text.
pub trait Spanned {
    fn span(&self) -> (usize, usize);
}

impl Spanned for narrascope_core::Mention {
    fn span(&self) -> (usize, usize) {
        (self.span.start, self.span.end)
    }
}

impl Spanned for (usize, usize) {
    fn span(&self) -> (usize, usize) {
        *self
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn overlap_search_from_a_hint() {
        let v = [(0, 3), (5, 9), (12, 14), (12, 13), (20, 21)];
        let mut hint = 0;
        for (s, e) in [
            (3, 5),
            (8, 13),
            (4, 6),
            (14, 20),
            (0, 1),
            (13, 30),
            (2, 6),
            (21, 22),
        ] {
            let want = super::find_overlap(&v, s, e);
            assert_eq!(
                super::find_overlap_from(&v, &mut hint, s, e),
                want,
                "{s}..{e}"
            );
        }
    }

    #[test]
    fn overlap_search() {
        let v = [(0, 3), (5, 9), (12, 14)];
        assert_eq!(super::find_overlap(&v, 3, 5), None);
        assert_eq!(super::find_overlap(&v, 8, 13), Some(2));
        assert_eq!(super::find_overlap(&v, 4, 6), Some(1));
        assert_eq!(super::find_overlap(&v, 14, 20), None);
        assert_eq!(super::find_overlap(&[], 0, 1), None);
    }

    use super::*;

    #[test]
    fn word_chars_are_alphanumerics_and_marks() {
        for u in (0..0x11000u32).chain([0x1F600, 0x20000, 0xE0001, 0x1D167]) {
            if let Some(c) = char::from_u32(u) {
                let want = c.is_alphanumeric() || is_combining_mark(c);
                assert_eq!(is_word_char(c), want, "U+{u:04X}");
            }
        }
        // virama and nukta are inside Hindi words; the danda is not
        assert!(is_word_char('\u{94d}') && is_word_char('\u{93c}'));
        assert!(!is_word_char('।'));
        assert_eq!(words("जेलेंस्की और पुतिन।").count(), 3);
    }

    #[test]
    fn characters_decoded_directly_are_those_of_the_standard_library() {
        let t = "aé ЖبË€😀\u{7ff}\u{800}\u{80}z";
        for (i, c) in t.char_indices() {
            assert_eq!(char_len_at(t, i), Some((c, c.len_utf8())), "{i}");
        }
        assert_eq!(char_len_at(t, t.len()), None);
    }

    #[test]
    fn boundaries_and_clitics() {
        let t = "l'EI, USAGE et US";
        assert!(at_word_boundaries(t, 2, 4));
        assert!(!at_word_boundaries(t, 6, 8));
        assert!(at_word_boundaries(t, t.len() - 2, t.len()));
        let a = "والعراق بالعراق";
        let i = a.find("العراق").unwrap();
        assert!(arabic_clitic_before(a, i));
        let j = a.rfind("العراق").unwrap();
        assert!(arabic_clitic_before(a, j));
        assert!(!arabic_clitic_before("مالعراق", "م".len()));
        assert_eq!(char_before("é", 0), None);
        assert_eq!(
            words("Kata’ib Hezbollah-x").collect::<Vec<_>>(),
            ["Kata’ib", "Hezbollah", "x"]
        );
    }
}
