//! An open-addressing hash table over piece texts *and all their prefixes*, with an
//! incremental hash. The Viterbi loop extends a candidate piece one character at a time and
//! stops as soon as no piece starts with the bytes seen so far, instead of probing every length
//! up to the longest piece.
//!
//! Each slot holds its entry itself (16 bytes: the text, or where it is when longer than four
//! bytes; the piece and its score; the length and a few hash bits) and the table is kept at
//! most half full, so a lookup usually touches one cache line, plus the text for keys longer
//! than four bytes. That matters because tokenisation runs between forward passes that evict
//! the table from the caches.

/// Piece texts stored back to back, plus the lookup table.
#[derive(Debug, Clone)]
pub struct Vocab {
    blob: Vec<u8>,
    offsets: Vec<u32>,
    table: Vec<Slot>,
    mask: usize,
    used: usize,
}

/// An entry, a piece text or a prefix of one: `key` (the text itself when it has at most
/// [`INLINE`] bytes, see [`pack`], else its offset in the blob), the piece with exactly this
/// text (or `NONE`) and its score, and `meta` = length (bits 0–15), whether some longer piece
/// starts with this text (bit 16) and hash bits (17–31). An empty slot has `meta == 0`.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    key: u32,
    id: u32,
    meta: u32,
    score: f32,
}

/// Longest text kept in a slot itself.
const INLINE: usize = 4;

/// A text of at most [`INLINE`] bytes as a slot's `key`.
#[inline]
fn pack(text: &[u8]) -> u32 {
    let mut b = [0u8; INLINE];
    b[..text.len()].copy_from_slice(text);
    u32::from_le_bytes(b)
}

const EXT: u32 = 1 << 16;
const NONE: u32 = u32::MAX;

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// The piece with exactly this text and its score, if any.
    pub piece: Option<(u32, f32)>,
    /// Whether a longer piece starts with this text.
    pub extends: bool,
}

/// Incremental hash state: feed bytes one at a time with [`hash_step`].
pub const HASH_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// Extends a hash by one byte.
#[inline]
pub fn hash_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
}

#[inline]
fn finish(h: u64) -> usize {
    (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) as usize
}

/// A slot's `meta` without the extension bit, for a key of `len` bytes with finished hash `f`.
#[inline]
fn key_meta(len: usize, f: usize) -> u32 {
    len as u32 | ((f >> 49) as u32) << 17
}

/// Whether `blob[off..off + key.len()]` is `key` (keys are short: a plain loop, no call).
#[inline]
fn same(blob: &[u8], off: usize, key: &[u8]) -> bool {
    blob.get(off..off + key.len())
        .is_some_and(|b| b.iter().zip(key).all(|(x, y)| x == y))
}

impl Vocab {
    /// Builds the table of `pieces` with their `scores`. `include(id)` decides which pieces
    /// can be looked up. Texts of 64 KiB or more (none in a real model) are not entered.
    pub fn new(pieces: &[&str], scores: &[f32], include: impl Fn(usize) -> bool) -> Self {
        let mut blob = Vec::new();
        let mut offsets = Vec::with_capacity(pieces.len() + 1);
        offsets.push(0);
        for p in pieces {
            blob.extend_from_slice(p.as_bytes());
            offsets.push(u32::try_from(blob.len()).unwrap_or(u32::MAX));
        }
        // Pieces share most prefixes: about two entries per piece, so this rarely grows.
        let cap = (pieces.len() * 4).next_power_of_two().max(16);
        let mut v = Vocab {
            blob,
            offsets,
            table: vec![Slot::default(); cap],
            mask: cap - 1,
            used: 0,
        };
        for (id, piece) in pieces.iter().enumerate().filter(|&(i, _)| include(i)) {
            let mut h = HASH_SEED;
            for (j, &b) in piece.as_bytes().iter().enumerate() {
                h = hash_step(h, b);
                let len = j + 1;
                if piece.is_char_boundary(len) && len < EXT as usize {
                    let score = scores.get(id).copied().unwrap_or(0.0);
                    v.insert(id, score, len, finish(h), len == piece.len());
                }
            }
        }
        v
    }

    fn insert(&mut self, id: usize, score: f32, len: usize, f: usize, whole: bool) {
        let off = self.offsets[id] as usize;
        let text = &self.blob[off..off + len];
        let want = key_meta(len, f);
        let mut s = f & self.mask;
        loop {
            let e = self.table[s];
            if e.meta == 0 {
                self.table[s] = Slot {
                    key: if len <= INLINE {
                        pack(text)
                    } else {
                        off as u32
                    },
                    id: if whole { id as u32 } else { NONE },
                    meta: want | if whole { 0 } else { EXT },
                    score: if whole { score } else { 0.0 },
                };
                self.used += 1;
                if self.used * 2 > self.table.len() {
                    self.grow();
                }
                return;
            }
            if e.meta & !EXT == want && self.holds(&e, text) {
                let e = &mut self.table[s];
                if whole {
                    if e.id == NONE {
                        e.id = id as u32; // on duplicate texts the first id wins
                        e.score = score;
                    }
                } else {
                    e.meta |= EXT;
                }
                return;
            }
            s = (s + 1) & self.mask;
        }
    }

    fn grow(&mut self) {
        let cap = self.table.len() * 2;
        let old = std::mem::replace(&mut self.table, vec![Slot::default(); cap]);
        self.mask = cap - 1;
        for e in old.into_iter().filter(|e| e.meta != 0) {
            let len = (e.meta & (EXT - 1)) as usize;
            let inline = e.key.to_le_bytes();
            let text = if len <= INLINE {
                &inline[..len]
            } else {
                &self.blob[e.key as usize..e.key as usize + len]
            };
            let mut s = finish(text.iter().copied().fold(HASH_SEED, hash_step)) & self.mask;
            while self.table[s].meta != 0 {
                s = (s + 1) & self.mask;
            }
            self.table[s] = e;
        }
    }

    /// Looks up `key` whose incremental hash is `h`. `None` means no piece starts with `key`.
    #[inline]
    pub fn get_hashed(&self, key: &[u8], h: u64) -> Option<Hit> {
        let f = finish(h);
        let want = key_meta(key.len(), f);
        let mut s = f & self.mask;
        loop {
            let e = self.table[s];
            if e.meta == 0 {
                return None;
            }
            if e.meta & !EXT == want && self.holds(&e, key) {
                return Some(Hit {
                    piece: (e.id != NONE).then_some((e.id, e.score)),
                    extends: e.meta & EXT != 0,
                });
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Whether slot `e`, whose length is that of `key`, holds `key`.
    #[inline]
    fn holds(&self, e: &Slot, key: &[u8]) -> bool {
        if key.len() <= INLINE {
            e.key == pack(key)
        } else {
            same(&self.blob, e.key as usize, key)
        }
    }

    /// Looks up `key`.
    #[cfg(test)]
    pub fn get(&self, key: &[u8]) -> Option<Hit> {
        self.get_hashed(key, key.iter().copied().fold(HASH_SEED, hash_step))
    }

    /// The text of piece `id`, if it exists.
    pub fn text(&self, id: u32) -> Option<&str> {
        let i = id as usize;
        let (a, b) = (*self.offsets.get(i)?, *self.offsets.get(i + 1)?);
        std::str::from_utf8(self.blob.get(a as usize..b as usize)?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_prefixes_include_and_duplicates() {
        let scores = [-1.0, -2.0, -3.0, -4.0, 0.0];
        let v = Vocab::new(&["a", "abé", "b", "a", "<s>"], &scores, |i| i != 4);
        let hit = |piece, extends| Some(Hit { piece, extends });
        assert_eq!(v.get(b"a"), hit(Some((0, -1.0)), true));
        assert_eq!(v.get("ab".as_bytes()), hit(None, true));
        assert_eq!(v.get("abé".as_bytes()), hit(Some((1, -2.0)), false));
        assert_eq!(v.get(b"b"), hit(Some((2, -3.0)), false));
        assert_eq!(v.get(b"<s>"), None);
        assert_eq!(v.get(b"<"), None);
        assert_eq!(v.get(b"abc"), None);
        assert_eq!(v.text(4), Some("<s>"));
        assert_eq!(v.text(5), None);
    }

    #[test]
    fn survives_growth() {
        // About 13 entries per word against 4 slots per word at the start: grows twice.
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x-long-tail")).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let scores: Vec<f32> = (0..refs.len()).map(|i| -(i as f32)).collect();
        let v = Vocab::new(&refs, &scores, |_| true);
        assert!(v.table.len() > 4 * refs.len().next_power_of_two());
        let prefix = Some(Hit {
            piece: None,
            extends: true,
        });
        assert_eq!((v.get(b"w12x-lo"), v.get(b"w12")), (prefix, prefix));
        for (i, w) in refs.iter().enumerate() {
            let want = Some((i as u32, -(i as f32)));
            assert_eq!(v.get(w.as_bytes()).and_then(|h| h.piece), want);
        }
    }
}
