//! A bounded cache of per-token-id entries ([`crate::entry`]).
//!
//! The cache is a fixed number of entries in one anonymous mapping (faulted in as entries
//! arrive, with transparent huge pages where the kernel offers them), indexed behind a mutex.
//! Eviction is clock (second chance), with a frequency filter for admission once the cache is
//! full: a small table of aged per-id lookup counts, and a new id replaces the clock's
//! candidate only if it has been looked up more often, so that ids seen once do not push out
//! common ones. A micro-batch reads the entries it finds in place: [`TokenCache::lookup`] pins
//! them, so that they are neither evicted nor overwritten until its [`Pins`] are dropped, and
//! the pass reads them without taking the lock. Entries it computed are offered to the cache
//! afterwards ([`TokenCache::insert`]).

use std::collections::HashMap;
use std::sync::Mutex;

use crate::entry::ENTRY;

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

/// Where the entry of one distinct id of a micro-batch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Src {
    /// The `i`-th entry pinned by the lookup ([`Pins::entry`]).
    Cached(usize),
    /// A row of the micro-batch's own table of computed entries.
    Own(usize),
}

/// A bounded, thread-safe map from token id to entry.
pub struct TokenCache {
    inner: Mutex<Inner>,
    slab: Slab,
}

/// `cap × ENTRY` f32 of zeroed anonymous memory. Slot `s` is written only by
/// [`TokenCache::insert`] under the lock, and only while no [`Pins`] hold it; pinned slots are
/// read without the lock. No reference to the whole area is ever formed.
struct Slab {
    ptr: *mut f32,
    _map: Option<memmap2::MmapRaw>,
}

// SAFETY: access to the memory follows the slot protocol above.
unsafe impl Send for Slab {}
// SAFETY: as above.
unsafe impl Sync for Slab {}

impl Slab {
    /// The mapping, or `None` when `cap` is 0 or the memory cannot be mapped.
    fn new(cap: usize) -> Option<Self> {
        let bytes = cap.checked_mul(ENTRY * 4).filter(|&b| b > 0)?;
        let map = memmap2::MmapMut::map_anon(bytes).ok()?;
        #[cfg(target_os = "linux")]
        {
            // Fewer faults and TLB misses for scattered entries; merely advice.
            let _ = map.advise(memmap2::Advice::HugePage);
        }
        let map = memmap2::MmapRaw::from(map);
        Some(Slab {
            ptr: map.as_mut_ptr().cast(),
            _map: Some(map),
        })
    }

    fn none() -> Self {
        Slab {
            ptr: std::ptr::null_mut(),
            _map: None,
        }
    }

    /// # Safety
    /// `s` is below the capacity and the slot is pinned or held under the lock for reading.
    unsafe fn get(&self, s: usize) -> &[f32] {
        // SAFETY: the mapping holds cap × ENTRY f32; the caller's contract excludes writers.
        unsafe { std::slice::from_raw_parts(self.ptr.add(s * ENTRY), ENTRY) }
    }

    /// # Safety
    /// `s` is below the capacity, the lock is held and the slot is not pinned.
    #[allow(clippy::mut_from_ref)]
    unsafe fn get_mut(&self, s: usize) -> &mut [f32] {
        // SAFETY: as for `get`; the caller's contract excludes every other access.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.add(s * ENTRY), ENTRY) }
    }
}

struct Inner {
    cap: usize,
    map: HashMap<u32, usize>,
    ids: Vec<u32>,
    used: Vec<bool>,
    /// Readers holding each slot (see [`Pins`]).
    pins: Vec<u32>,
    hand: usize,
    /// Lookup counts per id (ids folded onto `FREQ` slots), halved every `age_every` lookups.
    freq: Vec<u8>,
    lookups: usize,
    hits: u64,
    misses: u64,
}

/// Slots of the admission filter's count table.
const FREQ: usize = 1 << 17;

/// Cache slots pinned by one lookup; they stay readable, unchanged, until this is dropped.
pub struct Pins<'c> {
    cache: &'c TokenCache,
    slots: Vec<usize>,
}

impl Pins<'_> {
    /// The `i`-th pinned entry (named by the lookup's [`Src::Cached`]).
    pub fn entry(&self, i: usize) -> &[f32] {
        // SAFETY: the slot is pinned by us, so nobody writes it until we are dropped.
        unsafe { self.cache.slab.get(self.slots[i]) }
    }
}

impl Drop for Pins<'_> {
    fn drop(&mut self) {
        if self.slots.is_empty() {
            return;
        }
        if let Ok(mut c) = self.cache.inner.lock() {
            for &s in &self.slots {
                c.pins[s] -= 1;
            }
        }
    }
}

impl TokenCache {
    /// A cache of at most `cap` entries (`ENTRY` f32 each); 0 keeps nothing.
    pub fn new(cap: usize) -> Self {
        let (cap, slab) = match Slab::new(cap) {
            Some(s) => (cap, s),
            None => (0, Slab::none()),
        };
        TokenCache {
            inner: Mutex::new(Inner {
                cap,
                map: HashMap::with_capacity(cap),
                ids: Vec::with_capacity(cap),
                used: Vec::with_capacity(cap),
                pins: Vec::with_capacity(cap),
                hand: 0,
                freq: if cap > 0 { vec![0; FREQ] } else { Vec::new() },
                lookups: 0,
                hits: 0,
                misses: 0,
            }),
            slab,
        }
    }

    /// Finds the entries of `ids`. `src[i]` says where the entry of `ids[i]` is: an entry
    /// that is held (and now pinned), or, for the ids appended to `fresh` in order, rows 0, 1, …
    /// of the caller's own table, which the caller fills.
    pub fn lookup(&self, ids: &[u32], src: &mut Vec<Src>, fresh: &mut Vec<u32>) -> Pins<'_> {
        src.clear();
        fresh.clear();
        let mut slots = Vec::new();
        if let Ok(mut c) = self.inner.lock() {
            for &id in ids {
                c.count(id);
                match c.map.get(&id).copied() {
                    Some(s) => {
                        c.used[s] = true;
                        c.pins[s] += 1;
                        c.hits += 1;
                        src.push(Src::Cached(slots.len()));
                        slots.push(s);
                    }
                    None => {
                        c.misses += 1;
                        src.push(Src::Own(fresh.len()));
                        fresh.push(id);
                    }
                }
            }
        } else {
            for &id in ids {
                src.push(Src::Own(fresh.len()));
                fresh.push(id);
            }
        }
        Pins { cache: self, slots }
    }

    /// Stores the entries `rows` (`ENTRY` values each) of `ids` not held yet, evicting the
    /// first unpinned entry not used since the clock hand last passed it.
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
                c.pins.push(0);
                c.ids.len() - 1
            } else {
                let Some(s) = c.victim() else { return };
                let old = c.ids[s];
                if c.freq_of(id) <= c.freq_of(old) {
                    continue;
                }
                c.map.remove(&old);
                c.ids[s] = id;
                s
            };
            // SAFETY: s < cap; we hold the lock and the slot is not pinned (new, or a victim).
            unsafe { self.slab.get_mut(s) }.copy_from_slice(row);
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

    /// The clock hand's next unpinned slot not used since the hand last passed it (clearing
    /// use bits on the way); the cache is full. `None` when every slot is pinned.
    fn victim(&mut self) -> Option<usize> {
        for _ in 0..2 * self.cap {
            let s = self.hand;
            self.hand = (self.hand + 1) % self.cap;
            if self.pins[s] == 0 && !std::mem::take(&mut self.used[s]) {
                return Some(s);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(v: f32) -> Vec<f32> {
        vec![v; ENTRY]
    }

    /// Looks `ids` up and returns where each entry is, the fresh ids and the first value of
    /// each held entry (pins are released on return).
    fn look(c: &TokenCache, ids: &[u32]) -> (Vec<Src>, Vec<u32>, Vec<f32>) {
        let (mut src, mut fresh) = (Vec::new(), Vec::new());
        let pins = c.lookup(ids, &mut src, &mut fresh);
        let held = src
            .iter()
            .filter_map(|s| match *s {
                Src::Cached(i) => {
                    let e = pins.entry(i);
                    assert!(e.iter().all(|&v| v == e[0]), "entry is one value");
                    Some(e[0])
                }
                Src::Own(_) => None,
            })
            .collect();
        (src, fresh, held)
    }

    #[test]
    fn clock_keeps_used_entries_and_stays_bounded() {
        use Src::{Cached, Own};
        let c = TokenCache::new(2);
        let (src, fresh, _) = look(&c, &[1, 2]);
        assert_eq!((src, fresh), (vec![Own(0), Own(1)], vec![1, 2]));
        c.insert(&[1, 2], &[row(1.0), row(2.0)].concat());
        assert_eq!(look(&c, &[1]), (vec![Cached(0)], vec![], vec![1.0]));
        // Id 3 gets in only once it has been looked up more often than the clock's candidate:
        // not after one or two lookups (candidates 2, then 1, each looked up as often), but
        // after three (candidate 2 again; 1 was used since the hand passed it).
        for _ in 0..2 {
            assert_eq!(look(&c, &[3]).1, vec![3]);
            c.insert(&[3], &row(3.0));
        }
        look(&c, &[1]);
        assert_eq!(look(&c, &[3]).1, vec![3]);
        c.insert(&[3], &row(3.0));
        assert_eq!(c.stats().entries, 2);
        let (src, fresh, held) = look(&c, &[2, 1, 3]);
        assert_eq!(src, vec![Own(0), Cached(0), Cached(1)]);
        assert_eq!((fresh, held), (vec![2], vec![1.0, 3.0]));
        let s = c.stats();
        assert_eq!((s.hits, s.misses, s.entries, s.capacity), (4, 6, 2, 2));
    }

    #[test]
    fn pinned_entries_are_neither_evicted_nor_overwritten() {
        let c = TokenCache::new(1);
        c.insert(&[7], &row(7.0));
        let (mut src, mut fresh) = (Vec::new(), Vec::new());
        let pins = c.lookup(&[7], &mut src, &mut fresh);
        // Id 8 is looked up far more often than 7, but 7's only slot is pinned.
        for _ in 0..5 {
            look(&c, &[8]);
        }
        c.insert(&[8], &row(8.0));
        assert_eq!(pins.entry(0)[ENTRY - 1], 7.0);
        assert_eq!(look(&c, &[8]).1, vec![8]);
        drop(pins);
        c.insert(&[8], &row(8.0));
        assert_eq!(look(&c, &[8]).2, vec![8.0]);
        assert_eq!(look(&c, &[7]).1, vec![7]);
    }

    #[test]
    fn zero_capacity_keeps_nothing() {
        let c = TokenCache::new(0);
        c.insert(&[5], &row(5.0));
        assert_eq!(look(&c, &[5]), (vec![Src::Own(0)], vec![5], vec![]));
        assert_eq!(c.stats().entries, 0);
    }
}
