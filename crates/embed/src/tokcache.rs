//! Per-token-id entries of the forward pass and a bounded cache of them.
//!
//! The projection and joint layer norm (spec steps 2–3) depend only on the token id, and so
//! does every window-slot product of the first convolution of each branch: `Win_n(xs) @ w1_n`
//! is the sum over slots `j` of `X_{i-left+j} @ w1_n[j·256..(j+1)·256, :]`. An entry holds, for
//! one id, `X` (768 values), its ten slot products (2 + 3 + 5 slots × 256 values, in the order
//! of [`slot_offset`]) and the dequantised embedding (512 values, at [`E_AT`]). [`compute`] makes entries one row at a time (each row of a
//! product is computed by the same operations whatever the other rows), so an entry is the same
//! bits whichever micro-batch computes it, and results do not depend on the cache's state.
//!
//! The cache is a fixed number of entries behind a mutex. Eviction is clock (second chance),
//! with a frequency filter for admission once the cache is full: a small table of aged
//! per-id lookup counts, and a new id replaces the clock's candidate only if it has been
//! looked up more often, so that ids seen once do not push out common ones.
//! A micro-batch copies the entries it finds into its own table and inserts the ones it
//! computed afterwards, so the pass itself never reads shared state.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::convert::{BRANCHES, CHUNKS, D_CNN, D_EMB, TABLE_ROWS};
use crate::forward::{Weights, layer_norm};
use crate::gemm::{NR, Strided, product, product_band};
use crate::helper::Par;

/// Width of the projected, normalised token vector `X`.
pub const D_X: usize = 3 * D_CNN;
/// Window slots over the three branches.
const SLOTS: usize = 2 + 3 + 5;
/// Offset of the dequantised embedding within an entry.
pub const E_AT: usize = D_X + SLOTS * D_CNN;
/// Values in one entry (15,360 bytes).
pub const ENTRY: usize = E_AT + D_EMB;
/// First slot of each branch within an entry's slot products.
const SLOT_BASE: [usize; 3] = [0, 2, 5];

/// Offset within an entry of the product of branch `k`'s window slot `j`.
pub fn slot_offset(k: usize, j: usize) -> usize {
    D_X + (SLOT_BASE[k] + j) * D_CNN
}

/// Counters of a [`TokenCache`]. Lookups are counted once per distinct id of a micro-batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TokenCacheStats {
    /// Lookups answered from the cache.
    pub hits: u64,
    /// Lookups whose entry was computed.
    pub misses: u64,
    /// Entries held now.
    pub entries: usize,
    /// Most entries held at once (the configured capacity).
    pub capacity: usize,
}

/// A bounded, thread-safe map from token id to entry.
pub struct TokenCache {
    inner: Mutex<Inner>,
}

struct Inner {
    cap: usize,
    map: HashMap<u32, usize>,
    ids: Vec<u32>,
    used: Vec<bool>,
    /// `ids.len()` entries of `ENTRY` values; reserved for `cap` up front and never moved.
    data: Vec<f32>,
    hand: usize,
    /// Lookup counts per id (ids folded onto `FREQ` slots), halved every `age_every` lookups.
    freq: Vec<u8>,
    lookups: usize,
    hits: u64,
    misses: u64,
}

/// Slots of the admission filter's count table.
const FREQ: usize = 1 << 17;

impl TokenCache {
    /// A cache of at most `cap` entries (`ENTRY` f32 each); 0 keeps nothing.
    pub fn new(cap: usize) -> Self {
        TokenCache {
            inner: Mutex::new(Inner {
                cap,
                map: HashMap::with_capacity(cap),
                ids: Vec::with_capacity(cap),
                used: Vec::with_capacity(cap),
                // Untouched capacity is not resident: memory grows with the entries held.
                data: Vec::with_capacity(cap * ENTRY),
                hand: 0,
                freq: if cap > 0 { vec![0; FREQ] } else { Vec::new() },
                lookups: 0,
                hits: 0,
                misses: 0,
            }),
        }
    }

    /// Finds the entries of `ids`: those held are copied to the first rows of `table`
    /// (`ENTRY` values per row), in order; the others are appended to `fresh` and get the rows
    /// after them, in order. `pos[i]` is the row of `ids[i]`. Returns the number of rows
    /// filled (the first row for `fresh`).
    pub fn lookup(
        &self,
        ids: &[u32],
        table: &mut [f32],
        pos: &mut Vec<usize>,
        fresh: &mut Vec<u32>,
    ) -> usize {
        pos.clear();
        fresh.clear();
        let mut held = 0;
        if let Ok(mut c) = self.inner.lock() {
            for &id in ids {
                c.count(id);
                match c.map.get(&id).copied() {
                    Some(s) => {
                        let row = &mut table[held * ENTRY..(held + 1) * ENTRY];
                        row.copy_from_slice(&c.data[s * ENTRY..(s + 1) * ENTRY]);
                        c.used[s] = true;
                        c.hits += 1;
                        pos.push(held);
                        held += 1;
                    }
                    None => {
                        c.misses += 1;
                        pos.push(usize::MAX);
                    }
                }
            }
        } else {
            pos.resize(ids.len(), usize::MAX);
        }
        for (p, &id) in pos.iter_mut().zip(ids) {
            if *p == usize::MAX {
                *p = held + fresh.len();
                fresh.push(id);
            }
        }
        held
    }

    /// Stores the entries `rows` (`ENTRY` values each) of `ids` not held yet, evicting the
    /// first entry not used since the clock hand last passed it.
    pub fn insert(&self, ids: &[u32], rows: &[f32]) {
        let Ok(mut c) = self.inner.lock() else { return };
        if c.cap == 0 {
            return;
        }
        for (&id, row) in ids.iter().zip(rows.chunks_exact(ENTRY)) {
            if c.map.contains_key(&id) {
                continue;
            }
            let s = if c.ids.len() < c.cap {
                c.ids.push(id);
                c.used.push(false);
                c.data.extend_from_slice(row);
                c.ids.len() - 1
            } else {
                let s = c.victim();
                let old = c.ids[s];
                if c.freq_of(id) <= c.freq_of(old) {
                    continue;
                }
                c.map.remove(&old);
                c.ids[s] = id;
                c.data[s * ENTRY..(s + 1) * ENTRY].copy_from_slice(row);
                s
            };
            c.map.insert(id, s);
        }
    }

    /// Current counters.
    pub fn stats(&self) -> TokenCacheStats {
        self.inner.lock().map_or_else(
            |_| TokenCacheStats::default(),
            |c| TokenCacheStats {
                hits: c.hits,
                misses: c.misses,
                entries: c.ids.len(),
                capacity: c.cap,
            },
        )
    }
}

impl Inner {
    fn count(&mut self, id: u32) {
        if self.freq.is_empty() {
            return;
        }
        let f = &mut self.freq[id as usize % FREQ];
        *f = f.saturating_add(1);
        self.lookups += 1;
        if self.lookups >= 16 * self.cap.max(1024) {
            self.lookups = 0;
            self.freq.iter_mut().for_each(|f| *f /= 2);
        }
    }

    fn freq_of(&self, id: u32) -> u8 {
        self.freq.get(id as usize % FREQ).copied().unwrap_or(0)
    }

    /// The clock hand's next unused slot (clearing use bits on the way); the cache is full.
    fn victim(&mut self) -> usize {
        loop {
            let s = self.hand;
            self.hand = (self.hand + 1) % self.cap;
            if !std::mem::take(&mut self.used[s]) {
                return s;
            }
        }
    }
}

/// Scratch of [`compute`].
#[derive(Default)]
pub struct EntryWs {
    e: Vec<f32>,
    x: Vec<f32>,
}

fn grow(v: &mut Vec<f32>, n: usize) -> &mut [f32] {
    if v.len() < n {
        v.resize(n, 0.0);
    }
    &mut v[..n]
}

/// The dequantised embedding row of `id` (spec step 1); out-of-range ids use the last row.
pub fn embedding(w: &Weights, id: u32, out: &mut [f32]) {
    let id = (id as usize).min(TABLE_ROWS - 1);
    let c = id % CHUNKS;
    let (s, l) = (w.scale[c], w.lo[c]);
    let mut q = [0u8; D_EMB];
    w.file
        .read_into(&w.table[id * D_EMB..(id + 1) * D_EMB], &mut q);
    for (e, &v) in out.iter_mut().zip(&q) {
        *e = f32::from(v) * s + l;
    }
}

/// Computes the entries of `ids` into `out` (`ENTRY` values per id). With two lanes, every
/// product is split by column halves.
pub fn compute(w: &Weights, ids: &[u32], out: &mut [f32], ws: &mut EntryWs, par: Par) {
    let m = ids.len();
    if m == 0 {
        return;
    }
    let e = grow(&mut ws.e, m * D_EMB);
    for (&id, row) in ids.iter().zip(e.chunks_exact_mut(D_EMB)) {
        embedding(w, id, row);
    }
    let x = grow(&mut ws.x, m * D_X);
    product(
        &Strided::new(e, m, D_EMB, D_EMB),
        D_EMB,
        D_X,
        w.proj_w,
        x,
        par,
    );
    for row in x.chunks_exact_mut(D_X) {
        for (v, b) in row.iter_mut().zip(w.proj_b) {
            *v += b;
        }
        layer_norm(row, w.ln1_g, w.ln1_b);
    }
    for (k, &(n, _)) in BRANCHES.iter().enumerate() {
        let a = Strided::new(&x[k * D_CNN..], m, D_CNN, D_X);
        let pstride = n * D_CNN * NR;
        for j in 0..n {
            let band = &w.w1[k][j * D_CNN * NR..];
            let c = &mut out[slot_offset(k, j)..];
            product_band(&a, D_CNN, D_CNN, band, pstride, c, ENTRY, par);
        }
    }
    for ((row, xr), er) in out
        .chunks_exact_mut(ENTRY)
        .zip(x.chunks_exact(D_X))
        .zip(e.chunks_exact(D_EMB))
    {
        row[..D_X].copy_from_slice(xr);
        row[E_AT..].copy_from_slice(er);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: f32) -> Vec<f32> {
        vec![v; ENTRY]
    }

    #[test]
    fn clock_keeps_used_entries_and_stays_bounded() {
        let c = TokenCache::new(2);
        let mut table = vec![0.0; 3 * ENTRY];
        let (mut pos, mut fresh) = (Vec::new(), Vec::new());
        assert_eq!(c.lookup(&[1, 2], &mut table, &mut pos, &mut fresh), 0);
        assert_eq!(
            (pos.as_slice(), fresh.as_slice()),
            (&[0, 1][..], &[1, 2][..])
        );
        c.insert(&[1, 2], &[row(1.0), row(2.0)].concat());
        assert_eq!(c.lookup(&[1], &mut table, &mut pos, &mut fresh), 1);
        assert!(fresh.is_empty() && table[0] == 1.0 && table[ENTRY - 1] == 1.0);
        // Id 3 gets in only once it has been looked up more often than the clock's candidate:
        // not after one or two lookups (candidates 2, then 1, each looked up as often), but
        // after three (candidate 2 again; 1 was used since the hand passed it).
        for _ in 0..2 {
            c.lookup(&[3], &mut table, &mut pos, &mut fresh);
            assert_eq!(fresh, vec![3]);
            c.insert(&[3], &row(3.0));
        }
        c.lookup(&[1], &mut table, &mut pos, &mut fresh);
        c.lookup(&[3], &mut table, &mut pos, &mut fresh);
        assert_eq!(fresh, vec![3]);
        c.insert(&[3], &row(3.0));
        assert_eq!(c.stats().entries, 2);
        assert_eq!(c.lookup(&[2, 1, 3], &mut table, &mut pos, &mut fresh), 2);
        assert_eq!(
            (pos.as_slice(), fresh.as_slice()),
            (&[2, 0, 1][..], &[2][..])
        );
        assert_eq!((table[0], table[ENTRY]), (1.0, 3.0));
        let s = c.stats();
        assert_eq!((s.hits, s.misses, s.entries, s.capacity), (4, 6, 2, 2));
    }

    #[test]
    fn zero_capacity_keeps_nothing() {
        let c = TokenCache::new(0);
        c.insert(&[5], &row(5.0));
        let mut table = vec![0.0; ENTRY];
        let (mut pos, mut fresh) = (Vec::new(), Vec::new());
        assert_eq!(c.lookup(&[5], &mut table, &mut pos, &mut fresh), 0);
        assert_eq!(fresh, vec![5]);
        assert_eq!(c.stats().entries, 0);
    }

    #[test]
    fn slot_offsets_tile_the_entry() {
        let mut next = D_X;
        for (k, &(n, _)) in BRANCHES.iter().enumerate() {
            for j in 0..n {
                assert_eq!(slot_offset(k, j), next);
                next += D_CNN;
            }
        }
        assert_eq!(next, E_AT);
        assert_eq!(E_AT + D_EMB, ENTRY);
    }
}
