use std::collections::BTreeMap;

use narrascope_core::{Analysis, Claim, Mention, MentionKind, Removal};
use rusqlite::params;

use crate::layers::LayersRef;
use crate::{Batch, Result, StoreError};

/// What storing a document did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PutOutcome {
    /// A new document was stored.
    New,
    /// The same normalised text was already stored; this source was recorded as another
    /// source of it.
    Duplicate,
    /// This exact document from this exact source was stored before: nothing changed.
    Unchanged,
    /// The document was stored before by the foundation stages only (it awaited
    /// analysis): the analysis given now was stored in its place.
    Completed,
}

impl Batch<'_> {
    /// Stores an analysed document, or records its source when the same text is already
    /// there (exact duplicates share one id).
    pub fn put(&self, analysis: &Analysis) -> Result<PutOutcome> {
        self.put_with(analysis, true)
    }

    /// Stores a document analysed by the foundation stages only, like [`Batch::put`] but
    /// without its actor and claim counts: the document then awaits analysis
    /// ([`crate::Store::pending_ids_after`]) until [`Batch::replace_analysis`] stores a full one.
    /// Its actor and claim layers, which the foundation stages leave empty, are stored
    /// as they are.
    pub fn put_foundation(&self, analysis: &Analysis) -> Result<PutOutcome> {
        self.put_with(analysis, false)
    }

    fn put_with(&self, analysis: &Analysis, counts: bool) -> Result<PutOutcome> {
        let doc = &analysis.doc;
        let locator = doc.source.locator.as_deref().unwrap_or_default();
        let new = insert_document(self.tx, analysis, counts)?;
        let added = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO sources (doc_id, path, locator, format) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![
                doc.id.0,
                doc.source.path,
                locator,
                doc.source.format.as_str()
            ])?;
        if !new && counts && self.awaits_analysis(&doc.id)? {
            self.replace_analysis(&doc.id, analysis)?;
            return Ok(PutOutcome::Completed);
        }
        Ok(match (new, added) {
            (true, _) => PutOutcome::New,
            (false, 0) => PutOutcome::Unchanged,
            (false, _) => PutOutcome::Duplicate,
        })
    }
}

/// The values of the `documents` columns an analysis determines, in the order of
/// [`DocRow::values`]: title, url, outlet, author, date, date_precision, month, lang,
/// lang_confidence, meta, raw, text, layers, sentence_count.
pub(crate) struct DocRow<'a> {
    a: &'a Analysis,
    date: Option<&'a str>,
    precision: Option<&'static str>,
    month: Option<&'a str>,
    lang: Option<&'a str>,
    confidence: Option<f32>,
    meta: String,
    raw: &'a str,
    layers: Vec<u8>,
    sentences: i64,
}

impl<'a> DocRow<'a> {
    pub(crate) fn new(a: &'a Analysis) -> Result<Self> {
        let doc = &a.doc;
        let date = doc.meta.date.as_ref();
        Ok(DocRow {
            a,
            date: date.map(|d| d.value.as_str()),
            precision: date.map(|d| d.precision.as_str()),
            month: date.and_then(|d| d.month()),
            lang: doc.lang.as_ref().map(|l| l.code.as_str()),
            confidence: doc.lang.as_ref().map(|l| l.confidence),
            meta: serde_json::to_string(&doc.meta).map_err(|e| StoreError::Data(e.to_string()))?,
            // the raw text is kept only where normalisation changed it
            raw: if doc.raw == doc.text {
                ""
            } else {
                doc.raw.as_str()
            },
            layers: LayersRef {
                text: &doc.text,
                paragraphs: &doc.paragraphs,
                sentences: &doc.sentences,
                urls: &doc.urls,
                mentions: &a.mentions,
                claims: &a.claims,
            }
            .encode(),
            sentences: n(doc.sentences.len()),
        })
    }

    /// The document's language code.
    pub(crate) fn lang(&self) -> Option<&'a str> {
        self.lang
    }

    pub(crate) fn values(&self) -> [&dyn rusqlite::ToSql; 14] {
        let meta = &self.a.doc.meta;
        [
            &meta.title,
            &meta.url,
            &meta.outlet,
            &meta.author,
            &self.date,
            &self.precision,
            &self.month,
            &self.lang,
            &self.confidence,
            &self.meta,
            &self.raw,
            &self.a.doc.text,
            &self.layers,
            &self.sentences,
        ]
    }
}

/// Inserts the document with its layers, removals and (with `counts`) actor and claim
/// counts; returns false (and writes nothing) when a document with the same id is already
/// stored.
fn insert_document(tx: &rusqlite::Transaction<'_>, a: &Analysis, counts: bool) -> Result<bool> {
    let doc = &a.doc;
    let row = DocRow::new(a)?;
    let format = doc.source.format.as_str();
    let head: [&dyn rusqlite::ToSql; 2] = [&doc.id.0, &format];
    let inserted = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO documents (id, format, title, url, outlet, author, date, date_precision,
                                month, lang, lang_confidence, meta, raw, text, layers, sentence_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        )?
        .execute(rusqlite::params_from_iter(head.into_iter().chain(row.values())))?;
    if inserted == 0 {
        return Ok(false);
    }
    insert_removals(tx, &doc.id.0, &doc.removals)?;
    if counts {
        insert_counts_and_facets(tx, &doc.id.0, row.lang(), &a.mentions, &a.claims)?;
    }
    Ok(true)
}

/// Writes a document's removed debris, one row each.
pub(crate) fn insert_removals(
    tx: &rusqlite::Connection,
    id: &str,
    removals: &[Removal],
) -> Result<()> {
    if removals.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO removals (doc_id, seq, rule, text, raw_start, raw_end, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, r) in removals.iter().enumerate() {
        stmt.execute(params![
            id,
            n(i),
            r.rule,
            r.text,
            n(r.raw_span.start),
            n(r.raw_span.end),
            n(r.line)
        ])?;
    }
    Ok(())
}

/// The per-document counts that corpus-wide actor and claim views aggregate (one row per
/// document): mentions per (entity or unlinked surface, surface), claims per
/// (key, subject, relation, object).
pub(crate) fn insert_counts(
    tx: &rusqlite::Connection,
    id: &str,
    lang: Option<&str>,
    mentions: &[Mention],
    claims: &[Claim],
) -> Result<()> {
    let mut counts: BTreeMap<(Option<&str>, &str), u64> = BTreeMap::new();
    for m in mentions {
        if m.entity.is_some() || m.kind == MentionKind::Unlinked {
            *counts
                .entry((m.entity.as_deref(), m.surface.as_str()))
                .or_default() += 1;
        }
    }
    let mut keys: BTreeMap<(&str, &str, &str, &str), u64> = BTreeMap::new();
    for c in claims {
        *keys
            .entry((&c.key, &c.subject, &c.relation, &c.object))
            .or_default() += 1;
    }
    // tuples serialise as JSON arrays: [entity, surface, n] and [key, s, r, o, n]
    let mentions: Vec<_> = counts.into_iter().map(|((e, s), k)| (e, s, k)).collect();
    let claims: Vec<_> = keys
        .into_iter()
        .map(|((key, s, r, o), k)| (key, s, r, o, k))
        .collect();
    let json = |r: serde_json::Result<String>| r.map_err(|e| StoreError::Data(e.to_string()));
    tx.prepare_cached(
        "INSERT INTO doc_counts (doc_id, lang, mentions, claims) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        id,
        lang,
        json(serde_json::to_string(&mentions))?,
        json(serde_json::to_string(&claims))?
    ])?;
    Ok(())
}

/// [`insert_counts`] plus the document's actor and claim facet rows, for writes at the
/// current schema.
pub(crate) fn insert_counts_and_facets(
    tx: &rusqlite::Connection,
    id: &str,
    lang: Option<&str>,
    mentions: &[Mention],
    claims: &[Claim],
) -> Result<()> {
    insert_counts(tx, id, lang, mentions, claims)?;
    let entities = mentions.iter().filter_map(|m| m.entity.as_deref());
    let keys = claims.iter().map(|c| c.key.as_str());
    crate::search::put_counted_facets(tx, id, entities, keys)
}

/// SQLite integers are i64; offsets and counts never come near its limit.
pub(crate) fn n(x: usize) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}
