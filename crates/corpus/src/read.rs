use narrascope_core::{
    Claim, DocId, Document, Format, LangGuess, Mention, Metadata, Removal, SourceRef, Span,
};
use rusqlite::OptionalExtension;

use crate::layers::Layers;
use crate::{Result, Store, StoreError};

/// A stored document with every source it was seen in.
#[derive(Debug, Clone)]
pub struct StoredDocument {
    pub doc: Document,
    pub sources: Vec<SourceRef>,
    pub ingested_at: String,
    /// Actor mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Claims, in the order the document makes them.
    pub claims: Vec<Claim>,
}

fn lang(code: Option<String>, confidence: Option<f64>) -> Option<LangGuess> {
    code.map(|code| LangGuess {
        code,
        confidence: confidence.unwrap_or(0.0) as f32,
    })
}

fn span(start: i64, end: i64) -> Span {
    Span::new(start as usize, end as usize)
}

impl Store {
    /// Number of stored documents.
    pub fn document_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM documents", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Resolves a full id or an unambiguous prefix (at least 4 hex characters).
    pub fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<DocId>> {
        let p = id_or_prefix.trim().to_ascii_lowercase();
        if p.len() < 4 || !p.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(StoreError::Data(format!(
                "'{id_or_prefix}' is not a document id (16 hex characters, or a prefix of at least 4)"
            )));
        }
        let mut stmt = self.conn.prepare(
            "SELECT id FROM documents WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 2",
        )?;
        let ids: Vec<String> = stmt
            .query_map([&p], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        match ids.len() {
            0 => Ok(None),
            1 => Ok(Some(DocId(ids[0].clone()))),
            _ => Err(StoreError::Data(format!(
                "id prefix '{id_or_prefix}' is ambiguous; give more characters"
            ))),
        }
    }

    /// Every stored document id, in id order.
    pub fn ids(&self) -> Result<Vec<DocId>> {
        let mut stmt = self.conn.prepare("SELECT id FROM documents ORDER BY id")?;
        let ids = stmt
            .query_map([], |r| r.get(0).map(DocId))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Loads one document with its layers (sentences, paragraphs, URLs, mentions, claims),
    /// removals and sources.
    pub fn get(&self, id: &DocId) -> Result<Option<StoredDocument>> {
        let row = self
            .conn
            .query_row(
                "SELECT format, meta, raw, text, lang, lang_confidence, ingested_at, layers FROM documents WHERE id = ?1",
                [&id.0],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, Option<String>>(4)?,
                        r.get::<_, Option<f64>>(5)?,
                        r.get::<_, String>(6)?,
                        r.get::<_, Option<Vec<u8>>>(7)?,
                    ))
                },
            )
            .optional()?;
        let Some((format, meta, raw, text, lcode, lconf, ingested_at, layers)) = row else {
            return Ok(None);
        };
        let meta: Metadata = serde_json::from_str(&meta)
            .map_err(|e| StoreError::Data(format!("document {id}: bad metadata: {e}")))?;
        // an empty raw text stands for "the same as the text" (see schema step 5)
        let raw = if raw.is_empty() { text.clone() } else { raw };
        let layers = Layers::decode(layers.as_deref().unwrap_or_default(), &text)
            .map_err(|e| StoreError::Data(format!("document {id}: {e}")))?;
        let sources = self.sources(id)?;
        let source = sources.first().cloned().unwrap_or(SourceRef {
            path: String::new(),
            locator: None,
            format: Format::parse(&format).unwrap_or(Format::Text),
        });
        let doc = Document {
            id: id.clone(),
            source,
            raw,
            text,
            meta,
            removals: self.removals(id)?,
            lang: lang(lcode, lconf),
            paragraphs: layers.paragraphs,
            sentences: layers.sentences,
            urls: layers.urls,
        };
        Ok(Some(StoredDocument {
            doc,
            sources,
            ingested_at,
            mentions: layers.mentions,
            claims: layers.claims,
        }))
    }

    fn sources(&self, id: &DocId) -> Result<Vec<SourceRef>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT path, locator, format FROM sources WHERE doc_id = ?1 ORDER BY added_at, path, locator",
        )?;
        let rows = stmt.query_map([&id.0], |r| {
            let locator: String = r.get(1)?;
            let format: String = r.get(2)?;
            Ok(SourceRef {
                path: r.get(0)?,
                locator: (!locator.is_empty()).then_some(locator),
                format: Format::parse(&format).unwrap_or(Format::Text),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn removals(&self, id: &DocId) -> Result<Vec<Removal>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT rule, text, raw_start, raw_end, line FROM removals WHERE doc_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([&id.0], |r| {
            Ok(Removal {
                rule: r.get(0)?,
                text: r.get(1)?,
                raw_span: span(r.get(2)?, r.get(3)?),
                line: r.get::<_, i64>(4)? as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
