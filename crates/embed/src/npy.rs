//! Reading `.npy` arrays (format v1/v2/v3, little-endian, C order) out of a `.npz` zip.

use std::io::{Cursor, Read};

/// Element type of an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    U8,
    I8,
    F32,
    F64,
}

impl Dtype {
    fn size(self) -> usize {
        match self {
            Dtype::U8 | Dtype::I8 => 1,
            Dtype::F32 => 4,
            Dtype::F64 => 8,
        }
    }
}

/// One array: raw little-endian data plus its type and shape.
#[derive(Debug, Clone)]
pub struct Array {
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    pub data: Vec<u8>,
}

impl Array {
    /// The values as f32 (only for `F32` arrays).
    pub fn to_f32(&self) -> Option<Vec<f32>> {
        (self.dtype == Dtype::F32).then(|| {
            self.data
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()
        })
    }
}

/// Parses one `.npy` file.
pub fn parse_npy(b: &[u8]) -> Result<Array, String> {
    if b.len() < 10 || &b[..6] != b"\x93NUMPY" {
        return Err("not an .npy file".into());
    }
    let (hlen, start) = match b[6] {
        1 => (usize::from(u16::from_le_bytes([b[8], b[9]])), 10),
        2 | 3 if b.len() >= 12 => (u32::from_le_bytes([b[8], b[9], b[10], b[11]]) as usize, 12),
        v => return Err(format!("unsupported .npy version {v}")),
    };
    let header = b.get(start..start + hlen).ok_or("truncated .npy header")?;
    let header = std::str::from_utf8(header).map_err(|_| "header is not text")?;
    let descr = dict_value(header, "descr").ok_or("no descr")?;
    let descr = descr
        .strip_prefix('\'')
        .and_then(|d| d.split('\'').next())
        .ok_or("malformed descr")?;
    let dtype = match descr {
        "|u1" | "<u1" | "u1" => Dtype::U8,
        "|i1" | "<i1" | "i1" => Dtype::I8,
        "<f4" => Dtype::F32,
        "<f8" => Dtype::F64,
        d => return Err(format!("unsupported dtype {d}")),
    };
    if dict_value(header, "fortran_order").is_some_and(|v| v.starts_with("True")) {
        return Err("Fortran-order arrays are not supported".into());
    }
    let shape_txt = dict_value(header, "shape").ok_or("no shape")?;
    let inner = shape_txt
        .strip_prefix('(')
        .and_then(|s| s.split(')').next())
        .ok_or("malformed shape")?;
    let shape = inner
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| format!("bad dimension {s}")))
        .collect::<Result<Vec<_>, _>>()?;
    let count = shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or("shape overflows")?;
    let data = &b[start + hlen..];
    if data.len() != count * dtype.size() {
        return Err(format!(
            "data is {} bytes, shape {shape:?} needs {}",
            data.len(),
            count * dtype.size()
        ));
    }
    Ok(Array {
        dtype,
        shape,
        data: data.to_vec(),
    })
}

/// The text after `'key':` in a Python dict literal, trimmed.
fn dict_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let at = header.find(&format!("'{key}'"))?;
    let rest = &header[at + key.len() + 2..];
    Some(rest.trim_start().strip_prefix(':')?.trim_start())
}

/// Reads every array of a `.npz` archive held in memory.
pub fn read_npz(bytes: &[u8]) -> Result<Vec<(String, Array)>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).map_err(|e| e.to_string())?;
        let full = f.name().map_err(|e| e.to_string())?.to_string();
        let name = full.trim_end_matches(".npy").to_string();
        let mut buf = Vec::with_capacity(usize::try_from(f.size()).unwrap_or(0).min(1 << 28));
        f.read_to_end(&mut buf)
            .map_err(|e| format!("{full}: {e}"))?;
        let arr = parse_npy(&buf).map_err(|e| format!("{name}: {e}"))?;
        out.push((name, arr));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn npy(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
        let h = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}\n");
        let mut v = b"\x93NUMPY\x01\x00".to_vec();
        v.extend_from_slice(&(h.len() as u16).to_le_bytes());
        v.extend_from_slice(h.as_bytes());
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn parses_shapes_and_types() {
        let a = parse_npy(&npy("<f4", "(2, 1)", &[0, 0, 128, 63, 0, 0, 0, 64])).unwrap();
        assert_eq!(a.shape, [2, 1]);
        assert_eq!(a.to_f32().unwrap(), [1.0, 2.0]);
        let s = parse_npy(&npy("<f8", "()", &[0; 8])).unwrap();
        assert!(s.shape.is_empty());
        let v = parse_npy(&npy("|u1", "(3,)", &[1, 2, 3])).unwrap();
        assert_eq!((v.dtype, v.shape.as_slice()), (Dtype::U8, &[3usize][..]));
    }

    #[test]
    fn rejects_short_data_and_bad_headers() {
        assert!(parse_npy(&npy("<f4", "(2,)", &[0; 7])).is_err());
        assert!(parse_npy(&npy(">f4", "(1,)", &[0; 4])).is_err());
        assert!(parse_npy(b"\x93NUMPY\x01\x00\xff\xff").is_err());
        assert!(parse_npy(b"hello").is_err());
    }
}
