//! One-off conversion of the package resources (`sp.model`, `weights.npz`) into the compact
//! model file of [`crate::format`].

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::format::Writer;
use crate::gemm::pack;
use crate::npy::{Array, Dtype, read_npz};
use crate::proto::parse_model;
use crate::tokenizer::{Tokenizer, TokenizerMode};

/// Embedding width.
pub const D_EMB: usize = 512;
/// Width of one CNN branch.
pub const D_CNN: usize = 256;
/// Token feature width: raw embedding plus three branches.
pub const D_FEAT: usize = D_EMB + 3 * D_CNN;
/// Hidden width of the DNN.
pub const D_HID: usize = 320;
/// Number of interleaved quantisation chunks of the embedding table.
pub const CHUNKS: usize = 17;
/// Rows per chunk.
pub const CHUNK_ROWS: usize = 7530;
/// Rows of the full embedding table.
pub const TABLE_ROWS: usize = CHUNKS * CHUNK_ROWS;
/// The CNN branches: (n-gram order, left context).
pub const BRANCHES: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];

/// Converts the two resources into a model-file writer. Weight matrices are stored packed in
/// 16-column panels (see [`crate::gemm::pack`]); vectors and the embedding table as they are.
pub fn convert(sp_model: &[u8], npz: &[u8]) -> Result<Writer> {
    let sp = parse_model(sp_model, "sp.model")?;
    // Fails early if the vocabulary or charsmap cannot drive a tokenizer.
    Tokenizer::from_model(&sp, "sp.model", TokenizerMode::Package)?;
    let mut w = Writer::default();
    let mut blob = Vec::new();
    let mut offsets = vec![0u32];
    for p in &sp.pieces {
        blob.extend_from_slice(p.as_bytes());
        offsets.push(u32::try_from(blob.len()).map_err(|_| bad_sp("vocabulary too large"))?);
    }
    let n = sp.pieces.len();
    w.bytes("tok.blob", blob.len(), 1, blob);
    w.u32s("tok.offsets", &offsets);
    w.f32s("tok.scores", n, 1, &sp.scores);
    w.bytes(
        "tok.kinds",
        n,
        1,
        sp.kinds.iter().map(|&k| k as u8).collect(),
    );
    w.bytes("tok.charsmap", sp.charsmap.len(), 1, sp.charsmap.clone());

    let arrays: HashMap<String, Array> = read_npz(npz)
        .map_err(|reason| bad_w(&reason))?
        .into_iter()
        .collect();
    let get = |name: &str, dtype: Dtype, shape: &[usize]| -> Result<&Array> {
        let a = arrays
            .get(name)
            .ok_or_else(|| bad_w(&format!("array {name} is missing")))?;
        if a.dtype != dtype || a.shape != shape {
            return Err(bad_w(&format!(
                "array {name} is {:?} {:?}, expected {dtype:?} {shape:?}",
                a.dtype, a.shape
            )));
        }
        Ok(a)
    };
    let f32s = |name: &str, shape: &[usize]| -> Result<Vec<f32>> {
        Ok(get(name, Dtype::F32, shape)?.to_f32().unwrap_or_default())
    };

    let mut table = vec![0u8; TABLE_ROWS * D_EMB];
    for c in 0..CHUNKS {
        let q = get(&format!("q{}", c + 1), Dtype::U8, &[CHUNK_ROWS, D_EMB])?;
        for (r, row) in q.data.chunks_exact(D_EMB).enumerate() {
            let at = (r * CHUNKS + c) * D_EMB;
            table[at..at + D_EMB].copy_from_slice(row);
        }
    }
    w.bytes("table", TABLE_ROWS, D_EMB, table);
    w.f32s("lo", CHUNKS, 1, &f32s("lo", &[CHUNKS])?);
    w.f32s("scale", CHUNKS, 1, &f32s("scale", &[CHUNKS])?);

    let proj: Vec<Vec<f32>> = ["proj2", "proj3", "proj5"]
        .iter()
        .map(|n| f32s(n, &[D_EMB, D_CNN]))
        .collect::<Result<_>>()?;
    let mut proj_w = Vec::with_capacity(D_EMB * 3 * D_CNN);
    for i in 0..D_EMB {
        for p in &proj {
            proj_w.extend_from_slice(&p[i * D_CNN..(i + 1) * D_CNN]);
        }
    }
    w.f32s("proj_w", D_EMB, 3 * D_CNN, &pack(&proj_w, D_EMB, 3 * D_CNN));
    for (out, prefix) in [("proj_b", "proj_b"), ("ln1_g", "ln_g"), ("ln1_b", "ln_b")] {
        let mut v = Vec::with_capacity(3 * D_CNN);
        for n in [2, 3, 5] {
            v.extend(f32s(&format!("{prefix}{n}"), &[D_CNN])?);
        }
        w.f32s(out, 1, 3 * D_CNN, &v);
    }
    for (n, _) in BRANCHES {
        for layer in ["w1", "w2"] {
            let name = format!("{layer}_{n}");
            let m = f32s(&name, &[n * D_CNN, D_CNN])?;
            w.f32s(&name, n * D_CNN, D_CNN, &pack(&m, n * D_CNN, D_CNN));
        }
        for layer in ["b1", "b2"] {
            let name = format!("{layer}_{n}");
            w.f32s(&name, 1, D_CNN, &f32s(&name, &[D_CNN])?);
        }
    }
    w.f32s("ln_g", 1, D_FEAT, &f32s("ln_g", &[D_FEAT])?);
    w.f32s("ln_b", 1, D_FEAT, &f32s("ln_b", &[D_FEAT])?);
    let cnn = f32s("cnn_W", &[D_FEAT, D_EMB])?;
    w.f32s("cnn_W", D_FEAT, D_EMB, &pack(&cnn, D_FEAT, D_EMB));
    w.f32s("cnn_b", 1, D_EMB, &f32s("cnn_b", &[D_EMB])?);
    for (name, r, c) in [
        ("d0", D_EMB, D_HID),
        ("p1", D_EMB, D_HID),
        ("d1", D_HID, D_HID),
        ("d2", D_HID, D_EMB),
        ("p3", D_HID, D_EMB),
        ("d3", D_EMB, D_EMB),
    ] {
        w.f32s(name, r, c, &pack(&f32s(name, &[r, c])?, r, c));
    }
    Ok(w)
}

fn bad_sp(reason: &str) -> Error {
    Error::SpModel {
        name: "sp.model".into(),
        reason: reason.into(),
    }
}

fn bad_w(reason: &str) -> Error {
    Error::Weights {
        name: "weights.npz".into(),
        reason: reason.into(),
    }
}
