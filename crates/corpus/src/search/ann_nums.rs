//! The record of the document numbers the semantic index holds: a file [`NUMS_FILE`]
//! beside [`super::ann::ANN_FILE`], so that a sync learns whether a pending vector replaces
//! an entry by reading a few bytes, not every entry of the index.
//!
//! Layout (little endian): magic `NSBN0001`, the generation (u32) of the index file it
//! describes, reserved u32, `covered` (u64: the numbers of the first `covered` entries of
//! that file are recorded), then a bitmap: bit `n % 8` of byte `n / 8` is set when number
//! `n` has an entry. Entries past `covered` (an append interrupted before the record was
//! updated, or made by an earlier version) are read from the index file itself.
//!
//! A bit is set only once its entry is durable in the index file, and `covered` moves only
//! after its bits are durable, so a crash at any point leaves a record that is exact or
//! that claims a number the index no longer holds; the latter only costs a rewrite, which
//! writes a new record.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::ann::Index;
use crate::{Result, StoreError};

/// Name of the record inside a corpus directory.
pub const NUMS_FILE: &str = "search.ann.nums";
const MAGIC: &[u8; 8] = b"NSBN0001";
const HEAD: u64 = 24;
/// Numbers at or above this are not recorded (their index falls back to reading entries).
const LIMIT: i64 = 1 << 40;

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |e| StoreError::Data(format!("semantic index record {}: {e}", path.display()))
}

/// An open record that matches its index file.
pub(crate) struct Record {
    file: File,
    covered: u64,
}

/// Byte offset and bit of number `n`; `None` when `n` cannot be recorded.
fn bit(n: i64) -> Option<(u64, u8)> {
    (0..LIMIT)
        .contains(&n)
        .then(|| (HEAD + (n as u64) / 8, 1u8 << (n % 8)))
}

/// Opens the record at `path` if it describes index generation `generation` and no more
/// entries than `count`; `None` otherwise (missing, stale or not a record).
pub(crate) fn open(path: &Path, generation: u32, count: usize) -> Option<Record> {
    if generation == 0 {
        return None;
    }
    let mut file = File::options().read(true).write(true).open(path).ok()?;
    let mut head = [0u8; HEAD as usize];
    file.read_exact(&mut head).ok()?;
    let word = |r: std::ops::Range<usize>| head.get(r).map(|b| b.to_vec());
    let g = u32::from_le_bytes(word(8..12)?.try_into().ok()?);
    let covered = u64::from_le_bytes(word(16..24)?.try_into().ok()?);
    (&head[..8] == MAGIC && g == generation && covered <= count as u64)
        .then_some(Record { file, covered })
}

/// Writes a new record (temporary name, then renamed over `path`) for index generation
/// `generation` holding `nums`, the numbers of its first `covered` entries. Without a
/// record (`Ok(false)`, any old one removed) when a number cannot be recorded.
pub(crate) fn create(
    path: &Path,
    generation: u32,
    nums: impl Iterator<Item = i64>,
    covered: u64,
) -> Result<bool> {
    let io = io_err(path);
    let mut bits: Vec<u8> = Vec::new();
    for n in nums {
        let Some((at, b)) = bit(n) else {
            let _ = std::fs::remove_file(path);
            return Ok(false);
        };
        let i = (at - HEAD) as usize;
        if bits.len() <= i {
            bits.resize(i + 1, 0);
        }
        bits[i] |= b;
    }
    let tmp = path.with_extension("nums.tmp");
    let mut f = File::create(&tmp).map_err(&io)?;
    f.write_all(MAGIC).map_err(&io)?;
    f.write_all(&generation.to_le_bytes()).map_err(&io)?;
    f.write_all(&0u32.to_le_bytes()).map_err(&io)?;
    f.write_all(&covered.to_le_bytes()).map_err(&io)?;
    f.write_all(&bits).map_err(&io)?;
    f.sync_all().map_err(&io)?;
    std::fs::rename(&tmp, path).map_err(&io)?;
    Ok(true)
}

impl Record {
    /// Reads the bitmap bytes spanning `nums` (sorted ascending, all recordable): the byte
    /// offset of the first and the bytes (zero past the end of the file).
    fn span(&mut self, nums: &[i64], path: &Path) -> Result<(u64, Vec<u8>)> {
        let (Some(&lo), Some(&hi)) = (nums.first(), nums.last()) else {
            return Ok((HEAD, Vec::new()));
        };
        let (Some((from, _)), Some((to, _))) = (bit(lo), bit(hi)) else {
            return Err(StoreError::Data("unrecordable document number".into()));
        };
        let io = io_err(path);
        let mut buf = vec![0u8; (to - from + 1) as usize];
        self.file.seek(SeekFrom::Start(from)).map_err(&io)?;
        let mut got = 0;
        while got < buf.len() {
            match self.file.read(&mut buf[got..]).map_err(&io)? {
                0 => break,
                k => got += k,
            }
        }
        Ok((from, buf))
    }

    /// Whether the index `index` holds an entry for any of `nums` (sorted ascending): their
    /// bits, then the numbers of the entries past `covered`.
    pub fn holds_any(&mut self, index: &Index, nums: &[i64], path: &Path) -> Result<bool> {
        if nums.iter().any(|&n| bit(n).is_none()) {
            return Ok(true);
        }
        let (from, buf) = self.span(nums, path)?;
        let recorded = nums.iter().any(|&n| {
            bit(n).is_some_and(|(at, b)| buf.get((at - from) as usize).is_some_and(|x| x & b != 0))
        });
        Ok(recorded
            || (self.covered as usize..index.count)
                .any(|i| nums.binary_search(&index.entry(i).0).is_ok()))
    }

    /// Records that the index now has `count` entries, `nums` (sorted ascending) among
    /// them, and that every entry past `covered` is durable: bits first, then `covered`.
    pub fn add(&mut self, index: &Index, nums: &[i64], count: usize, path: &Path) -> Result<()> {
        let io = io_err(path);
        let mut all: Vec<i64> = (self.covered as usize..index.count.min(count))
            .map(|i| index.entry(i).0)
            .chain(nums.iter().copied())
            .collect();
        all.sort_unstable();
        if all.iter().any(|&n| bit(n).is_none()) {
            return Err(StoreError::Data("unrecordable document number".into()));
        }
        let (from, mut buf) = self.span(&all, path)?;
        for &n in &all {
            if let Some((at, b)) = bit(n)
                && let Some(x) = buf.get_mut((at - from) as usize)
            {
                *x |= b;
            }
        }
        self.file.seek(SeekFrom::Start(from)).map_err(&io)?;
        self.file.write_all(&buf).map_err(&io)?;
        self.file.sync_data().map_err(&io)?;
        self.file.seek(SeekFrom::Start(16)).map_err(&io)?;
        self.file
            .write_all(&(count as u64).to_le_bytes())
            .map_err(&io)?;
        self.file.sync_data().map_err(&io)?;
        self.covered = count as u64;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_round_trip_and_stale_records_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(NUMS_FILE);
        assert!(create(&path, 7, [3, 9, 17].into_iter(), 3).unwrap());
        assert!(open(&path, 8, 3).is_none(), "another generation");
        assert!(
            open(&path, 7, 2).is_none(),
            "covers more than the index holds"
        );
        assert!(open(&path, 0, 3).is_none(), "files of earlier versions");
        let mut rec = open(&path, 7, 3).unwrap();
        let mut buf = Vec::new();
        rec.file.read_to_end(&mut buf).unwrap();
        assert_eq!(buf, [1 << 3, 1 << 1, 1 << 1], "bits 3, 9, 17");
        assert!(!create(&path, 7, [3, -1].into_iter(), 2).unwrap());
        assert!(!path.exists(), "no record for a number it cannot hold");
    }
}
