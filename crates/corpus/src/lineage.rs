//! Corpus-wide results recomputed as a whole: lineage links between documents and
//! narratives discovered over the corpus. Each write replaces the previous set in one
//! transaction, so readers see either the old or the new results.

use narrascope_core::{DocId, NarrativeEvidence};
use rusqlite::params;

use crate::{Batch, NarrativeDocument, Result, Store, StoreError};

/// A typed link from an earlier document to one that copies, translates or rewrites it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredLink {
    pub source: String,
    pub target: String,
    /// `exact_copy`, `near_copy`, `translation` or `rewrite`.
    pub kind: String,
    pub jaccard: Option<f32>,
    pub alignment: Option<f32>,
    /// Target date minus source date, when both are known.
    pub lag_seconds: Option<i64>,
}

/// A narrative found over the corpus that no catalog holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DiscoveredNarrative {
    /// Derived from its content, so a re-run over the same corpus gives the same id.
    pub id: String,
    pub label: String,
    pub documents: u64,
    /// Everything else (claim keys, actors, representative sentences, member documents).
    pub data: serde_json::Value,
}

impl DiscoveredNarrative {
    /// The claim keys merged into it, the main one first (older records hold only `key`).
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.data["keys"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|k| k.as_str())
            .collect();
        if keys.is_empty() {
            keys.extend(self.data["key"].as_str());
        }
        keys
    }
}

/// What the lineage and discovery passes read of each document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocText {
    pub id: String,
    pub lang: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub text: String,
}

impl Batch<'_> {
    /// Replaces every lineage link.
    pub fn replace_links(&self, links: &[StoredLink]) -> Result<()> {
        self.tx.execute("DELETE FROM lineage_links", [])?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO lineage_links (source, target, kind, jaccard, alignment, lag_seconds)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for l in links {
            stmt.execute(params![
                l.source,
                l.target,
                l.kind,
                l.jaccard.map(f64::from),
                l.alignment.map(f64::from),
                l.lag_seconds
            ])?;
        }
        Ok(())
    }

    /// Replaces every discovered narrative.
    pub fn replace_discovered(&self, items: &[DiscoveredNarrative]) -> Result<()> {
        self.tx.execute("DELETE FROM discovered_narratives", [])?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT OR REPLACE INTO discovered_narratives (id, label, documents, data) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for d in items {
            stmt.execute(params![
                d.id,
                d.label,
                d.documents as i64,
                d.data.to_string()
            ])?;
        }
        Ok(())
    }
}

impl Store {
    /// Calls `f` with every document's text and facets, in id order, without holding
    /// them all in memory.
    pub fn for_each_text(&self, mut f: impl FnMut(DocText)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, lang, date, outlet, text FROM documents ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            f(DocText {
                id: r.get(0)?,
                lang: r.get(1)?,
                date: r.get(2)?,
                outlet: r.get(3)?,
                text: r.get(4)?,
            });
        }
        Ok(())
    }

    /// Lineage links touching any of `doc_ids` (every link when empty), earliest source
    /// first.
    pub fn links(&self, doc_ids: &[String]) -> Result<Vec<StoredLink>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.source, l.target, l.kind, l.jaccard, l.alignment, l.lag_seconds
             FROM lineage_links l JOIN documents d ON d.id = l.source
             ORDER BY d.date IS NULL, d.date, l.source, l.target",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(StoredLink {
                source: r.get(0)?,
                target: r.get(1)?,
                kind: r.get(2)?,
                jaccard: r.get::<_, Option<f64>>(3)?.map(|x| x as f32),
                alignment: r.get::<_, Option<f64>>(4)?.map(|x| x as f32),
                lag_seconds: r.get(5)?,
            })
        })?;
        let all: Vec<StoredLink> = rows.collect::<rusqlite::Result<_>>()?;
        if doc_ids.is_empty() {
            return Ok(all);
        }
        let wanted: std::collections::HashSet<&str> = doc_ids.iter().map(String::as_str).collect();
        Ok(all
            .into_iter()
            .filter(|l| wanted.contains(l.source.as_str()) || wanted.contains(l.target.as_str()))
            .collect())
    }

    /// The member documents of a discovered narrative, earliest first (undated last, then
    /// by id), each with the sentences stating one of its claim keys as evidence.
    pub fn discovered_documents(&self, d: &DiscoveredNarrative) -> Result<Vec<NarrativeDocument>> {
        let keys = d.keys();
        let mut out = Vec::new();
        for id in d.data["documents"].as_array().into_iter().flatten() {
            let Some(id) = id.as_str() else { continue };
            let Some(s) = self.get(&DocId(id.to_string()))? else {
                continue;
            };
            let evidence = s
                .claims
                .iter()
                .enumerate()
                .filter(|(_, c)| keys.contains(&c.key.as_str()))
                .map(|(i, c)| NarrativeEvidence {
                    sentence: c.sentence,
                    span: c.evidence,
                    similarity: None,
                    exemplar: None,
                    claim: Some(i),
                })
                .collect();
            out.push(NarrativeDocument {
                doc_id: id.to_string(),
                title: s.doc.meta.title.clone(),
                outlet: s.doc.meta.outlet.clone(),
                lang: s.doc.lang.as_ref().map(|l| l.code.clone()),
                date: s.doc.meta.date.as_ref().map(|d| d.value.clone()),
                score: 1.0,
                evidence,
            });
        }
        out.sort_by(|a, b| {
            (a.date.is_none(), &a.date, &a.doc_id).cmp(&(b.date.is_none(), &b.date, &b.doc_id))
        });
        Ok(out)
    }

    /// Discovered narratives, most documents first.
    pub fn discovered(&self) -> Result<Vec<DiscoveredNarrative>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, label, documents, data FROM discovered_narratives ORDER BY documents DESC, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, label, documents, data) = row?;
            out.push(DiscoveredNarrative {
                id,
                label,
                documents: documents as u64,
                data: serde_json::from_str(&data)
                    .map_err(|e| StoreError::Data(format!("discovered narrative {e}")))?,
            });
        }
        Ok(out)
    }
}
