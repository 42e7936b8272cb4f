//! Re-analysis of stored documents: what a document was analysed from, and the
//! replacement of everything derived from it by a new analysis of the same input.

use narrascope_core::{Analysis, DocId, RawDocument};
use rusqlite::{OptionalExtension, params};

use crate::layers::LayersRef;
use crate::write::{insert_counts, n};
use crate::{Batch, Result, Store, StoreError};

/// What replacing a document's analysis did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reanalysed {
    /// The layers, metadata and counts were rewritten; the text is unchanged.
    Same,
    /// The new analysis normalised the raw text differently: the new text was stored
    /// under the old id (which then no longer is the hash of the text).
    TextChanged,
    /// No document with that id is stored.
    Missing,
}

impl Store {
    /// The input a stored document was analysed from: its raw text, first source and
    /// stored metadata (the metadata stages only fill what is missing).
    pub fn raw_document(&self, id: &DocId) -> Result<Option<RawDocument>> {
        let Some(stored) = self.get(id)? else {
            return Ok(None);
        };
        Ok(Some(RawDocument {
            source: stored.doc.source,
            text: stored.doc.raw,
            meta: stored.doc.meta,
        }))
    }

    /// Stored document ids after `after` (all with `None`), in id order, at most `limit`.
    pub fn ids_after(&self, after: Option<&str>, limit: usize) -> Result<Vec<DocId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents WHERE ?1 IS NULL OR id > ?1 ORDER BY id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![after, n(limit)], |r| r.get(0).map(DocId))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }
}

impl Batch<'_> {
    /// Replaces what is derived from document `id` (text when it changed, metadata,
    /// language, removals, layers, actor and claim counts) with `a`, and drops its
    /// narrative matches so that the narratives command matches it again. Sources,
    /// ingestion time and vectors are kept.
    pub fn replace_analysis(&self, id: &DocId, a: &Analysis) -> Result<Reanalysed> {
        let tx = self.tx;
        let old: Option<String> = tx
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")?
            .query_row([&id.0], |r| r.get(0))
            .optional()?;
        let Some(old) = old else {
            return Ok(Reanalysed::Missing);
        };
        let doc = &a.doc;
        let meta = serde_json::to_string(&doc.meta).map_err(|e| StoreError::Data(e.to_string()))?;
        let date = doc.meta.date.as_ref();
        let lang = doc.lang.as_ref().map(|l| l.code.as_str());
        let layers = LayersRef {
            text: &doc.text,
            paragraphs: &doc.paragraphs,
            sentences: &doc.sentences,
            urls: &doc.urls,
            mentions: &a.mentions,
            claims: &a.claims,
        }
        .encode();
        tx.prepare_cached(
            "UPDATE documents SET title = ?2, url = ?3, outlet = ?4, author = ?5, date = ?6,
                date_precision = ?7, month = ?8, lang = ?9, lang_confidence = ?10, meta = ?11,
                raw = ?12, text = ?13, layers = ?14, sentence_count = ?15 WHERE id = ?1",
        )?
        .execute(params![
            id.0,
            doc.meta.title,
            doc.meta.url,
            doc.meta.outlet,
            doc.meta.author,
            date.map(|d| d.value.as_str()),
            date.map(|d| d.precision.as_str()),
            date.and_then(|d| d.month()),
            lang,
            doc.lang.as_ref().map(|l| l.confidence),
            meta,
            if doc.raw == doc.text {
                ""
            } else {
                doc.raw.as_str()
            },
            doc.text,
            layers,
            n(doc.sentences.len()),
        ])?;
        for table in [
            "removals",
            "doc_counts",
            "narrative_runs",
            "narrative_matches",
        ] {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc_id = ?1"))?
                .execute([&id.0])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO removals (doc_id, seq, rule, text, raw_start, raw_end, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (i, r) in doc.removals.iter().enumerate() {
            stmt.execute(params![
                id.0,
                n(i),
                r.rule,
                r.text,
                n(r.raw_span.start),
                n(r.raw_span.end),
                n(r.line)
            ])?;
        }
        insert_counts(tx, &id.0, lang, &a.mentions, &a.claims)?;
        Ok(if old == doc.text {
            Reanalysed::Same
        } else {
            Reanalysed::TextChanged
        })
    }
}
