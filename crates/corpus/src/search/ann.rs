//! The semantic index: an append-only file [`ANN_FILE`] in the corpus directory, holding
//! for every document vector a 512-bit sign code, its document number and its stored int8
//! code; memory-mapped for queries.
//!
//! A query is answered in two steps: the Hamming distance between the query's sign code
//! and every stored sign code (64 bytes each, popcount), then the best `rerank` candidates
//! by that distance are scored exactly (dot product of the f32 query with their int8
//! codes) and the best `k` kept. Sign codes are taken after subtracting the mean vector of
//! the vectors the index was built from (stored in the header), so each bit splits the
//! corpus near its middle. New vectors are appended without touching what is there; the
//! file is rewritten (mean recomputed) when it has doubled since the mean was computed or
//! when a stored vector is replaced.
//! Which document numbers the file holds is recorded beside it (`ann_nums`), so that a sync
//! finds replaced vectors without reading every entry.
//!
//! File layout (little endian): magic `NSBQ0001`, dim u32, generation u32 (a random
//! non-zero number chosen when the file is written anew, naming it for the record of its
//! numbers in `ann_nums`; 0 in files of earlier versions), trained u64 (the vectors the
//! mean was computed from), mean (dim f32), then entries of
//! [`ENTRY`] bytes: sign code (64 bytes), number (i64), int8 code (516 bytes). The entry
//! count is the file length past the header divided by the entry size; a partial entry
//! left by an interrupted append is ignored and cut off by the next append.

use std::io::Write;
use std::path::Path;

use memmap2::Mmap;
use rayon::prelude::*;

use super::vecmath::{decode_into, normalise};
use crate::{Result, StoreError};

/// Name of the index file inside a corpus directory.
pub const ANN_FILE: &str = "search.ann";
/// The index file of earlier versions (an IVF index), removed when the index is rebuilt.
pub(crate) const OLD_ANN_FILE: &str = "search.ivf";
pub(crate) const DIM: usize = 512;
pub(crate) const CODE: usize = 4 + DIM;
const BITS: usize = DIM / 8;
/// Bytes per entry: sign code, number, int8 code.
pub(crate) const ENTRY: usize = BITS + 8 + CODE;
const MAGIC: &[u8; 8] = b"NSBQ0001";
const HEADER: usize = 24 + DIM * 4;

/// Size of the semantic index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AnnStats {
    pub vectors: u64,
    /// Vectors the mean (the centre of the sign codes) was computed from.
    pub trained: u64,
    pub bytes: u64,
}

/// An open index.
pub(crate) struct Index {
    map: Mmap,
    mean: Vec<f32>,
    pub count: usize,
    pub trained: u64,
    /// See the file layout; 0 for files of earlier versions.
    pub generation: u32,
}

fn corrupt(path: &Path, why: &str) -> StoreError {
    StoreError::Data(format!("semantic index {}: {why}", path.display()))
}

/// Words of a sign code.
pub(crate) const WORDS: usize = BITS / 8;
/// A sign code: bit `i` is set when component `i` is above the mean's.
pub(crate) type Sign = [u64; WORDS];

/// The sign code of unit vector `v` around `mean`.
fn sign_code(v: &[f32], mean: &[f32]) -> Sign {
    let mut out = [0u64; WORDS];
    for (i, (x, m)) in v.iter().zip(mean).enumerate() {
        if x > m {
            out[i / 64] |= 1 << (i % 64);
        }
    }
    out
}

/// The unit vector of a stored int8 code.
fn unit(code: &[u8]) -> [f32; DIM] {
    let mut v = [0f32; DIM];
    decode_into(code, &mut v);
    normalise(&mut v);
    v
}

impl Index {
    /// Opens the index file; `None` when there is none.
    pub fn open(path: &Path) -> Result<Option<Index>> {
        let Ok(file) = std::fs::File::open(path) else {
            return Ok(None);
        };
        // SAFETY: the file is replaced by rename or appended to, never changed in place
        // below the entries counted here.
        let map = unsafe { Mmap::map(&file) }.map_err(|e| corrupt(path, &e.to_string()))?;
        if map.len() < HEADER || &map[..8] != MAGIC {
            return Err(corrupt(path, "not an index file"));
        }
        let dim = u32::from_le_bytes([map[8], map[9], map[10], map[11]]) as usize;
        if dim != DIM {
            return Err(corrupt(path, "unexpected dimension"));
        }
        let mut t = [0u8; 8];
        t.copy_from_slice(&map[16..24]);
        let generation = u32::from_le_bytes([map[12], map[13], map[14], map[15]]);
        let mean = map[24..HEADER]
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(Some(Index {
            count: (map.len() - HEADER) / ENTRY,
            trained: u64::from_le_bytes(t),
            generation,
            mean,
            map,
        }))
    }

    fn at(&self, i: usize) -> &[u8] {
        &self.map[HEADER + i * ENTRY..HEADER + (i + 1) * ENTRY]
    }

    /// Number and int8 code of entry `i`.
    pub fn entry(&self, i: usize) -> (i64, &[u8]) {
        let e = self.at(i);
        let mut n = [0u8; 8];
        n.copy_from_slice(&e[BITS..BITS + 8]);
        (i64::from_le_bytes(n), &e[BITS + 8..])
    }

    /// The sign code of entry `i`.
    pub fn sign(&self, i: usize) -> Sign {
        let e = self.at(i);
        let mut out = [0u64; WORDS];
        for (o, c) in out.iter_mut().zip(e[..BITS].chunks_exact(8)) {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            *o = u64::from_le_bytes(b);
        }
        out
    }

    /// The sign code of unit query `q` around this index's mean.
    pub fn query_sign(&self, q: &[f32]) -> Sign {
        sign_code(q, &self.mean)
    }

    /// The header (dimension, trained count, mean) as stored: equal headers and a longer
    /// file mean entries were appended.
    pub fn header(&self) -> &[u8] {
        &self.map[..HEADER]
    }

    pub fn stats(&self) -> AnnStats {
        AnnStats {
            vectors: self.count as u64,
            trained: self.trained,
            bytes: self.map.len() as u64,
        }
    }

    /// Every (number, int8 code), in file order.
    pub fn entries(&self) -> impl Iterator<Item = (i64, &[u8])> {
        (0..self.count).map(move |i| self.entry(i))
    }
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

    pub fn merge(mut self, other: TopK) -> TopK {
        for (n, s) in other.items {
            self.push(n, s);
        }
        self
    }

    pub fn into_sorted(mut self) -> Vec<(i64, f32)> {
        self.shrink();
        self.items
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| corrupt(path, &format!("cannot write: {e}"))
}

/// Writes the entries of `vectors` (number, int8 code) with sign codes around `mean`.
fn write_entries(
    w: &mut impl Write,
    mean: &[f32],
    vectors: &[(i64, &[u8])],
) -> std::io::Result<()> {
    let coded: Vec<Sign> = vectors
        .par_iter()
        .map(|(_, c)| sign_code(&unit(c), mean))
        .collect();
    for ((num, code), bits) in vectors.iter().zip(coded) {
        for b in bits {
            w.write_all(&b.to_le_bytes())?;
        }
        w.write_all(&num.to_le_bytes())?;
        w.write_all(code)?;
    }
    Ok(())
}

/// A random non-zero generation number.
fn new_generation() -> u32 {
    use std::hash::BuildHasher;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let h = std::collections::hash_map::RandomState::new().hash_one((now, std::process::id()));
    ((h >> 32) as u32 ^ h as u32).max(1)
}

/// Writes a new index of `vectors` (to a temporary name, then renamed over `path`), its
/// mean computed from them; returns its generation.
pub(crate) fn create(path: &Path, vectors: &[(i64, &[u8])]) -> Result<u32> {
    let io = io_error(path);
    let sum = vectors
        .par_iter()
        .fold(
            || vec![0f64; DIM],
            |mut s, (_, c)| {
                for (a, x) in s.iter_mut().zip(unit(c)) {
                    *a += f64::from(x);
                }
                s
            },
        )
        .reduce(
            || vec![0f64; DIM],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(x, y)| *x += y);
                a
            },
        );
    let n = vectors.len().max(1) as f64;
    let mean: Vec<f32> = sum.iter().map(|s| (s / n) as f32).collect();
    let tmp = path.with_extension("ann.tmp");
    let file = std::fs::File::create(&tmp).map_err(&io)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    w.write_all(MAGIC).map_err(&io)?;
    w.write_all(&(DIM as u32).to_le_bytes()).map_err(&io)?;
    let generation = new_generation();
    w.write_all(&generation.to_le_bytes()).map_err(&io)?;
    w.write_all(&(vectors.len() as u64).to_le_bytes())
        .map_err(&io)?;
    for m in &mean {
        w.write_all(&m.to_le_bytes()).map_err(&io)?;
    }
    write_entries(&mut w, &mean, vectors).map_err(&io)?;
    let file = w.into_inner().map_err(|e| io(e.into_error()))?;
    file.sync_all().map_err(&io)?;
    std::fs::rename(&tmp, path).map_err(&io)?;
    Ok(generation)
}

/// Appends `vectors` to the index `old` at `path`, after cutting off any partial entry.
pub(crate) fn append(path: &Path, old: &Index, vectors: &[(i64, &[u8])]) -> Result<()> {
    let io = io_error(path);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(&io)?;
    let end = (HEADER + old.count * ENTRY) as u64;
    file.set_len(end).map_err(&io)?;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, &file);
    std::io::Seek::seek(&mut w, std::io::SeekFrom::Start(end)).map_err(&io)?;
    write_entries(&mut w, &old.mean, vectors).map_err(&io)?;
    w.flush().map_err(&io)?;
    drop(w);
    file.sync_all().map_err(&io)?;
    Ok(())
}
