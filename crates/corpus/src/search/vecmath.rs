//! Dot products over f32 vectors and stored int8 codes (f32 scale, little-endian, then the
//! components as i8: the encoding of the embedding crate's `quant` module).

/// Dot product with eight independent accumulators (vectorises well).
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    let (ac, bc) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ac
        .remainder()
        .iter()
        .zip(bc.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ac.zip(bc) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

fn scale(code: &[u8]) -> f32 {
    match code.get(..4) {
        Some(s) => {
            let v = f32::from_le_bytes([s[0], s[1], s[2], s[3]]);
            if v.is_finite() { v } else { 0.0 }
        }
        None => 0.0,
    }
}

/// Dot product of an f32 vector with a stored code.
pub(crate) fn code_dot(q: &[f32], code: &[u8]) -> f32 {
    let body = code.get(4..).unwrap_or(&[]);
    let mut acc = [0f32; 8];
    for (x, c) in q.chunks_exact(8).zip(body.chunks_exact(8)) {
        for i in 0..8 {
            acc[i] += x[i] * f32::from(c[i] as i8);
        }
    }
    acc.iter().sum::<f32>() * scale(code)
}

/// Decodes a stored code into `out`.
pub(crate) fn decode_into(code: &[u8], out: &mut [f32]) {
    let s = scale(code);
    let body = code.get(4..).unwrap_or(&[]);
    for (o, c) in out.iter_mut().zip(body) {
        *o = f32::from(*c as i8) * s;
    }
}

/// Scales `v` to unit length (a zero vector stays zero).
pub(crate) fn normalise(v: &mut [f32]) {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_dot_matches_decoded_dot() {
        let q: Vec<f32> = (0..512)
            .map(|i| ((i * 7 % 13) as f32 - 6.0) / 10.0)
            .collect();
        let mut code = vec![0u8; 516];
        code[..4].copy_from_slice(&0.01f32.to_le_bytes());
        for (i, c) in code[4..].iter_mut().enumerate() {
            *c = ((i % 200) as i32 - 100) as i8 as u8;
        }
        let mut d = vec![0f32; 512];
        decode_into(&code, &mut d);
        let exact: f64 = q.iter().zip(&d).map(|(a, b)| f64::from(a * b)).sum();
        assert!((f64::from(code_dot(&q, &code)) - exact).abs() < 1e-3);
        assert!((f64::from(dot(&q, &d)) - exact).abs() < 1e-3);
        let mut v = d.clone();
        normalise(&mut v);
        assert!((dot(&v, &v) - 1.0).abs() < 1e-5);
    }
}
