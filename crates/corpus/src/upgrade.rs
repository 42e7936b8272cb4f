//! Schema step 5: moves paragraphs, sentences, URLs, mentions and claims from their
//! one-row-per-item tables into the packed layer blob of each document, fills the count
//! tables, and drops the old tables.

use narrascope_core::{
    Claim, LangGuess, Mention, MentionKind, Modality, Paragraph, Polarity, Sentence, Span,
    UrlMention,
};
use rusqlite::{Connection, Error, Row};

use crate::StoreError;
use crate::layers::Layers;
use crate::write::{insert_counts, n};

fn span(r: &Row<'_>, i: usize) -> rusqlite::Result<Span> {
    Ok(Span::new(
        r.get::<_, i64>(i)? as usize,
        r.get::<_, i64>(i + 1)? as usize,
    ))
}

fn fail(doc: &str, message: String) -> Error {
    Error::ToSqlConversionFailure(format!("document {doc}: {message}").into())
}

/// Reads the rows of `sql` (one `?1` for the document id) into items.
fn rows<T>(
    conn: &Connection,
    sql: &str,
    id: &str,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    stmt.query_map([id], f)?.collect()
}

fn old_layers(conn: &Connection, id: &str) -> rusqlite::Result<Layers> {
    let paragraphs = rows(
        conn,
        "SELECT start, end FROM paragraphs WHERE doc_id = ?1 ORDER BY seq",
        id,
        |r| Ok(Paragraph { span: span(r, 0)? }),
    )?;
    let sentences = rows(
        conn,
        "SELECT start, end, paragraph, lang, lang_confidence FROM sentences WHERE doc_id = ?1 ORDER BY seq",
        id,
        |r| {
            let code: Option<String> = r.get(3)?;
            let conf: Option<f64> = r.get(4)?;
            Ok(Sentence {
                span: span(r, 0)?,
                paragraph: r.get::<_, i64>(2)? as usize,
                lang: code.map(|code| LangGuess {
                    code,
                    confidence: conf.unwrap_or(0.0) as f32,
                }),
            })
        },
    )?;
    let urls = rows(
        conn,
        "SELECT url, start, end FROM urls WHERE doc_id = ?1 ORDER BY seq",
        id,
        |r| {
            Ok(UrlMention {
                url: r.get(0)?,
                span: span(r, 1)?,
            })
        },
    )?;
    let mentions = rows(
        conn,
        "SELECT start, end, surface, entity, candidates, kind, metonym, sentence
         FROM mentions WHERE doc_id = ?1 ORDER BY seq",
        id,
        |r| {
            let candidates: String = r.get(4)?;
            let kind: String = r.get(5)?;
            let kind = MentionKind::parse(&kind)
                .ok_or_else(|| fail(id, format!("unknown mention kind '{kind}'")))?;
            Ok(Mention {
                span: span(r, 0)?,
                surface: r.get(2)?,
                entity: r.get(3)?,
                candidates: candidates.split_whitespace().map(String::from).collect(),
                metonym: r.get(6)?,
                kind,
                sentence: r.get::<_, Option<i64>>(7)?.map(|s| s as usize),
            })
        },
    )?;
    let claims = rows(
        conn,
        "SELECT subject, relation, object, key, polarity, modality, source, sentence, start, end,
                trigger_start, trigger_end, subject_start, subject_end, object_start, object_end
         FROM claims WHERE doc_id = ?1 ORDER BY seq",
        id,
        |r| {
            let p: String = r.get(4)?;
            let m: String = r.get(5)?;
            Ok(Claim {
                subject: r.get(0)?,
                relation: r.get(1)?,
                object: r.get(2)?,
                key: r.get(3)?,
                polarity: Polarity::parse(&p)
                    .ok_or_else(|| fail(id, format!("unknown claim polarity '{p}'")))?,
                modality: Modality::parse(&m)
                    .ok_or_else(|| fail(id, format!("unknown claim modality '{m}'")))?,
                source: r.get(6)?,
                sentence: r.get::<_, i64>(7)? as usize,
                evidence: span(r, 8)?,
                trigger: span(r, 10)?,
                subject_span: span(r, 12)?,
                object_span: span(r, 14)?,
            })
        },
    )?;
    Ok(Layers {
        paragraphs,
        sentences,
        urls,
        mentions,
        claims,
    })
}

/// Packs every document's old per-item rows into its layer blob and count rows.
pub fn pack_layers(conn: &Connection) -> rusqlite::Result<()> {
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM documents ORDER BY id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update =
        conn.prepare("UPDATE documents SET layers = ?2, sentence_count = ?3 WHERE id = ?1")?;
    let mut doc = conn.prepare("SELECT lang, text FROM documents WHERE id = ?1")?;
    for id in &ids {
        let (lang, text): (Option<String>, String) =
            doc.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let l = old_layers(conn, id)?;
        update.execute(rusqlite::params![
            id,
            l.as_ref(&text).encode(),
            n(l.sentences.len())
        ])?;
        insert_counts(conn, id, lang.as_deref(), &l.mentions, &l.claims).map_err(|e| match e {
            StoreError::Sql(e) => e,
            other => fail(id, other.to_string()),
        })?;
    }
    drop((update, doc));
    conn.flush_prepared_statement_cache();
    conn.execute_batch(
        "DROP TABLE mentions; DROP TABLE claims; DROP TABLE sentences;
         DROP TABLE paragraphs; DROP TABLE urls;",
    )
}

#[cfg(test)]
mod tests {
    use crate::{ClaimQuery, ListQuery, Store};
    use narrascope_core::{DocId, MentionKind};

    /// A corpus at schema version 4, written the way that version stored documents.
    fn old_corpus(dir: &std::path::Path) {
        std::fs::create_dir_all(dir).unwrap();
        let conn = rusqlite::Connection::open(dir.join(crate::DB_FILE)).unwrap();
        crate::schema::migrate_to(&conn, 4).unwrap();
        conn.execute_batch(
            "INSERT INTO documents (id, format, lang, lang_confidence, meta, raw, text)
             VALUES ('00000000000000aa', 'text', 'en', 0.9, '{}', 'raw  text',
                     'The US armed ISIS. Thaier Sudani spoke.'),
                    ('00000000000000bb', 'text', 'fr', 0.8, '{}', 'Rien.', 'Rien.');
             INSERT INTO sources (doc_id, path, format) VALUES ('00000000000000aa', 'a.txt', 'text');
             INSERT INTO paragraphs VALUES ('00000000000000aa', 0, 0, 39);
             INSERT INTO sentences VALUES ('00000000000000aa', 0, 0, 0, 18, 'en', 0.5),
                                          ('00000000000000aa', 1, 0, 19, 39, NULL, NULL);
             INSERT INTO urls VALUES ('00000000000000aa', 0, 'http://x.org', 1, 3);
             INSERT INTO mentions VALUES
                 ('00000000000000aa', 0, 4, 6, 'US', 'Q30', '', 'acronym', 0, 0),
                 ('00000000000000aa', 1, 13, 17, 'ISIS', 'Q2429253', '', 'acronym', 0, 0),
                 ('00000000000000aa', 2, 19, 32, 'Thaier Sudani', NULL, '', 'unlinked', 0, 1),
                 ('00000000000000aa', 3, 4, 6, 'Us', NULL, 'Q1 Q2', 'name', 1, NULL);
             INSERT INTO claims VALUES ('00000000000000aa', 0, 'Q30', 'arm', 'Q2429253',
                 'Q30 arm Q2429253', 'negated', 'hedged', 'Q30', 0, 0, 18, 7, 12, 4, 6, 13, 17);
             PRAGMA user_version = 4;",
        )
        .unwrap();
    }

    #[test]
    fn old_rows_move_into_layers_and_counts() {
        let dir = tempfile::tempdir().unwrap();
        old_corpus(dir.path());
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.schema_version().unwrap(), crate::schema::VERSION);
        let d = store
            .get(&DocId("00000000000000aa".into()))
            .unwrap()
            .unwrap();
        assert_eq!(d.doc.raw, "raw  text");
        assert_eq!(d.doc.paragraphs.len(), 1);
        let langs: Vec<_> = d.doc.sentences.iter().map(|s| s.lang.clone()).collect();
        assert_eq!(langs[0].as_ref().map(|l| l.code.as_str()), Some("en"));
        assert!(langs[1].is_none());
        assert_eq!(d.doc.urls[0].url, "http://x.org");
        let surfaces: Vec<_> = d.mentions.iter().map(|m| m.surface.as_str()).collect();
        assert_eq!(surfaces, ["US", "ISIS", "Thaier Sudani", "Us"]);
        assert_eq!(d.mentions[3].candidates, ["Q1", "Q2"]);
        assert!(d.mentions[3].metonym && d.mentions[3].kind == MentionKind::Name);
        assert_eq!(d.mentions[2].sentence, Some(1));
        assert_eq!(d.claims.len(), 1);
        assert_eq!(d.claims[0].source.as_deref(), Some("Q30"));
        assert_eq!(d.claims[0].trigger.start, 7);
        // an unchanged raw text is stored once
        let b = store
            .get(&DocId("00000000000000bb".into()))
            .unwrap()
            .unwrap();
        assert_eq!(b.doc.raw, "Rien.");
        let actors = store.top_actors(0).unwrap();
        let ids: Vec<_> = actors.iter().map(|a| a.entity.as_str()).collect();
        assert_eq!(ids, ["Q2429253", "Q30"]);
        assert_eq!(actors[1].surfaces[0].surface, "US");
        assert_eq!(actors[1].surfaces[0].lang.as_deref(), Some("en"));
        let unlinked = store.unlinked(0).unwrap();
        assert_eq!(unlinked.len(), 1);
        assert_eq!(unlinked[0].surface, "Thaier Sudani");
        let keys = store
            .claim_keys(&ClaimQuery {
                examples: 2,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].evidence[0].text, "The US armed ISIS.");
        assert_eq!(keys[0].evidence[0].polarity, "negated");
        assert_eq!(store.stats().unwrap().sentences, 2);
        let page = store.list(&ListQuery::default()).unwrap();
        let counts: Vec<_> = page.items.iter().map(|i| i.sentences).collect();
        assert_eq!(counts.iter().sum::<u64>(), 2);
        let old: i64 = store
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name IN ('mentions', 'claims', 'sentences')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(old, 0);
        store.check_integrity().unwrap();
    }
}
