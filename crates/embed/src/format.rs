//! The compact model file: one little-endian file holding the tokenizer and all weights,
//! laid out so that it can be memory-mapped and used in place.
//!
//! Layout: a 32-byte header (`magic`, format version, section count, total length), a table
//! of 48-byte section entries (name, dtype, rows, cols, offset), then the section data, each
//! section starting on a 64-byte boundary. The file length is recorded so that a truncated
//! file is recognised before any weight is read. Weight matrices are stored in the 16-column
//! panel order the matrix kernel reads (version 2); the shape recorded is the logical one.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// File magic.
pub const MAGIC: &[u8; 8] = b"NSUSEM3\0";
/// Version of this layout; bump on any change.
pub const FORMAT_VERSION: u32 = 2;
const HEADER: usize = 32;
const ENTRY: usize = 48;
const NAME: usize = 24;
const ALIGN: usize = 64;

/// Element type of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Kind {
    U8 = 1,
    U32 = 2,
    F32 = 3,
}

impl Kind {
    fn size(self) -> usize {
        match self {
            Kind::U8 => 1,
            Kind::U32 | Kind::F32 => 4,
        }
    }
}

struct Pending {
    name: String,
    kind: Kind,
    rows: u32,
    cols: u32,
    data: Vec<u8>,
}

/// Collects sections and writes the file.
#[derive(Default)]
pub struct Writer {
    sections: Vec<Pending>,
}

impl Writer {
    /// Adds raw bytes.
    pub fn bytes(&mut self, name: &str, rows: usize, cols: usize, data: Vec<u8>) {
        self.push(name, Kind::U8, rows, cols, data);
    }

    /// Adds f32 values.
    pub fn f32s(&mut self, name: &str, rows: usize, cols: usize, v: &[f32]) {
        let data = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        self.push(name, Kind::F32, rows, cols, data);
    }

    /// Adds u32 values.
    pub fn u32s(&mut self, name: &str, v: &[u32]) {
        let data = v.iter().flat_map(|x| x.to_le_bytes()).collect();
        self.push(name, Kind::U32, v.len(), 1, data);
    }

    fn push(&mut self, name: &str, kind: Kind, rows: usize, cols: usize, data: Vec<u8>) {
        debug_assert_eq!(rows * cols * kind.size(), data.len(), "{name}");
        self.sections.push(Pending {
            name: name.to_string(),
            kind,
            rows: rows as u32,
            cols: cols as u32,
            data,
        });
    }

    /// Writes the file to `out` (the caller handles fsync and renaming).
    pub fn write_to(&self, out: &mut impl Write) -> std::io::Result<u64> {
        let mut pos = align(HEADER + ENTRY * self.sections.len());
        let mut table = Vec::new();
        for s in &self.sections {
            let mut name = [0u8; NAME];
            name[..s.name.len()].copy_from_slice(s.name.as_bytes());
            table.extend_from_slice(&name);
            for v in [s.kind as u32, s.rows, s.cols, 0] {
                table.extend_from_slice(&v.to_le_bytes());
            }
            table.extend_from_slice(&(pos as u64).to_le_bytes());
            pos = align(pos + s.data.len());
        }
        let total = pos as u64;
        let mut head = Vec::with_capacity(HEADER);
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        head.extend_from_slice(&(self.sections.len() as u32).to_le_bytes());
        head.extend_from_slice(&total.to_le_bytes());
        head.resize(HEADER, 0);
        out.write_all(&head)?;
        out.write_all(&table)?;
        let mut written = HEADER + table.len();
        for s in &self.sections {
            let pad = align(written) - written;
            out.write_all(&[0u8; ALIGN][..pad])?;
            out.write_all(&s.data)?;
            written += pad + s.data.len();
        }
        let pad = align(written) - written;
        out.write_all(&[0u8; ALIGN][..pad])?;
        Ok(total)
    }
}

fn align(n: usize) -> usize {
    n.div_ceil(ALIGN) * ALIGN
}

#[derive(Debug, Clone, Copy)]
struct Section {
    kind: Kind,
    rows: usize,
    cols: usize,
    offset: usize,
}

/// A memory-mapped model file with a validated section table.
pub struct ModelFile {
    map: memmap2::Mmap,
    #[cfg_attr(not(unix), allow(dead_code))]
    file: std::fs::File,
    sections: HashMap<String, Section>,
    path: std::path::PathBuf,
}

impl ModelFile {
    /// Maps and validates `path`.
    pub fn open(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        // SAFETY: the file is only ever replaced by renaming a new file over it, never
        // modified in place, so the mapping stays valid for the lifetime of `map`.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
        let sections = parse_table(&map).map_err(|reason| Error::BadModel {
            path: path.to_path_buf(),
            reason,
        })?;
        Ok(ModelFile {
            map,
            file,
            sections,
            path: path.to_path_buf(),
        })
    }

    fn get(&self, name: &str, kind: Kind) -> Result<(Section, &[u8])> {
        let bad = |reason: String| Error::BadModel {
            path: self.path.clone(),
            reason,
        };
        let s = *self
            .sections
            .get(name)
            .ok_or_else(|| bad(format!("section {name} is missing")))?;
        if s.kind != kind {
            return Err(bad(format!("section {name} has type {:?}", s.kind)));
        }
        let len = s.rows * s.cols * kind.size();
        Ok((s, &self.map[s.offset..s.offset + len]))
    }

    /// Copies `part` (a piece of a section of this file) into `out`, read from the file
    /// rather than through the mapping: touching the mapping makes the pages around the one
    /// touched resident too, which for scattered rows of a large table adds up to most of
    /// it. Falls back to the mapping if the read fails.
    pub(crate) fn read_into(&self, part: &[u8], out: &mut [u8]) {
        let n = part.len().min(out.len());
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileExt;
            let at = (part.as_ptr() as usize).wrapping_sub(self.map.as_ptr() as usize);
            let inside = at.checked_add(n).is_some_and(|end| end <= self.map.len());
            if inside && self.file.read_exact_at(&mut out[..n], at as u64).is_ok() {
                return;
            }
        }
        out[..n].copy_from_slice(&part[..n]);
    }

    /// Raw bytes of a u8 section; `shape` is checked when given.
    pub fn bytes(&self, name: &str, shape: Option<(usize, usize)>) -> Result<&[u8]> {
        let (s, b) = self.get(name, Kind::U8)?;
        self.check_shape(name, s, shape)?;
        Ok(b)
    }

    /// An f32 section of exactly `rows × cols` values.
    pub fn f32s(&self, name: &str, rows: usize, cols: usize) -> Result<&[f32]> {
        let (s, b) = self.get(name, Kind::F32)?;
        self.check_shape(name, s, Some((rows, cols)))?;
        Ok(cast(b))
    }

    /// A u32 section.
    pub fn u32s(&self, name: &str) -> Result<&[u32]> {
        let (_, b) = self.get(name, Kind::U32)?;
        Ok(cast(b))
    }

    fn check_shape(&self, name: &str, s: Section, want: Option<(usize, usize)>) -> Result<()> {
        match want {
            Some(w) if w != (s.rows, s.cols) => Err(Error::BadModel {
                path: self.path.clone(),
                reason: format!(
                    "section {name} is {}×{}, expected {}×{}",
                    s.rows, s.cols, w.0, w.1
                ),
            }),
            _ => Ok(()),
        }
    }
}

/// Reinterprets aligned little-endian bytes as 4-byte values.
fn cast<T: Copy>(b: &[u8]) -> &[T] {
    const {
        assert!(
            cfg!(target_endian = "little"),
            "the model file is little-endian"
        )
    };
    assert_eq!(size_of::<T>(), 4);
    // Offsets are 64-byte aligned and the map is page-aligned (checked in parse_table).
    assert_eq!(b.as_ptr().align_offset(4), 0);
    // SAFETY: length and alignment checked above; T is a 4-byte plain value type (f32/u32)
    // for which every bit pattern is valid.
    unsafe { std::slice::from_raw_parts(b.as_ptr().cast::<T>(), b.len() / 4) }
}

fn parse_table(m: &[u8]) -> std::result::Result<HashMap<String, Section>, String> {
    let rd32 = |o: usize| u32::from_le_bytes([m[o], m[o + 1], m[o + 2], m[o + 3]]) as usize;
    if m.len() < HEADER || &m[..8] != MAGIC {
        return Err("not a narrascope model file (bad magic)".into());
    }
    if m.as_ptr().align_offset(ALIGN) != 0 {
        return Err("mapping is not aligned".into());
    }
    let version = rd32(8) as u32;
    if version != FORMAT_VERSION {
        return Err(format!(
            "format version {version}, this build reads {FORMAT_VERSION}"
        ));
    }
    let n = rd32(12);
    let total = u64::from_le_bytes(m[16..24].try_into().map_err(|_| "header")?);
    if total != m.len() as u64 {
        return Err(format!(
            "file is {} bytes, header says {total} (truncated?)",
            m.len()
        ));
    }
    if HEADER + n * ENTRY > m.len() {
        return Err("section table runs past the end".into());
    }
    let mut out = HashMap::new();
    for i in 0..n {
        let e = HEADER + i * ENTRY;
        let raw = &m[e..e + NAME];
        let end = raw.iter().position(|&b| b == 0).unwrap_or(NAME);
        let name = std::str::from_utf8(&raw[..end]).map_err(|_| "bad section name")?;
        let kind = match rd32(e + NAME) {
            1 => Kind::U8,
            2 => Kind::U32,
            3 => Kind::F32,
            k => return Err(format!("section {name}: unknown type {k}")),
        };
        let (rows, cols) = (rd32(e + NAME + 4), rd32(e + NAME + 8));
        let offset = u64::from_le_bytes(m[e + 40..e + 48].try_into().map_err(|_| "entry")?);
        let offset = usize::try_from(offset).map_err(|_| "offset overflow")?;
        let len = rows
            .checked_mul(cols)
            .and_then(|x| x.checked_mul(kind.size()))
            .ok_or("section size overflows")?;
        if offset % ALIGN != 0 || offset.checked_add(len).is_none_or(|end| end > m.len()) {
            return Err(format!("section {name} lies outside the file"));
        }
        out.insert(
            name.to_string(),
            Section {
                kind,
                rows,
                cols,
                offset,
            },
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(dir: &Path) -> std::path::PathBuf {
        let mut w = Writer::default();
        w.bytes("tab", 2, 3, vec![1, 2, 3, 4, 5, 6]);
        w.f32s("w", 1, 2, &[0.5, -1.0]);
        w.u32s("ids", &[7, 8, 9]);
        let p = dir.join("m.bin");
        let mut f = std::fs::File::create(&p).unwrap();
        w.write_to(&mut f).unwrap();
        p
    }

    #[test]
    fn round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let m = ModelFile::open(&sample(dir.path())).unwrap();
        assert_eq!(m.bytes("tab", Some((2, 3))).unwrap(), &[1, 2, 3, 4, 5, 6]);
        assert_eq!(m.f32s("w", 1, 2).unwrap(), &[0.5, -1.0]);
        assert_eq!(m.u32s("ids").unwrap(), &[7, 8, 9]);
        assert!(m.f32s("w", 2, 1).is_err());
        assert!(m.f32s("tab", 2, 3).is_err());
        assert!(m.bytes("nope", None).is_err());
    }

    #[test]
    fn truncated_or_corrupt_files_are_rejected() {
        let dir = tempfile::tempdir().unwrap();
        let p = sample(dir.path());
        let full = std::fs::read(&p).unwrap();
        for cut in [0, 7, 31, 100, full.len() - 1] {
            std::fs::write(&p, &full[..cut]).unwrap();
            let err = ModelFile::open(&p).err().expect("truncated file accepted");
            assert!(err.to_string().contains("m.bin"), "{err}");
        }
        let mut bad = full.clone();
        bad[8] = 99;
        std::fs::write(&p, &bad).unwrap();
        assert!(ModelFile::open(&p).is_err());
    }
}
