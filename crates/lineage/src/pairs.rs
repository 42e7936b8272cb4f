//! All near-duplicate pairs of a corpus in one batch.
//!
//! Memory layout: the signatures are copied into one flat `Vec<u32>`. Documents with identical
//! signatures are first collapsed into one representative (syndicated or re-posted copies often
//! come by the hundred, and banding them would produce the same pair once per band). Each band
//! of the representatives is then resolved by sorting `(band hash, representative)` keys, not
//! through hash maps; candidate pairs are packed into `u64`s, sorted, deduplicated and
//! verified against the full signatures.

use crate::error::{Result, invalid};
use crate::lsh::{band_hash, check_threshold, optimal_params};
use crate::minhash::{MinHashSig, agreement};

/// All pairs `(i, j, estimate)` with `i < j` (indices into `sigs`) whose estimated Jaccard is at
/// least `threshold` (in `(0, 1]`), sorted by `i` then `j`.
///
/// Candidates come from LSH banding with [`optimal_params`]; each is verified against the full
/// signatures, so a pair whose true Jaccard is close to the threshold may fall on either side
/// (at 128 permutations the estimate's standard deviation is about 0.035 near 0.8). To keep
/// every pair above a threshold, search with a lower one and confirm with
/// [`crate::exact_jaccard`].
/// Empty signatures and signatures whose length differs from the first non-empty one are left
/// out. The output holds every pair of a group of identical documents, so it grows with the
/// square of the largest such group.
pub fn near_duplicate_pairs(sigs: &[MinHashSig], threshold: f32) -> Result<Vec<(u32, u32, f32)>> {
    check_threshold(threshold)?;
    let Some(p) = sigs.iter().map(|s| s.values().len()).find(|&l| l > 0) else {
        return Ok(Vec::new());
    };
    let (bands, rows) = optimal_params(threshold, p)?;
    let (ids, flat) = flatten(sigs, p)?;
    let groups = identical_groups(&flat, p);
    let mut reps: Vec<u32> = Vec::with_capacity(groups.len() * p);
    for g in &groups {
        reps.extend_from_slice(&flat[g[0] as usize * p..(g[0] as usize + 1) * p]);
    }
    let row = |d: usize| &reps[d * p..(d + 1) * p];

    let mut out: Vec<(u32, u32, f32)> = Vec::new();
    let mut push = |a: u32, b: u32, est: f32| {
        let (a, b) = (ids[a as usize], ids[b as usize]);
        out.push((a.min(b), a.max(b), est));
    };
    for g in &groups {
        for (x, &a) in g.iter().enumerate() {
            for &b in &g[x + 1..] {
                push(a, b, 1.0);
            }
        }
    }
    for c in band_candidates(&reps, p, bands, rows) {
        let (x, y) = ((c >> 32) as usize, (c & 0xffff_ffff) as usize);
        let est = agreement(row(x), row(y));
        if est >= threshold {
            for &a in &groups[x] {
                for &b in &groups[y] {
                    push(a, b, est);
                }
            }
        }
    }
    out.sort_unstable_by_key(|&(a, b, _)| (a, b));
    Ok(out)
}

/// Original ids and flat values of the signatures of length `p`.
fn flatten(sigs: &[MinHashSig], p: usize) -> Result<(Vec<u32>, Vec<u32>)> {
    let mut ids: Vec<u32> = Vec::with_capacity(sigs.len());
    let mut flat: Vec<u32> = Vec::with_capacity(sigs.len() * p);
    for (i, s) in sigs.iter().enumerate() {
        if s.values().len() == p {
            let id = u32::try_from(i).map_err(|_| invalid("sigs.len()", sigs.len(), "< 2^32"))?;
            ids.push(id);
            flat.extend_from_slice(s.values());
        }
    }
    Ok((ids, flat))
}

/// Documents (dense indices) grouped by identical signature, groups ordered by first member.
fn identical_groups(flat: &[u32], p: usize) -> Vec<Vec<u32>> {
    let n = flat.len() / p;
    let row = |d: u32| &flat[d as usize * p..(d as usize + 1) * p];
    let mut keys: Vec<(u64, u32)> = (0..n as u32).map(|d| (band_hash(row(d)), d)).collect();
    keys.sort_unstable();
    let mut groups: Vec<Vec<u32>> = Vec::with_capacity(n);
    let mut start = 0;
    while start < n {
        let end = run_end(&keys, start);
        let first_group = groups.len();
        for &(_, d) in &keys[start..end] {
            // Equal hashes almost always mean equal values; check, in case they do not.
            match groups[first_group..]
                .iter_mut()
                .find(|g| row(g[0]) == row(d))
            {
                Some(g) => g.push(d),
                None => groups.push(vec![d]),
            }
        }
        start = end;
    }
    groups.sort_unstable_by_key(|g| g[0]);
    groups
}

/// End of the run of equal hashes starting at `start` in sorted `keys`.
fn run_end(keys: &[(u64, u32)], start: usize) -> usize {
    let mut end = start + 1;
    while end < keys.len() && keys[end].0 == keys[start].0 {
        end += 1;
    }
    end
}

/// Candidate pairs `x << 32 | y` (x < y) of documents sharing at least one band, sorted, unique.
fn band_candidates(flat: &[u32], p: usize, bands: usize, rows: usize) -> Vec<u64> {
    let n = flat.len() / p;
    let mut keys: Vec<(u64, u32)> = Vec::with_capacity(n);
    let mut candidates: Vec<u64> = Vec::new();
    for band in 0..bands {
        keys.clear();
        keys.extend((0..n).map(|d| {
            let start = d * p + band * rows;
            (band_hash(&flat[start..start + rows]), d as u32)
        }));
        keys.sort_unstable();
        let mut start = 0;
        while start < n {
            let end = run_end(&keys, start);
            for x in start..end {
                for y in x + 1..end {
                    // Sorted keys: within a run, documents ascend.
                    candidates.push(u64::from(keys[x].1) << 32 | u64::from(keys[y].1));
                }
            }
            start = end;
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    candidates
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MinHasher;

    fn text(prefix: &str, edit: Option<usize>) -> String {
        let mut w: Vec<String> = (0..60).map(|i| format!("{prefix}{i}")).collect();
        if let Some(i) = edit {
            w[i] = "changed".into();
        }
        w.join(" ")
    }

    #[test]
    fn pairs_are_verified_and_sorted() {
        let h = MinHasher::default();
        let texts = [
            text("alpha", None),
            text("beta", None),
            text("alpha", Some(30)),
            String::new(),
            text("alpha", None),
        ];
        let sigs: Vec<_> = texts.iter().map(|t| h.signature(t)).collect();
        let pairs = near_duplicate_pairs(&sigs, 0.8).unwrap();
        let ids: Vec<(u32, u32)> = pairs.iter().map(|&(a, b, _)| (a, b)).collect();
        assert_eq!(ids, [(0, 2), (0, 4), (2, 4)]);
        assert_eq!(pairs[1].2, 1.0);
        assert!(pairs[0].2 >= 0.8 && pairs[0].2 < 1.0);
        assert_eq!(pairs[0].2, pairs[2].2);
        assert!(near_duplicate_pairs(&sigs, 1.5).is_err());
        assert!(near_duplicate_pairs(&[], 0.8).unwrap().is_empty());
    }

    #[test]
    fn groups_of_identical_copies_expand_to_all_pairs() {
        let h = MinHasher::default();
        // Three copies of a, two of b (an edit of a), one unrelated text, interleaved.
        let (a, b, c) = (text("x", None), text("x", Some(5)), text("y", None));
        let texts = [&a, &c, &b, &a, &b, &a];
        let sigs: Vec<_> = texts.iter().map(|t| h.signature(t)).collect();
        let pairs = near_duplicate_pairs(&sigs, 0.8).unwrap();
        let ids: Vec<(u32, u32)> = pairs.iter().map(|&(i, j, _)| (i, j)).collect();
        let copies = [0, 2, 3, 4, 5];
        let want: Vec<(u32, u32)> = copies
            .iter()
            .flat_map(|&i| copies.iter().filter(move |&&j| j > i).map(move |&j| (i, j)))
            .collect();
        assert_eq!(ids, want);
        for &(i, j, est) in &pairs {
            let same = texts[i as usize] == texts[j as usize];
            assert_eq!(est == 1.0, same, "({i}, {j}) {est}");
        }
    }

    #[test]
    fn signatures_of_other_lengths_are_skipped() {
        let t = text("z", None);
        let long = MinHasher::default().signature(&t);
        let short = MinHasher::new(64, 3, 1).unwrap().signature(&t);
        let pairs = near_duplicate_pairs(&[long.clone(), short, long], 0.8).unwrap();
        assert_eq!(pairs, [(0, 2, 1.0)]);
    }
}
