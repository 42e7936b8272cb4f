//! An open-addressing hash table over piece texts *and all their prefixes*, with an
//! incremental hash. The Viterbi loop extends a candidate piece one character at a time and
//! stops as soon as no piece starts with the bytes seen so far, instead of probing every length
//! up to the longest piece.

/// Piece texts stored back to back, plus the lookup table.
#[derive(Debug, Clone)]
pub struct Vocab {
    blob: Vec<u8>,
    offsets: Vec<u32>,
    entries: Vec<Entry>,
    slots: Vec<u32>,
    mask: usize,
}

/// A piece text or a prefix of one: `blob[off..off + len]`.
#[derive(Debug, Clone, Copy)]
struct Entry {
    off: u32,
    len: u32,
    /// The piece with exactly this text, or `NONE`.
    id: u32,
    /// Whether some longer piece starts with this text.
    ext: bool,
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// The piece with exactly this text, if any.
    pub id: Option<u32>,
    /// Whether a longer piece starts with this text.
    pub extends: bool,
}

const EMPTY: u32 = u32::MAX;
const NONE: u32 = u32::MAX;

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

impl Vocab {
    /// Builds the table. `include(id)` decides which pieces can be looked up.
    pub fn new(pieces: &[&str], include: impl Fn(usize) -> bool) -> Self {
        let mut blob = Vec::new();
        let mut offsets = Vec::with_capacity(pieces.len() + 1);
        offsets.push(0);
        for p in pieces {
            blob.extend_from_slice(p.as_bytes());
            offsets.push(u32::try_from(blob.len()).unwrap_or(u32::MAX));
        }
        // Every character boundary of every piece may become an entry: size for that, so
        // the table never has to grow while it is built.
        let bound: usize = pieces.iter().map(|p| p.chars().count()).sum();
        let cap = (bound * 10 / 6 + 16).next_power_of_two();
        let mut v = Vocab {
            blob,
            offsets,
            entries: Vec::with_capacity(bound),
            slots: vec![EMPTY; cap],
            mask: cap - 1,
        };
        for (id, piece) in pieces.iter().enumerate().filter(|&(i, _)| include(i)) {
            let mut h = HASH_SEED;
            for (j, &b) in piece.as_bytes().iter().enumerate() {
                h = hash_step(h, b);
                let len = j + 1;
                if piece.is_char_boundary(len) {
                    v.insert(id, len, h, len == piece.len());
                }
            }
        }
        v
    }

    fn bytes(&self, e: &Entry) -> &[u8] {
        &self.blob[e.off as usize..(e.off + e.len) as usize]
    }

    fn insert(&mut self, id: usize, len: usize, h: u64, whole: bool) {
        let off = self.offsets[id];
        let key_end = off as usize + len;
        let mut s = finish(h) & self.mask;
        loop {
            let cur = self.slots[s];
            if cur == EMPTY {
                self.entries.push(Entry {
                    off,
                    len: len as u32,
                    id: if whole { id as u32 } else { NONE },
                    ext: !whole,
                });
                self.slots[s] = (self.entries.len() - 1) as u32;
                if self.entries.len() * 10 > self.slots.len() * 6 {
                    self.grow();
                }
                return;
            }
            let e = self.entries[cur as usize];
            if self.bytes(&e) == &self.blob[off as usize..key_end] {
                let e = &mut self.entries[cur as usize];
                if whole {
                    if e.id == NONE {
                        e.id = id as u32; // on duplicate texts the first id wins
                    }
                } else {
                    e.ext = true;
                }
                return;
            }
            s = (s + 1) & self.mask;
        }
    }

    fn grow(&mut self) {
        let cap = self.slots.len() * 2;
        self.slots = vec![EMPTY; cap];
        self.mask = cap - 1;
        for (i, e) in self.entries.iter().enumerate() {
            let h = self.bytes(e).iter().copied().fold(HASH_SEED, hash_step);
            let mut s = finish(h) & self.mask;
            while self.slots[s] != EMPTY {
                s = (s + 1) & self.mask;
            }
            self.slots[s] = i as u32;
        }
    }

    /// Looks up `key` whose incremental hash is `h`. `None` means no piece starts with `key`.
    #[inline]
    pub fn get_hashed(&self, key: &[u8], h: u64) -> Option<Hit> {
        let mut s = finish(h) & self.mask;
        loop {
            let cur = self.slots[s];
            if cur == EMPTY {
                return None;
            }
            let e = &self.entries[cur as usize];
            if e.len as usize == key.len() && self.bytes(e) == key {
                return Some(Hit {
                    id: (e.id != NONE).then_some(e.id),
                    extends: e.ext,
                });
            }
            s = (s + 1) & self.mask;
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
        let v = Vocab::new(&["a", "abé", "b", "a", "<s>"], |i| i != 4);
        let hit = |id, extends| Some(Hit { id, extends });
        assert_eq!(v.get(b"a"), hit(Some(0), true));
        assert_eq!(v.get("ab".as_bytes()), hit(None, true));
        assert_eq!(v.get("abé".as_bytes()), hit(Some(1), false));
        assert_eq!(v.get(b"b"), hit(Some(2), false));
        assert_eq!(v.get(b"<s>"), None);
        assert_eq!(v.get(b"<"), None);
        assert_eq!(v.get(b"abc"), None);
        assert_eq!(v.text(4), Some("<s>"));
        assert_eq!(v.text(5), None);
    }

    #[test]
    fn survives_growth() {
        let words: Vec<String> = (0..5000).map(|i| format!("w{i}x")).collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let v = Vocab::new(&refs, |_| true);
        for (i, w) in refs.iter().enumerate() {
            assert_eq!(v.get(w.as_bytes()).and_then(|h| h.id), Some(i as u32));
        }
    }
}
