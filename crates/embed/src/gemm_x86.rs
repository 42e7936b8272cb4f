//! AVX2 + FMA kernels for [`crate::gemm`].
//!
//! Rows are taken six at a time (6 × 16 outputs, twelve accumulators); the last one to five
//! rows use blocks that span several panels (2 rows × 32 columns, 1 row × 64 columns), so that
//! a product of one or two rows still has eight independent FMA chains in flight. Every output
//! element is accumulated by the same FMA sequence in every block shape.

use std::arch::x86_64::*;

use crate::gemm::{Geom, KC, NR, Rows};

/// Columns per cache block of `B`.
const NC: usize = 128;
/// Rows per register block.
const MR: usize = 6;

/// Panels `p0..p1` of `c = A · B`.
///
/// # Safety
/// The CPU supports AVX2 and FMA; `bp` holds panels `p0..p1` of `g.k` packed rows each (panel
/// `p` at `p * g.pstride`); `c` points at `a.rows()` rows of `g.ldc` values whose panels
/// `p0..p1` are writable and untouched by other threads meanwhile.
#[target_feature(enable = "avx2,fma")]
pub(crate) unsafe fn run(
    a: &impl Rows,
    g: Geom,
    bp: *const f32,
    c: *mut f32,
    p0: usize,
    p1: usize,
) {
    let m = a.rows();
    // SAFETY (both): forwarded contract.
    match m {
        1 => return unsafe { stream::<1, 4>(a, g, bp, c, p0, p1) },
        2 => return unsafe { stream::<2, 2>(a, g, bp, c, p0, p1) },
        _ => {}
    }
    let (k, pstride) = (g.k, g.pstride);
    // Prefetching `g.ahead`: one line every `every` steps of each kernel call, enough lines
    // per call to cover it over the calls of the product (counted as for single panels).
    let calls = k.div_ceil(KC) * m.div_ceil(MR) * (p1 - p0);
    let per_call = (g.ahead.bytes / LINE).div_ceil(calls.max(1));
    let mut side = Side {
        at: g.ahead.at,
        end: g.ahead.at + g.ahead.bytes,
        every: KC.checked_div(per_call).map_or(0, |e| e.max(1)),
    };
    for k0 in (0..k).step_by(KC) {
        let kc = KC.min(k - k0);
        for q0 in (p0..p1).step_by(NC / NR) {
            let q1 = (q0 + NC / NR).min(p1);
            let mut m0 = 0;
            while m0 < m {
                let rows = MR.min(m - m0);
                let blk = Block {
                    kc,
                    first: k0 == 0,
                    // SAFETY: inside bp and c by the caller's contract.
                    b: unsafe { bp.add(k0 * NR) },
                    pstride,
                    c: unsafe { c.add(m0 * g.ldc) },
                    ldc: g.ldc,
                };
                let sd = &mut side;
                // SAFETY: rows m0..m0+rows exist; panels q0..q1 lie in p0..p1.
                unsafe {
                    match rows {
                        6 => blk.rows::<6, 1>(a, m0, k0, q0, q1, sd),
                        5 => blk.rows::<5, 1>(a, m0, k0, q0, q1, sd),
                        4 => blk.rows::<4, 1>(a, m0, k0, q0, q1, sd),
                        3 => blk.rows::<3, 2>(a, m0, k0, q0, q1, sd),
                        2 => blk.rows::<2, 2>(a, m0, k0, q0, q1, sd),
                        _ => blk.rows::<1, 4>(a, m0, k0, q0, q1, sd),
                    }
                }
                m0 += rows;
            }
        }
    }
}

/// Products of one or two rows, whose time goes into reading `B`: each group of panels is
/// taken over the whole depth in turn, so that every panel is read front to back once, and the
/// lines ahead of each stream are prefetched. The `k` blocks still end with a store and start
/// with a reload, so every output element gets the same operations as in [`run`].
///
/// # Safety
/// As for [`run`], with `a.rows() == R`.
#[target_feature(enable = "avx2,fma")]
unsafe fn stream<const R: usize, const P: usize>(
    a: &impl Rows,
    g: Geom,
    bp: *const f32,
    c: *mut f32,
    p0: usize,
    p1: usize,
) {
    let mut p = p0;
    while p < p1 {
        let wide = p + P <= p1;
        for k0 in (0..g.k).step_by(KC) {
            let blk = Block {
                kc: KC.min(g.k - k0),
                first: k0 == 0,
                // SAFETY: inside bp by the caller's contract.
                b: unsafe { bp.add(k0 * NR) },
                pstride: g.pstride,
                c,
                ldc: g.ldc,
            };
            let mut ap = [std::ptr::null::<f32>(); R];
            for (r, x) in ap.iter_mut().enumerate() {
                *x = a.row(r, k0);
            }
            // SAFETY: panels p..p+P (or p alone) lie inside p0..p1.
            unsafe {
                let side = &mut Side {
                    at: 0,
                    end: 0,
                    every: 0,
                };
                if wide {
                    blk.kernel::<R, P, true>(&ap, p, side);
                } else {
                    blk.kernel::<R, 1, true>(&ap, p, side);
                }
            }
        }
        p += if wide { P } else { 1 };
    }
}

/// Cache lines ahead of each stream of `B` that [`stream`] prefetches.
const AHEAD: usize = 12;
/// Bytes per cache line.
const LINE: usize = 64;

/// The part of [`crate::gemm::Ahead`] not prefetched yet: from `at` to `end`, one line every
/// `every` steps of a kernel call (0: nothing to do).
struct Side {
    at: usize,
    end: usize,
    every: usize,
}

/// One `k` block of a band of rows.
struct Block {
    kc: usize,
    first: bool,
    /// Start of this `k` block in panel 0.
    b: *const f32,
    /// Distance between panels.
    pstride: usize,
    /// Row `m0`, column 0 of the output.
    c: *mut f32,
    ldc: usize,
}

impl Block {
    /// Rows `m0..m0+R`, panels `q0..q1`, `P` panels per kernel call (then single panels).
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn rows<const R: usize, const P: usize>(
        &self,
        a: &impl Rows,
        m0: usize,
        k0: usize,
        q0: usize,
        q1: usize,
        side: &mut Side,
    ) {
        let mut ap = [std::ptr::null::<f32>(); R];
        for (r, p) in ap.iter_mut().enumerate() {
            *p = a.row(m0 + r, k0);
        }
        let mut p = q0;
        // The first rows read this block of `B` from memory (prefetched ahead); the others
        // find it cached.
        let pf = m0 == 0;
        // SAFETY (both loops): panels p..p+P lie inside q0..q1.
        while p + P <= q1 {
            unsafe {
                if pf {
                    self.kernel::<R, P, true>(&ap, p, side);
                } else {
                    self.kernel::<R, P, false>(&ap, p, side);
                }
            }
            p += P;
        }
        while p < q1 {
            unsafe {
                if pf {
                    self.kernel::<R, 1, true>(&ap, p, side);
                } else {
                    self.kernel::<R, 1, false>(&ap, p, side);
                }
            }
            p += 1;
        }
    }

    /// `R` rows × `P` panels (16 columns each) over `kc` steps of `k`, starting at panel `p`;
    /// with `PF`, each panel's line [`AHEAD`] steps on is prefetched (one line per step).
    /// Lines of `side` are prefetched on the way, and `side` advances past them.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn kernel<const R: usize, const P: usize, const PF: bool>(
        &self,
        a: &[*const f32; R],
        p: usize,
        side: &mut Side,
    ) {
        let (mut sat, send, every) = (side.at, side.end, side.every);
        let mut due = if sat < send { 1 } else { 0 };
        // SAFETY (whole body): `a` rows hold kc values (Rows contract); panels p..p+P hold
        // kc × 16 values from `b`; the output rows hold the panels' 16 columns at `ldc`.
        unsafe {
            let b = self.b.add(p * self.pstride);
            let c = self.c.add(p * NR);
            let mut acc = [[[_mm256_setzero_ps(); 2]; P]; R];
            if !self.first {
                for (r, row) in acc.iter_mut().enumerate() {
                    for (j, v) in row.iter_mut().enumerate() {
                        v[0] = _mm256_loadu_ps(c.add(r * self.ldc + j * NR));
                        v[1] = _mm256_loadu_ps(c.add(r * self.ldc + j * NR + 8));
                    }
                }
            }
            for kk in 0..self.kc {
                if due != 0 {
                    due -= 1;
                    if due == 0 {
                        // A hint only: never dereferenced.
                        _mm_prefetch::<_MM_HINT_T1>(sat as *const i8);
                        sat += LINE;
                        due = if sat < send { every } else { 0 };
                    }
                }
                let mut bv = [[_mm256_setzero_ps(); 2]; P];
                for (j, v) in bv.iter_mut().enumerate() {
                    if PF {
                        // A hint only: the address may lie past the panel, never dereferenced.
                        let ahead = b.wrapping_add(j * self.pstride + (kk + AHEAD) * NR);
                        _mm_prefetch::<_MM_HINT_T0>(ahead.cast());
                    }
                    v[0] = _mm256_loadu_ps(b.add(j * self.pstride + kk * NR));
                    v[1] = _mm256_loadu_ps(b.add(j * self.pstride + kk * NR + 8));
                }
                for (r, row) in acc.iter_mut().enumerate() {
                    let av = _mm256_broadcast_ss(&*a[r].add(kk));
                    for (v, bj) in row.iter_mut().zip(&bv) {
                        v[0] = _mm256_fmadd_ps(av, bj[0], v[0]);
                        v[1] = _mm256_fmadd_ps(av, bj[1], v[1]);
                    }
                }
            }
            for (r, row) in acc.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    _mm256_storeu_ps(c.add(r * self.ldc + j * NR), v[0]);
                    _mm256_storeu_ps(c.add(r * self.ldc + j * NR + 8), v[1]);
                }
            }
            side.at = sat;
        }
    }
}
