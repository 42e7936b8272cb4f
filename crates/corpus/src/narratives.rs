//! Narrative matches per document, and which matcher produced them, so that a changed
//! catalog or threshold re-matches only what it must.

use narrascope_core::{DocId, NarrativeEvidence, NarrativeMatch};
use rusqlite::params;

use crate::{Batch, Result, Store, StoreError};

/// Counts for one narrative over the corpus.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NarrativeCount {
    pub narrative: String,
    pub documents: u64,
    /// Distinct languages, sorted.
    pub languages: Vec<String>,
    /// Distinct outlets, sorted.
    pub outlets: Vec<String>,
    /// Earliest known publication date among its documents.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

/// A document carrying a narrative, with its metadata and the evidence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct NarrativeDocument {
    pub doc_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub date: Option<String>,
    pub score: f32,
    pub evidence: Vec<NarrativeEvidence>,
}

impl Batch<'_> {
    /// Replaces the narrative matches of a stored document and records the matcher.
    pub fn put_narratives(
        &self,
        doc_id: &DocId,
        matcher: &str,
        matches: &[NarrativeMatch],
    ) -> Result<()> {
        self.tx.execute(
            "DELETE FROM narrative_matches WHERE doc_id = ?1",
            [&doc_id.0],
        )?;
        let mut stmt = self.tx.prepare_cached(
            "INSERT INTO narrative_matches (doc_id, narrative, score, evidence) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for m in matches {
            let evidence =
                serde_json::to_string(&m.evidence).map_err(|e| StoreError::Data(e.to_string()))?;
            stmt.execute(params![doc_id.0, m.narrative, f64::from(m.score), evidence])?;
        }
        self.tx.execute(
            "INSERT INTO narrative_runs (doc_id, matcher) VALUES (?1, ?2)
             ON CONFLICT(doc_id) DO UPDATE SET matcher = excluded.matcher",
            params![doc_id.0, matcher],
        )?;
        Ok(())
    }
}

impl Store {
    /// Forgets which matcher saw which document, so that the next update matches every
    /// document again.
    pub fn forget_narrative_runs(&self) -> Result<()> {
        self.conn.execute("DELETE FROM narrative_runs", [])?;
        Ok(())
    }

    /// Documents not yet matched by `matcher` (a fingerprint of catalogs, model and
    /// thresholds), in id order.
    pub fn documents_unmatched(&self, matcher: &str, limit: u64) -> Result<Vec<DocId>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id FROM documents d
             WHERE NOT EXISTS (SELECT 1 FROM narrative_runs r WHERE r.doc_id = d.id AND r.matcher = ?1)
             ORDER BY d.id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![matcher, limit], |r| r.get(0).map(DocId))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// The narrative matches of one document, best first.
    pub fn narratives_of(&self, doc_id: &DocId) -> Result<Vec<NarrativeMatch>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT narrative, score, evidence FROM narrative_matches WHERE doc_id = ?1
             ORDER BY score DESC, narrative",
        )?;
        let rows = stmt.query_map([&doc_id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, f64>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (narrative, score, evidence) = row?;
            out.push(NarrativeMatch {
                narrative,
                score: score as f32,
                evidence: parse_evidence(&evidence)?,
            });
        }
        Ok(out)
    }

    /// Every narrative with at least one document, most documents first.
    pub fn narrative_counts(&self) -> Result<Vec<NarrativeCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.narrative, COUNT(*),
                    (SELECT group_concat(l, ',') FROM (SELECT DISTINCT d2.lang AS l FROM narrative_matches m2
                        JOIN documents d2 ON d2.id = m2.doc_id
                        WHERE m2.narrative = m.narrative AND d2.lang IS NOT NULL ORDER BY l)),
                    (SELECT group_concat(o, char(31)) FROM (SELECT DISTINCT d3.outlet AS o FROM narrative_matches m3
                        JOIN documents d3 ON d3.id = m3.doc_id
                        WHERE m3.narrative = m.narrative AND d3.outlet IS NOT NULL ORDER BY o)),
                    MIN(d.date), MAX(d.date)
             FROM narrative_matches m JOIN documents d ON d.id = m.doc_id
             GROUP BY m.narrative ORDER BY COUNT(*) DESC, m.narrative",
        )?;
        let split = |s: Option<String>, sep: char| -> Vec<String> {
            s.map(|s| s.split(sep).map(str::to_string).collect())
                .unwrap_or_default()
        };
        let rows = stmt.query_map([], |r| {
            Ok(NarrativeCount {
                narrative: r.get(0)?,
                documents: r.get::<_, i64>(1)? as u64,
                languages: split(r.get(2)?, ','),
                outlets: split(r.get(3)?, '\u{1f}'),
                first_date: r.get(4)?,
                last_date: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The documents carrying `narrative`, earliest first (undated last, then by id).
    pub fn narrative_documents(&self, narrative: &str) -> Result<Vec<NarrativeDocument>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.outlet, d.lang, d.date, m.score, m.evidence
             FROM narrative_matches m JOIN documents d ON d.id = m.doc_id
             WHERE m.narrative = ?1
             ORDER BY d.date IS NULL, d.date, d.id",
        )?;
        let rows = stmt.query_map([narrative], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, f64>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (doc_id, title, outlet, lang, date, score, evidence) = row?;
            out.push(NarrativeDocument {
                doc_id,
                title,
                outlet,
                lang,
                date,
                score: score as f32,
                evidence: parse_evidence(&evidence)?,
            });
        }
        Ok(out)
    }
}

fn parse_evidence(s: &str) -> Result<Vec<NarrativeEvidence>> {
    serde_json::from_str(s).map_err(|e| StoreError::Data(format!("narrative evidence: {e}")))
}
