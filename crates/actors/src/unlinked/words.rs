//! The words of a text, split once for every pass of the unlinked-name detector, with
//! what those passes ask about their first character.

use std::sync::LazyLock;

use crate::ascii::{BLOCK, Masks, masks};
use crate::text::{char_len_at, is_word_char};

const UPPER: u8 = 1;
const LOWER: u8 = 2;
const ALPHABETIC: u8 = 4;
const DEVANAGARI: u8 = 8;

/// A word of the text: its byte range, and what its first character is. Kept small (the
/// words of a long text are read in several passes): offsets are `u32`, and
/// [`word_spans_into`] leaves out words past 4 GiB.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    start: u32,
    end: u32,
    first: u8,
}

impl Word {
    pub(super) fn start(&self) -> usize {
        self.start as usize
    }

    pub(super) fn end(&self) -> usize {
        self.end as usize
    }

    /// Whether the word starts with an upper-case letter.
    pub(super) fn upper(&self) -> bool {
        self.first & UPPER != 0
    }

    /// Whether the word starts with a lower-case letter.
    pub(super) fn lower(&self) -> bool {
        self.first & LOWER != 0
    }

    /// Whether the word starts with a letter.
    pub(super) fn alphabetic(&self) -> bool {
        self.first & ALPHABETIC != 0
    }

    /// Whether the word starts with a Devanagari letter (see [`is_devanagari_letter`]).
    pub(super) fn devanagari(&self) -> bool {
        self.first & DEVANAGARI != 0
    }
}

/// [`flags`] of the ASCII characters.
const ASCII_FLAGS: [u8; 128] = {
    let mut t = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            UPPER | ALPHABETIC
        } else if c.is_ascii_lowercase() {
            LOWER | ALPHABETIC
        } else {
            0
        };
        b += 1;
    }
    t
};

/// [`flags`] of the characters below [`TABLE_END`] (Latin, Greek, Cyrillic, Arabic,
/// Devanagari and more), computed once: the Unicode property look-ups behind them take a
/// search per character.
const TABLE_END: u32 = 0x1000;
static FLAGS: LazyLock<Box<[u8; TABLE_END as usize]>> = LazyLock::new(|| {
    let mut t = Box::new([0u8; TABLE_END as usize]);
    for (u, f) in t.iter_mut().enumerate() {
        if let Some(c) = char::from_u32(u as u32) {
            *f = slow_flags(c);
        }
    }
    t
});

fn flags(c: char) -> u8 {
    if let Some(&f) = ASCII_FLAGS.get(c as usize) {
        return f;
    }
    match FLAGS.get(c as usize) {
        Some(&f) => f,
        None => slow_flags(c),
    }
}

fn slow_flags(c: char) -> u8 {
    let mut f = 0;
    if c.is_uppercase() {
        f |= UPPER;
    }
    if c.is_lowercase() {
        f |= LOWER;
    }
    if c.is_alphabetic() {
        f |= ALPHABETIC;
    }
    if is_devanagari_letter(c) {
        f |= DEVANAGARI;
    }
    f
}

/// A Devanagari letter that can start a word (vowels and consonants).
pub(super) fn is_devanagari_letter(c: char) -> bool {
    ('\u{904}'..='\u{939}').contains(&c) || ('\u{958}'..='\u{961}').contains(&c)
}

impl Word {
    fn new(start: usize, end: usize, first: u8) -> Word {
        Word {
            start: start as u32,
            end: end as u32,
            first,
        }
    }
}

/// The words of `block`, ASCII only, starting at byte `base` of the text, into `out`;
/// `open` is the word still being read when the block starts, and when it ends.
fn words_in_block(
    block: &[u8],
    base: usize,
    m: Masks,
    open: &mut Option<(usize, u8)>,
    out: &mut Vec<Word>,
) {
    let carry = u64::from(open.is_some());
    // apostrophes inside a word: the runs of them right after a word character (adding
    // the first bit of such a run to the mask clears the whole run)
    let seeds = ((m.alnum << 1) | carry) & m.apostrophe;
    let attached = (m.apostrophe.wrapping_add(seeds) ^ m.apostrophe) & m.apostrophe;
    let inside = m.alnum | attached;
    let before = (inside << 1) | carry;
    let mut starts = inside & !before;
    let mut ends = !inside & before;
    if let Some((start, first)) = *open {
        if ends == 0 {
            return;
        }
        out.push(Word::new(
            start,
            base + ends.trailing_zeros() as usize,
            first,
        ));
        ends &= ends - 1;
        *open = None;
    }
    while starts != 0 {
        let s = starts.trailing_zeros() as usize;
        starts &= starts - 1;
        let first = ASCII_FLAGS[usize::from(block[s] & 0x7f)];
        if ends == 0 {
            *open = Some((base + s, first));
        } else {
            out.push(Word::new(
                base + s,
                base + ends.trailing_zeros() as usize,
                first,
            ));
            ends &= ends - 1;
        }
    }
}

#[cfg(test)]
pub(super) fn word_spans(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    word_spans_into(text, &mut out);
    out
}

/// The words of `text` (runs of word characters and inner apostrophes, without a final
/// possessive `'s` or apostrophe) into `out`, emptied first; only those within the first
/// 4 GiB of the text.
pub(super) fn word_spans_into(text: &str, out: &mut Vec<Word>) {
    let text = match text.len() {
        n if n <= u32::MAX as usize => text,
        _ => {
            let mut cut = u32::MAX as usize;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            &text[..cut]
        }
    };
    let bytes = text.as_bytes();
    out.clear();
    out.reserve(text.len() / 5 + 1);
    // the character at byte `i`, its length, and whether it is a word character
    let at = |i: usize| -> (char, usize, bool, bool) {
        let b = bytes[i];
        if b < 0x80 {
            return (char::from(b), 1, b.is_ascii_alphanumeric(), b == b'\'');
        }
        let (c, len) = char_len_at(text, i).unwrap_or((char::REPLACEMENT_CHARACTER, 1));
        (c, len, is_word_char(c), c == '’')
    };
    // the word being read: its start and the flags of its first character
    let mut open: Option<(usize, u8)> = None;
    let mut i = 0;
    while i < bytes.len() {
        // a block of ASCII is split with bit masks
        if i % BLOCK == 0
            && let Some(block) = bytes.get(i..i + BLOCK)
        {
            let m = masks(block);
            if m.high == 0 {
                words_in_block(block, i, m, &mut open, out);
                i += BLOCK;
                continue;
            }
        }
        let (c, len, word, apostrophe) = at(i);
        match open {
            // outside a word: up to a word character
            None if word => open = Some((i, flags(c))),
            // inside: word characters and apostrophes
            Some((start, first)) if !(word || apostrophe) => {
                out.push(Word::new(start, i, first));
                open = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some((start, first)) = open {
        out.push(Word::new(start, bytes.len(), first));
    }
    for w in out.iter_mut() {
        let (start, mut end) = (w.start(), w.end());
        // only words ending in `s` or an apostrophe change
        if !matches!(bytes[end - 1], b's' | b'\'' | 0x99) {
            continue;
        }
        for poss in ["'s", "’s"] {
            if text[start..end].ends_with(poss) && end - poss.len() > start {
                end -= poss.len();
            }
        }
        while text[start..end].ends_with(['\'', '’']) {
            end -= text[..end].chars().next_back().map_or(1, char::len_utf8);
        }
        w.end = end as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_flags_agree_with_the_character_tests() {
        for b in 0..128u8 {
            let c = char::from(b);
            let mut want = 0;
            if c.is_uppercase() {
                want |= UPPER;
            }
            if c.is_lowercase() {
                want |= LOWER;
            }
            if c.is_alphabetic() {
                want |= ALPHABETIC;
            }
            assert_eq!(flags(c), want, "{b}");
        }
    }

    /// The words as a scan of one character at a time finds them.
    fn words_one_by_one(text: &str) -> Vec<(usize, usize, u8)> {
        let mut out = Vec::new();
        let mut open: Option<(usize, u8)> = None;
        for (i, c) in text.char_indices() {
            let word = is_word_char(c);
            match open {
                None if word => open = Some((i, flags(c))),
                Some((s, f)) if !(word || c == '\'' || c == '’') => {
                    out.push((s, i, f));
                    open = None;
                }
                _ => {}
            }
        }
        out.extend(open.map(|(s, f)| (s, text.len(), f)));
        out
    }

    #[test]
    fn blocks_of_ascii_split_as_one_character_at_a_time() {
        let pieces = [
            "a", "Zo", "9", " ", "'", "''", "’", "é", "Ж", "ب", "क्", ".", "-", "\n", "s", "'s",
            "😀", "Abc", "de ", "x'", "  ",
        ];
        let mut x = 0x2545_f491_4f6c_dd1du64;
        for round in 0..3000 {
            // some texts all ASCII, so that whole blocks take the masks
            let t = crate::ascii::mixed_text(&pieces, 10 + round % 400, round % 3 == 0, &mut x);
            let mut got = Vec::new();
            word_spans_into(&t, &mut got);
            // the final possessive and apostrophes are cut in both
            let want: Vec<(usize, usize, u8)> = words_one_by_one(&t)
                .into_iter()
                .map(|(s, e, f)| {
                    let mut one = Vec::new();
                    word_spans_into(&t[s..e], &mut one);
                    (s, s + one.first().map_or(e - s, |w| w.end()), f)
                })
                .collect();
            let got: Vec<(usize, usize, u8)> =
                got.iter().map(|w| (w.start(), w.end(), w.first)).collect();
            assert_eq!(got, want, "{t:?}");
        }
    }

    #[test]
    fn table_flags_agree_with_the_character_tests() {
        for u in (0..0x3000u32).chain([0x1F600, 0x10400, 0x1D400]) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(flags(c), slow_flags(c), "U+{u:04X}");
            }
        }
        assert_eq!(flags('Ж'), UPPER | ALPHABETIC);
        assert_eq!(flags('ж'), LOWER | ALPHABETIC);
        assert_eq!(flags('ب'), ALPHABETIC);
        assert_eq!(flags('क'), ALPHABETIC | DEVANAGARI);
    }

    #[test]
    fn words_and_their_first_characters() {
        let t = "Kata’ib Hezbollah's men, l'État et «Россия» 12 ère’";
        let w = word_spans(t);
        let got: Vec<(&str, bool, bool, bool)> = w
            .iter()
            .map(|w| (&t[w.start()..w.end()], w.upper(), w.lower(), w.alphabetic()))
            .collect();
        assert_eq!(
            got,
            [
                ("Kata’ib", true, false, true),
                ("Hezbollah", true, false, true),
                ("men", false, true, true),
                ("l'État", false, true, true),
                ("et", false, true, true),
                ("Россия", true, false, true),
                ("12", false, false, false),
                ("ère", false, true, true),
            ]
        );
        let h = word_spans("श्री मोदी 12");
        let dev: Vec<bool> = h.iter().map(Word::devanagari).collect();
        assert_eq!(dev, [true, true, false]);
    }
}
