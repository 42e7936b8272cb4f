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
    let g = Geom { k, pstride, ldc };
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
mod tests {
    use super::*;

    fn naive(m: usize, k: usize, n: usize, a: &[f32], b: &[f32]) -> Vec<f64> {
        let mut c = vec![0.0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                c[i * n + j] = (0..k)
                    .map(|t| f64::from(a[i * k + t]) * f64::from(b[t * n + j]))
                    .sum();
            }
        }
        c
    }

    fn data(m: usize, k: usize, n: usize) -> (Vec<f32>, Vec<f32>) {
        let a = (0..m * k)
            .map(|i| ((i * 7919) % 1000) as f32 / 997.0 - 0.5)
            .collect();
        let b = (0..k * n)
            .map(|i| ((i * 104_729) % 1000) as f32 / 991.0 - 0.5)
            .collect();
        (a, b)
    }

    #[test]
    fn matches_naive_and_rows_are_independent() {
        let (m, k, n) = (37, 600, 80);
        let (a, b) = data(m, k, n);
        let bp = pack(&b, k, n);
        let mut all = vec![0.0; m * n];
        matmul(m, k, n, &a, k, &bp, &mut all);
        for (x, y) in all.iter().zip(naive(m, k, n, &a, &b)) {
            assert!((f64::from(*x) - y).abs() < 1e-3, "{x} vs {y}");
        }
        let mut split = vec![0.0; m * n];
        let h = crate::helper::Helper::new().unwrap();
        product(
            &Strided::new(&a, m, k, k),
            k,
            n,
            &bp,
            &mut split,
            Par::Two(&h),
        );
        assert_eq!(split, all, "column split");
        for start in 0..m {
            for rows in 1..=(m - start).min(8) {
                let mut part = vec![0.0; rows * n];
                matmul(rows, k, n, &a[start * k..], k, &bp, &mut part);
                assert_eq!(
                    part,
                    &all[start * n..(start + rows) * n],
                    "{rows} at {start}"
                );
            }
        }
    }

    #[test]
    fn windows_match_copied_windows() {
        let (w, n_out) = (KC, 32);
        let seg = [0u32, 0, 0, 1, 1, 2];
        let t = seg.len();
        let (src, b) = data(t, w, 3 * n_out); // b: (3w) × n_out values
        let zeros = vec![0.0; w];
        let mut col = vec![0.0f32; t * 3 * w];
        for i in 0..t {
            for j in 0..3 {
                let s = (i + j)
                    .checked_sub(1)
                    .filter(|&s| s < t && seg[s] == seg[i]);
                if let Some(s) = s {
                    col[(i * 3 + j) * w..(i * 3 + j + 1) * w]
                        .copy_from_slice(&src[s * w..(s + 1) * w]);
                }
            }
        }
        let bp = pack(&b, 3 * w, n_out);
        let mut want = vec![0.0; t * n_out];
        matmul(t, 3 * w, n_out, &col, 3 * w, &bp, &mut want);
        let mut got = vec![0.0; t * n_out];
        let win = Windowed::new(&src, w, w, &seg, 1, &zeros);
        product(&win, 3 * w, n_out, &bp, &mut got, Par::Serial);
        assert_eq!(got, want);
    }

    #[test]
    fn band_of_rows_into_strided_output() {
        let (m, n) = (9, 48);
        let (a, b) = data(m, 3 * KC, n); // a: m × 3KC, of which rows' first KC values are used
        let bp = pack(&b, 3 * KC, n);
        let ldc = n + 32;
        for j in 0..3 {
            let band = pack(&b[j * KC * n..(j + 1) * KC * n], KC, n);
            let mut want = vec![0.0; m * n];
            matmul(m, KC, n, &a, 3 * KC, &band, &mut want);
            let mut got = vec![-1.0; m * ldc];
            let rows = Strided::new(&a, m, KC, 3 * KC);
            product_band(
                &rows,
                KC,
                n,
                &bp[j * KC * NR..],
                3 * KC * NR,
                &mut got,
                ldc,
                Par::Serial,
            );
            for r in 0..m {
                assert_eq!(
                    &got[r * ldc..r * ldc + n],
                    &want[r * n..(r + 1) * n],
                    "band {j}"
                );
                assert!(got[r * ldc + n..(r + 1) * ldc].iter().all(|&v| v == -1.0));
            }
        }
    }

    #[test]
    fn portable_matches_naive() {
        let (m, k, n) = (7, 300, 32);
        let a: Vec<f32> = (0..m * k).map(|i| (i % 13) as f32 / 13.0 - 0.4).collect();
        let b: Vec<f32> = (0..k * n).map(|i| (i % 17) as f32 / 17.0 - 0.6).collect();
        let mut c = vec![0.0; m * n];
        let bp = pack(&b, k, n);
        // SAFETY: sizes match the contract of `run`.
        unsafe {
            portable(
                &Strided::new(&a, m, k, k),
                Geom {
                    k,
                    pstride: k * NR,
                    ldc: n,
                },
                &bp,
                c.as_mut_ptr(),
                0,
                n / NR,
            )
        };
        for (x, y) in c.iter().zip(naive(m, k, n, &a, &b)) {
            assert!((f64::from(*x) - y).abs() < 1e-3);
        }
    }
}
