//! f32 matrix products against weight matrices pre-packed in 16-column panels.
//!
//! `B` (k × n, n a multiple of 16) is stored panel by panel: panel `p` holds, for each `k`,
//! the 16 values `B[k][16p..16p+16]`. The product is blocked over `k` in fixed steps of
//! [`KC`]; within a block each output element is accumulated in `k` order, and the next block
//! continues from the stored value. So every output element is computed by the same sequence
//! of operations whatever the number of rows in the call: a row's result never depends on
//! which other rows share the micro-batch. The embedder relies on this for vectors that are
//! bit-identical across batch sizes and thread counts.
//!
//! On x86-64 with AVX2 and FMA (detected at run time) a 6×16 register-blocked kernel is used;
//! elsewhere a portable loop with separate multiply and add.

/// Panel width.
pub const NR: usize = 16;
/// Depth of one `k` block.
pub const KC: usize = 256;
/// Columns per cache block of `B`.
const NC: usize = 128;
/// Rows per register block.
const MR: usize = 6;

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

/// `c[m×n] = a[m×k] · B`, with `a` of row stride `lda`, `bp` packed by [`pack`], `c`
/// contiguous row-major. Panics (a programming error, never input-dependent) on bad sizes.
pub fn matmul(m: usize, k: usize, n: usize, a: &[f32], lda: usize, bp: &[f32], c: &mut [f32]) {
    if m == 0 || n == 0 {
        return;
    }
    assert!(n.is_multiple_of(NR), "matmul: n must be a multiple of 16");
    assert!(
        lda >= k && a.len() >= (m - 1) * lda + k,
        "matmul: a too short"
    );
    assert!(
        bp.len() >= k * n && c.len() >= m * n,
        "matmul: b or c too short"
    );
    if k == 0 {
        c[..m * n].fill(0.0);
        return;
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma") {
        // SAFETY: the CPU supports the features; the asserts above bound every access.
        unsafe { x86::matmul(m, k, n, a, lda, bp, c) };
        return;
    }
    portable(m, k, n, a, lda, bp, c);
}

fn portable(m: usize, k: usize, n: usize, a: &[f32], lda: usize, bp: &[f32], c: &mut [f32]) {
    for k0 in (0..k).step_by(KC) {
        let kc = KC.min(k - k0);
        for r in 0..m {
            let ar = &a[r * lda + k0..r * lda + k0 + kc];
            for p in 0..n / NR {
                let panel = &bp[(p * k + k0) * NR..(p * k + k0 + kc) * NR];
                let cr = &mut c[r * n + p * NR..r * n + p * NR + NR];
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

#[cfg(target_arch = "x86_64")]
mod x86 {
    use super::{KC, MR, NC, NR};
    use std::arch::x86_64::*;

    #[target_feature(enable = "avx2,fma")]
    pub(super) unsafe fn matmul(
        m: usize,
        k: usize,
        n: usize,
        a: &[f32],
        lda: usize,
        bp: &[f32],
        c: &mut [f32],
    ) {
        let (ap, bptr, cp) = (a.as_ptr(), bp.as_ptr(), c.as_mut_ptr());
        for k0 in (0..k).step_by(KC) {
            let kc = KC.min(k - k0);
            for n0 in (0..n).step_by(NC) {
                let n1 = (n0 + NC).min(n);
                for m0 in (0..m).step_by(MR) {
                    let rows = MR.min(m - m0);
                    for p in n0 / NR..n1 / NR {
                        // SAFETY: m0 + rows <= m, k0 + kc <= k and the panel lies inside bp;
                        // the caller checked the slice lengths against m, k, n.
                        unsafe {
                            let a0 = ap.add(m0 * lda + k0);
                            let b0 = bptr.add((p * k + k0) * NR);
                            let c0 = cp.add(m0 * n + p * NR);
                            let first = k0 == 0;
                            match rows {
                                6 => kernel::<6>(kc, a0, lda, b0, c0, n, first),
                                5 => kernel::<5>(kc, a0, lda, b0, c0, n, first),
                                4 => kernel::<4>(kc, a0, lda, b0, c0, n, first),
                                3 => kernel::<3>(kc, a0, lda, b0, c0, n, first),
                                2 => kernel::<2>(kc, a0, lda, b0, c0, n, first),
                                _ => kernel::<1>(kc, a0, lda, b0, c0, n, first),
                            }
                        }
                    }
                }
            }
        }
    }

    /// `R` rows × 16 columns over `kc` steps of `k`.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn kernel<const R: usize>(
        kc: usize,
        a: *const f32,
        lda: usize,
        b: *const f32,
        c: *mut f32,
        ldc: usize,
        first: bool,
    ) {
        // SAFETY (whole body): the caller guarantees R rows of `kc` values at stride `lda`
        // from `a`, `kc` × 16 values from `b`, and R rows of 16 values at stride `ldc` at `c`.
        unsafe {
            let mut acc = [[_mm256_setzero_ps(); 2]; R];
            if !first {
                for (r, row) in acc.iter_mut().enumerate() {
                    row[0] = _mm256_loadu_ps(c.add(r * ldc));
                    row[1] = _mm256_loadu_ps(c.add(r * ldc + 8));
                }
            }
            for kk in 0..kc {
                let b0 = _mm256_loadu_ps(b.add(kk * NR));
                let b1 = _mm256_loadu_ps(b.add(kk * NR + 8));
                for (r, row) in acc.iter_mut().enumerate() {
                    let av = _mm256_broadcast_ss(&*a.add(r * lda + kk));
                    row[0] = _mm256_fmadd_ps(av, b0, row[0]);
                    row[1] = _mm256_fmadd_ps(av, b1, row[1]);
                }
            }
            for (r, row) in acc.iter().enumerate() {
                _mm256_storeu_ps(c.add(r * ldc), row[0]);
                _mm256_storeu_ps(c.add(r * ldc + 8), row[1]);
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

    #[test]
    fn matches_naive_and_rows_are_independent() {
        let (m, k, n) = (37, 600, 48);
        let a: Vec<f32> = (0..m * k)
            .map(|i| ((i * 7919) % 1000) as f32 / 997.0 - 0.5)
            .collect();
        let b: Vec<f32> = (0..k * n)
            .map(|i| ((i * 104_729) % 1000) as f32 / 991.0 - 0.5)
            .collect();
        let bp = pack(&b, k, n);
        let mut all = vec![0.0; m * n];
        matmul(m, k, n, &a, k, &bp, &mut all);
        for (x, y) in all.iter().zip(naive(m, k, n, &a, &b)) {
            assert!((f64::from(*x) - y).abs() < 1e-3, "{x} vs {y}");
        }
        for r in [0, 5, 6, 36] {
            let mut one = vec![0.0; n];
            matmul(1, k, n, &a[r * k..], k, &bp, &mut one);
            assert_eq!(one.as_slice(), &all[r * n..(r + 1) * n], "row {r}");
            let mut two = vec![0.0; 2 * n];
            let start = r.min(m - 2);
            matmul(2, k, n, &a[start * k..], k, &bp, &mut two);
            assert_eq!(
                &two[..n],
                &all[start * n..(start + 1) * n],
                "pair at {start}"
            );
        }
    }

    #[test]
    fn portable_matches_naive() {
        let (m, k, n) = (7, 300, 32);
        let a: Vec<f32> = (0..m * k).map(|i| (i % 13) as f32 / 13.0 - 0.4).collect();
        let b: Vec<f32> = (0..k * n).map(|i| (i % 17) as f32 / 17.0 - 0.6).collect();
        let mut c = vec![0.0; m * n];
        portable(m, k, n, &a, k, &pack(&b, k, n), &mut c);
        for (x, y) in c.iter().zip(naive(m, k, n, &a, &b)) {
            assert!((f64::from(*x) - y).abs() < 1e-3);
        }
    }
}
