//! A minimal protobuf reader for SentencePiece `ModelProto` files.
//!
//! Only what `sp.model` uses is read: field 1 (`pieces`) and field 3 (`normalizer_spec`).
//! Unknown fields of the supported wire types (0, 1, 2, 5) are skipped.

use crate::error::{Error, Result};

/// SentencePiece piece types (`SentencePiece.Type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum PieceKind {
    Normal = 1,
    Unknown = 2,
    Control = 3,
    UserDefined = 4,
    Unused = 5,
    Byte = 6,
}

impl PieceKind {
    pub(crate) fn from_u64(v: u64) -> Option<Self> {
        Some(match v {
            1 => Self::Normal,
            2 => Self::Unknown,
            3 => Self::Control,
            4 => Self::UserDefined,
            5 => Self::Unused,
            6 => Self::Byte,
            _ => return None,
        })
    }
}

/// The parts of a SentencePiece model the tokenizer needs.
#[derive(Debug, Clone)]
pub struct SpModel {
    /// Piece texts, in id order.
    pub pieces: Vec<String>,
    /// Piece scores, in id order.
    pub scores: Vec<f32>,
    /// Piece types, in id order.
    pub kinds: Vec<PieceKind>,
    /// `normalizer_spec.precompiled_charsmap`.
    pub charsmap: Vec<u8>,
}

enum Value<'a> {
    Varint(u64),
    Fixed32(u32),
    Bytes(&'a [u8]),
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn new(buf: &'a [u8]) -> Self {
        Reader { buf, pos: 0 }
    }

    fn varint(&mut self) -> std::result::Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.buf.get(self.pos).ok_or("truncated varint")?;
            self.pos += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("varint longer than 10 bytes".into())
    }

    fn take(&mut self, n: usize) -> std::result::Result<&'a [u8], String> {
        let end = self.pos.checked_add(n).filter(|&e| e <= self.buf.len());
        let end = end.ok_or_else(|| format!("field of {n} bytes runs past the end"))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// Next `(field number, value)`, or `None` at the end of the buffer.
    fn next(&mut self) -> std::result::Result<Option<(u64, Value<'a>)>, String> {
        if self.pos >= self.buf.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let field = key >> 3;
        let value = match key & 7 {
            0 => Value::Varint(self.varint()?),
            1 => {
                self.take(8)?;
                Value::Varint(0)
            }
            2 => {
                let n = usize::try_from(self.varint()?).map_err(|_| "length overflow")?;
                Value::Bytes(self.take(n)?)
            }
            5 => {
                let b = self.take(4)?;
                Value::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            w => return Err(format!("unsupported wire type {w} for field {field}")),
        };
        Ok(Some((field, value)))
    }
}

/// Parses a SentencePiece model. `name` is used in error messages.
pub fn parse_model(bytes: &[u8], name: &str) -> Result<SpModel> {
    parse_inner(bytes).map_err(|reason| Error::SpModel {
        name: name.to_string(),
        reason,
    })
}

fn parse_inner(bytes: &[u8]) -> std::result::Result<SpModel, String> {
    let mut m = SpModel {
        pieces: Vec::new(),
        scores: Vec::new(),
        kinds: Vec::new(),
        charsmap: Vec::new(),
    };
    let mut have_normalizer = false;
    let mut r = Reader::new(bytes);
    while let Some((field, value)) = r.next()? {
        match (field, value) {
            (1, Value::Bytes(b)) => {
                let (piece, score, kind) =
                    parse_piece(b).map_err(|e| format!("piece {}: {e}", m.pieces.len()))?;
                m.pieces.push(piece);
                m.scores.push(score);
                m.kinds.push(kind);
            }
            (3, Value::Bytes(b)) => {
                have_normalizer = true;
                parse_normalizer(b, &mut m.charsmap)?;
            }
            (1 | 3, _) => return Err(format!("field {field} has the wrong wire type")),
            _ => {}
        }
    }
    if m.pieces.len() < 3 {
        return Err(format!(
            "only {} pieces; expected a full vocabulary",
            m.pieces.len()
        ));
    }
    if !have_normalizer || m.charsmap.is_empty() {
        return Err("no precompiled normalizer charsmap".into());
    }
    Ok(m)
}

fn parse_piece(b: &[u8]) -> std::result::Result<(String, f32, PieceKind), String> {
    let mut r = Reader::new(b);
    let (mut piece, mut score, mut kind) = (None, 0.0f32, PieceKind::Normal);
    while let Some((field, value)) = r.next()? {
        match (field, value) {
            (1, Value::Bytes(s)) => {
                let s = std::str::from_utf8(s).map_err(|_| "piece is not UTF-8")?;
                piece = Some(s.to_string());
            }
            (2, Value::Fixed32(v)) => score = f32::from_bits(v),
            (3, Value::Varint(v)) => {
                kind = PieceKind::from_u64(v).ok_or_else(|| format!("unknown piece type {v}"))?
            }
            (1..=3, _) => return Err(format!("field {field} has the wrong wire type")),
            _ => {}
        }
    }
    let piece = piece.ok_or("piece without text")?;
    if piece.is_empty() || !score.is_finite() {
        return Err(format!("empty piece or non-finite score {score}"));
    }
    Ok((piece, score, kind))
}

fn parse_normalizer(b: &[u8], charsmap: &mut Vec<u8>) -> std::result::Result<(), String> {
    let mut r = Reader::new(b);
    while let Some((field, value)) = r.next()? {
        match (field, value) {
            (2, Value::Bytes(s)) => *charsmap = s.to_vec(),
            // add_dummy_prefix, remove_extra_whitespaces, escape_whitespaces: only the
            // default (true) is implemented.
            (3..=5, Value::Varint(0)) => {
                return Err(format!(
                    "normalizer option {field} = false is not supported"
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_field(out: &mut Vec<u8>, field: u8, data: &[u8]) {
        out.push(field << 3 | 2);
        out.push(u8::try_from(data.len()).unwrap());
        out.extend_from_slice(data);
    }

    fn piece(text: &str, score: f32, kind: u8) -> Vec<u8> {
        let mut p = Vec::new();
        bytes_field(&mut p, 1, text.as_bytes());
        p.push(2 << 3 | 5);
        p.extend_from_slice(&score.to_le_bytes());
        p.extend_from_slice(&[3 << 3, kind]);
        p
    }

    fn tiny_model() -> Vec<u8> {
        let mut m = Vec::new();
        for (t, s, k) in [
            ("<unk>", 0.0, 2),
            ("<s>", 0.0, 3),
            ("</s>", 0.0, 3),
            ("▁a", -1.5, 1),
        ] {
            bytes_field(&mut m, 1, &piece(t, s, k));
        }
        let mut norm = Vec::new();
        bytes_field(&mut norm, 1, b"nmt_nfkc");
        bytes_field(&mut norm, 2, &[4, 0, 0, 0, 0, 0, 0, 0]);
        bytes_field(&mut m, 3, &norm);
        m
    }

    #[test]
    fn reads_pieces_scores_and_kinds() {
        let m = parse_model(&tiny_model(), "tiny").unwrap();
        assert_eq!(m.pieces, ["<unk>", "<s>", "</s>", "▁a"]);
        assert_eq!(m.scores[3], -1.5);
        assert_eq!(m.kinds[0], PieceKind::Unknown);
        assert_eq!(m.kinds[1], PieceKind::Control);
        assert_eq!(m.charsmap.len(), 8);
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let full = tiny_model();
        for n in 0..full.len() {
            assert!(
                parse_model(&full[..n], "cut").is_err(),
                "prefix {n} accepted"
            );
        }
    }

    #[test]
    fn garbage_is_rejected_with_the_name() {
        let err = parse_model(&[0xff; 40], "junk.model").unwrap_err();
        assert!(err.to_string().contains("junk.model"), "{err}");
    }
}
