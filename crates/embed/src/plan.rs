//! Deterministic micro-batch planning.
//!
//! Sentences are cut into units of at most [`CHUNK`] tokens (plus [`HALO`] context tokens each
//! side, whose features are computed but not summed), and units are packed greedily, in input
//! order, into micro-batches of about `budget` rows. Cutting depends only on each sentence's
//! length, so a sentence's pooled sum is formed the same way whatever the batch budget or thread
//! count: the sum of each unit's rows in order, then the sum of the units in order.

use std::ops::Range;

/// Longest stretch of one sentence computed as one unit.
pub const CHUNK: usize = 256;
/// Context rows each side of a unit: the receptive field of two stacked 5-gram convolutions.
pub const HALO: usize = 4;

/// One unit: `rows` of sentence `sent` are computed, `keep` (a subrange) is summed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub sent: usize,
    pub rows: Range<usize>,
    pub keep: Range<usize>,
}

/// Splits sentences of the given lengths into units, in order.
pub fn units(lens: &[usize]) -> Vec<Unit> {
    let mut out = Vec::new();
    for (sent, &len) in lens.iter().enumerate() {
        if len <= CHUNK {
            out.push(Unit {
                sent,
                rows: 0..len,
                keep: 0..len,
            });
            continue;
        }
        let mut a = 0;
        while a < len {
            let b = (a + CHUNK).min(len);
            let rows = a.saturating_sub(HALO)..(b + HALO).min(len);
            out.push(Unit {
                sent,
                rows,
                keep: a..b,
            });
            a = b;
        }
    }
    out
}

/// Packs units into micro-batches of at most `budget` rows (a single larger unit gets its own).
pub fn batches(units: &[Unit], budget: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut rows) = (0, 0);
    for (i, u) in units.iter().enumerate() {
        let n = u.rows.len();
        if i > start && rows + n > budget {
            out.push(start..i);
            start = i;
            rows = 0;
        }
        rows += n;
    }
    if start < units.len() {
        out.push(start..units.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_sentences_are_cut_with_halos() {
        let u = units(&[3, 600]);
        assert_eq!(
            u[0],
            Unit {
                sent: 0,
                rows: 0..3,
                keep: 0..3
            }
        );
        assert_eq!(
            u[1],
            Unit {
                sent: 1,
                rows: 0..260,
                keep: 0..256
            }
        );
        assert_eq!(
            u[2],
            Unit {
                sent: 1,
                rows: 252..516,
                keep: 256..512
            }
        );
        assert_eq!(
            u[3],
            Unit {
                sent: 1,
                rows: 508..600,
                keep: 512..600
            }
        );
        let kept: usize = u[1..].iter().map(|x| x.keep.len()).sum();
        assert_eq!(kept, 600);
    }

    #[test]
    fn packing_respects_budget_and_order() {
        let u = units(&[10, 10, 10, 300, 5]);
        let b = batches(&u, 25);
        assert_eq!(b, vec![0..2, 2..3, 3..4, 4..5, 5..6]);
        assert_eq!(batches(&u, 10_000), vec![0..6]);
        assert!(batches(&[], 10).is_empty());
    }
}
