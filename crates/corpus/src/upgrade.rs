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
    let docs: Vec<(String, Option<String>)> = conn
        .prepare("SELECT id, lang FROM documents ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut update =
        conn.prepare("UPDATE documents SET layers = ?2, sentence_count = ?3 WHERE id = ?1")?;
    for (id, lang) in &docs {
        let l = old_layers(conn, id)?;
        update.execute(rusqlite::params![
            id,
            l.as_ref().encode(),
            n(l.sentences.len())
        ])?;
        insert_counts(conn, id, lang.as_deref(), &l.mentions, &l.claims).map_err(|e| match e {
            StoreError::Sql(e) => e,
            other => fail(id, other.to_string()),
        })?;
    }
    drop(update);
    conn.flush_prepared_statement_cache();
    conn.execute_batch(
        "DROP TABLE mentions; DROP TABLE claims; DROP TABLE sentences;
         DROP TABLE paragraphs; DROP TABLE urls;",
    )
}
