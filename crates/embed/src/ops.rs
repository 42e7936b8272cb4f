//! Element-wise operations of the forward pass, in a fixed order so that results depend only
//! on the row they apply to.

/// Added to the variance in [`layer_norm`] and to the squared norm of output vectors.
pub(crate) const EPS: f32 = 1e-12;

/// `max(v, 0)` written so that it vectorises.
#[inline(always)]
pub(crate) fn relu1(v: f32) -> f32 {
    if v > 0.0 { v } else { 0.0 }
}

/// Sum in eight interleaved lanes, then the lanes in order: a fixed order (so results do not
/// depend on anything but the row) that the compiler can vectorise.
#[inline(always)]
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
pub(crate) fn layer_norm(x: &mut [f32], g: &[f32], b: &[f32]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2.
        return unsafe { layer_norm_avx2(x, g, b) };
    }
    layer_norm_body(x, g, b);
}

/// [`layer_norm`] compiled for AVX2: wider vectors, the same operations in the same order
/// per lane (no fused multiply-add), so the same bits.
///
/// # Safety
/// The CPU has AVX2.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn layer_norm_avx2(x: &mut [f32], g: &[f32], b: &[f32]) {
    layer_norm_body(x, g, b);
}

#[inline(always)]
fn layer_norm_body(x: &mut [f32], g: &[f32], b: &[f32]) {
    let n = x.len() as f32;
    let mean = lane_sum(x, |v| v) / n;
    x.iter_mut().for_each(|v| *v -= mean);
    let var = lane_sum(x, |v| v * v) / n;
    let inv = 1.0 / (var + EPS).sqrt();
    for ((v, g), b) in x.iter_mut().zip(g).zip(b) {
        *v = *v * inv * g + b;
    }
}

pub(crate) fn relu(v: &mut [f32]) {
    v.iter_mut().for_each(|x| *x = relu1(*x));
}

pub(crate) fn add_relu(v: &mut [f32], t: &[f32]) {
    for (x, y) in v.iter_mut().zip(t) {
        *x = relu1(*x + y);
    }
}
