//! Per-token-id entries of the forward pass.
//!
//! The projection and joint layer norm (spec steps 2–3) depend only on the token id, and so
//! does every window-slot product of the first convolution of each branch: `Win_n(xs) @ w1_n`
//! is the sum over slots `j` of `X_{i-left+j} @ w1_n[j·256..(j+1)·256, :]`. An entry holds, for
//! one id, `X` (768 values), its ten slot products (2 + 3 + 5 slots × 256 values, in the order
//! of [`slot_offset`]) and the quantised embedding row (512 bytes in the space of 128 values,
//! at [`E_AT`]; [`embedding`] dequantises it). [`compute`] makes entries one row at a time
//! (each row of a product is computed by the same operations whatever the other rows), so an
//! entry is the same bits whichever micro-batch computes it, and results do not depend on the
//! state of the cache that keeps them ([`crate::tokcache`]).

use crate::convert::{BRANCHES, CHUNKS, D_CNN, D_EMB, TABLE_ROWS};
use crate::forward::Weights;
use crate::gemm::{NR, Strided, product, product_band};
use crate::helper::Par;
use crate::ops::layer_norm;

/// Width of the projected, normalised token vector `X`.
pub const D_X: usize = 3 * D_CNN;
/// Window slots over the three branches.
const SLOTS: usize = 2 + 3 + 5;
/// Offset within an entry of the quantised embedding row (`D_EMB` bytes).
pub const E_AT: usize = D_X + SLOTS * D_CNN;
/// Values in one entry (13,824 bytes).
pub const ENTRY: usize = E_AT + D_EMB / 4;
/// First slot of each branch within an entry's slot products.
const SLOT_BASE: [usize; 3] = [0, 2, 5];

/// Offset within an entry of the product of branch `k`'s window slot `j`.
pub fn slot_offset(k: usize, j: usize) -> usize {
    D_X + (SLOT_BASE[k] + j) * D_CNN
}

/// Scratch of [`compute`].
#[derive(Default)]
pub struct EntryWs {
    e: Vec<f32>,
    x: Vec<f32>,
}

fn grow(v: &mut Vec<f32>, n: usize) -> &mut [f32] {
    if v.len() < n {
        v.resize(n, 0.0);
    }
    &mut v[..n]
}

/// Table row of `id`: out-of-range ids use the last row.
fn row_of(id: u32) -> usize {
    (id as usize).min(TABLE_ROWS - 1)
}

/// The bytes of the quantised embedding row kept in `entry`.
fn e_bytes(entry: &[f32]) -> &[u8] {
    let e = &entry[E_AT..E_AT + D_EMB / 4];
    // SAFETY: any f32 storage may be read as bytes; D_EMB / 4 values are D_EMB bytes.
    unsafe { std::slice::from_raw_parts(e.as_ptr().cast::<u8>(), D_EMB) }
}

/// The dequantised embedding of `id` (spec step 1) from the entry of `id`.
pub fn embedding(w: &Weights, id: u32, entry: &[f32], out: &mut [f32]) {
    let c = row_of(id) % CHUNKS;
    let (s, l) = (w.scale[c], w.lo[c]);
    for (e, &v) in out.iter_mut().zip(e_bytes(entry)) {
        *e = f32::from(v) * s + l;
    }
}

/// Computes the entries of `ids` into `out` (`ENTRY` values per id). With two lanes, every
/// product is split by column halves.
pub fn compute(w: &Weights, ids: &[u32], out: &mut [f32], ws: &mut EntryWs, par: Par) {
    let m = ids.len();
    if m == 0 {
        return;
    }
    // The quantised rows go into the entries, their dequantised values into `e`.
    let e = grow(&mut ws.e, m * D_EMB);
    for ((&id, er), entry) in ids
        .iter()
        .zip(e.chunks_exact_mut(D_EMB))
        .zip(out.chunks_exact_mut(ENTRY))
    {
        let r = row_of(id);
        let q = &mut entry[E_AT..];
        // SAFETY: any bytes are valid f32 storage; D_EMB / 4 values are D_EMB bytes.
        let q = unsafe { std::slice::from_raw_parts_mut(q.as_mut_ptr().cast::<u8>(), D_EMB) };
        w.file.read_into(&w.table[r * D_EMB..(r + 1) * D_EMB], q);
        embedding(w, id, entry, er);
    }
    let x = grow(&mut ws.x, m * D_X);
    product(
        &Strided::new(e, m, D_EMB, D_EMB),
        D_EMB,
        D_X,
        w.proj_w,
        x,
        par,
    );
    for row in x.chunks_exact_mut(D_X) {
        for (v, b) in row.iter_mut().zip(w.proj_b) {
            *v += b;
        }
        layer_norm(row, w.ln1_g, w.ln1_b);
    }
    for (k, &(n, _)) in BRANCHES.iter().enumerate() {
        let a = Strided::new(&x[k * D_CNN..], m, D_CNN, D_X);
        let pstride = n * D_CNN * NR;
        for j in 0..n {
            let band = &w.w1[k][j * D_CNN * NR..];
            let c = &mut out[slot_offset(k, j)..];
            product_band(&a, D_CNN, D_CNN, band, pstride, c, ENTRY, par);
        }
    }
    for (row, xr) in out.chunks_exact_mut(ENTRY).zip(x.chunks_exact(D_X)) {
        row[..D_X].copy_from_slice(xr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_keep_the_quantised_row() {
        let mut entry = vec![0.0f32; ENTRY];
        // SAFETY: as in `e_bytes`.
        let q = unsafe {
            std::slice::from_raw_parts_mut(entry[E_AT..].as_mut_ptr().cast::<u8>(), D_EMB)
        };
        q.iter_mut()
            .enumerate()
            .for_each(|(i, b)| *b = (i % 256) as u8);
        let e = e_bytes(&entry);
        assert_eq!(
            (e.len(), e[0], e[255], e[256], e[511]),
            (D_EMB, 0, 255, 0, 255)
        );
    }

    #[test]
    fn slot_offsets_tile_the_entry() {
        let mut next = D_X;
        for (k, &(n, _)) in BRANCHES.iter().enumerate() {
            for j in 0..n {
                assert_eq!(slot_offset(k, j), next);
                next += D_CNN;
            }
        }
        assert_eq!(next, E_AT);
        assert_eq!(E_AT + D_EMB / 4, ENTRY);
    }
}
