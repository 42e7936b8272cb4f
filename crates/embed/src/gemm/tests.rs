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
                col[(i * 3 + j) * w..(i * 3 + j + 1) * w].copy_from_slice(&src[s * w..(s + 1) * w]);
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
                ahead: Ahead::default(),
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
