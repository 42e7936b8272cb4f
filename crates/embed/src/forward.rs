//! The forward pass (spec §3), split into the token part, run per micro-batch on a flat
//! matrix of many sentences' tokens, and the sentence part ([`head`]), run on pooled rows.

use std::collections::HashMap;

use crate::convert::{BRANCHES, CHUNKS, D_CNN, D_EMB, D_FEAT, D_HID, TABLE_ROWS};
use crate::entry::{ENTRY, EntryWs, compute, embedding, slot_offset};
use crate::error::Result;
use crate::format::ModelFile;
use crate::gemm::{Ahead, Strided, Windowed, product, product_ahead};
use crate::helper::Par;
use crate::ops::{EPS, add_relu, layer_norm, relu, relu1};
use crate::tokcache::{Src, TokenCache};

/// Borrowed views of every tensor in the model file.
pub struct Weights<'a> {
    pub(crate) file: &'a ModelFile,
    pub(crate) table: &'a [u8],
    pub(crate) lo: &'a [f32],
    pub(crate) scale: &'a [f32],
    pub(crate) proj_w: &'a [f32],
    pub(crate) proj_b: &'a [f32],
    pub(crate) ln1_g: &'a [f32],
    pub(crate) ln1_b: &'a [f32],
    pub(crate) w1: [&'a [f32]; 3],
    pub(crate) b1: [&'a [f32]; 3],
    pub(crate) w2: [&'a [f32]; 3],
    pub(crate) b2: [&'a [f32]; 3],
    pub(crate) ln_g: &'a [f32],
    pub(crate) ln_b: &'a [f32],
    pub(crate) cnn_w: &'a [f32],
    pub(crate) cnn_b: &'a [f32],
    pub(crate) d0: &'a [f32],
    pub(crate) p1: &'a [f32],
    pub(crate) d1: &'a [f32],
    pub(crate) d2: &'a [f32],
    pub(crate) p3: &'a [f32],
    pub(crate) d3: &'a [f32],
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
            file: f,
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

    /// The sentence head's weights ([`head`]), for [`MicroBatch::ahead`]: one stretch of the
    /// model file from `cnn_W` to the end of `d3` (nothing if the file orders them otherwise).
    pub fn head_region(&self) -> Ahead {
        let at = self.cnn_w.as_ptr() as usize;
        let end = self.d3.as_ptr() as usize + std::mem::size_of_val(self.d3);
        Ahead {
            at,
            bytes: end.saturating_sub(at),
        }
    }
}

/// Scratch buffers reused across micro-batches.
#[derive(Default)]
pub struct Workspace {
    feat: Vec<f32>,
    table: Vec<f32>,
    first: HashMap<u32, usize>,
    uniq: Vec<u32>,
    slot: Vec<usize>,
    src: Vec<Src>,
    fresh: Vec<u32>,
    entries: EntryWs,
    branch: [BranchWs; 3],
}

/// Scratch of one CNN branch (branches may run on different threads).
#[derive(Default)]
struct BranchWs {
    h: Vec<f32>,
    c: Vec<f32>,
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
    /// Memory read next (normally the head's weights, when this micro-batch is the whole
    /// call), prefetched while the second convolutions run: a short call is otherwise limited
    /// by reading them. A hint only.
    pub ahead: Ahead,
}

/// The per-id entries of a micro-batch: one (`ENTRY` values) per distinct id, and each row's.
struct Entries<'a> {
    rows: &'a [&'a [f32]],
    slot: &'a [usize],
}

impl Entries<'_> {
    fn of(&self, r: usize) -> &[f32] {
        self.rows[self.slot[r]]
    }
}

/// Runs the token part of the network and returns one summed feature row (`D_FEAT` values)
/// per entry of `mb.sums`, each summed in row order starting from zero. Per-id entries (see
/// [`crate::entry`]) come from `cache` or are computed and then offered to it; either way
/// they are the same bits. With two lanes in `par`, the work is shared: the entries being
/// computed (see [`compute`]), then branch 5 against branches 2 and 3 (equal work), then the
/// feature layer norm by row halves. Same bits either way.
pub fn tokens(
    w: &Weights,
    mb: &MicroBatch,
    cache: &TokenCache,
    ws: &mut Workspace,
    out: &mut Vec<f32>,
    par: Par,
) {
    let t = mb.ids.len();
    // 1.-3. and the first convolutions' slot products, once per distinct id: read in place
    // from the cache when held there, computed into the workspace's table otherwise.
    ws.first.clear();
    ws.uniq.clear();
    ws.slot.clear();
    for &id in mb.ids {
        let n = ws.uniq.len();
        let s = *ws.first.entry(id).or_insert(n);
        if s == n {
            ws.uniq.push(id);
        }
        ws.slot.push(s);
    }
    let pins = cache.lookup(&ws.uniq, &mut ws.src, &mut ws.fresh);
    let own = grow(&mut ws.table, ws.fresh.len() * ENTRY);
    if !ws.fresh.is_empty() {
        compute(w, &ws.fresh, own, &mut ws.entries, par);
        cache.insert(&ws.fresh, own);
    }
    let own: &[f32] = own;
    let rows: Vec<&[f32]> = ws
        .src
        .iter()
        .map(|s| match *s {
            Src::Cached(i) => pins.entry(i),
            Src::Own(r) => &own[r * ENTRY..(r + 1) * ENTRY],
        })
        .collect();
    let ent = Entries {
        rows: &rows,
        slot: &ws.slot,
    };
    // The dequantised embeddings go to the first D_EMB columns of the feature matrix.
    let feat = grow(&mut ws.feat, t * D_FEAT);
    for (r, (fr, &id)) in feat.chunks_exact_mut(D_FEAT).zip(mb.ids).enumerate() {
        embedding(w, id, ent.of(r), &mut fr[..D_EMB]);
    }
    // 4. the three n-gram branches.
    let seg = mb.seg;
    let [b2, b3, b5] = &mut ws.branch;
    // Each branch prefetches its share of `mb.ahead`, in proportion to its work.
    let share = |num, len| mb.ahead.share(num, len, 10);
    par.join(
        || branch(w, 2, &ent, seg, b5, share(5, 5)),
        || {
            branch(w, 0, &ent, seg, b2, share(0, 2));
            branch(w, 1, &ent, seg, b3, share(2, 3));
        },
    );
    drop(rows);
    drop(pins);
    // 5. token features [E | C2 | C3 | C5] and their layer norm, by row halves with two lanes.
    let cs: [&[f32]; 3] = [&ws.branch[0].c, &ws.branch[1].c, &ws.branch[2].c];
    let (lo, hi) = feat.split_at_mut(t / 2 * D_FEAT);
    par.join(|| features(w, lo, cs, 0), || features(w, hi, cs, t / 2));
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

/// Copies the branch outputs of rows `first..` into the feature rows `feat` (whose first
/// `D_EMB` values hold the embedding) and layer-normalises each row.
fn features(w: &Weights, feat: &mut [f32], cs: [&[f32]; 3], first: usize) {
    for (i, fr) in feat.chunks_exact_mut(D_FEAT).enumerate() {
        let r = first + i;
        for (k, c) in cs.iter().enumerate() {
            let off = D_EMB + k * D_CNN;
            fr[off..off + D_CNN].copy_from_slice(&c[r * D_CNN..(r + 1) * D_CNN]);
        }
        layer_norm(fr, w.ln_g, w.ln_b);
    }
}

/// Branch `k` (spec step 4): `H = relu(Win(xs) W1 + b1) + xs`, `C = relu(Win(H) W2 + b2) + H`,
/// with `xs` the branch's 256 columns of `X`; `C` is left in `bw.c` (`t × D_CNN`). The first
/// convolution adds the entries' slot products of the window's rows in slot order (slots
/// outside the row's segment add nothing). It walks the source rows, so that each entry's
/// slot products for the branch (adjacent in the entry) are read front to back once; row `i`
/// receives slot `j` from source row `i - left + j`, so its terms still arrive in slot order.
fn branch(w: &Weights, k: usize, ent: &Entries, seg: &[u32], bw: &mut BranchWs, ahead: Ahead) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2.
        return unsafe { branch_avx2(w, k, ent, seg, bw, ahead) };
    }
    branch_body(w, k, ent, seg, bw, ahead);
}

/// [`branch`] with its element loops compiled for AVX2 (same operations, same bits).
///
/// # Safety
/// The CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn branch_avx2(
    w: &Weights,
    k: usize,
    ent: &Entries,
    seg: &[u32],
    bw: &mut BranchWs,
    ahead: Ahead,
) {
    branch_body(w, k, ent, seg, bw, ahead);
}

#[inline(always)]
fn branch_body(w: &Weights, k: usize, ent: &Entries, seg: &[u32], bw: &mut BranchWs, ahead: Ahead) {
    let (n, left) = BRANCHES[k];
    let t = seg.len();
    let h = grow(&mut bw.h, t * D_CNN);
    let c = grow(&mut bw.c, t * D_CNN);
    h.fill(0.0);
    for s in 0..t {
        let e = ent.of(s);
        for j in 0..n {
            let Some(i) = (s + left).checked_sub(j) else {
                continue;
            };
            if i >= t || seg[i] != seg[s] {
                continue;
            }
            let at = slot_offset(k, j);
            let hr = &mut h[i * D_CNN..(i + 1) * D_CNN];
            for (a, v) in hr.iter_mut().zip(&e[at..at + D_CNN]) {
                *a += v;
            }
        }
    }
    for (i, hr) in h.chunks_exact_mut(D_CNN).enumerate() {
        let xs = &ent.of(i)[k * D_CNN..(k + 1) * D_CNN];
        for ((a, b), x) in hr.iter_mut().zip(w.b1[k]).zip(xs) {
            *a = relu1(*a + b) + x;
        }
    }
    let zeros = [0.0f32; D_CNN];
    let h: &[f32] = h;
    let win = Windowed::new(h, D_CNN, D_CNN, seg, left, &zeros);
    product_ahead(&win, n * D_CNN, D_CNN, w.w2[k], c, ahead);
    for (cr, hr) in c.chunks_exact_mut(D_CNN).zip(h.chunks_exact(D_CNN)) {
        for ((v, b), x) in cr.iter_mut().zip(w.b2[k]).zip(hr) {
            *v = relu1(*v + b) + x;
        }
    }
}

/// The sentence part: pooled feature sums (`D_FEAT` per sentence) and token counts to
/// unit-length 512-d vectors, written to `out` (`D_EMB` per sentence). With two lanes in
/// `par`, the first product is split by column halves, then the two pairs of independent
/// products (`d0`, `p1` and `d2`, `p3`) run side by side. Same bits either way.
pub fn head(w: &Weights, pooled: &[f32], lens: &[usize], out: &mut [f32], par: Par) {
    let s = lens.len();
    let mm = |a: &[f32], k: usize, b: &[f32], n: usize, c: &mut [f32], par: Par| {
        product(&Strided::new(a, s, k, k), k, n, b, c, par);
    };
    let mut m = vec![0.0f32; s * D_EMB];
    mm(pooled, D_FEAT, w.cnn_w, D_EMB, &mut m, par);
    for (row, &l) in m.chunks_exact_mut(D_EMB).zip(lens) {
        let lf = l.max(1) as f32;
        let inv = 1.0 / lf.sqrt();
        for (v, b) in row.iter_mut().zip(w.cnn_b) {
            *v = (*v + lf * b) * inv;
        }
    }
    let mut y0 = vec![0.0f32; s * D_HID];
    let mut y1 = vec![0.0f32; s * D_HID];
    par.join(
        || {
            mm(&m, D_EMB, w.d0, D_HID, &mut y0, Par::Serial);
            relu(&mut y0);
        },
        || mm(&m, D_EMB, w.p1, D_HID, &mut y1, Par::Serial),
    );
    let mut t1 = vec![0.0f32; s * D_HID];
    mm(&y0, D_HID, w.d1, D_HID, &mut t1, Par::Serial);
    add_relu(&mut y1, &t1);
    let mut y2 = vec![0.0f32; s * D_EMB];
    let z = &mut out[..s * D_EMB];
    par.join(
        || {
            mm(&y1, D_HID, w.d2, D_EMB, &mut y2, Par::Serial);
            relu(&mut y2);
        },
        || mm(&y1, D_HID, w.p3, D_EMB, z, Par::Serial),
    );
    let mut t3 = vec![0.0f32; s * D_EMB];
    mm(&y2, D_EMB, w.d3, D_EMB, &mut t3, Par::Serial);
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
