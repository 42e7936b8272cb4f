use narrascope_core::{Analysis, Document};
use rusqlite::params;

use crate::{Batch, Result};

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
}

impl Batch<'_> {
    /// Stores an analysed document, or records its source when the same text is already
    /// there (exact duplicates share one id).
    pub fn put(&self, analysis: &Analysis) -> Result<PutOutcome> {
        let doc = &analysis.doc;
        let locator = doc.source.locator.clone().unwrap_or_default();
        let new = insert_document(self.tx, doc)?;
        if new {
            insert_actors(self.tx, analysis)?;
        }
        let added = self.tx.execute(
            "INSERT OR IGNORE INTO sources (doc_id, path, locator, format) VALUES (?1, ?2, ?3, ?4)",
            params![
                doc.id.0,
                doc.source.path,
                locator,
                doc.source.format.as_str()
            ],
        )?;
        Ok(match (new, added) {
            (true, _) => PutOutcome::New,
            (false, 0) => PutOutcome::Unchanged,
            (false, _) => PutOutcome::Duplicate,
        })
    }
}

/// Inserts the document with its sentences, paragraphs, removals and URLs; returns false
/// (and writes nothing) when a document with the same id is already stored.
fn insert_document(tx: &rusqlite::Transaction<'_>, doc: &Document) -> Result<bool> {
    let meta =
        serde_json::to_string(&doc.meta).map_err(|e| crate::StoreError::Data(e.to_string()))?;
    let date = doc.meta.date.as_ref();
    let inserted = tx.prepare_cached(
        "INSERT OR IGNORE INTO documents (id, format, title, url, outlet, author, date, date_precision, month,
                                lang, lang_confidence, meta, raw, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?
    .execute(params![
            doc.id.0,
            doc.source.format.as_str(),
            doc.meta.title,
            doc.meta.url,
            doc.meta.outlet,
            doc.meta.author,
            date.map(|d| d.value.as_str()),
            date.map(|d| d.precision.as_str()),
            date.and_then(|d| d.month()),
            doc.lang.as_ref().map(|l| l.code.as_str()),
            doc.lang.as_ref().map(|l| l.confidence),
            meta,
            doc.raw,
            doc.text,
    ])?;
    if inserted == 0 {
        return Ok(false);
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO removals (doc_id, seq, rule, text, raw_start, raw_end, line) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, r) in doc.removals.iter().enumerate() {
        stmt.execute(params![
            doc.id.0,
            n(i),
            r.rule,
            r.text,
            n(r.raw_span.start),
            n(r.raw_span.end),
            n(r.line)
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO paragraphs (doc_id, seq, start, end) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (i, p) in doc.paragraphs.iter().enumerate() {
        stmt.execute(params![doc.id.0, n(i), n(p.span.start), n(p.span.end)])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO sentences (doc_id, seq, paragraph, start, end, lang, lang_confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, s) in doc.sentences.iter().enumerate() {
        let lang = s.lang.as_ref();
        stmt.execute(params![
            doc.id.0,
            n(i),
            n(s.paragraph),
            n(s.span.start),
            n(s.span.end),
            lang.map(|l| l.code.as_str()),
            lang.map(|l| l.confidence),
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO urls (doc_id, seq, url, start, end) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (i, u) in doc.urls.iter().enumerate() {
        stmt.execute(params![
            doc.id.0,
            n(i),
            u.url,
            n(u.span.start),
            n(u.span.end)
        ])?;
    }
    Ok(true)
}

/// The mentions and claims of a new document.
fn insert_actors(tx: &rusqlite::Transaction<'_>, a: &Analysis) -> Result<()> {
    let id = &a.doc.id.0;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO mentions (doc_id, seq, start, end, surface, entity, candidates, kind, metonym, sentence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (i, m) in a.mentions.iter().enumerate() {
        stmt.execute(params![
            id,
            n(i),
            n(m.span.start),
            n(m.span.end),
            m.surface,
            m.entity,
            m.candidates.join(" "),
            m.kind.as_str(),
            m.metonym,
            m.sentence.map(n),
        ])?;
    }
    let mut stmt = tx.prepare_cached(
        "INSERT INTO claims (doc_id, seq, subject, relation, object, key, polarity, modality, source,
                             sentence, start, end, trigger_start, trigger_end, subject_start,
                             subject_end, object_start, object_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for (i, c) in a.claims.iter().enumerate() {
        stmt.execute(params![
            id,
            n(i),
            c.subject,
            c.relation,
            c.object,
            c.key,
            c.polarity.as_str(),
            c.modality.as_str(),
            c.source,
            n(c.sentence),
            n(c.evidence.start),
            n(c.evidence.end),
            n(c.trigger.start),
            n(c.trigger.end),
            n(c.subject_span.start),
            n(c.subject_span.end),
            n(c.object_span.start),
            n(c.object_span.end),
        ])?;
    }
    Ok(())
}

/// SQLite integers are i64; offsets and counts never come near its limit.
fn n(x: usize) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}
