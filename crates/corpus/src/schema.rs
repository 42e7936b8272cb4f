//! Versioned schema migrations. Each entry moves the database from version `i` to `i+1`
//! (tracked in `PRAGMA user_version`); new layers append entries, never edit old ones.

use rusqlite::Connection;

const MIGRATIONS: &[&str] = &[
    // 1: documents, their sources, removed debris, paragraphs, sentences and URLs.
    "
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        format TEXT NOT NULL,
        title TEXT,
        url TEXT,
        outlet TEXT,
        author TEXT,
        date TEXT,
        date_precision TEXT,
        month TEXT,
        lang TEXT,
        lang_confidence REAL,
        meta TEXT NOT NULL,
        raw TEXT NOT NULL,
        text TEXT NOT NULL,
        ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
    );
    CREATE INDEX documents_lang ON documents(lang);
    CREATE INDEX documents_month ON documents(month);
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE TABLE sources (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        locator TEXT NOT NULL DEFAULT '',
        format TEXT NOT NULL,
        added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
        PRIMARY KEY (path, locator, doc_id)
    );
    CREATE INDEX sources_doc ON sources(doc_id);
    CREATE TABLE removals (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        rule TEXT NOT NULL,
        text TEXT NOT NULL,
        raw_start INTEGER NOT NULL,
        raw_end INTEGER NOT NULL,
        line INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE TABLE paragraphs (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE TABLE sentences (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        lang TEXT,
        lang_confidence REAL,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE TABLE urls (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        url TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    ",
    // vectors: opaque encoded sentence and document vectors, one model per document.
    "
    CREATE TABLE vectors (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('sentence', 'document')),
        model TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (doc_id, kind, seq)
    ) WITHOUT ROWID;
    ",
    // actors: linked mentions and the claims made about them.
    "
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        surface TEXT NOT NULL,
        entity TEXT,
        candidates TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        metonym INTEGER NOT NULL DEFAULT 0,
        sentence INTEGER,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE INDEX mentions_entity ON mentions(entity);
    CREATE TABLE claims (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        subject TEXT NOT NULL,
        relation TEXT NOT NULL,
        object TEXT NOT NULL,
        key TEXT NOT NULL,
        polarity TEXT NOT NULL,
        modality TEXT NOT NULL,
        source TEXT,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        subject_start INTEGER NOT NULL,
        subject_end INTEGER NOT NULL,
        object_start INTEGER NOT NULL,
        object_end INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)
    );
    CREATE INDEX claims_key ON claims(key);
    CREATE INDEX claims_subject ON claims(subject);
    CREATE INDEX claims_object ON claims(object);
    CREATE INDEX claims_relation ON claims(relation);
    ",
    // 4: narratives each document carries (and which matcher decided), lineage links
    // between documents, narratives discovered over the corpus.
    "
    CREATE TABLE narrative_runs (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        matcher TEXT NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE narrative_matches (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        narrative TEXT NOT NULL,
        score REAL NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (doc_id, narrative)
    ) WITHOUT ROWID;
    CREATE INDEX narrative_matches_narrative ON narrative_matches(narrative, doc_id);
    CREATE TABLE lineage_links (
        source TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        target TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        jaccard REAL,
        alignment REAL,
        lag_seconds INTEGER,
        PRIMARY KEY (source, target)
    ) WITHOUT ROWID;
    CREATE INDEX lineage_links_target ON lineage_links(target);
    CREATE TABLE discovered_narratives (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        documents INTEGER NOT NULL,
        data TEXT NOT NULL
    ) WITHOUT ROWID;
    ",
    // 5: per-document layers (paragraphs, sentences, URLs, mentions, claims) packed into
    // one blob on the document row, with one row of per-document counts (as JSON) for the
    // corpus-wide actor and claim views. `upgrade::pack_layers` moves the rows of the
    // old per-item tables into this form and drops those tables. From here on an empty
    // `raw` means the raw text equals the normalised text, which is then stored once.
    "
    UPDATE documents SET raw = '' WHERE raw = text;
    ALTER TABLE documents ADD COLUMN layers BLOB;
    ALTER TABLE documents ADD COLUMN sentence_count INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE doc_counts (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        lang TEXT,
        -- JSON [[entity or null when unlinked, surface, count], ...]
        mentions TEXT NOT NULL,
        -- JSON [[key, subject, relation, object, count], ...]
        claims TEXT NOT NULL
    );
    ",
    // 6: rhetoric and provenance per document: persuasion-technique spans, how each actor
    // is framed, the sources cited, translation/scraping traces and genre, and which
    // detectors produced them (so a new model re-runs only what it must).
    "
    CREATE TABLE rhetoric_runs (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        detector TEXT NOT NULL,
        machine_translated REAL NOT NULL DEFAULT 0,
        genre TEXT,
        genre_score REAL,
        -- JSON list of traces
        traces TEXT NOT NULL DEFAULT '[]'
    ) WITHOUT ROWID;
    CREATE TABLE technique_spans (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        technique TEXT NOT NULL,
        family TEXT NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        score REAL NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (doc_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX technique_spans_technique ON technique_spans(technique, doc_id);
    CREATE TABLE framings (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        actor TEXT NOT NULL,
        main_role TEXT NOT NULL,
        score REAL NOT NULL,
        -- JSON: fine roles, mention indices, evidence
        fine_roles TEXT NOT NULL,
        mentions TEXT NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (doc_id, actor)
    ) WITHOUT ROWID;
    CREATE INDEX framings_actor ON framings(actor, main_role);
    CREATE TABLE cited_sources (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        name TEXT NOT NULL,
        entity TEXT,
        kind TEXT NOT NULL,
        cue TEXT NOT NULL,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        cue_start INTEGER NOT NULL,
        cue_end INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)
    ) WITHOUT ROWID;
    CREATE INDEX cited_sources_entity ON cited_sources(entity);
    CREATE INDEX cited_sources_name ON cited_sources(name);
    ",
    // 7: search: one row per document with its filterable columns and indexing flags,
    // kept by triggers, and the full-text table (see `search`).
    crate::search::MIGRATION,
    // 8: the document list's orders served from indexes instead of sorting the whole table
    // (the expressions match `ListOrder`'s ORDER BY clauses exactly).
    "
    CREATE INDEX documents_by_date ON documents((date IS NULL), date DESC, id);
    CREATE INDEX documents_by_ingested ON documents(ingested_at DESC, id);
    ",
];

/// Steps whose SQL is generated (they continue the numbering after [`MIGRATIONS`]).
type Built = fn() -> String;

const BUILT: &[Built] = &[
    // 9: the derived facet table, kept by triggers (see `search::facet_table`).
    crate::search::facet_migration,
    // 10: actor and claim facet rows written by the store itself (parsing each document's
    // counts as JSON in a trigger more than doubled the cost of storing it).
    || {
        "DROP TRIGGER IF EXISTS search_facets_counts_insert;
         DROP TRIGGER IF EXISTS search_facets_counts_update;"
            .to_string()
    },
];

/// Data moves that SQL alone cannot do, run right after the step that reaches the given
/// version, inside the same transaction.
type Upgrade = fn(&Connection) -> rusqlite::Result<()>;

const UPGRADES: &[(i64, Upgrade)] = &[(5, crate::upgrade::pack_layers)];

/// The schema version this build writes.
pub const VERSION: i64 = (MIGRATIONS.len() + BUILT.len()) as i64;

pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    migrate_to(conn, VERSION)
}

/// Applies the steps up to schema version `target` (tests build old databases with it).
pub(crate) fn migrate_to(conn: &Connection, target: i64) -> rusqlite::Result<()> {
    loop {
        // Read the version inside a write transaction so that two processes opening the
        // same corpus at once never apply a step twice; each step commits with its bump.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current >= target {
            conn.execute_batch("COMMIT")?;
            if current > VERSION {
                return Err(rusqlite::Error::InvalidParameterName(format!(
                    "database schema version {current} is newer than this narrascope ({VERSION}); upgrade narrascope"
                )));
            }
            return Ok(());
        }
        let step = match MIGRATIONS.get(current as usize) {
            Some(sql) => std::borrow::Cow::Borrowed(*sql),
            None => match BUILT.get(current as usize - MIGRATIONS.len()) {
                Some(build) => std::borrow::Cow::Owned(build()),
                None => {
                    conn.execute_batch("ROLLBACK")?;
                    return Err(rusqlite::Error::InvalidParameterName(format!(
                        "no schema step after version {current}"
                    )));
                }
            },
        };
        let next = current + 1;
        let applied = conn
            .execute_batch(&format!("{step}; PRAGMA user_version = {next};"))
            .and_then(|()| {
                UPGRADES
                    .iter()
                    .filter(|(v, _)| *v == next)
                    .try_for_each(|(_, upgrade)| upgrade(conn))
            });
        match applied {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
}
