//! A byte trie of the folded forms, walked from one position of a text at a time: the
//! longest form starting exactly there. Names can only start where a word starts, so
//! the linker asks at those positions instead of running an automaton over every byte.

/// Header bits of a node: the number of its edges (sparse nodes), whether it has a
/// table of 256 children, whether a form ends there, the length of its chain.
const COUNT: u32 = 0xff;
const DENSE: u32 = 1 << 8;
const VALUE: u32 = 1 << 9;
const CHAIN_SHIFT: u32 = 16;
/// Nodes with more children than this get a table of 256 children.
const SPARSE_MAX: usize = 8;
/// The longest chain a node holds.
const CHAIN_MAX: usize = 255;

/// Forms (byte strings) with a value each, searched by their longest prefix match.
///
/// A path of nodes with one child each and no form ending inside is stored as one node
/// holding the bytes of the path (its chain), and all nodes live in one byte array in
/// breadth-first order, so that a search touches few cache lines. A node is a header
/// (`u32`), its value (`u32`) when a form ends there, its chain, then either up to 8 edge
/// labels (8 bytes) followed by as many child offsets (`u32`), or 256 child offsets. A
/// child offset of 0 means none (the root, at 0, is nobody's child).
///
/// Most positions a search is asked about start no form: bit sets of the hashed first
/// bytes of the forms answer those without walking the trie. Every form of 4 bytes or
/// more sets a bit for its first 4 bytes in a first set; then a form of 4 or 5 bytes sets
/// one for its first 4, one of 6 or 7 for its first 6, a longer one for its first 8, each
/// in a set of its own (first 4 bytes alone would let every `the ` through for `the
/// fed`); the few forms shorter than 4 bytes are kept aside.
#[derive(Debug, Default)]
pub(crate) struct PrefixTrie {
    bytes: Vec<u8>,
    /// One bit set of `1 << HEAD_BITS` bits for each length of [`HEADS`].
    heads: Vec<u64>,
    /// Forms shorter than four bytes, and the set of their first bytes.
    short: Vec<Box<[u8]>>,
    short_first: [u64; 4],
}

/// The lengths of the first bytes hashed into the bit sets. The first set holds the
/// first 4 bytes of every form of 4 bytes or more, and rules most positions out at once.
const HEADS: [usize; 4] = [4, 4, 6, 8];
const HEAD_BITS: u32 = 16;

/// The slot of the first `len` bytes of `window` (the next 8 bytes, little-endian).
#[inline(always)]
fn head_slot(window: u64, len: usize) -> usize {
    let kept = window & (u64::MAX >> (64 - 8 * len));
    ((kept ^ len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - HEAD_BITS)) as usize
}

/// Up to 8 bytes of `hay` from `at`, little-endian, padded with zeros.
#[inline(always)]
fn window(hay: &[u8], at: usize) -> u64 {
    match hay.get(at..at + 8) {
        Some(w) => u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]),
        None => {
            let mut w = [0u8; 8];
            let rest = hay.get(at..).unwrap_or_default();
            w[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(w)
        }
    }
}

/// A node of the trie being built.
#[derive(Default)]
struct Building {
    children: Vec<(u8, u32)>,
    value: Option<u32>,
}

impl PrefixTrie {
    /// The trie of `forms`; an empty form is left out, and of two equal forms the last
    /// one keeps its value.
    pub(crate) fn new<'a>(forms: impl Iterator<Item = (&'a str, u32)>) -> PrefixTrie {
        let mut nodes = vec![Building::default()];
        let per_head = 1usize << (HEAD_BITS - 6);
        let mut heads = vec![0u64; per_head * HEADS.len()];
        let mut short = Vec::new();
        let mut short_first = [0u64; 4];
        for (form, value) in forms {
            let b = form.as_bytes();
            let Some(&first) = b.first() else {
                continue;
            };
            match HEADS.iter().rposition(|&len| b.len() >= len) {
                Some(k) => {
                    let s = head_slot(window(b, 0), HEADS[k]);
                    heads[k * per_head + s / 64] |= 1 << (s % 64);
                    let s = head_slot(window(b, 0), HEADS[0]);
                    heads[s / 64] |= 1 << (s % 64);
                }
                None => {
                    short.push(Box::from(b));
                    short_first[first as usize / 64] |= 1 << (first % 64);
                }
            }
            let mut node = 0usize;
            for &b in form.as_bytes() {
                node = match nodes[node].children.iter().find(|(l, _)| *l == b) {
                    Some(&(_, n)) => n as usize,
                    None => {
                        let n = nodes.len();
                        nodes[node].children.push((b, n as u32));
                        nodes.push(Building::default());
                        n
                    }
                };
            }
            nodes[node].value = Some(value);
        }
        for n in &mut nodes {
            n.children.sort_unstable();
        }
        // the chain of a node and the node whose children it takes
        let chain = |n: usize| {
            let (mut bytes, mut end) = (Vec::new(), n);
            while let [(l, c)] = nodes[end].children[..] {
                if nodes[c as usize].value.is_some() || bytes.len() == CHAIN_MAX || end == 0 {
                    break;
                }
                bytes.push(l);
                end = c as usize;
            }
            (bytes, end)
        };
        // breadth-first order of the stored nodes, and their offsets
        let mut order = vec![0usize];
        let mut k = 0;
        let mut offset = vec![0u32; nodes.len()];
        let mut total = 0;
        while k < order.len() {
            let n = order[k];
            let (bytes, end) = chain(n);
            let kids = &nodes[end].children;
            let dense = kids.len() > SPARSE_MAX || n == 0;
            offset[n] = total as u32;
            total += 4
                + 4 * usize::from(nodes[n].value.is_some())
                + bytes.len()
                + if dense { 4 * 256 } else { 8 + 4 * kids.len() };
            order.extend(kids.iter().map(|k| k.1 as usize));
            k += 1;
        }
        let mut out = Vec::with_capacity(total);
        for &n in &order {
            let (bytes, end) = chain(n);
            let kids = &nodes[end].children;
            let dense = kids.len() > SPARSE_MAX || n == 0;
            let mut header = if dense { DENSE } else { kids.len() as u32 };
            header |= (bytes.len() as u32) << CHAIN_SHIFT;
            if nodes[n].value.is_some() {
                header |= VALUE;
            }
            out.extend(header.to_le_bytes());
            if let Some(v) = nodes[n].value {
                out.extend(v.to_le_bytes());
            }
            out.extend(&bytes);
            if dense {
                let mut table = [0u32; 256];
                for &(l, c) in kids {
                    table[l as usize] = offset[c as usize];
                }
                out.extend(table.iter().flat_map(|t| t.to_le_bytes()));
            } else {
                let mut labels = [0u8; 8];
                for (slot, &(l, _)) in labels.iter_mut().zip(kids) {
                    *slot = l;
                }
                out.extend(labels);
                out.extend(
                    kids.iter()
                        .flat_map(|&(_, c)| offset[c as usize].to_le_bytes()),
                );
            }
        }
        PrefixTrie {
            bytes: out,
            heads,
            short,
            short_first,
        }
    }

    #[inline(always)]
    fn u32_at(&self, at: usize) -> Option<u32> {
        let b = self.bytes.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Whether some form starts with the byte `b`.
    #[inline]
    pub(crate) fn opens(&self, b: u8) -> bool {
        // the root is dense, without value or chain: its children start at byte 4
        self.u32_at(4 + 4 * b as usize).is_some_and(|n| n != 0)
    }

    /// Whether some form may start at `hay[at..]`: false only when none does.
    #[inline]
    pub(crate) fn may_start(&self, hay: &[u8], at: usize) -> bool {
        let left = hay.len().saturating_sub(at);
        if left == 0 {
            return false;
        }
        let w = window(hay, at);
        let per_head = 1usize << (HEAD_BITS - 6);
        let has = |k: usize, s: usize| {
            self.heads
                .get(k * per_head + s / 64)
                .is_some_and(|b| b >> (s % 64) & 1 != 0)
        };
        // no form of 4 bytes or more starts here: only a shorter one can
        let long = left >= HEADS[0] && has(0, head_slot(w, HEADS[0]));
        for (k, &len) in HEADS.iter().enumerate().skip(1) {
            if len > left || !long {
                break;
            }
            if has(k, head_slot(w, len)) {
                return true;
            }
        }
        let q0 = hay[at];
        self.short_first[q0 as usize / 64] >> (q0 % 64) & 1 != 0
            && self.short.iter().any(|f| {
                hay.get(at..at + f.len())
                    .is_some_and(|h| h.iter().zip(f.iter()).all(|(a, b)| a == b))
            })
    }

    /// The offset of the child by byte `b` of the node whose edges start at `edges` (and
    /// whose header is `h`).
    #[inline(always)]
    fn child(&self, edges: usize, h: u32, b: u8) -> Option<usize> {
        if h & DENSE != 0 {
            let n = self.u32_at(edges + 4 * b as usize)?;
            return (n != 0).then_some(n as usize);
        }
        let count = (h & COUNT) as usize;
        let l = self.bytes.get(edges..edges + 8)?;
        let labels = u64::from_le_bytes([l[0], l[1], l[2], l[3], l[4], l[5], l[6], l[7]]);
        // the first byte of `labels` equal to `b`
        let x = labels ^ (u64::from(b) * 0x0101_0101_0101_0101);
        let zero = x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
        let k = (zero.trailing_zeros() / 8) as usize;
        if k >= count {
            return None;
        }
        self.u32_at(edges + 8 + 4 * k).map(|n| n as usize)
    }

    /// The longest form that `hay[at..]` starts with: its end in `hay` and its value.
    #[inline]
    pub(crate) fn longest_at(&self, hay: &[u8], at: usize) -> Option<(usize, u32)> {
        let mut node = 0;
        let mut pos = at;
        let mut best = None;
        loop {
            let h = self.u32_at(node)?;
            let mut p = node + 4;
            if h & VALUE != 0 {
                best = Some((pos, self.u32_at(p)?));
                p += 4;
            }
            let len = (h >> CHAIN_SHIFT) as usize;
            if len > 0 {
                let chain = self.bytes.get(p..p + len)?;
                let Some(text) = hay.get(pos..pos + len) else {
                    return best;
                };
                if chain.iter().zip(text).any(|(a, b)| a != b) {
                    return best;
                }
                pos += len;
                p += len;
            }
            let Some(&b) = hay.get(pos) else {
                return best;
            };
            let Some(n) = self.child(p, h, b) else {
                return best;
            };
            node = n;
            pos += 1;
        }
    }
}

mod scan;
#[cfg(test)]
mod tests;

pub(crate) use scan::matches_at_word_starts;
