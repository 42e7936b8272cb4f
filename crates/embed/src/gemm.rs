//! f32 matrix products against weight matrices pre-packed in 16-column panels.
//!
//! `B` (k × n, n a multiple of 16) is stored panel by panel: panel `p` holds, for each `k`,
//! the 16 values `B[k][16p..16p+16]`. The product is blocked over `k` in fixed steps of
//! [`KC`]; within a block each output element is accumulated in `k` order, and the next block
//! continues from the stored value. So every output element is computed by the same sequence
//! of operations whatever the number of rows in the call, whichever register block handles
//! it and whichever thread computes its column: a row's result never depends on which other
//! rows share the micro-batch. The embedder relies on this for vectors that are bit-identical
//! across batch sizes and thread counts.
//!
//! Rows of `A` are read through a [`Rows`] source: a plain strided matrix, or
//! [`Windowed`], which reads the n-gram windows of a convolution straight from the rows of
//! its input (no copied im2col matrix; slots outside the row's segment read zeros).
//!
//! On x86-64 with AVX2 and FMA (detected at run time) register-blocked kernels are used (6
//! rows × 16 columns, and wider, shorter blocks for the last rows so that small products keep
//! enough independent accumulators); elsewhere a portable loop with separate multiply and add.

use crate::helper::Par;

/// Panel width.
pub const NR: usize = 16;
/// Depth of one `k` block.
pub const KC: usize = 256;

/// Packs a row-major `k × n` matrix into 16-column panels. `n` must be a multiple of 16.
pub fn pack(b: &[f32], k: usize, n: usize) -> Vec<f32> {
    assert!(n.is_multiple_of(NR) && b.len() == k * n, "pack: bad shape");
    let mut out = Vec::with_capacity(k * n);
    for p in 0..n / NR {
        for row in 0..k {
            out.extend_from_slice(&b[row * n + p * NR..row * n + p * NR + NR]);
        }
    }
    out
}

/// A source of `A` rows.
///
/// # Safety
/// For every `r < rows()` and every `k0` that is a multiple of [`KC`] below the product's `k`,
/// `row(r, k0)` must point at `min(KC, k - k0)` readable f32 values (`A[r][k0..]`).
pub unsafe trait Rows: Sync {
    /// Number of rows.
    fn rows(&self) -> usize;
    /// Pointer to `A[r][k0..]`.
    fn row(&self, r: usize, k0: usize) -> *const f32;
}

/// A row-major matrix with row stride `lda` and `k` used columns.
pub struct Strided<'a> {
    a: &'a [f32],
    lda: usize,
    m: usize,
}

impl<'a> Strided<'a> {
    /// `m` rows of `k` values at stride `lda`. Panics (a programming error) if `a` is short.
    pub fn new(a: &'a [f32], m: usize, k: usize, lda: usize) -> Self {
        assert!(
            m == 0 || (lda >= k && a.len() >= (m - 1) * lda + k),
            "matmul: a too short"
        );
        Strided { a, lda, m }
    }
}

// SAFETY: `new` checked that every row holds k values.
unsafe impl Rows for Strided<'_> {
    fn rows(&self) -> usize {
        self.m
    }
    fn row(&self, r: usize, k0: usize) -> *const f32 {
        self.a[r * self.lda + k0..].as_ptr()
    }
}

/// The `n`-wide windows of a convolution: row `i` of `A` is the concatenation of source rows
/// `i - left .. i - left + n` (each `width` values, read at `stride`), with zeros for a slot
/// whose source row is outside `0..seg.len()` or in another segment.
pub struct Windowed<'a> {
    src: &'a [f32],
    stride: usize,
    width: usize,
    seg: &'a [u32],
    left: usize,
    zeros: &'a [f32],
}

impl<'a> Windowed<'a> {
    /// Panics (a programming error) when the slices are too short or `width` is not a
    /// multiple of [`KC`] (each `k` block must lie inside one slot).
    pub fn new(
        src: &'a [f32],
        stride: usize,
        width: usize,
        seg: &'a [u32],
        left: usize,
        zeros: &'a [f32],
    ) -> Self {
        let t = seg.len();
        assert!(width.is_multiple_of(KC) && zeros.len() >= width && stride >= width);
        assert!(
            t == 0 || src.len() >= (t - 1) * stride + width,
            "window source short"
        );
        Windowed {
            src,
            stride,
            width,
            seg,
            left,
            zeros,
        }
    }
}

// SAFETY: a block starting at k0 lies in slot k0 / width at offset k0 % width, and
// offset + KC <= width because width is a multiple of KC; source rows are bounds-checked.
unsafe impl Rows for Windowed<'_> {
    fn rows(&self) -> usize {
        self.seg.len()
    }
    fn row(&self, i: usize, k0: usize) -> *const f32 {
        let (j, off) = (k0 / self.width, k0 % self.width);
        let t = self.seg.len();
        match (i + j).checked_sub(self.left) {
            Some(s) if s < t && self.seg[s] == self.seg[i] => {
                self.src[s * self.stride + off..].as_ptr()
            }
            _ => self.zeros[off..].as_ptr(),
        }
    }
}

/// `c[m×n] = a[m×k] · B`, with `a` of row stride `lda`, `bp` packed by [`pack`], `c`
/// contiguous row-major. Panics (a programming error, never input-dependent) on bad sizes.
pub fn matmul(m: usize, k: usize, n: usize, a: &[f32], lda: usize, bp: &[f32], c: &mut [f32]) {
    product(&Strided::new(a, m, k, lda), k, n, bp, c, Par::Serial);
}

/// `c[rows×n] = A · B` for a row source. With two lanes, the columns are cut in two halves
/// computed side by side (results are the same bits either way).
pub(crate) fn product(a: &impl Rows, k: usize, n: usize, bp: &[f32], c: &mut [f32], par: Par) {
    product_band(a, k, n, bp, k * NR, c, n, par);
}

/// Memory that the caller reads after a product, prefetched while the product runs: `bytes`
/// from address `at`. The addresses are hints only and are never dereferenced.
#[derive(Clone, Copy, Default)]
pub(crate) struct Ahead {
    pub at: usize,
    pub bytes: usize,
}

impl Ahead {
    /// The part `num / den` of the way in, `len / den` of the whole long.
    pub(crate) fn share(self, num: usize, len: usize, den: usize) -> Ahead {
        let at = self.bytes / den * num;
        Ahead {
            at: self.at + at,
            bytes: (self.bytes / den * len).min(self.bytes - at),
        }
    }
}

/// [`product`] on one thread that also prefetches `ahead` (spread over the register blocks
/// of products of three rows or more). Results are the same bits as [`product`].
pub(crate) fn product_ahead(
    a: &impl Rows,
    k: usize,
    n: usize,
    bp: &[f32],
    c: &mut [f32],
    ahead: Ahead,
) {
    product_full(a, k, n, bp, k * NR, c, n, Par::Serial, ahead);
}

/// [`product`] against a band of rows of a packed matrix and into a strided output: `bp`
/// starts at the band's first row (row `r0` of a packed matrix of depth `depth` starts at
/// `r0 * NR`), `pstride` is `depth * NR`, and output row `r` starts at `c[r * ldc]`. Each
/// output element goes through the same operations as in [`product`] on the band alone.
#[allow(clippy::too_many_arguments)]
pub(crate) fn product_band(
    a: &impl Rows,
    k: usize,
    n: usize,
    bp: &[f32],
    pstride: usize,
    c: &mut [f32],
    ldc: usize,
    par: Par,
) {
    product_full(a, k, n, bp, pstride, c, ldc, par, Ahead::default());
}

#[allow(clippy::too_many_arguments)]
fn product_full(
    a: &impl Rows,
    k: usize,
    n: usize,
    bp: &[f32],
    pstride: usize,
    c: &mut [f32],
    ldc: usize,
    par: Par,
    ahead: Ahead,
) {
    let m = a.rows();
    if m == 0 || n == 0 {
        return;
    }
    assert!(n.is_multiple_of(NR), "matmul: n must be a multiple of 16");
    let panels = n / NR;
    assert!(
        pstride >= k * NR && bp.len() >= (panels - 1) * pstride + k * NR,
        "matmul: b too short"
    );
    assert!(
        ldc >= n && c.len() >= (m - 1) * ldc + n,
        "matmul: c too short"
    );
    if k == 0 {
        for row in c.chunks_mut(ldc).take(m) {
            row[..n].fill(0.0);
        }
        return;
    }
    let out = OutPtr(c.as_mut_ptr());
    let g = Geom {
        k,
        pstride,
        ldc,
        ahead,
    };
    // SAFETY (both calls): the asserts above bound every access; the two halves write
    // disjoint columns of `c`, which `c` outlives since both finish before we return.
    if par.is_two() && panels >= 2 {
        let mid = panels / 2;
        par.join(
            || unsafe { run(a, g, bp, &out, 0, mid) },
            || unsafe { run(a, g, bp, &out, mid, panels) },
        );
    } else {
        unsafe { run(a, g, bp, &out, 0, panels) };
    }
}

/// Shape of one product: depth, distance between panels of `B`, output row stride.
#[derive(Clone, Copy)]
pub(crate) struct Geom {
    pub k: usize,
    pub pstride: usize,
    pub ldc: usize,
    pub ahead: Ahead,
}

/// The output pointer, shared by the two halves of a split product.
struct OutPtr(*mut f32);
// SAFETY: the halves write disjoint columns; see `product`.
unsafe impl Sync for OutPtr {}

/// Columns of panels `p0..p1` of the product.
///
/// # Safety
/// `bp` holds panels `p0..p1` of `g.k` packed rows each (panel `p` at `p * g.pstride`), `c`
/// points at rows of `g.ldc` values whose panels' columns are writable, and no other thread
/// touches those columns meanwhile.
unsafe fn run(a: &impl Rows, g: Geom, bp: &[f32], c: &OutPtr, p0: usize, p1: usize) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features; the caller's contract bounds the accesses.
        unsafe { crate::gemm_x86::run(a, g, bp.as_ptr(), c.0, p0, p1) };
        return;
    }
    // SAFETY: forwarded contract.
    unsafe { portable(a, g, bp, c.0, p0, p1) };
}

/// # Safety
/// As for [`run`].
unsafe fn portable(a: &impl Rows, g: Geom, bp: &[f32], c: *mut f32, p0: usize, p1: usize) {
    let k = g.k;
    for k0 in (0..k).step_by(KC) {
        let kc = KC.min(k - k0);
        for r in 0..a.rows() {
            // SAFETY: the Rows contract gives kc readable values.
            let ar = unsafe { std::slice::from_raw_parts(a.row(r, k0), kc) };
            for p in p0..p1 {
                let at = p * g.pstride + k0 * NR;
                let panel = &bp[at..at + kc * NR];
                // SAFETY: row r, panel p lies inside c (caller's contract), touched by us only.
                let cr = unsafe { std::slice::from_raw_parts_mut(c.add(r * g.ldc + p * NR), NR) };
                let mut acc = [0.0f32; NR];
                if k0 > 0 {
                    acc.copy_from_slice(cr);
                }
                for (av, brow) in ar.iter().zip(panel.chunks_exact(NR)) {
                    for (x, b) in acc.iter_mut().zip(brow) {
                        *x += av * b;
                    }
                }
                cr.copy_from_slice(&acc);
            }
        }
    }
}

#[cfg(test)]
mod tests;
