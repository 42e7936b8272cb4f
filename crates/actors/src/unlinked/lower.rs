//! Lower-case forms of words and the sets they are looked up in, for the words of a text
//! that the unlinked-name pass asks about (nearly every capitalised word).

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

/// The lower case of the characters from U+0080 to U+0FFF that lower-case to one
/// character whatever surrounds them (not `Σ`, whose lower case depends on its place in
/// the word), 0 for the others; computed once.
static LOWER: LazyLock<Box<[u32; 0x1000]>> = LazyLock::new(|| {
    let mut t = Box::new([0u32; 0x1000]);
    for (u, l) in t.iter_mut().enumerate().skip(0x80) {
        let Some(c) = char::from_u32(u as u32).filter(|&c| c != 'Σ') else {
            continue;
        };
        let mut lower = c.to_lowercase();
        if let (Some(one), None) = (lower.next(), lower.next()) {
            *l = one as u32;
        }
    }
    t
});

/// `s.to_lowercase()` into `out` (emptied first), with the characters most texts are
/// written in taken from a table.
pub(super) fn lowercase_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.extend(s.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        return;
    }
    for c in s.chars() {
        let l = match c as u32 {
            u if u < 0x80 => Some(c.to_ascii_lowercase()),
            u if u < 0x1000 => char::from_u32(LOWER[u as usize]).filter(|&l| l != '\0'),
            _ => None,
        };
        let Some(l) = l else {
            // not in the table, or its lower case depends on the rest of the word
            out.clear();
            out.push_str(&s.to_lowercase());
            return;
        };
        out.push(l);
    }
}

/// A multiplicative hash taking 8 bytes at a step, for the sets of words the unlinked-name
/// pass asks about for nearly every word of a text (where byte-at-a-time hashing showed).
#[derive(Default)]
pub(super) struct WordHasher(u64);

const WORD_K: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // the table takes its index from the low bits: mix the high ones down
        let h = self.0;
        (h ^ (h >> 31)).wrapping_mul(0x94d0_49bb_1331_11eb) ^ (h >> 29)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(WORD_K);
        }
        // the last 1 to 7 bytes, read as two overlapping halves (or first, middle and
        // last byte) rather than copied one by one
        let rest = chunks.remainder();
        let n = rest.len();
        let tail = match n {
            0 => None,
            4.. => {
                let half = |k: usize| [rest[k], rest[k + 1], rest[k + 2], rest[k + 3]];
                let (a, b) = (u32::from_le_bytes(half(0)), u32::from_le_bytes(half(n - 4)));
                Some(u64::from(a) | u64::from(b) << 32)
            }
            _ => Some(
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16,
            ),
        };
        if let Some(t) = tail {
            h = (h.rotate_left(5) ^ t ^ (n as u64) << 56).wrapping_mul(WORD_K);
        }
        self.0 = h;
    }

    fn write_u8(&mut self, b: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(WORD_K);
    }
}

/// A hash set with [`WordHasher`] hashing.
pub(super) type WordSet<T> = HashSet<T, BuildHasherDefault<WordHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_hashes_differ() {
        use std::hash::BuildHasher;
        let build = BuildHasherDefault::<WordHasher>::default();
        let mut seen = HashSet::new();
        let mut n = 0;
        for a in ["", "a", "the", "Россия", "abcdefgh", "abcdefghi"] {
            for i in 0..2000 {
                let w = format!("{a}{i}");
                assert!(seen.insert(build.hash_one(w.as_str())), "{w}");
                n += 1;
            }
        }
        // and spread over the low bits that pick the slot of a table
        let slots: HashSet<u64> = seen.iter().map(|h| h & 0xfff).collect();
        assert!(slots.len() > 3000, "{} slots for {n} words", slots.len());
    }

    #[test]
    fn lower_case_from_the_table_is_that_of_the_standard_library() {
        let mut out = String::new();
        let mut words: Vec<String> = [
            "Россия",
            "ΣΟΦΟΣ",
            "Σ",
            "İstanbul",
            "Ⱥx",
            "ÉTAT",
            "ABC",
            "ẞ",
            "",
        ]
        .map(String::from)
        .to_vec();
        // every character of the table, alone and inside a word
        for u in 0x20..0x1100u32 {
            if let Some(c) = char::from_u32(u) {
                words.push(c.to_string());
                words.push(format!("A{c}b{c}"));
            }
        }
        for w in &words {
            lowercase_into(w, &mut out);
            assert_eq!(out, w.to_lowercase(), "{w}");
        }
    }
}
