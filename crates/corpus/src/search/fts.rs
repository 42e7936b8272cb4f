//! The full-text side: indexing pending documents into `search_fts` and running queries.

use rusqlite::params_from_iter;
use rusqlite::types::Value;
use rust_stemmers::Stemmer;

use super::analyze::{index_text, stemmer_for};
use super::doc_table::DocTable;
use super::facets::{Basic, basic_at};
use super::filter::SearchFilter;
use super::query::{Compiled, Query};
use crate::{Result, Store};

/// Documents analysed and written per transaction while indexing.
const BATCH: i64 = 500;

/// A matching document: its number, score (higher is better) and single-valued facets.
pub(crate) type Match = (i64, f64, Basic);

impl Store {
    /// Documents waiting for full-text indexing.
    pub fn search_fts_pending(&self) -> Result<u64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM search_docs WHERE fts_pending = 1",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64)
    }

    /// Indexes every pending document for full text, in batches each committed with the
    /// flags it clears; `progress(done, total)` after each batch.
    pub fn sync_full_text(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
        let total = self.search_fts_pending()?;
        let mut done = 0;
        while done < total {
            // Reading inside the write transaction: a document changed meanwhile is
            // flagged again after this batch commits, never lost.
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let rows: Vec<(i64, Option<String>, String, Option<String>)> = tx
                .prepare_cached(
                    "SELECT s.num, d.title, d.text, d.lang FROM search_docs s
                     JOIN documents d ON d.id = s.doc_id
                     WHERE s.fts_pending = 1 ORDER BY s.num LIMIT ?1",
                )?
                .query_map([BATCH], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?
                .collect::<rusqlite::Result<_>>()?;
            if rows.is_empty() {
                break;
            }
            let analysed: Vec<(i64, String, String)> = {
                use rayon::prelude::*;
                rows.par_iter()
                    .map(|(num, title, text, lang)| {
                        let s = stemmer_for(lang.as_deref());
                        let title = index_text(title.as_deref().unwrap_or(""), s.as_ref());
                        (*num, title, index_text(text, s.as_ref()))
                    })
                    .collect()
            };
            {
                let mut del = tx.prepare_cached("DELETE FROM search_fts WHERE rowid = ?1")?;
                let mut ins = tx.prepare_cached(
                    "INSERT INTO search_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
                )?;
                let mut flag =
                    tx.prepare_cached("UPDATE search_docs SET fts_pending = 0 WHERE num = ?1")?;
                for (num, title, body) in &analysed {
                    del.execute([num])?;
                    ins.execute(rusqlite::params![num, title, body])?;
                    flag.execute([num])?;
                }
            }
            tx.commit()?;
            done += rows.len() as u64;
            progress(done.min(total), total);
        }
        Ok(done)
    }

    /// The stemmers a query is analysed with: the filtered language's, or one per
    /// language the corpus holds plus none.
    pub(crate) fn query_stemmers(&self, filter: &SearchFilter) -> Result<Vec<Option<Stemmer>>> {
        if let Some(l) = &filter.lang {
            return Ok(vec![stemmer_for(Some(l))]);
        }
        // skip-scan over the language index: one probe per distinct language
        let mut stmt = self.conn.prepare_cached(
            "WITH RECURSIVE l(x) AS (
                SELECT min(lang) FROM search_docs
                UNION ALL SELECT (SELECT min(lang) FROM search_docs WHERE lang > x)
                FROM l WHERE x IS NOT NULL)
             SELECT x FROM l WHERE x IS NOT NULL",
        )?;
        let langs: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<Option<Stemmer>> = vec![None];
        let mut seen: Vec<&str> = Vec::new();
        for l in &langs {
            let code = match l.as_str() {
                "nb" | "nn" => "no",
                c => c,
            };
            if !seen.contains(&code)
                && let Some(s) = stemmer_for(Some(code))
            {
                seen.push(code);
                out.push(Some(s));
            }
        }
        Ok(out)
    }

    /// Compiles a full-text query for this corpus.
    pub(crate) fn compile_query(&self, q: &str, filter: &SearchFilter) -> Result<Compiled> {
        let stemmers = self.query_stemmers(filter)?;
        Query::parse(q)?.compile(q, &stemmers)
    }

    /// Every document matching the compiled query and the filter; the best `keep` of them
    /// come first, best first (ties by number), the others follow in no particular order.
    pub(crate) fn fts_matches(
        &self,
        c: &Compiled,
        filter: &SearchFilter,
        keep: usize,
    ) -> Result<Vec<Match>> {
        let mut out = match self.fts_in_memory(c, filter)? {
            Some(v) => v,
            None => self.fts_joined(c, filter)?,
        };
        order_head(&mut out, keep, |m| (m.0, m.1));
        Ok(out)
    }

    /// The matches with their facet numbers from the in-memory table, when there is one
    /// and the filter only asks for language, outlet or format.
    fn fts_in_memory(&self, c: &Compiled, filter: &SearchFilter) -> Result<Option<Vec<Match>>> {
        let Some(table) = self.current_docs() else {
            return Ok(None);
        };
        let want = match DocTable::want(&self.conn, filter)? {
            Err(()) => return Ok(None),
            Ok(None) => return Ok(Some(Vec::new())),
            Ok(Some(w)) => w,
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT rowid, ns_bm25(search_fts, 3.0, 1.0) FROM search_fts
             WHERE search_fts MATCH ?1",
        )?;
        let mut rows = stmt.query([&c.fts])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let num: i64 = r.get(0)?;
            if let Some(b) = table.basic(num)
                && DocTable::passes(&b, &want)
            {
                out.push((num, r.get(1)?, b));
            }
        }
        Ok(Some(out))
    }

    /// The matches joined with `search_docs` in SQL, for filters the in-memory table
    /// cannot answer.
    fn fts_joined(&self, c: &Compiled, filter: &SearchFilter) -> Result<Vec<Match>> {
        let (where_sql, fparams) = filter.sql()?;
        let sql = format!(
            "SELECT s.num, ns_bm25(search_fts, 3.0, 1.0), s.f_lang, s.f_outlet, s.f_format,
                    s.f_year
             FROM search_fts JOIN search_docs s ON s.num = search_fts.rowid
             WHERE search_fts MATCH ?{where_sql}"
        );
        let mut params = vec![Value::Text(c.fts.clone())];
        params.extend(fparams);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let out = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?, basic_at(r, 2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(out)
    }

    /// The best `keep` documents matching the compiled query and the filter, best first,
    /// with their single-valued facets: what hybrid search needs, which counts no facet
    /// over the whole match set. Without filters the matches are ranked without reading
    /// their `search_docs` rows; only the kept ones are read.
    pub(crate) fn fts_best(
        &self,
        c: &Compiled,
        filter: &SearchFilter,
        keep: usize,
    ) -> Result<Vec<Match>> {
        if !filter.is_empty() || self.current_docs().is_some() {
            let mut out = self.fts_matches(c, filter, keep)?;
            out.truncate(keep);
            return Ok(out);
        }
        let mut ranked: Vec<(i64, f64)> = self
            .conn
            .prepare_cached(
                "SELECT rowid, ns_bm25(search_fts, 3.0, 1.0) FROM search_fts
                 WHERE search_fts MATCH ?1",
            )?
            .query_map([&c.fts], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        order_head(&mut ranked, keep, |m| *m);
        ranked.truncate(keep);
        self.with_basic(ranked, filter)
    }
}

/// Puts the best `keep` items of `v` (by score, higher first, ties by number; `key` gives
/// both) first and in order, the rest after them in no order: a selection is linear in
/// the number of matches, a sort of all of them is not.
fn order_head<T>(v: &mut [T], keep: usize, key: impl Fn(&T) -> (i64, f64)) {
    let order = |a: &T, b: &T| {
        let (a, b) = (key(a), key(b));
        b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
    };
    if keep < v.len() {
        v.select_nth_unstable_by(keep, order);
        v[..keep].sort_unstable_by(order);
    } else {
        v.sort_unstable_by(order);
    }
}
