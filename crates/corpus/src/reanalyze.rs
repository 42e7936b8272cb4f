//! Re-analysis of stored documents: what a document was analysed from, and the
//! replacement of everything derived from it by a new analysis of the same input.

use narrascope_core::{Analysis, DocId, RawDocument};
use rusqlite::{OptionalExtension, params};

use crate::write::{DocRow, insert_counts_and_facets, insert_removals, n};
use crate::{Batch, Result, Store};

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

    /// Like [`Store::ids_after`], over the documents awaiting analysis: those stored by
    /// [`Batch::put_foundation`] (foundation stages only, no actor and claim counts) and
    /// not analysed since.
    pub fn pending_ids_after(&self, after: Option<&str>, limit: usize) -> Result<Vec<DocId>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM documents d WHERE (?1 IS NULL OR id > ?1)
                AND NOT EXISTS (SELECT 1 FROM doc_counts c WHERE c.doc_id = d.id)
             ORDER BY id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![after, n(limit)], |r| r.get(0).map(DocId))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// How many documents await analysis (see [`Store::pending_ids_after`]).
    pub fn pending_count(&self) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM doc_counts c WHERE c.doc_id = d.id)",
            [],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }
}

impl Batch<'_> {
    /// Whether stored document `id` awaits analysis (see [`Store::pending_ids_after`]).
    pub(crate) fn awaits_analysis(&self, id: &DocId) -> Result<bool> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT NOT EXISTS (SELECT 1 FROM doc_counts WHERE doc_id = ?1)
                 AND EXISTS (SELECT 1 FROM documents WHERE id = ?1)",
            )?
            .query_row([&id.0], |r| r.get(0))?)
    }

    /// Replaces what is derived from document `id` (text when it changed, metadata,
    /// language, removals, layers, actor and claim counts) with `a`, and drops its
    /// narrative matches and rhetoric results so that the next update redoes them. Sources,
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
        let row = DocRow::new(a)?;
        let tail: [&dyn rusqlite::ToSql; 1] = [&id.0];
        tx.prepare_cached(
            "UPDATE documents SET title = ?1, url = ?2, outlet = ?3, author = ?4, date = ?5,
                date_precision = ?6, month = ?7, lang = ?8, lang_confidence = ?9, meta = ?10,
                raw = ?11, text = ?12, layers = ?13, sentence_count = ?14 WHERE id = ?15",
        )?
        .execute(rusqlite::params_from_iter(
            row.values().into_iter().chain(tail),
        ))?;
        for table in [
            "removals",
            "doc_counts",
            "narrative_runs",
            "narrative_matches",
            "rhetoric_runs",
            "technique_spans",
            "framings",
            "cited_sources",
        ] {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc_id = ?1"))?
                .execute([&id.0])?;
        }
        insert_removals(tx, &id.0, &doc.removals)?;
        insert_counts_and_facets(tx, &id.0, row.lang(), &a.mentions, &a.claims)?;
        Ok(if old == doc.text {
            Reanalysed::Same
        } else {
            Reanalysed::TextChanged
        })
    }
}
