//! Stored vectors: per document, one encoded vector per sentence and at most one for the whole
//! document, tagged with the name of the model (and encoding) that produced them. The bytes are
//! opaque here; encoding and decoding belong to the embedding crate.

use narrascope_core::DocId;
use rusqlite::params;

use crate::{Batch, Result, Store, StoreError};

/// The vectors of one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VectorSet {
    /// Model (and encoding) that produced the vectors.
    pub model: String,
    /// One encoded vector per sentence, in sentence order.
    pub sentences: Vec<Vec<u8>>,
    /// The encoded document vector, when there is one.
    pub document: Option<Vec<u8>>,
}

/// How many vectors the corpus holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VectorCounts {
    /// Documents with at least one vector.
    pub documents: u64,
    pub sentence_vectors: u64,
    pub document_vectors: u64,
    /// Total size of the stored vector bytes.
    pub bytes: u64,
}

const SENTENCE: &str = "sentence";
const DOCUMENT: &str = "document";

impl Batch<'_> {
    /// Stores the vectors of a stored document, replacing any it had (from any model).
    pub fn put_vectors(&self, doc_id: &DocId, set: &VectorSet) -> Result<()> {
        self.tx
            .execute("DELETE FROM vectors WHERE doc_id = ?1", [&doc_id.0])?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO vectors (doc_id, seq, kind, model, data) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let rows = set
            .sentences
            .iter()
            .enumerate()
            .map(|(i, d)| (i, SENTENCE, d))
            .chain(set.document.iter().map(|d| (0, DOCUMENT, d)));
        for (seq, kind, data) in rows {
            let seq = i64::try_from(seq).unwrap_or(i64::MAX);
            stmt.execute(params![doc_id.0, seq, kind, set.model, data])
                .map_err(|e| match e {
                    rusqlite::Error::SqliteFailure(f, _)
                        if f.code == rusqlite::ErrorCode::ConstraintViolation =>
                    {
                        StoreError::Data(format!(
                            "cannot store vectors of document {doc_id}: it is not in the corpus"
                        ))
                    }
                    e => e.into(),
                })?;
        }
        Ok(())
    }
}

impl Store {
    /// The vectors of a document; `None` when it has none.
    pub fn vectors_of(&self, doc_id: &DocId) -> Result<Option<VectorSet>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, seq, model, data FROM vectors WHERE doc_id = ?1 ORDER BY kind DESC, seq",
        )?;
        let rows = stmt.query_map([&doc_id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Vec<u8>>(3)?,
            ))
        })?;
        let mut set: Option<VectorSet> = None;
        for row in rows {
            let (kind, seq, model, data) = row?;
            let s = set.get_or_insert_with(|| VectorSet {
                model: model.clone(),
                ..VectorSet::default()
            });
            if s.model != model {
                return Err(StoreError::Data(format!(
                    "document {doc_id} has vectors of two models ({} and {model})",
                    s.model
                )));
            }
            match kind.as_str() {
                DOCUMENT => s.document = Some(data),
                _ if usize::try_from(seq).ok() == Some(s.sentences.len()) => s.sentences.push(data),
                _ => {
                    return Err(StoreError::Data(format!(
                        "document {doc_id}: sentence vector {seq} is out of sequence"
                    )));
                }
            }
        }
        Ok(set)
    }

    /// Whether a document has vectors of `model`.
    pub fn has_vectors(&self, doc_id: &DocId, model: &str) -> Result<bool> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM vectors WHERE doc_id = ?1 AND model = ?2)",
        )?;
        Ok(stmt.query_row(params![doc_id.0, model], |r| r.get(0))?)
    }

    /// Up to `limit` ids (in id order) of documents that have sentences but no vectors of
    /// `model`. Documents without sentences have nothing to embed and are never listed.
    pub fn documents_without_vectors(&self, model: &str, limit: u64) -> Result<Vec<DocId>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id FROM documents d
             WHERE d.sentence_count > 0
               AND NOT EXISTS (SELECT 1 FROM vectors v WHERE v.doc_id = d.id AND v.model = ?1)
             ORDER BY d.id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![model, limit], |r| r.get(0).map(DocId))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Number of vectors (sentence and document) stored for one document.
    pub fn vector_count_of(&self, doc_id: &DocId) -> Result<u64> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM vectors WHERE doc_id = ?1",
            [&doc_id.0],
            |r| r.get(0),
        )?;
        Ok(n as u64)
    }

    /// How many vectors the whole corpus holds.
    pub fn vector_counts(&self) -> Result<VectorCounts> {
        Ok(self.conn.query_row(
            "SELECT count(DISTINCT doc_id),
                    coalesce(sum(kind = 'sentence'), 0),
                    coalesce(sum(kind = 'document'), 0),
                    coalesce(sum(length(data)), 0)
             FROM vectors",
            [],
            |r| {
                Ok(VectorCounts {
                    documents: r.get::<_, i64>(0)? as u64,
                    sentence_vectors: r.get::<_, i64>(1)? as u64,
                    document_vectors: r.get::<_, i64>(2)? as u64,
                    bytes: r.get::<_, i64>(3)? as u64,
                })
            },
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{Analysis, Format, RawDocument, Sentence, SourceRef, Span};

    fn doc(id: &str, text: &str, sentences: usize) -> Analysis {
        let raw = RawDocument {
            source: SourceRef {
                path: format!("{id}.txt"),
                locator: None,
                format: Format::Text,
            },
            text: text.into(),
            meta: Default::default(),
        };
        let mut a = Analysis::new(raw);
        a.doc.id = DocId(id.into());
        for _ in 0..sentences {
            a.doc.sentences.push(Sentence {
                span: Span::new(0, text.len()),
                paragraph: 0,
                lang: None,
            });
        }
        a
    }

    fn set(model: &str, n: usize, doc: bool) -> VectorSet {
        VectorSet {
            model: model.into(),
            sentences: (0..n).map(|i| vec![i as u8; 5 + i]).collect(),
            document: doc.then(|| vec![200, 0, 7]),
        }
    }

    #[test]
    fn round_trip_and_pending_documents() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let ids = ["00000000000000a1", "00000000000000b2", "00000000000000c3"];
        store
            .in_transaction(|t| {
                t.put(&doc(ids[0], "one two", 12))?;
                t.put(&doc(ids[1], "three", 1))?;
                t.put(&doc(ids[2], "", 0))
            })
            .unwrap();
        let a = DocId(ids[0].into());
        let b = DocId(ids[1].into());
        // The sentence-less document is never pending.
        assert_eq!(
            store.documents_without_vectors("m1", 10).unwrap(),
            [a.clone(), b.clone()]
        );
        assert_eq!(
            store.documents_without_vectors("m1", 1).unwrap(),
            std::slice::from_ref(&a)
        );
        assert_eq!(store.vectors_of(&a).unwrap(), None);

        let sa = set("m1", 12, true);
        store.in_transaction(|t| t.put_vectors(&a, &sa)).unwrap();
        assert_eq!(store.vectors_of(&a).unwrap().as_ref(), Some(&sa));
        assert!(store.has_vectors(&a, "m1").unwrap());
        assert!(!store.has_vectors(&a, "m2").unwrap());
        assert_eq!(store.vector_count_of(&a).unwrap(), 13);
        assert_eq!(
            store.documents_without_vectors("m1", 10).unwrap(),
            std::slice::from_ref(&b)
        );
        assert_eq!(
            store.documents_without_vectors("m2", 10).unwrap(),
            [a.clone(), b.clone()]
        );

        // Replacing with another model removes the old vectors entirely.
        let sa2 = set("m2", 3, false);
        store.in_transaction(|t| t.put_vectors(&a, &sa2)).unwrap();
        assert_eq!(store.vectors_of(&a).unwrap().as_ref(), Some(&sa2));
        assert_eq!(
            store.documents_without_vectors("m1", 10).unwrap(),
            [a.clone(), b.clone()]
        );

        store
            .in_transaction(|t| t.put_vectors(&b, &set("m2", 1, true)))
            .unwrap();
        let c = store.vector_counts().unwrap();
        assert_eq!(
            (c.documents, c.sentence_vectors, c.document_vectors),
            (2, 4, 1)
        );
        assert_eq!(c.bytes, (5 + 6 + 7) + 5 + 3);
        assert!(
            store
                .documents_without_vectors("m2", 10)
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn vectors_need_a_stored_document() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let ghost = DocId("00000000000000ff".into());
        let err = store
            .in_transaction(|t| t.put_vectors(&ghost, &set("m", 1, false)))
            .unwrap_err();
        assert!(err.to_string().contains("00000000000000ff"), "{err}");
        assert_eq!(store.vector_counts().unwrap(), VectorCounts::default());
    }
}
