//! The corpus store: one directory holding a SQLite database (WAL mode) with every
//! analysed document, its raw text, metadata, removed debris, sentences and sources.
//! Later analysis layers add tables through new schema migrations.

mod actors;
mod layers;
mod lineage;
mod list;
mod narratives;
mod profile;
mod read;
mod reanalyze;
mod rhetoric;
mod schema;
mod search;
mod stats;
mod upgrade;
mod vectors;
mod write;

pub use actors::{
    ActorCount, ClaimEvidence, ClaimKeyCount, ClaimQuery, SurfaceCount, UnlinkedCount,
};
pub use lineage::{DiscoveredNarrative, DocText, StoredLink};
pub use list::{DocPage, DocSummary, ListOrder, ListQuery, MAX_LIMIT, is_month};
pub use narratives::{NarrativeCount, NarrativeDocument};
pub use profile::{ActorProfile, CoActor};
pub use read::StoredDocument;
pub use reanalyze::Reanalysed;
pub use rhetoric::{
    FramingCount, Rhetoric, SourceCount, SourceEdge, TechniqueCount, TechniqueHit, TranslatedDoc,
    rhetoric_detector,
};
pub use search::{
    ANN_FILE, AnnStats, FacetCount, Facets, SearchFilter, SearchHit, SearchMode, SearchRequest,
    SearchResults, SyncReport, index_terms, rrf,
};
pub use stats::{CorpusStats, Count};
pub use vectors::{VectorCounts, VectorSet};
pub use write::PutOutcome;

use std::path::{Path, PathBuf};

/// Name of the database file inside a corpus directory.
pub const DB_FILE: &str = "narrascope.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("corpus {path}: {message}")]
    Open { path: PathBuf, message: String },
    #[error("corpus database: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("corpus data: {0}")]
    Data(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An open corpus.
pub struct Store {
    conn: rusqlite::Connection,
    dir: PathBuf,
    /// The semantic index as last read (see `search::scan`).
    ann: std::cell::RefCell<Option<search::Loaded>>,
    /// Per-document numbers every search reads, in memory (see `search::doc_table`).
    docs: std::cell::RefCell<Option<search::DocTable>>,
    /// The lengths the full-text ranking function reads (see `search::fts_rank`).
    lengths: std::sync::Arc<search::LengthSlot>,
    /// Whether searches keep `docs` (see [`Store::keep_search_table`]).
    keep_docs: std::cell::Cell<bool>,
}

impl Store {
    /// Opens the corpus in `dir`, creating the directory and database when missing and
    /// applying any pending schema migrations.
    pub fn open(dir: &Path) -> Result<Store> {
        let open_err = |message: String| StoreError::Open {
            path: dir.to_path_buf(),
            message,
        };
        if dir.exists() && !dir.is_dir() {
            return Err(open_err("exists and is not a directory".into()));
        }
        std::fs::create_dir_all(dir).map_err(|e| open_err(format!("cannot create: {e}")))?;
        let conn = rusqlite::Connection::open(dir.join(DB_FILE))
            .map_err(|e| open_err(format!("cannot open database: {e}")))?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // Documents with their layers span several pages: larger pages mean fewer page
        // writes per document. Only takes effect when the database is created.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A 64 MB page cache keeps a batch of documents from spilling to disk
        // mid-transaction; checkpoints run less often.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "wal_autocheckpoint", 2500)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        schema::migrate(&conn).map_err(|e| open_err(format!("schema migration failed: {e}")))?;
        let lengths = std::sync::Arc::new(search::LengthSlot::default());
        search::register_ranking(&conn, lengths.clone())?;
        Ok(Store {
            conn,
            dir: dir.to_path_buf(),
            ann: Default::default(),
            docs: Default::default(),
            lengths,
            keep_docs: std::cell::Cell::new(true),
        })
    }

    /// Opens an existing corpus, failing with a clear message when there is none.
    pub fn open_existing(dir: &Path) -> Result<Store> {
        if !dir.join(DB_FILE).is_file() {
            return Err(StoreError::Open {
                path: dir.to_path_buf(),
                message: "no corpus here (run `narrascope ingest` first, or pass --corpus)".into(),
            });
        }
        Store::open(dir)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The schema version the database is at.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// Runs SQLite's integrity check; an error describes the first problems found.
    pub fn check_integrity(&self) -> Result<()> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if rows == ["ok"] {
            Ok(())
        } else {
            Err(StoreError::Data(format!(
                "integrity check: {}",
                rows.join("; ")
            )))
        }
    }

    /// Runs `f` inside one transaction: either all its writes land or none do, even if the
    /// process is killed in the middle.
    pub fn in_transaction<T>(&mut self, f: impl FnOnce(&Batch<'_>) -> Result<T>) -> Result<T> {
        let tx = self.conn.transaction()?;
        let out = f(&Batch { tx: &tx })?;
        tx.commit()?;
        Ok(out)
    }
}

/// Writes grouped into one transaction; see [`Store::in_transaction`].
pub struct Batch<'a> {
    tx: &'a rusqlite::Transaction<'a>,
}
