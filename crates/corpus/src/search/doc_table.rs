//! The per-document numbers a search reads for every match, held in memory: the value
//! numbers of language, outlet, format and year (the `search_docs` columns `f_*`), and
//! the length in tokens that BM25 needs (from FTS5's size table). Reading them from SQLite
//! meant two B-tree lookups per match, most of a full-text search's time on large result
//! sets. Once the database changed since the table was read (any connection's commit, or
//! a write through the store's own connection) the table is no longer read, so it never
//! answers for an older state; it is read again on a later search (see
//! [`RELOAD_SPACING`]). 16 bytes per document.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::facets::Basic;
use super::filter::SearchFilter;
use crate::Result;

/// One document's row: its length in tokens (title and body) and its language, outlet,
/// format and year as indexes into the table's per-kind value lists, plus one (0: no
/// value). One row is one memory read per match for both the ranking and the facets.
#[derive(Clone, Copy, Default)]
pub(crate) struct DocRow {
    pub len: u32,
    outlet: u32,
    lang: u16,
    year: u16,
    format: u16,
    /// Whether `search_docs` has this number.
    pub present: bool,
}

pub(crate) struct DocTable {
    /// `PRAGMA data_version` and the connection's total changes when read.
    key: (i64, u64),
    /// When it was read, and how long that took.
    loaded: Instant,
    cost: Duration,
    /// Whether the database is unchanged since; a stale table is not read.
    current: bool,
    rows: Arc<[DocRow]>,
    /// Per kind (language, outlet, format, year): value numbers of the local indexes.
    values: [Vec<i64>; 4],
}

/// A stale table is read again only once this many times its load time has passed since
/// it was read; until then searches read SQLite. A corpus written to while it is searched
/// (ingest beside `serve`) thus spends at most about 1/20 of its search time reloading.
const RELOAD_SPACING: u32 = 20;

/// What a filter asks of the in-memory columns: value numbers that must be equal
/// (language, outlet, format), or `None` when no document can pass.
pub(crate) type BasicWant = Option<[Option<i64>; 3]>;

fn key(conn: &Connection) -> Result<(i64, u64)> {
    let v: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
    Ok((v, conn.total_changes()))
}

/// Sum of the SQLite varints in `blob` (FTS5 writes one per column).
fn varint_sum(blob: &[u8]) -> u64 {
    let (mut sum, mut v, mut n) = (0u64, 0u64, 0);
    for &b in blob {
        n += 1;
        if n == 9 {
            v = (v << 8) | u64::from(b);
        } else {
            v = (v << 7) | u64::from(b & 0x7f);
        }
        if n == 9 || b & 0x80 == 0 {
            sum = sum.saturating_add(v);
            (v, n) = (0, 0);
        }
    }
    sum
}

impl DocTable {
    /// Reads the table, or `None` when it would be much larger than the corpus (sparse
    /// numbers) or a kind has too many values: searches then read SQLite as before.
    fn load(conn: &Connection) -> Result<Option<DocTable>> {
        let loaded = Instant::now();
        let key = key(conn)?;
        let (count, max): (i64, Option<i64>) =
            conn.query_row("SELECT count(*), max(num) FROM search_docs", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let size = max.unwrap_or(0).max(0) as usize + 1;
        if size > 2 * count.max(0) as usize + 1_000_000 {
            return Ok(None);
        }
        let mut values: [Vec<i64>; 4] = Default::default();
        let mut local: [std::collections::HashMap<i64, u32>; 4] = Default::default();
        let limits = [
            u32::from(u16::MAX),
            u32::MAX,
            u32::from(u16::MAX),
            u32::from(u16::MAX),
        ];
        let mut rows = vec![DocRow::default(); size];
        let mut stmt = conn.prepare(
            "SELECT num, f_lang, f_outlet, f_format, f_year FROM search_docs ORDER BY num",
        )?;
        let mut it = stmt.query([])?;
        while let Some(r) = it.next()? {
            let num: i64 = r.get(0)?;
            let Some(row) = usize::try_from(num).ok().and_then(|n| rows.get_mut(n)) else {
                return Ok(None);
            };
            let mut packed = [0u32; 4];
            for k in 0..4 {
                let Some(v) = r.get::<_, Option<i64>>(k + 1)? else {
                    continue;
                };
                let next = values[k].len() as u32 + 1;
                let at = *local[k].entry(v).or_insert(next);
                if at == next {
                    if next > limits[k] {
                        return Ok(None);
                    }
                    values[k].push(v);
                }
                packed[k] = at;
            }
            *row = DocRow {
                len: 0,
                lang: packed[0] as u16,
                outlet: packed[1],
                format: packed[2] as u16,
                year: packed[3] as u16,
                present: true,
            };
        }
        let mut stmt = conn.prepare("SELECT id, sz FROM search_fts_docsize")?;
        let mut it = stmt.query([])?;
        while let Some(r) = it.next()? {
            let id: i64 = r.get(0)?;
            let sz = r
                .get_ref(1)?
                .as_blob_or_null()
                .ok()
                .flatten()
                .unwrap_or_default();
            if let Some(row) = usize::try_from(id).ok().and_then(|i| rows.get_mut(i)) {
                row.len = u32::try_from(varint_sum(sz)).unwrap_or(u32::MAX);
            }
        }
        Ok(Some(DocTable {
            key,
            loaded,
            cost: loaded.elapsed(),
            current: true,
            rows: rows.into(),
            values,
        }))
    }

    /// Brings `cache` up to date with the database behind `conn`.
    pub(crate) fn refresh(cache: &mut Option<DocTable>, conn: &Connection) -> Result<()> {
        if let Some(t) = cache {
            if t.key == key(conn)? {
                return Ok(());
            }
            if t.loaded.elapsed() < t.cost * RELOAD_SPACING {
                t.current = false;
                return Ok(());
            }
        }
        *cache = None;
        *cache = DocTable::load(conn)?;
        Ok(())
    }

    /// Makes the table look as if reading it had taken `cost` (tests of the reload spacing).
    #[cfg(test)]
    pub(crate) fn pretend_cost(&mut self, cost: Duration) {
        self.cost = cost;
    }

    /// Whether the table answers for the database as it is now.
    pub(crate) fn is_current(&self) -> bool {
        self.current
    }

    pub(crate) fn rows(&self) -> Arc<[DocRow]> {
        self.rows.clone()
    }

    /// The facet value numbers of document `num`, or `None` when it has no row.
    pub(crate) fn basic(&self, num: i64) -> Option<Basic> {
        let row = self.rows.get(usize::try_from(num).ok()?)?;
        if !row.present {
            return None;
        }
        let local = [
            u32::from(row.lang),
            row.outlet,
            u32::from(row.format),
            u32::from(row.year),
        ];
        let mut out = [None; 4];
        for ((o, l), values) in out.iter_mut().zip(local).zip(&self.values) {
            *o = l
                .checked_sub(1)
                .and_then(|i| values.get(i as usize))
                .copied();
        }
        Some(out)
    }

    /// Whether `b` passes `want` (see [`DocTable::want`]).
    pub(crate) fn passes(b: &Basic, want: &[Option<i64>; 3]) -> bool {
        want.iter()
            .zip(b)
            .all(|(w, v)| w.is_none_or(|w| *v == Some(w)))
    }

    /// What `filter` asks of the in-memory columns, or `Err(())` when it also filters on
    /// something else (dates, actors, claims, narratives, techniques).
    pub(crate) fn want(
        conn: &Connection,
        filter: &SearchFilter,
    ) -> Result<std::result::Result<BasicWant, ()>> {
        let only_basic = SearchFilter {
            lang: filter.lang.clone(),
            outlet: filter.outlet.clone(),
            format: filter.format,
            ..SearchFilter::default()
        };
        if *filter != only_basic {
            return Ok(Err(()));
        }
        let format = filter.format.map(|f| f.as_str().to_string());
        let mut want = [None; 3];
        for (i, v) in [&filter.lang, &filter.outlet, &format]
            .into_iter()
            .enumerate()
        {
            let Some(v) = v else { continue };
            let id: Option<i64> = conn
                .prepare_cached("SELECT id FROM search_values WHERE kind = ?1 AND value = ?2")?
                .query_row(rusqlite::params![i as i64, v], |r| r.get(0))
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })?;
            match id {
                Some(n) => want[i] = Some(n),
                None => return Ok(Ok(None)),
            }
        }
        Ok(Ok(Some(want)))
    }
}

#[cfg(test)]
mod tests {
    use super::varint_sum;

    #[test]
    fn varints_are_summed() {
        assert_eq!(varint_sum(&[]), 0);
        assert_eq!(varint_sum(&[3, 120]), 123);
        // 300 = 0b10_0101100: two bytes, high group first
        assert_eq!(varint_sum(&[0x82, 0x2c, 5]), 305);
    }
}
