//! Rhetoric and provenance per document (technique spans, actor framings, cited sources,
//! traces, genre), and which detectors produced them, so that a changed model re-runs only
//! what it must.

use narrascope_core::{
    CitedSource, DocId, Evidence, Framing, Label, Provenance, RoleScore, Span, TechniqueSpan, Trace,
};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use crate::{Batch, Result, Store, StoreError};

/// Everything the rhetoric and provenance stages found in one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rhetoric {
    pub techniques: Vec<TechniqueSpan>,
    pub framings: Vec<Framing>,
    pub sources: Vec<CitedSource>,
    pub provenance: Option<Provenance>,
}

/// The detector name to record for a document: `base` plus whether vectors were used.
pub fn rhetoric_detector(base: &str, with_vectors: bool) -> String {
    format!("{base}:{}", if with_vectors { 'v' } else { 'c' })
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Data(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(s: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Data(e.to_string()))
}

fn span(start: i64, end: i64) -> Span {
    Span::new(start.max(0) as usize, end.max(0) as usize)
}

impl Batch<'_> {
    /// Replaces the rhetoric and provenance of a stored document and records the detector.
    pub fn put_rhetoric(&self, doc_id: &DocId, detector: &str, r: &Rhetoric) -> Result<()> {
        let tx = self.tx;
        for table in ["technique_spans", "framings", "cited_sources"] {
            tx.prepare_cached(&format!("DELETE FROM {table} WHERE doc_id = ?1"))?
                .execute([&doc_id.0])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO technique_spans (doc_id, seq, technique, family, start, end, score, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for (i, t) in r.techniques.iter().enumerate() {
            stmt.execute(params![
                doc_id.0,
                i as i64,
                t.technique,
                t.family,
                t.span.start as i64,
                t.span.end as i64,
                f64::from(t.score),
                json(&t.evidence)?
            ])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT OR REPLACE INTO framings (doc_id, actor, main_role, score, fine_roles, mentions, evidence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for f in &r.framings {
            stmt.execute(params![
                doc_id.0,
                f.actor,
                f.main_role,
                f64::from(f.score),
                json(&f.fine_roles)?,
                json(&f.mentions)?,
                json(&f.evidence)?
            ])?;
        }
        let mut stmt = tx.prepare_cached(
            "INSERT INTO cited_sources (doc_id, seq, name, entity, kind, cue, sentence, start, end, cue_start, cue_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        for (i, s) in r.sources.iter().enumerate() {
            stmt.execute(params![
                doc_id.0,
                i as i64,
                s.name,
                s.entity,
                s.kind,
                s.cue,
                s.sentence as i64,
                s.span.start as i64,
                s.span.end as i64,
                s.cue_span.start as i64,
                s.cue_span.end as i64
            ])?;
        }
        let p = r.provenance.clone().unwrap_or_default();
        tx.prepare_cached(
            "INSERT OR REPLACE INTO rhetoric_runs (doc_id, detector, machine_translated, genre, genre_score, traces)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            doc_id.0,
            detector,
            f64::from(p.machine_translated),
            p.genre.as_ref().map(|g| g.label.clone()),
            p.genre.as_ref().map(|g| f64::from(g.score)),
            json(&p.traces)?
        ])?;
        Ok(())
    }
}

impl Store {
    /// Documents whose rhetoric was not produced by `detector`, in id order, after `after`.
    /// A document with stored vectors is up to date when its run's detector is
    /// `<detector>:v`, one without when it is `<detector>:c` (cues only), so that vectors
    /// added later bring the document back. See [`rhetoric_detector`].
    pub fn documents_without_rhetoric(
        &self,
        detector: &str,
        after: Option<&str>,
        limit: u64,
    ) -> Result<Vec<DocId>> {
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id FROM documents d
             WHERE d.id > ?2 AND NOT EXISTS
                (SELECT 1 FROM rhetoric_runs r WHERE r.doc_id = d.id AND r.detector = ?1 ||
                    CASE WHEN EXISTS (SELECT 1 FROM vectors v WHERE v.doc_id = d.id)
                         THEN ':v' ELSE ':c' END)
             ORDER BY d.id LIMIT ?3",
        )?;
        let ids = stmt
            .query_map(params![detector, after.unwrap_or(""), limit], |r| {
                r.get(0).map(DocId)
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Forgets which detector saw which document, so that the next update redoes all.
    pub fn forget_rhetoric_runs(&self) -> Result<()> {
        self.conn.execute("DELETE FROM rhetoric_runs", [])?;
        Ok(())
    }

    /// The rhetoric of one document; `None` when it was never run.
    pub fn rhetoric_of(&self, doc_id: &DocId) -> Result<Option<Rhetoric>> {
        let run: Option<(f64, Option<String>, Option<f64>, String)> = self
            .conn
            .prepare_cached(
                "SELECT machine_translated, genre, genre_score, traces FROM rhetoric_runs WHERE doc_id = ?1",
            )?
            .query_row([&doc_id.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .optional()?;
        let Some((mt, genre, genre_score, traces)) = run else {
            return Ok(None);
        };
        let traces: Vec<Trace> = parse(&traces)?;
        let provenance = Provenance {
            machine_translated: mt as f32,
            traces,
            genre: genre.map(|label| Label {
                label,
                score: genre_score.unwrap_or(0.0) as f32,
            }),
        };
        let mut out = Rhetoric {
            provenance: Some(provenance),
            ..Rhetoric::default()
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT technique, family, start, end, score, evidence FROM technique_spans
             WHERE doc_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([&doc_id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, f64>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (technique, family, s, e, score, evidence) = row?;
            out.techniques.push(TechniqueSpan {
                technique,
                family,
                span: span(s, e),
                score: score as f32,
                evidence: parse::<Vec<Evidence>>(&evidence)?,
            });
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT actor, main_role, score, fine_roles, mentions, evidence FROM framings
             WHERE doc_id = ?1 ORDER BY actor",
        )?;
        let rows = stmt.query_map([&doc_id.0], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, f64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
            ))
        })?;
        for row in rows {
            let (actor, main_role, score, fine, mentions, evidence) = row?;
            out.framings.push(Framing {
                actor,
                main_role,
                score: score as f32,
                fine_roles: parse::<Vec<RoleScore>>(&fine)?,
                mentions: parse(&mentions)?,
                evidence: parse(&evidence)?,
            });
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, entity, kind, cue, sentence, start, end, cue_start, cue_end
             FROM cited_sources WHERE doc_id = ?1 ORDER BY seq",
        )?;
        let rows = stmt.query_map([&doc_id.0], |r| {
            Ok(CitedSource {
                name: r.get(0)?,
                entity: r.get(1)?,
                kind: r.get(2)?,
                cue: r.get(3)?,
                sentence: r.get::<_, i64>(4)?.max(0) as usize,
                span: span(r.get(5)?, r.get(6)?),
                cue_span: span(r.get(7)?, r.get(8)?),
            })
        })?;
        out.sources = rows.collect::<rusqlite::Result<_>>()?;
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests;

mod views;
pub use views::{
    FramingCount, SourceCount, SourceEdge, TechniqueCount, TechniqueHit, TranslatedDoc,
};
