//! Running a search: candidates by mode, filters, facets over the result set, and the
//! page of hits with highlights.

use narrascope_core::{DocId, Span};
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::doc_table::DocTable;
use super::facets::{self, Basic, basic_at, json_nums};
use super::filter::SearchFilter;
use super::fts::Match;
use super::highlight::{matches, snippet};
use super::semantic::rrf;
use super::vecmath::{code_dot, normalise};
use super::{SearchHit, SearchMode, SearchRequest, SearchResults, SyncReport};
use crate::{Result, Store, StoreError};

/// Rank constant of reciprocal rank fusion (the customary 60).
const RRF_K: f64 = 60.0;
/// With filters set, the semantic index is asked for this many times the pool, since
/// filters drop candidates after the nearest-neighbour step.
const FILTER_WIDEN: usize = 20;

impl Store {
    /// Brings the search indexes up to date with the stored documents and vectors:
    /// full-text indexing of pending documents (`progress(done, total)` per batch), then the
    /// pending vectors into the semantic index.
    pub fn sync_search(&mut self, progress: &mut dyn FnMut(u64, u64)) -> Result<SyncReport> {
        let full_text = self.sync_full_text(progress)?;
        let (vectors, retrained) = self.sync_ann(false)?;
        Ok(SyncReport {
            full_text,
            vectors,
            retrained,
        })
    }

    /// Trains the semantic index anew over every stored document vector.
    pub fn rebuild_semantic_index(&mut self) -> Result<SyncReport> {
        self.conn.execute(
            "UPDATE search_docs SET ann_pending = 1 WHERE ann_pending = 0",
            [],
        )?;
        let (vectors, retrained) = self.sync_ann(true)?;
        Ok(SyncReport {
            full_text: 0,
            vectors,
            retrained,
        })
    }

    /// The `k` nearest documents to `query` (numbers with cosine scores), scoring exactly
    /// the `rerank` best candidates of the semantic index (`None`: the default;
    /// `usize::MAX`: every vector, exact search).
    pub fn nearest(
        &self,
        query: &[f32],
        k: usize,
        rerank: Option<usize>,
    ) -> Result<Vec<(i64, f32)>> {
        self.nearest_docs(query, k, rerank)
    }

    /// Runs a search. `vector` is the query's embedding, needed by semantic and hybrid
    /// modes. Indexes are used as they are: run [`Store::sync_search`] first.
    pub fn search(&self, req: &SearchRequest, vector: Option<&[f32]>) -> Result<SearchResults> {
        self.refresh_docs()?;
        let need_vec = || {
            vector
                .ok_or_else(|| StoreError::Data("semantic search needs the query's vector".into()))
        };
        let full_text = match req.mode {
            SearchMode::Semantic => None,
            _ => Some(self.compile_query(&req.query, &req.filter)?),
        };
        let compiled = || {
            full_text
                .as_ref()
                .ok_or_else(|| StoreError::Data("full-text query was not compiled".into()))
        };
        let ranked: Vec<(i64, f64, Basic)> = match req.mode {
            SearchMode::FullText => {
                let keep = req.limit.max(req.facet_depth);
                self.fts_matches(compiled()?, &req.filter, keep)?
            }
            SearchMode::Semantic => self.semantic_set(need_vec()?, req)?,
            SearchMode::Hybrid => {
                let c = compiled()?;
                let (sem, text) = self.semantic_set_with(need_vec()?, req, || {
                    self.fts_best(c, &req.filter, req.pool)
                })?;
                let a: Vec<i64> = text.iter().map(|m| m.0).collect();
                let b: Vec<i64> = sem.iter().map(|m| m.0).collect();
                let mut basic: std::collections::HashMap<i64, Basic> = text
                    .into_iter()
                    .chain(sem)
                    .map(|(n, _, b)| (n, b))
                    .collect();
                rrf(&[&a, &b], RRF_K)
                    .into_iter()
                    .map(|(n, s)| (n, s, basic.remove(&n).unwrap_or_default()))
                    .collect()
            }
        };
        let set: Vec<(i64, Basic)> = ranked.iter().map(|(n, _, b)| (*n, *b)).collect();
        let facets = facets::count(&self.conn, &set, req.facet_values, req.facet_depth)?;
        let sequences = full_text.clone().map(|c| c.sequences).unwrap_or_default();
        let mut hits = Vec::new();
        for (num, score, _) in ranked.iter().take(req.limit) {
            hits.push(self.hit(*num, *score, &sequences, vector)?);
        }
        Ok(SearchResults {
            mode: req.mode,
            total: ranked.len() as u64,
            hits,
            facets,
        })
    }

    /// The nearest stored documents passing the filter, at most `req.pool`, best first.
    fn semantic_set(&self, vector: &[f32], req: &SearchRequest) -> Result<Vec<(i64, f64, Basic)>> {
        Ok(self.semantic_set_with(vector, req, || Ok(()))?.0)
    }

    /// [`Store::semantic_set`], its nearest-neighbour step running while `alongside` runs.
    fn semantic_set_with<T>(
        &self,
        vector: &[f32],
        req: &SearchRequest,
        alongside: impl FnOnce() -> Result<T>,
    ) -> Result<(Vec<Match>, T)> {
        let widen = if req.filter.is_empty() {
            1
        } else {
            FILTER_WIDEN
        };
        let k = req.pool.saturating_mul(widen);
        let (near, other) = self.nearest_docs_with(vector, k, None, alongside)?;
        let near = near.into_iter().map(|(n, s)| (n, f64::from(s))).collect();
        let mut kept = self.with_basic(near, &req.filter)?;
        kept.truncate(req.pool);
        Ok((kept, other))
    }

    /// Whether searches keep a table of every document's facet numbers and length in
    /// memory (on by default): 16 bytes per document, read again after every change
    /// to the corpus, and worth it from the second search on. A process that searches
    /// once (the `search` command) turns it off and reads SQLite per match instead.
    pub fn keep_search_table(&self, keep: bool) {
        self.keep_docs.set(keep);
        if !keep {
            *self.docs.borrow_mut() = None;
        }
    }

    /// The in-memory document table, when there is one that is current.
    pub(crate) fn current_docs(&self) -> Option<std::cell::Ref<'_, DocTable>> {
        std::cell::Ref::filter_map(self.docs.borrow(), |d| {
            d.as_ref().filter(|t| t.is_current())
        })
        .ok()
    }

    /// Brings the in-memory document table up to date, and hands its lengths to the
    /// full-text ranking function (which reads SQLite for them when there is no table).
    pub(crate) fn refresh_docs(&self) -> Result<()> {
        let mut docs = self.docs.borrow_mut();
        if self.keep_docs.get() {
            DocTable::refresh(&mut docs, &self.conn)?;
        }
        if let Ok(mut slot) = self.lengths.lock() {
            *slot = docs.as_ref().filter(|t| t.is_current()).map(DocTable::rows);
        }
        Ok(())
    }

    /// The ranked documents `ranked` that pass `filter`, in the same order, with their
    /// single-valued facets (from the in-memory table, or read from `search_docs`).
    pub(crate) fn with_basic(
        &self,
        ranked: Vec<(i64, f64)>,
        filter: &SearchFilter,
    ) -> Result<Vec<(i64, f64, Basic)>> {
        if let Some(table) = self.current_docs()
            && let Ok(want) = DocTable::want(&self.conn, filter)?
        {
            let Some(want) = want else {
                return Ok(Vec::new());
            };
            return Ok(ranked
                .into_iter()
                .filter_map(|(n, s)| {
                    let b = table.basic(n)?;
                    DocTable::passes(&b, &want).then_some((n, s, b))
                })
                .collect());
        }
        let (where_sql, fparams) = filter.sql()?;
        let nums: Vec<i64> = ranked.iter().map(|(n, _)| *n).collect();
        let mut params = vec![Value::Text(json_nums(&nums))];
        params.extend(fparams);
        let sql = format!(
            "SELECT s.num, s.f_lang, s.f_outlet, s.f_format, s.f_year FROM search_docs s
             WHERE s.num IN (SELECT value FROM json_each(?)){where_sql}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut kept: std::collections::HashMap<i64, Basic> = stmt
            .query_map(params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, basic_at(r, 1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ranked
            .into_iter()
            .filter_map(|(n, s)| kept.remove(&n).map(|b| (n, s, b)))
            .collect())
    }

    /// One hit: stored fields, and a snippet around the first full-text match or, failing
    /// that, the sentence nearest to the query vector.
    fn hit(
        &self,
        num: i64,
        score: f64,
        sequences: &[Vec<String>],
        vector: Option<&[f32]>,
    ) -> Result<SearchHit> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.outlet, d.date, d.lang, d.text, d.layers FROM search_docs s
             JOIN documents d ON d.id = s.doc_id WHERE s.num = ?1",
        )?;
        let mut rows = stmt.query([num])?;
        let r = rows
            .next()?
            .ok_or_else(|| StoreError::Data(format!("search hit {num} has no document")))?;
        let (id, title, outlet, date, lang): (String, _, _, _, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
        let text: String = r.get(5)?;
        let layers = r
            .get_ref(6)?
            .as_blob_or_null()
            .ok()
            .flatten()
            .unwrap_or_default();
        let id = DocId(id);
        let mut spans = matches(&text, lang.as_deref(), sequences);
        let mut focus = spans.first().copied();
        if focus.is_none()
            && let Some(v) = vector
        {
            focus = self.best_sentence(&id, layers, v)?;
            spans = focus.into_iter().collect();
        }
        let (snippet, snippet_span, highlights) = snippet(&text, focus, &spans);
        Ok(SearchHit {
            id,
            title,
            outlet,
            date,
            lang,
            score,
            snippet,
            highlights,
            snippet_span,
        })
    }

    /// The span of the document's sentence whose stored vector is nearest to `v`
    /// (`layers`: the document's stored layers).
    fn best_sentence(&self, id: &DocId, layers: &[u8], v: &[f32]) -> Result<Option<Span>> {
        let Some(set) = self.vectors_of(id)? else {
            return Ok(None);
        };
        let sentences = crate::layers::Layers::sentences_only(layers)
            .map_err(|e| StoreError::Data(format!("document {id}: {e}")))?;
        let mut q = v.to_vec();
        normalise(&mut q);
        let best = set
            .sentences
            .iter()
            .enumerate()
            .map(|(i, c)| (i, code_dot(&q, c)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        Ok(best.and_then(|(i, _)| sentences.get(i)).map(|s| s.span))
    }
}
