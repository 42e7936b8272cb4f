//! Search over the corpus: full text (SQLite FTS5 over terms analysed in Rust), semantic
//! (sign codes of the stored int8 document vectors with exact re-ranking, in `search.ann`
//! beside the database), hybrid (reciprocal rank fusion of the two), with filters and facet
//! counts from a derived facet table (schema step 9).
//!
//! Consistency: schema step 7 adds `search_docs`, one row per document (a stable number,
//! the filterable columns, and flags for "needs full-text indexing" and "vector not yet in
//! the semantic index"), kept by triggers in the same transaction as the document write. A
//! document is therefore never indexed without being stored, and a stored one that is not
//! yet indexed is indexed by the next [`Store::sync_search`] (which every search runs
//! first). Corpora created before step 7 get all their documents flagged by the step.

mod analyze;
mod ann;
mod ann_nums;
mod doc_table;
mod facet_table;
mod facets;
mod filter;
mod fts;
mod fts_rank;
mod highlight;
mod query;
mod run;
mod scan;
mod semantic;
#[cfg(test)]
mod tests;
mod vecmath;

pub use ann::{ANN_FILE, AnnStats};
pub(crate) use doc_table::DocTable;
pub(crate) use facet_table::put_counted_facets;
pub use facets::{FacetCount, Facets};
pub use filter::SearchFilter;
pub(crate) use fts_rank::{LengthSlot, register as register_ranking};
pub(crate) use scan::Loaded;
pub use semantic::rrf;

/// The analysed terms of `text` written in language `lang`, space-separated: what the
/// full-text index stores for it (see the `analyze` module).
pub fn index_terms(text: &str, lang: Option<&str>) -> String {
    let s = analyze::stemmer_for(lang);
    analyze::index_text(text, s.as_ref())
}

use narrascope_core::{DocId, Span};

/// Schema step 9, the derived facet table (see the `facet_table` module).
pub(crate) fn facet_migration() -> String {
    facet_table::migration()
}

/// Schema step 7 (appended to the migrations by `schema.rs`).
pub(crate) const MIGRATION: &str = "
    CREATE TABLE search_docs (
        num INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
        lang TEXT,
        date TEXT,
        outlet TEXT,
        format TEXT NOT NULL,
        fts_pending INTEGER NOT NULL DEFAULT 1,
        ann_pending INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX search_docs_lang ON search_docs(lang);
    CREATE INDEX search_docs_fts_pending ON search_docs(num) WHERE fts_pending = 1;
    CREATE INDEX search_docs_ann_pending ON search_docs(num) WHERE ann_pending = 1;
    CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, tokenize = 'ascii', content = '', contentless_delete = 1
    );
    INSERT INTO search_docs (doc_id, lang, date, outlet, format, ann_pending)
        SELECT d.id, d.lang, d.date, d.outlet, d.format,
               EXISTS (SELECT 1 FROM vectors v WHERE v.doc_id = d.id AND v.kind = 'document')
        FROM documents d ORDER BY d.rowid;
    CREATE TRIGGER search_docs_insert AFTER INSERT ON documents BEGIN
        INSERT INTO search_docs (doc_id, lang, date, outlet, format)
        VALUES (new.id, new.lang, new.date, new.outlet, new.format);
    END;
    CREATE TRIGGER search_docs_update AFTER UPDATE OF title, text, lang, date, outlet, format
    ON documents BEGIN
        UPDATE search_docs SET lang = new.lang, date = new.date, outlet = new.outlet,
            format = new.format, fts_pending = 1 WHERE doc_id = new.id;
    END;
    CREATE TRIGGER search_docs_delete BEFORE DELETE ON documents BEGIN
        DELETE FROM search_fts WHERE rowid IN (SELECT num FROM search_docs WHERE doc_id = old.id);
    END;
    CREATE TRIGGER search_vectors_insert AFTER INSERT ON vectors WHEN new.kind = 'document' BEGIN
        UPDATE search_docs SET ann_pending = 1 WHERE doc_id = new.doc_id;
    END;
";

/// How hits are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchMode {
    /// BM25 over the analysed title (weight 3) and text (weight 1).
    #[default]
    FullText,
    /// Cosine similarity of the query vector and the document vectors.
    Semantic,
    /// Reciprocal rank fusion of the full-text and semantic rankings.
    Hybrid,
}

/// One ranked document.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchHit {
    pub id: DocId,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
    pub lang: Option<String>,
    /// BM25 (higher is better), cosine similarity, or fused score, by mode.
    pub score: f64,
    /// A passage of the text around the best match.
    pub snippet: String,
    /// Matching ranges inside `snippet` (byte offsets).
    pub highlights: Vec<Span>,
    /// Byte range of `snippet` inside the document text.
    pub snippet_span: Span,
}

/// A page of hits, how many documents match in all, and facet counts over all of them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SearchResults {
    pub mode: SearchMode,
    /// Documents in the result set (for semantic search: the candidates kept, see
    /// [`SearchRequest::pool`]).
    pub total: u64,
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
}

/// A search.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRequest {
    pub query: String,
    pub mode: SearchMode,
    pub filter: SearchFilter,
    pub limit: usize,
    /// Semantic and hybrid: how many nearest documents form the result set (facets count
    /// them) before the page is cut.
    pub pool: usize,
    /// Facet values reported per facet (most frequent first).
    pub facet_values: usize,
    /// Actor, claim, narrative and technique facets count the best this many documents of
    /// the result set (language, outlet, format and year always count all of it).
    pub facet_depth: usize,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            mode: SearchMode::FullText,
            filter: SearchFilter::default(),
            limit: 10,
            pool: 1000,
            facet_values: 10,
            facet_depth: 500,
        }
    }
}

/// What [`Store::sync_search`](crate::Store::sync_search) did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Documents (re)indexed for full text.
    pub full_text: u64,
    /// Document vectors added to the semantic index.
    pub vectors: u64,
    /// Whether the semantic index was written anew (its mean recomputed) rather than
    /// appended to.
    pub retrained: bool,
}
