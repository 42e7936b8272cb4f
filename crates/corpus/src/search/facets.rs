//! Facet counts over a result set, by integer value numbers (see `facet_table`): the
//! single-valued facets come with each match and are counted here, the many-valued ones
//! are SQL aggregates over `search_facets`; only the values reported are turned back into
//! text.

use std::collections::HashMap;

use rusqlite::Connection;

use super::facet_table::KINDS;
use crate::Result;

/// How many documents of the result set have one facet value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts per facet value over the whole result set, most frequent first (ties by value).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Facets {
    pub lang: Vec<FacetCount>,
    pub outlet: Vec<FacetCount>,
    pub format: Vec<FacetCount>,
    /// Publication year.
    pub year: Vec<FacetCount>,
    /// Linked entity ids of the actors mentioned.
    pub actor: Vec<FacetCount>,
    /// Claim keys.
    pub claim: Vec<FacetCount>,
    pub narrative: Vec<FacetCount>,
    pub technique: Vec<FacetCount>,
}

/// The documents `nums` as a JSON array (bound to `json_each`).
pub(crate) fn json_nums(nums: &[i64]) -> String {
    let mut s = String::with_capacity(nums.len() * 8 + 2);
    s.push('[');
    for (i, n) in nums.iter().enumerate() {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&n.to_string());
    }
    s.push(']');
    s
}

/// Value numbers of a document's language, outlet, format and year (the `search_docs`
/// columns `facet_table::BASIC_COLUMNS`).
pub(crate) type Basic = [Option<i64>; 4];

/// Reads [`Basic`] from columns `at..at + 4` of a row.
pub(crate) fn basic_at(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Basic> {
    Ok([r.get(at)?, r.get(at + 1)?, r.get(at + 2)?, r.get(at + 3)?])
}

/// A hasher for value numbers (small integers): one multiplication, no SipHash rounds,
/// since counting every match of a large result set is on the query's critical path.
#[derive(Default, Clone, Copy)]
pub(crate) struct NumHasher(u64);

impl std::hash::Hasher for NumHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Counts keyed by value numbers.
pub(crate) type NumMap<K> = HashMap<K, u64, std::hash::BuildHasherDefault<NumHasher>>;

/// (kind, value number, documents) for the facets of kinds `kinds` over `nums`: the rows
/// are read in one statement and counted here (a SQL `GROUP BY` sorts them first).
fn grouped(
    conn: &Connection,
    nums: &[i64],
    kinds: std::ops::RangeInclusive<i64>,
) -> Result<Vec<(usize, i64, u64)>> {
    if nums.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT f.kind, f.value FROM json_each(?1) j
         JOIN search_facets f ON f.num = j.value AND f.kind BETWEEN ?2 AND ?3",
    )?;
    let mut rows = stmt.query(rusqlite::params![
        json_nums(nums),
        kinds.start(),
        kinds.end()
    ])?;
    let mut counts: NumMap<(i64, i64)> = NumMap::default();
    while let Some(r) = rows.next()? {
        *counts.entry((r.get(0)?, r.get(1)?)).or_default() += 1;
    }
    Ok(counts
        .into_iter()
        .map(|((k, v), c)| (k as usize, v, c))
        .collect())
}

/// Facet counts over the documents `set` (numbers of `search_docs` with their [`Basic`]
/// values, best first), `n` values each; language, outlet, format and year count every
/// document, the actor, claim, narrative and technique facets the first `depth`.
pub(crate) fn count(
    conn: &Connection,
    set: &[(i64, Basic)],
    n: usize,
    depth: usize,
) -> Result<Facets> {
    let mut basic: [NumMap<i64>; 4] = Default::default();
    for (_, b) in set {
        for (m, v) in basic.iter_mut().zip(b) {
            if let Some(v) = v {
                *m.entry(*v).or_default() += 1;
            }
        }
    }
    let mut rows: Vec<(usize, i64, u64)> = basic
        .into_iter()
        .enumerate()
        .flat_map(|(k, m)| m.into_iter().map(move |(v, c)| (k, v, c)))
        .collect();
    let top: Vec<i64> = set.iter().take(depth).map(|x| x.0).collect();
    rows.extend(grouped(conn, &top, 4..=7)?);
    // per kind, the values that can make the first n (ties at the cut included)
    let mut per: [Vec<(i64, u64)>; 8] = Default::default();
    for (k, v, c) in rows {
        if let Some(p) = per.get_mut(k) {
            p.push((v, c));
        }
    }
    let mut wanted: Vec<i64> = Vec::new();
    for p in per.iter_mut() {
        p.sort_by_key(|x| std::cmp::Reverse(x.1));
        let cut = match (n, p.get(n.saturating_sub(1))) {
            (0, _) => u64::MAX,
            (_, Some(x)) => x.1,
            (_, None) => 0,
        };
        p.retain(|x| x.1 >= cut);
        wanted.extend(p.iter().map(|x| x.0));
    }
    let mut texts: HashMap<i64, String> = HashMap::new();
    if !wanted.is_empty() {
        let mut stmt = conn.prepare_cached(
            "SELECT id, value FROM search_values WHERE id IN (SELECT value FROM json_each(?1))",
        )?;
        let rows = stmt.query_map([json_nums(&wanted)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        texts = rows.collect::<rusqlite::Result<_>>()?;
    }
    let lists: Vec<Vec<FacetCount>> = per
        .into_iter()
        .map(|p| {
            let mut v: Vec<FacetCount> = p
                .into_iter()
                .filter_map(|(id, count)| {
                    texts.get(&id).map(|t| FacetCount {
                        value: t.clone(),
                        count,
                    })
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v.truncate(n);
            v
        })
        .collect();
    let mut it = lists.into_iter();
    let mut next = || it.next().unwrap_or_default();
    debug_assert_eq!(KINDS.len(), 8);
    Ok(Facets {
        lang: next(),
        outlet: next(),
        format: next(),
        year: next(),
        actor: next(),
        claim: next(),
        narrative: next(),
        technique: next(),
    })
}
