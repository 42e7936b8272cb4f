//! The walk over a text that asks the trie at every position where a name may start.

use super::PrefixTrie;
use crate::ascii::{BLOCK, masks};
use crate::text::{arabic_clitic_before, char_before, char_len_at, is_arabic, is_word_char};

/// The state of the walk at a position: whether the character before it is a word
/// character, and where its run of word characters starts (or some position more than 4
/// bytes before, when the run started earlier: only prefixes of up to 4 bytes can be
/// Arabic clitics).
struct Walk {
    prev_word: bool,
    word_start: usize,
}

impl Walk {
    /// The state at `e`, right after a match ending there.
    fn after_match(&mut self, hay: &str, e: usize) {
        let mut start = e;
        while let Some(c) = char_before(hay, start).filter(|&c| is_word_char(c)) {
            if e - start > 4 {
                break;
            }
            start -= c.len_utf8();
        }
        self.word_start = start;
        self.prev_word = start < e;
    }
}

/// The longest form of `trie` at every position of `hay` where a name may start (after
/// a character that is not part of a word, or after an Arabic clitic), left to right,
/// each search resuming where the previous match ended: the leftmost-longest matches
/// whose starts pass that test. A match starting inside a word is no match, and does not
/// hide a later one overlapping it: in `do ocidente` the form `o ocidente` starts inside
/// `do`, and `ocidente` follows.
///
/// Blocks of 64 bytes of ASCII are walked through the set bits of a mask of the positions
/// after a byte that is not a letter or digit; the rest one character at a time.
pub(crate) fn matches_at_word_starts(
    trie: &PrefixTrie,
    hay: &str,
    out: &mut Vec<(usize, usize, u32)>,
) {
    let bytes = hay.as_bytes();
    let mut i = 0;
    let mut walk = Walk {
        prev_word: false,
        word_start: 0,
    };
    while i < bytes.len() {
        if i % BLOCK == 0
            && let Some(block) = bytes.get(i..i + BLOCK)
        {
            let m = masks(block);
            if m.high == 0 {
                i = ascii_block(trie, hay, i, m.alnum, &mut walk, out);
                continue;
            }
        }
        let b = bytes[i];
        if walk.prev_word && b.is_ascii_alphanumeric() {
            // inside a word: no name starts here
            i += 1;
            continue;
        }
        let (word, len, arabic) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1, false)
        } else {
            let Some((c, len)) = char_len_at(hay, i) else {
                break;
            };
            (is_word_char(c), len, is_arabic(c))
        };
        let left_ok =
            !walk.prev_word || (arabic && i - walk.word_start <= 4 && arabic_clitic_before(hay, i));
        if left_ok
            && trie.opens(b)
            && trie.may_start(bytes, i)
            && let Some((e, value)) = trie.longest_at(bytes, i)
        {
            out.push((i, e, value));
            i = e;
            walk.after_match(hay, e);
            continue;
        }
        if word && !walk.prev_word {
            walk.word_start = i;
        }
        walk.prev_word = word;
        i += len;
    }
}

/// The matches starting in the ASCII block at `base` (whose letters and digits are
/// `alnum`), with the walk's state at `base`; returns where the walk goes on, with its
/// state there.
fn ascii_block(
    trie: &PrefixTrie,
    hay: &str,
    base: usize,
    alnum: u64,
    walk: &mut Walk,
    out: &mut Vec<(usize, usize, u32)>,
) -> usize {
    let bytes = hay.as_bytes();
    // the positions after a character that is not a word character (no ASCII character
    // is Arabic, so no clitic opens a name here)
    let mut asked = !((alnum << 1) | u64::from(walk.prev_word));
    while asked != 0 {
        let at = base + asked.trailing_zeros() as usize;
        asked &= asked - 1;
        if trie.opens(bytes[at])
            && trie.may_start(bytes, at)
            && let Some((e, value)) = trie.longest_at(bytes, at)
        {
            out.push((at, e, value));
            if e >= base + BLOCK {
                walk.after_match(hay, e);
                return e;
            }
            // the walk resumes at `e`, where the mask still tells the character before
            asked &= u64::MAX << (e - base);
        }
    }
    let end = base + BLOCK;
    // the run of word characters the block ends with
    let run = (!alnum).leading_zeros() as usize;
    if run == 0 {
        walk.prev_word = false;
    } else {
        if run < BLOCK || !walk.prev_word {
            walk.word_start = end - run;
        }
        walk.prev_word = true;
    }
    end
}
