//! The semantic side: keeping [`super::ann::ANN_FILE`] in step with the stored document
//! vectors, nearest-document search, and fusion with full-text rankings.

use std::collections::{HashMap, HashSet};

use super::ann::{self, CODE, DIM, Ivf};
use super::vecmath::normalise;
use crate::{Result, Store, StoreError};

/// Vectors below which the index is one list (search is exact).
const FLAT_BELOW: usize = 4096;
/// Training sample per list, and overall cap.
const SAMPLE_PER_LIST: usize = 48;
const SAMPLE_MAX: usize = 60_000;
const ROUNDS: usize = 8;

/// Reciprocal rank fusion: each ranking gives `1 / (k + rank)` (rank from 1) to each of its
/// items; items are returned by summed score, best first (ties by number).
pub fn rrf(rankings: &[&[i64]], k: f64) -> Vec<(i64, f64)> {
    let mut score: HashMap<i64, f64> = HashMap::new();
    for r in rankings {
        for (i, num) in r.iter().enumerate() {
            *score.entry(*num).or_default() += 1.0 / (k + i as f64 + 1.0);
        }
    }
    let mut v: Vec<(i64, f64)> = score.into_iter().collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// The number of lists for `n` vectors.
fn lists_for(n: usize) -> usize {
    if n < FLAT_BELOW {
        1
    } else {
        ((n as f64).sqrt() as usize).clamp(16, 4096)
    }
}

impl Store {
    fn ann_path(&self) -> std::path::PathBuf {
        self.dir.join(ann::ANN_FILE)
    }

    /// Document vectors waiting to join the semantic index.
    pub fn search_ann_pending(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM search_docs WHERE ann_pending = 1",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Size and shape of the semantic index, if there is one.
    pub fn ann_stats(&self) -> Result<Option<super::AnnStats>> {
        Ok(Ivf::open(&self.ann_path())?.map(|i| i.stats()))
    }

    /// Adds pending document vectors to the semantic index, training it anew when there is
    /// none or it has doubled since training. Returns (vectors added, retrained).
    pub(crate) fn sync_ann(&mut self, force_retrain: bool) -> Result<(u64, bool)> {
        let pending = self.search_ann_pending()?;
        let path = self.ann_path();
        let old = Ivf::open(&path)?;
        if pending == 0 && !force_retrain && old.is_some() {
            return Ok((0, false));
        }
        let new: Vec<(i64, Vec<u8>)> = self
            .conn
            .prepare(
                "SELECT s.num, v.data FROM search_docs s
                 JOIN vectors v ON v.doc_id = s.doc_id AND v.kind = 'document' AND v.seq = 0
                 WHERE s.ann_pending = 1 ORDER BY s.num",
            )?
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?)))?
            .filter(|r| !matches!(r, Ok((_, d)) if d.len() != CODE))
            .collect::<rusqlite::Result<_>>()?;
        let fresh: HashSet<i64> = new.iter().map(|(n, _)| *n).collect();
        let mut all: Vec<(i64, &[u8])> = Vec::new();
        if let Some(o) = &old {
            // a vector stored again (re-embedded) replaces its old entry
            all.extend(
                o.entries()
                    .filter(|(_, n, _)| !fresh.contains(n))
                    .map(|(_, n, c)| (n, c)),
            );
        }
        let kept = all.len();
        all.extend(new.iter().map(|(n, c)| (*n, c.as_slice())));
        let retrain = force_retrain
            || match &old {
                None => true,
                Some(o) => {
                    o.nlist != lists_for(all.len())
                        && (all.len() as u64 > 2 * o.trained.max(1) || o.nlist == 1)
                }
            };
        let centroids: Vec<f32> = match (&old, retrain) {
            (Some(o), false) => (0..o.nlist).flat_map(|l| o.centroid(l).to_vec()).collect(),
            _ => {
                let nlist = lists_for(all.len());
                let want = (nlist * SAMPLE_PER_LIST)
                    .min(SAMPLE_MAX)
                    .min(all.len())
                    .max(1);
                let stride = (all.len() / want).max(1);
                let sample: Vec<&[u8]> = all.iter().step_by(stride).map(|(_, c)| *c).collect();
                if nlist == 1 {
                    vec![0.0; DIM]
                } else {
                    ann::train(&sample, nlist, ROUNDS)
                }
            }
        };
        let nlist = centroids.len() / DIM;
        let trained = match (&old, retrain) {
            (Some(o), false) => o.trained,
            _ => all.len() as u64,
        };
        let assign: Vec<usize> = {
            use rayon::prelude::*;
            let old_lists: Option<Vec<usize>> = match (&old, retrain) {
                (Some(o), false) => Some(
                    o.entries()
                        .filter(|(_, n, _)| !fresh.contains(n))
                        .map(|(l, _, _)| l)
                        .collect(),
                ),
                _ => None,
            };
            let start = if old_lists.is_some() { kept } else { 0 };
            let mut out = old_lists.unwrap_or_default();
            out.extend(
                all[start..]
                    .par_iter()
                    .map(|(_, c)| {
                        let mut v = [0f32; DIM];
                        super::vecmath::decode_into(c, &mut v);
                        normalise(&mut v);
                        ann::nearest(&centroids, &v)
                    })
                    .collect::<Vec<_>>(),
            );
            out
        };
        let mut lists: Vec<Vec<(i64, &[u8])>> = vec![Vec::new(); nlist];
        for (e, l) in all.iter().zip(&assign) {
            lists[*l].push(*e);
        }
        ann::write(&path, &centroids, trained, &lists)?;
        // The file now holds these vectors; only then are their flags cleared (a crash in
        // between re-adds them, replacing their own entries).
        let tx = self.conn.transaction()?;
        {
            let mut flag =
                tx.prepare_cached("UPDATE search_docs SET ann_pending = 0 WHERE num = ?1")?;
            for (n, _) in &new {
                flag.execute([n])?;
            }
        }
        tx.execute(
            "UPDATE search_docs SET ann_pending = 0 WHERE ann_pending = 1 AND NOT EXISTS
             (SELECT 1 FROM vectors v WHERE v.doc_id = search_docs.doc_id AND v.kind = 'document')",
            [],
        )?;
        tx.commit()?;
        Ok((new.len() as u64, retrain))
    }

    /// The `k` documents (numbers) whose vectors are nearest to `query` (512 floats, any
    /// length; normalised here) with cosine scores, scanning `nprobe` lists (default
    /// [`default_nprobe`]; `usize::MAX` scans them all: exact search over the stored codes).
    pub(crate) fn nearest_docs(
        &self,
        query: &[f32],
        k: usize,
        nprobe: Option<usize>,
    ) -> Result<Vec<(i64, f32)>> {
        if query.len() != DIM {
            return Err(StoreError::Data(format!(
                "query vector has {} dimensions, the index {DIM}",
                query.len()
            )));
        }
        let mut q = query.to_vec();
        normalise(&mut q);
        let Some(ivf) = Ivf::open(&self.ann_path())? else {
            return Ok(Vec::new());
        };
        let nprobe = nprobe.unwrap_or_else(|| default_nprobe(ivf.nlist));
        Ok(ivf.search(&q, k, nprobe))
    }
}

/// Default number of lists probed (two fifths of them, at least 16): on the 100k benchmark
/// corpus recall@10 against exact search was 0.90 probing a fifth and 0.957 probing 128 of
/// 316 lists (BENCHMARKS.md).
pub(crate) fn default_nprobe(nlist: usize) -> usize {
    (nlist * 2 / 5).max(16).min(nlist)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rrf_rewards_agreement() {
        let a = [1, 2, 3];
        let b = [3, 4, 1];
        let f = rrf(&[&a, &b], 60.0);
        let order: Vec<i64> = f.iter().map(|x| x.0).collect();
        assert_eq!(order, [1, 3, 2, 4]);
        assert!((f[0].1 - (1.0 / 61.0 + 1.0 / 63.0)).abs() < 1e-12);
    }

    #[test]
    fn list_count_grows_with_the_root() {
        assert_eq!(lists_for(10), 1);
        assert_eq!(lists_for(10_000), 100);
        assert_eq!(lists_for(1_000_000), 1000);
    }
}
