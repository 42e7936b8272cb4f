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
];

/// The schema version this build writes.
pub const VERSION: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    loop {
        // Read the version inside a write transaction so that two processes opening the
        // same corpus at once never apply a step twice; each step commits with its bump.
        conn.execute_batch("BEGIN IMMEDIATE")?;
        let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current >= VERSION {
            conn.execute_batch("COMMIT")?;
            if current > VERSION {
                return Err(rusqlite::Error::InvalidParameterName(format!(
                    "database schema version {current} is newer than this narrascope ({VERSION}); upgrade narrascope"
                )));
            }
            return Ok(());
        }
        let step = MIGRATIONS[current as usize];
        let applied =
            conn.execute_batch(&format!("{step}; PRAGMA user_version = {};", current + 1));
        match applied {
            Ok(()) => conn.execute_batch("COMMIT")?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(e);
            }
        }
    }
}
