//! An inverted-file (IVF) index over the stored int8 document vectors, kept in
//! [`ANN_FILE`] in the corpus directory and memory-mapped for queries.
//!
//! Spherical k-means over a sample gives `nlist` ≈ √n unit centroids; every vector is
//! stored, as its 516 stored bytes, in the list of its nearest centroid. A query scores the
//! centroids, scans the `nprobe` best lists exactly (dot product of the f32 query with the
//! int8 codes) and keeps the best `k`. Scanning every list is exact search over the same
//! codes. New vectors join the list of their nearest centroid (the file is rewritten by a
//! linear copy, no training); the centroids are trained anew when the index has grown to
//! twice the size they were trained on.
//!
//! File layout (little endian): magic `NSIVF001`, dim u32, nlist u32, count u64,
//! trained u64, centroids (nlist × dim f32), list offsets ((nlist + 1) u64), numbers
//! (count i64, list order), codes (count × 516 bytes, list order).

use std::path::Path;

use memmap2::Mmap;

use super::vecmath::{code_dot, decode_into, dot, normalise};
use crate::{Result, StoreError};

/// Name of the index file inside a corpus directory.
pub const ANN_FILE: &str = "search.ivf";
pub(crate) const DIM: usize = 512;
pub(crate) const CODE: usize = 4 + DIM;
const MAGIC: &[u8; 8] = b"NSIVF001";
const HEADER: usize = 32;

/// Size and shape of the semantic index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnnStats {
    pub vectors: u64,
    pub lists: u32,
    /// Vectors the centroids were trained on.
    pub trained: u64,
    pub bytes: u64,
}

/// An open index.
pub(crate) struct Ivf {
    map: Option<Mmap>,
    pub nlist: usize,
    pub count: usize,
    pub trained: u64,
    centroids: Vec<f32>,
    offsets: Vec<usize>,
}

fn corrupt(path: &Path, why: &str) -> StoreError {
    StoreError::Data(format!("semantic index {}: {why}", path.display()))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

impl Ivf {
    /// Opens the index file; `None` when there is none.
    pub fn open(path: &Path) -> Result<Option<Ivf>> {
        let Ok(file) = std::fs::File::open(path) else {
            return Ok(None);
        };
        // SAFETY: the file is only ever replaced by rename, never written in place.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| corrupt(path, &e.to_string()))?;
        if map.len() < HEADER || &map[..8] != MAGIC {
            return Err(corrupt(path, "not an index file"));
        }
        let dim = u32::from_le_bytes([map[8], map[9], map[10], map[11]]) as usize;
        let nlist = u32::from_le_bytes([map[12], map[13], map[14], map[15]]) as usize;
        let count = u64_at(&map, 16) as usize;
        let trained = u64_at(&map, 24);
        let cent_end = HEADER + nlist * DIM * 4;
        let need = cent_end + (nlist + 1) * 8 + count * (8 + CODE);
        if dim != DIM || nlist == 0 || map.len() != need {
            return Err(corrupt(path, "unexpected size or shape"));
        }
        let centroids = map[HEADER..cent_end]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let offsets: Vec<usize> = (0..=nlist)
            .map(|i| u64_at(&map, cent_end + i * 8) as usize)
            .collect();
        if offsets[nlist] != count || offsets.windows(2).any(|w| w[0] > w[1]) {
            return Err(corrupt(path, "list offsets are inconsistent"));
        }
        Ok(Some(Ivf {
            map: Some(map),
            nlist,
            count,
            trained,
            centroids,
            offsets,
        }))
    }

    fn nums_at(&self) -> usize {
        HEADER + self.nlist * DIM * 4 + (self.nlist + 1) * 8
    }

    fn bytes(&self) -> &[u8] {
        self.map.as_deref().unwrap_or(&[])
    }

    /// Number and code of entry `i` (list order).
    pub fn entry(&self, i: usize) -> (i64, &[u8]) {
        let b = self.bytes();
        let n = self.nums_at();
        let num = u64_at(b, n + i * 8) as i64;
        let c = n + self.count * 8 + i * CODE;
        (num, &b[c..c + CODE])
    }

    pub fn stats(&self) -> AnnStats {
        AnnStats {
            vectors: self.count as u64,
            lists: self.nlist as u32,
            trained: self.trained,
            bytes: self.bytes().len() as u64,
        }
    }

    pub fn centroid(&self, l: usize) -> &[f32] {
        &self.centroids[l * DIM..(l + 1) * DIM]
    }

    /// The `k` best (number, score) among the `nprobe` lists nearest to `q` (every list
    /// when `nprobe >= nlist`: exact search).
    pub fn search(&self, q: &[f32], k: usize, nprobe: usize) -> Vec<(i64, f32)> {
        let mut lists: Vec<(usize, f32)> = (0..self.nlist)
            .map(|l| (l, dot(q, self.centroid(l))))
            .collect();
        lists.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut best = TopK::new(k);
        for &(l, _) in lists.iter().take(nprobe.max(1)) {
            for i in self.offsets[l]..self.offsets[l + 1] {
                let (num, code) = self.entry(i);
                best.push(num, code_dot(q, code));
            }
        }
        best.into_sorted()
    }

    /// Every (list, number, code), list by list.
    pub fn entries(&self) -> impl Iterator<Item = (usize, i64, &[u8])> {
        (0..self.nlist).flat_map(move |l| {
            (self.offsets[l]..self.offsets[l + 1]).map(move |i| {
                let (n, c) = self.entry(i);
                (l, n, c)
            })
        })
    }
}

/// Index of the centroid (rows of `centroids`) with the largest dot product with `v`.
pub(crate) fn nearest(centroids: &[f32], v: &[f32]) -> usize {
    let mut best = (0, f32::NEG_INFINITY);
    for (i, c) in centroids.chunks_exact(DIM).enumerate() {
        let s = dot(v, c);
        if s > best.1 {
            best = (i, s);
        }
    }
    best.0
}

/// Keeps the `k` highest scores.
pub(crate) struct TopK {
    k: usize,
    items: Vec<(i64, f32)>,
    floor: f32,
}

impl TopK {
    pub fn new(k: usize) -> TopK {
        TopK {
            k,
            items: Vec::with_capacity(2 * k + 1),
            floor: f32::NEG_INFINITY,
        }
    }

    pub fn push(&mut self, num: i64, score: f32) {
        if self.k == 0 || score < self.floor {
            return;
        }
        self.items.push((num, score));
        if self.items.len() >= 2 * self.k {
            self.shrink();
        }
    }

    fn shrink(&mut self) {
        self.items
            .sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        self.items.truncate(self.k);
        if self.items.len() == self.k {
            self.floor = self.items[self.k - 1].1;
        }
    }

    pub fn into_sorted(mut self) -> Vec<(i64, f32)> {
        self.shrink();
        self.items
    }
}

/// Writes an index file (to a temporary name, then renamed over `path`).
pub(crate) fn write(
    path: &Path,
    centroids: &[f32],
    trained: u64,
    lists: &[Vec<(i64, &[u8])>],
) -> Result<()> {
    use std::io::Write;
    let io = |e: std::io::Error| corrupt(path, &format!("cannot write: {e}"));
    let nlist = lists.len();
    let count: usize = lists.iter().map(Vec::len).sum();
    let tmp = path.with_extension("ivf.tmp");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    w.write_all(MAGIC).map_err(io)?;
    w.write_all(&(DIM as u32).to_le_bytes()).map_err(io)?;
    w.write_all(&(nlist as u32).to_le_bytes()).map_err(io)?;
    w.write_all(&(count as u64).to_le_bytes()).map_err(io)?;
    w.write_all(&trained.to_le_bytes()).map_err(io)?;
    for c in centroids {
        w.write_all(&c.to_le_bytes()).map_err(io)?;
    }
    let mut at = 0u64;
    w.write_all(&at.to_le_bytes()).map_err(io)?;
    for l in lists {
        at += l.len() as u64;
        w.write_all(&at.to_le_bytes()).map_err(io)?;
    }
    for (num, _) in lists.iter().flatten() {
        w.write_all(&num.to_le_bytes()).map_err(io)?;
    }
    for (_, code) in lists.iter().flatten() {
        w.write_all(code).map_err(io)?;
    }
    let file = w.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    Ok(())
}

/// Spherical k-means: `nlist` unit centroids trained on `sample` codes.
pub(crate) fn train(sample: &[&[u8]], nlist: usize, rounds: usize) -> Vec<f32> {
    use rayon::prelude::*;
    let decoded: Vec<[f32; DIM]> = sample
        .par_iter()
        .map(|c| {
            let mut v = [0f32; DIM];
            decode_into(c, &mut v);
            normalise(&mut v);
            v
        })
        .collect();
    let nlist = nlist.clamp(1, decoded.len().max(1));
    let step = decoded.len() / nlist;
    let mut centroids: Vec<f32> = (0..nlist)
        .flat_map(|i| decoded.get(i * step).copied().unwrap_or([0.0; DIM]))
        .collect();
    for _ in 0..rounds {
        let assign: Vec<usize> = decoded.par_iter().map(|v| nearest(&centroids, v)).collect();
        let mut sums = vec![0f32; nlist * DIM];
        for (v, &a) in decoded.iter().zip(&assign) {
            for (s, x) in sums[a * DIM..(a + 1) * DIM].iter_mut().zip(v) {
                *s += x;
            }
        }
        for (l, c) in sums.chunks_exact_mut(DIM).enumerate() {
            if c.iter().all(|x| *x == 0.0) {
                // an empty list keeps its old centroid
                c.copy_from_slice(&centroids[l * DIM..(l + 1) * DIM]);
            }
            normalise(c);
        }
        centroids = sums;
    }
    centroids
}
