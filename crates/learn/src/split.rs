//! A deterministic held-aside split: a document belongs to the held-aside part when a stable
//! hash of its id falls in the lowest [`HELDOUT_PERCENT`] of the range. The same id always
//! lands in the same part, whatever else the data folder holds.

use std::fmt;
use std::str::FromStr;

/// Share of documents held aside for evaluation.
pub const HELDOUT_PERCENT: u64 = 20;

/// Which documents a command works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    /// Documents not held aside.
    #[default]
    Train,
    /// The held-aside documents.
    Heldout,
    /// Every document.
    All,
}

impl Split {
    /// Whether document `id` is in this split.
    pub fn contains(self, id: &str) -> bool {
        match self {
            Split::Train => !is_heldout(id),
            Split::Heldout => is_heldout(id),
            Split::All => true,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Heldout => "heldout",
            Split::All => "all",
        }
    }
}

impl fmt::Display for Split {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "train" => Ok(Split::Train),
            "heldout" => Ok(Split::Heldout),
            "all" => Ok(Split::All),
            _ => Err(format!(
                "unknown split `{s}` (expected train, heldout or all)"
            )),
        }
    }
}

pub use crate::fnv::fnv1a;

/// A hash of `id` and `salt` mapped to 0..100, mixed so that ids differing in their last
/// characters spread evenly.
fn bucket(id: &str, salt: &str) -> u64 {
    let mut h = fnv1a(format!("{salt}\u{1f}{id}").as_bytes());
    // Final avalanche (splitmix64) so the low digits depend on every input byte.
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    h % 100
}

/// Whether `id` is held aside for evaluation.
pub fn is_heldout(id: &str) -> bool {
    bucket(id, "heldout") < HELDOUT_PERCENT
}

/// The cross-validation fold (0..`folds`) of a training document.
pub fn fold_of(id: &str, folds: usize) -> usize {
    (bucket(id, "fold") as usize * folds.max(1)) / 100
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_stable_and_about_one_fifth() {
        let ids: Vec<String> = (0..5000).map(|i| format!("EN_UA_{i}.txt")).collect();
        let held = ids.iter().filter(|i| is_heldout(i)).count();
        assert!((900..1100).contains(&held), "{held}");
        for id in &ids {
            assert_eq!(is_heldout(id), is_heldout(id));
            assert_ne!(Split::Train.contains(id), Split::Heldout.contains(id));
            assert!(Split::All.contains(id));
        }
        for k in 0..5 {
            let n = ids.iter().filter(|i| fold_of(i, 5) == k).count();
            assert!((850..1150).contains(&n), "fold {k}: {n}");
        }
        assert!(ids.iter().all(|i| fold_of(i, 3) < 3));
        // Fixed values: the split must never change between releases.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    #[test]
    fn split_names_round_trip() {
        for s in [Split::Train, Split::Heldout, Split::All] {
            assert_eq!(s.as_str().parse::<Split>(), Ok(s));
        }
        assert!("test".parse::<Split>().is_err());
    }
}
