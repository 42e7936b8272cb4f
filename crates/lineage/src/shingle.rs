//! Shingles: runs of consecutive normalised words, hashed to 64 bits.
//!
//! Each word is hashed from its UTF-8 bytes; a shingle's hash combines its word hashes in order
//! and ends with the MurmurHash3 finaliser. Pure integer arithmetic on little-endian reads, so
//! hashes are the same on every platform.

use crate::text::for_each_word;

/// The 64-bit hashes of the shingles of `text`, in text order (repeats included).
pub(crate) fn shingle_hashes(text: &str, k: usize) -> Vec<u64> {
    let mut words: Vec<u64> = Vec::new();
    for_each_word(text, |w| words.push(word_hash(w.as_bytes())));
    if words.is_empty() || k == 0 {
        return Vec::new();
    }
    words.windows(k.min(words.len())).map(combine).collect()
}

/// 64-bit hash of a word's UTF-8 bytes, read as little-endian 8-byte chunks. Two different
/// words of the same length up to 8 bytes never collide (every step is a bijection).
fn word_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut h = 0x1357_9bdf_2468_ace0_u64 ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    let mut step = |chunk: &[u8]| {
        let mut buf = [0u8; 8];
        buf[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(buf))
            .wrapping_mul(K)
            .rotate_left(31);
    };
    for c in &mut chunks {
        step(c);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        step(rest);
    }
    fmix64(h)
}

/// Order-sensitive combination of word hashes into one shingle hash.
fn combine(ws: &[u64]) -> u64 {
    let mut h = 0x243f_6a88_85a3_08d3_u64 ^ ws.len() as u64;
    for &w in ws {
        h = (h.rotate_left(27) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fmix64(h)
}

/// Final avalanche of MurmurHash3.
pub(crate) fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_never_collide() {
        let mut seen = std::collections::HashSet::new();
        for a in b'a'..=b'z' {
            for b in b'0'..=b'z' {
                assert!(seen.insert(word_hash(&[a, b])));
            }
        }
    }

    #[test]
    fn shingles_depend_on_word_order_and_cover_short_texts() {
        assert_ne!(shingle_hashes("a b c", 3), shingle_hashes("c b a", 3));
        assert_eq!(shingle_hashes("a b c d", 3).len(), 2);
        assert_eq!(shingle_hashes("a b", 3).len(), 1);
        assert!(shingle_hashes("", 3).is_empty());
        assert!(shingle_hashes("a b", 0).is_empty());
    }
}
