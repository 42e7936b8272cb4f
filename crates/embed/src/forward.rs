//! The forward pass (spec §3), split into the token part, run per micro-batch on a flat
//! matrix of many sentences' tokens, and the sentence part ([`head`]), run on pooled rows.

use std::collections::HashMap;

use crate::convert::{BRANCHES, CHUNKS, D_CNN, D_EMB, D_FEAT, D_HID, TABLE_ROWS};
use crate::error::Result;
use crate::format::ModelFile;
use crate::gemm::matmul;

const EPS: f32 = 1e-12;

/// Borrowed views of every tensor in the model file.
pub struct Weights<'a> {
    table: &'a [u8],
    lo: &'a [f32],
    scale: &'a [f32],
    proj_w: &'a [f32],
    proj_b: &'a [f32],
    ln1_g: &'a [f32],
    ln1_b: &'a [f32],
    w1: [&'a [f32]; 3],
    b1: [&'a [f32]; 3],
    w2: [&'a [f32]; 3],
    b2: [&'a [f32]; 3],
    ln_g: &'a [f32],
    ln_b: &'a [f32],
    cnn_w: &'a [f32],
    cnn_b: &'a [f32],
    d0: &'a [f32],
    p1: &'a [f32],
    d1: &'a [f32],
    d2: &'a [f32],
    p3: &'a [f32],
    d3: &'a [f32],
}

impl<'a> Weights<'a> {
    /// Resolves and shape-checks every tensor.
    pub fn new(f: &'a ModelFile) -> Result<Self> {
        let branch = |prefix: &str, rows: fn(usize) -> usize| -> Result<[&'a [f32]; 3]> {
            let g = |i: usize| {
                let n = BRANCHES[i].0;
                f.f32s(&format!("{prefix}_{n}"), rows(n), D_CNN)
            };
            Ok([g(0)?, g(1)?, g(2)?])
        };
        Ok(Weights {
            table: f.bytes("table", Some((TABLE_ROWS, D_EMB)))?,
            lo: f.f32s("lo", CHUNKS, 1)?,
            scale: f.f32s("scale", CHUNKS, 1)?,
            proj_w: f.f32s("proj_w", D_EMB, 3 * D_CNN)?,
            proj_b: f.f32s("proj_b", 1, 3 * D_CNN)?,
            ln1_g: f.f32s("ln1_g", 1, 3 * D_CNN)?,
            ln1_b: f.f32s("ln1_b", 1, 3 * D_CNN)?,
            w1: branch("w1", |n| n * D_CNN)?,
            b1: branch("b1", |_| 1)?,
            w2: branch("w2", |n| n * D_CNN)?,
            b2: branch("b2", |_| 1)?,
            ln_g: f.f32s("ln_g", 1, D_FEAT)?,
            ln_b: f.f32s("ln_b", 1, D_FEAT)?,
            cnn_w: f.f32s("cnn_W", D_FEAT, D_EMB)?,
            cnn_b: f.f32s("cnn_b", 1, D_EMB)?,
            d0: f.f32s("d0", D_EMB, D_HID)?,
            p1: f.f32s("p1", D_EMB, D_HID)?,
            d1: f.f32s("d1", D_HID, D_HID)?,
            d2: f.f32s("d2", D_HID, D_EMB)?,
            p3: f.f32s("p3", D_HID, D_EMB)?,
            d3: f.f32s("d3", D_EMB, D_EMB)?,
        })
    }
}

/// Scratch buffers reused across micro-batches.
#[derive(Default)]
pub struct Workspace {
    feat: Vec<f32>,
    x: Vec<f32>,
    col: Vec<f32>,
    h: Vec<f32>,
    tmp: Vec<f32>,
}

fn grow(v: &mut Vec<f32>, n: usize) -> &mut [f32] {
    if v.len() < n {
        v.resize(n, 0.0);
    }
    &mut v[..n]
}

/// Rows of one micro-batch: token ids, a segment number per row (window slots only see rows of
/// the same segment; other slots read zeros), and the row ranges whose features are summed.
pub struct MicroBatch<'a> {
    pub ids: &'a [u32],
    pub seg: &'a [u32],
    pub sums: &'a [std::ops::Range<usize>],
}

/// Runs the token part of the network and returns one summed feature row (`D_FEAT` values)
/// per entry of `mb.sums`, each summed in row order starting from zero.
pub fn tokens(w: &Weights, mb: &MicroBatch, ws: &mut Workspace, out: &mut Vec<f32>) {
    let t = mb.ids.len();
    let feat = grow(&mut ws.feat, t * D_FEAT);
    // 1. dequantised embeddings into the first D_EMB columns of the feature matrix.
    for (r, &id) in mb.ids.iter().enumerate() {
        let id = (id as usize).min(TABLE_ROWS - 1);
        let c = id % CHUNKS;
        let (s, l) = (w.scale[c], w.lo[c]);
        let q = &w.table[id * D_EMB..(id + 1) * D_EMB];
        for (e, &v) in feat[r * D_FEAT..r * D_FEAT + D_EMB].iter_mut().zip(q) {
            *e = f32::from(v) * s + l;
        }
    }
    // 2.-3. projection to 768 and the joint layer norm. Both depend on the token id only, so
    // they are computed once per distinct id of the micro-batch and then copied to every row.
    let xw = 3 * D_CNN;
    let mut first: HashMap<u32, usize> = HashMap::with_capacity(t);
    let mut uniq = Vec::with_capacity(t);
    let slot: Vec<usize> = mb
        .ids
        .iter()
        .enumerate()
        .map(|(r, &id)| {
            *first.entry(id).or_insert_with(|| {
                uniq.push(r);
                uniq.len() - 1
            })
        })
        .collect();
    let u = uniq.len();
    let eu = grow(&mut ws.col, u * D_EMB);
    for (i, &r) in uniq.iter().enumerate() {
        eu[i * D_EMB..(i + 1) * D_EMB].copy_from_slice(&feat[r * D_FEAT..r * D_FEAT + D_EMB]);
    }
    let xu = grow(&mut ws.tmp, u * xw);
    matmul(u, D_EMB, xw, eu, D_EMB, w.proj_w, xu);
    for row in xu.chunks_exact_mut(xw) {
        for (v, b) in row.iter_mut().zip(w.proj_b) {
            *v += b;
        }
        layer_norm(row, w.ln1_g, w.ln1_b);
    }
    let x = grow(&mut ws.x, t * xw);
    for (r, &i) in slot.iter().enumerate() {
        x[r * xw..(r + 1) * xw].copy_from_slice(&xu[i * xw..(i + 1) * xw]);
    }
    // 4. the three n-gram branches.
    for (k, &(n, left)) in BRANCHES.iter().enumerate() {
        let col = grow(&mut ws.col, t * n * D_CNN);
        window(&x[k * D_CNN..], xw, mb.seg, n, left, col);
        let tmp = grow(&mut ws.tmp, t * D_CNN);
        matmul(t, n * D_CNN, D_CNN, col, n * D_CNN, w.w1[k], tmp);
        let h = grow(&mut ws.h, t * D_CNN);
        for r in 0..t {
            let xs = &x[r * xw + k * D_CNN..r * xw + (k + 1) * D_CNN];
            let hr = &mut h[r * D_CNN..(r + 1) * D_CNN];
            let tr = &tmp[r * D_CNN..(r + 1) * D_CNN];
            for c in 0..D_CNN {
                hr[c] = relu1(tr[c] + w.b1[k][c]) + xs[c];
            }
        }
        window(h, D_CNN, mb.seg, n, left, col);
        matmul(t, n * D_CNN, D_CNN, col, n * D_CNN, w.w2[k], tmp);
        let off = D_EMB + k * D_CNN;
        for r in 0..t {
            let hr = &h[r * D_CNN..(r + 1) * D_CNN];
            let tr = &tmp[r * D_CNN..(r + 1) * D_CNN];
            let fr = &mut feat[r * D_FEAT + off..r * D_FEAT + off + D_CNN];
            for c in 0..D_CNN {
                fr[c] = relu1(tr[c] + w.b2[k][c]) + hr[c];
            }
        }
    }
    // 5.-6. layer norm over the token features, then sums per range.
    for row in feat.chunks_exact_mut(D_FEAT) {
        layer_norm(row, w.ln_g, w.ln_b);
    }
    out.clear();
    out.resize(mb.sums.len() * D_FEAT, 0.0);
    for (acc, range) in out.chunks_exact_mut(D_FEAT).zip(mb.sums) {
        for r in range.clone() {
            for (a, v) in acc.iter_mut().zip(&feat[r * D_FEAT..(r + 1) * D_FEAT]) {
                *a += v;
            }
        }
    }
}

/// Gathers `n`-wide windows (rows `i-left .. i-left+n`) of a strided matrix into `col`,
/// writing zeros for slots outside the row's segment.
fn window(src: &[f32], stride: usize, seg: &[u32], n: usize, left: usize, col: &mut [f32]) {
    let t = seg.len();
    for i in 0..t {
        for j in 0..n {
            let dst = &mut col[(i * n + j) * D_CNN..(i * n + j + 1) * D_CNN];
            let src_row = (i + j)
                .checked_sub(left)
                .filter(|&s| s < t && seg[s] == seg[i]);
            match src_row {
                Some(s) => dst.copy_from_slice(&src[s * stride..s * stride + D_CNN]),
                None => dst.fill(0.0),
            }
        }
    }
}

/// `max(v, 0)` written so that it vectorises.
#[inline(always)]
fn relu1(v: f32) -> f32 {
    if v > 0.0 { v } else { 0.0 }
}

/// Sum in eight interleaved lanes, then the lanes in order: a fixed order (so results do not
/// depend on anything but the row) that the compiler can vectorise.
#[inline]
fn lane_sum(x: &[f32], f: impl Fn(f32) -> f32) -> f32 {
    let mut lanes = [0.0f32; 8];
    let chunks = x.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (l, v) in lanes.iter_mut().zip(c) {
            *l += f(*v);
        }
    }
    lanes.iter().sum::<f32>() + rest.iter().map(|v| f(*v)).sum::<f32>()
}

/// In-place layer norm with biased variance.
fn layer_norm(x: &mut [f32], g: &[f32], b: &[f32]) {
    let n = x.len() as f32;
    let mean = lane_sum(x, |v| v) / n;
    x.iter_mut().for_each(|v| *v -= mean);
    let var = lane_sum(x, |v| v * v) / n;
    let inv = 1.0 / (var + EPS).sqrt();
    for ((v, g), b) in x.iter_mut().zip(g).zip(b) {
        *v = *v * inv * g + b;
    }
}

/// The sentence part: pooled feature sums (`D_FEAT` per sentence) and token counts to
/// unit-length 512-d vectors, written to `out` (`D_EMB` per sentence).
pub fn head(w: &Weights, pooled: &[f32], lens: &[usize], out: &mut [f32]) {
    let s = lens.len();
    let mut m = vec![0.0f32; s * D_EMB];
    matmul(s, D_FEAT, D_EMB, pooled, D_FEAT, w.cnn_w, &mut m);
    for (row, &l) in m.chunks_exact_mut(D_EMB).zip(lens) {
        let lf = l.max(1) as f32;
        let inv = 1.0 / lf.sqrt();
        for (v, b) in row.iter_mut().zip(w.cnn_b) {
            *v = (*v + lf * b) * inv;
        }
    }
    let mut y0 = vec![0.0f32; s * D_HID];
    matmul(s, D_EMB, D_HID, &m, D_EMB, w.d0, &mut y0);
    relu(&mut y0);
    let mut y1 = vec![0.0f32; s * D_HID];
    matmul(s, D_EMB, D_HID, &m, D_EMB, w.p1, &mut y1);
    let mut t1 = vec![0.0f32; s * D_HID];
    matmul(s, D_HID, D_HID, &y0, D_HID, w.d1, &mut t1);
    add_relu(&mut y1, &t1);
    let mut y2 = vec![0.0f32; s * D_EMB];
    matmul(s, D_HID, D_EMB, &y1, D_HID, w.d2, &mut y2);
    relu(&mut y2);
    let z = &mut out[..s * D_EMB];
    matmul(s, D_HID, D_EMB, &y1, D_HID, w.p3, z);
    let mut t3 = vec![0.0f32; s * D_EMB];
    matmul(s, D_EMB, D_EMB, &y2, D_EMB, w.d3, &mut t3);
    for row in 0..s {
        let zr = &mut z[row * D_EMB..(row + 1) * D_EMB];
        let mut ss = 0.0f32;
        for (v, t) in zr.iter_mut().zip(&t3[row * D_EMB..(row + 1) * D_EMB]) {
            *v = (*v + t).tanh();
            ss += *v * *v;
        }
        let inv = 1.0 / ss.max(EPS).sqrt();
        zr.iter_mut().for_each(|v| *v *= inv);
    }
}

fn relu(v: &mut [f32]) {
    v.iter_mut().for_each(|x| *x = relu1(*x));
}

fn add_relu(v: &mut [f32], t: &[f32]) {
    for (x, y) in v.iter_mut().zip(t) {
        *x = relu1(*x + y);
    }
}
