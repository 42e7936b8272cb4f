//! The words of a text, split once for every pass of the unlinked-name detector, with
//! what those passes ask about their first character.

use crate::text::is_word_char;

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

fn flags(c: char) -> u8 {
    if let Some(&f) = ASCII_FLAGS.get(c as usize) {
        return f;
    }
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
        let c = text[i..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        (c, c.len_utf8(), is_word_char(c), c == '’')
    };
    let mut i = 0;
    while i < bytes.len() {
        // outside a word: up to a word character
        let (c, len, word, _) = at(i);
        if !word {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        // inside: word characters and apostrophes
        while i < bytes.len() {
            if bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let (_, len, word, apostrophe) = at(i);
            if !(word || apostrophe) {
                break;
            }
            i += len;
        }
        out.push(Word {
            start: start as u32,
            end: i as u32,
            first: flags(c),
        });
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
