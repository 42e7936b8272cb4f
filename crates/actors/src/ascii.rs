//! What the bytes of a block of text are, 64 at a time, as bit masks (bit `k` for byte
//! `k`): the word scans walk the set bits of these masks instead of testing every byte,
//! which spares a mispredicted branch at nearly every word boundary.

/// The number of bytes in a block.
pub(crate) const BLOCK: usize = 64;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = ONES * 0x80;

/// What the bytes of one block are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Masks {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Bytes of characters beyond ASCII (0x80 and above).
    pub high: u64,
    /// The ASCII apostrophe `'`.
    pub apostrophe: u64,
}

/// The top bit of each byte of `m` (the only bits set) as 8 bits, byte `k` to bit `k`.
#[inline(always)]
fn gather(m: u64) -> u64 {
    // the eight bits land on bits 56 to 63 of the product, with no carry between terms
    ((m >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

/// Bytes of `y` (each below 0x80) from `lo` to `hi`, as their top bit: every sum stays
/// within its byte, so no carry crosses into the next one.
#[inline(always)]
fn in_range(y: u64, lo: u8, hi: u8) -> u64 {
    let at_least = y + ONES * u64::from(0x80 - lo);
    let above = y + ONES * u64::from(0x7f - hi);
    at_least & !above & HIGH
}

/// The masks of 8 bytes (little-endian in `x`), as 8 bits each.
#[inline(always)]
fn masks8(x: u64) -> (u64, u64, u64) {
    let high = x & HIGH;
    let y = x & !HIGH;
    let letter = in_range(y | (ONES * 0x20), b'a', b'z');
    let digit = in_range(y, b'0', b'9');
    let z = y ^ (ONES * u64::from(b'\''));
    let apostrophe = !(z + ONES * 0x7f) & HIGH;
    (
        gather((letter | digit) & !high),
        gather(high),
        gather(apostrophe & !high),
    )
}

/// The masks of `block` (exactly [`BLOCK`] bytes).
#[inline]
pub(crate) fn masks(block: &[u8]) -> Masks {
    let mut m = Masks {
        alnum: 0,
        high: 0,
        apostrophe: 0,
    };
    for (k, chunk) in block.chunks_exact(8).take(BLOCK / 8).enumerate() {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let (alnum, high, apostrophe) = masks8(u64::from_le_bytes(w));
        m.alnum |= alnum << (8 * k);
        m.high |= high << (8 * k);
        m.apostrophe |= apostrophe << (8 * k);
    }
    m
}

/// A test text of at least `len` bytes joined from `pieces` picked by the xorshift state
/// `x` (advanced), only their ASCII ones when `ascii_only`: long ASCII runs exercise whole
/// blocks, the others the character-by-character path.
#[cfg(test)]
pub(crate) fn mixed_text(pieces: &[&str], len: usize, ascii_only: bool, x: &mut u64) -> String {
    let mut t = String::new();
    while t.len() < len {
        *x ^= *x << 13;
        *x ^= *x >> 7;
        *x ^= *x << 17;
        let p = pieces[(*x % pieces.len() as u64) as usize];
        if !ascii_only || p.is_ascii() {
            t.push_str(p);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slow(block: &[u8]) -> Masks {
        let mut m = Masks {
            alnum: 0,
            high: 0,
            apostrophe: 0,
        };
        for (k, &b) in block.iter().enumerate() {
            m.alnum |= u64::from(b.is_ascii_alphanumeric()) << k;
            m.high |= u64::from(b >= 0x80) << k;
            m.apostrophe |= u64::from(b == b'\'') << k;
        }
        m
    }

    #[test]
    fn every_byte_value_in_every_place() {
        for b in 0..=255u8 {
            for at in 0..BLOCK {
                let mut block = [b'x'; BLOCK];
                block[at] = b;
                // the neighbours vary too, so that a carry from one byte would show
                block[(at + 1) % BLOCK] = b.wrapping_add(1);
                block[(at + 63) % BLOCK] = b.wrapping_sub(1);
                assert_eq!(masks(&block), slow(&block), "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn text_blocks() {
        let t = "It's l'État, 2024: «Россия» & Kata’ib — don't-stop 0-9 AZaz@[`{/:";
        let bytes = t.as_bytes();
        for start in 0..bytes.len().saturating_sub(BLOCK) {
            let block = &bytes[start..start + BLOCK];
            assert_eq!(masks(block), slow(block), "at {start}");
        }
    }
}
