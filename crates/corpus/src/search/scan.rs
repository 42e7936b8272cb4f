//! Queries against the semantic index: the sign codes are read once into memory (and
//! extended when the file grows by appends), scanned for Hamming distances, and the best
//! candidates re-ranked exactly with their int8 codes from the memory-mapped file.

use std::path::Path;
use std::time::SystemTime;

use rayon::prelude::*;

use super::ann::{Index, Sign, TopK};
use super::vecmath::code_dot;
use crate::Result;

/// The open index with its sign codes in memory, and what the file looked like then.
pub(crate) struct Loaded {
    index: Index,
    signs: Vec<Sign>,
    stamp: Stamp,
}

/// Length, modification time and file identity (inode; `None` where unknown) of a file: a
/// rewrite renames a new file into place, so only an unchanged identity means appends.
type Stamp = (u64, Option<SystemTime>, Option<u64>);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let id = Some(std::os::unix::fs::MetadataExt::ino(&m));
    #[cfg(not(unix))]
    let id = None;
    Some((m.len(), m.modified().ok(), id))
}

/// Brings `cache` up to date with the index file at `path`: nothing to do when the file is
/// unchanged, the new entries read when entries were appended, everything read otherwise.
/// `None` in the cache when there is no index.
pub(crate) fn refresh(cache: &mut Option<Loaded>, path: &Path) -> Result<()> {
    let Some(now) = stamp(path) else {
        *cache = None;
        return Ok(());
    };
    if cache.as_ref().is_some_and(|c| c.stamp == now) {
        return Ok(());
    }
    let Some(index) = Index::open(path)? else {
        *cache = None;
        return Ok(());
    };
    let mut signs = match cache.take() {
        Some(old)
            if old.stamp.2.is_some()
                && old.stamp.2 == now.2
                && old.index.header() == index.header()
                && old.index.count <= index.count =>
        {
            old.signs
        }
        _ => Vec::new(),
    };
    let from = signs.len();
    signs.extend((from..index.count).map(|i| index.sign(i)));
    *cache = Some(Loaded {
        index,
        signs,
        stamp: now,
    });
    Ok(())
}

/// Hamming distances of `q` to every code of `signs`, into `out`.
fn distances(signs: &[Sign], q: &Sign, out: &mut Vec<u16>) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the CPU supports the instructions the function was compiled for.
            unsafe { distances_popcnt(signs, q, out) };
            return;
        }
    }
    distances_plain(signs, q, out);
}

fn hamming(a: &Sign, b: &Sign) -> u16 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x ^ y).count_ones())
        .sum::<u32>() as u16
}

fn distances_plain(signs: &[Sign], q: &Sign, out: &mut Vec<u16>) {
    signs
        .par_iter()
        .with_min_len(16384)
        .map(|s| hamming(s, q))
        .collect_into_vec(out);
}

#[cfg(target_arch = "x86_64")]
unsafe fn distances_popcnt(signs: &[Sign], q: &Sign, out: &mut Vec<u16>) {
    out.clear();
    out.resize(signs.len(), 0);
    out.par_chunks_mut(16384)
        .zip(signs.par_chunks(16384))
        .for_each(|(o, s)| {
            // SAFETY: reached only from `distances_popcnt`, whose caller checked the CPU.
            unsafe { chunk_popcnt(s, q, o) }
        });
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
unsafe fn chunk_popcnt(signs: &[Sign], q: &Sign, out: &mut [u16]) {
    for (o, s) in out.iter_mut().zip(signs) {
        *o = hamming(s, q);
    }
}

impl Loaded {
    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The `k` best (number, score) for unit query `q`, scoring exactly the `rerank` best
    /// candidates by sign-code distance (every entry when `rerank >= count`: exact search).
    pub fn search(&self, q: &[f32], k: usize, rerank: usize) -> Vec<(i64, f32)> {
        let index = &self.index;
        let n = self.signs.len();
        let exact = |i: usize| {
            let (num, code) = index.entry(i);
            (num, code_dot(q, code))
        };
        let top = |it: &mut dyn Iterator<Item = usize>| {
            let mut t = TopK::new(k);
            for i in it {
                let (num, s) = exact(i);
                t.push(num, s);
            }
            t
        };
        if rerank >= n {
            return (0..n)
                .into_par_iter()
                .with_min_len(4096)
                .fold(
                    || TopK::new(k),
                    |mut t, i| {
                        let (num, s) = exact(i);
                        t.push(num, s);
                        t
                    },
                )
                .reduce(|| TopK::new(k), TopK::merge)
                .into_sorted();
        }
        let mut dist = Vec::new();
        distances(&self.signs, &index.query_sign(q), &mut dist);
        // the distance below which (with some of its ties) the `rerank` candidates lie
        let mut hist = vec![0usize; 8 * std::mem::size_of::<Sign>() + 1];
        for &d in &dist {
            if let Some(h) = hist.get_mut(usize::from(d)) {
                *h += 1;
            }
        }
        let (mut cut, mut below) = (0, 0);
        while cut + 1 < hist.len() && below + hist[cut] < rerank {
            below += hist[cut];
            cut += 1;
        }
        let mut ties = rerank.saturating_sub(below);
        let mut picked = dist.iter().enumerate().filter_map(|(i, &d)| {
            let d = usize::from(d);
            if d < cut {
                Some(i)
            } else if d == cut && ties > 0 {
                ties -= 1;
                Some(i)
            } else {
                None
            }
        });
        top(&mut picked).into_sorted()
    }
}
