//! Corpus-wide views of rhetoric and provenance: techniques with their spans, the
//! cited-source graph, how actors are framed, machine-translated documents.

use rusqlite::params;
use serde::Serialize;

use crate::{Result, Store};

/// One technique over the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechniqueCount {
    pub technique: String,
    pub family: String,
    pub spans: u64,
    pub documents: u64,
    /// Distinct languages of those documents, sorted.
    pub languages: Vec<String>,
}

/// One technique span with its document and text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TechniqueHit {
    pub doc_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub date: Option<String>,
    pub technique: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub score: f32,
    /// Ids of the evidence that fired (cue ids, model names).
    pub evidence: Vec<String>,
}

/// A cited source over the corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceCount {
    /// The entity id when linked, else the name as written.
    pub source: String,
    pub entity: Option<String>,
    /// The most frequent name it is cited by.
    pub name: String,
    pub kind: String,
    pub citations: u64,
    pub documents: u64,
    /// Outlets whose documents cite it, sorted.
    pub cited_by: Vec<String>,
}

/// An edge of the cited-source graph: documents of `outlet` cite `source`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceEdge {
    pub outlet: String,
    pub source: String,
    pub documents: u64,
}

/// How often one actor is given one main role.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FramingCount {
    pub actor: String,
    pub main_role: String,
    pub documents: u64,
}

/// A document with its machine-translation score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TranslatedDoc {
    pub doc_id: String,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub machine_translated: f32,
    pub genre: Option<String>,
    pub traces: u64,
}

fn split(s: Option<String>) -> Vec<String> {
    s.map(|s| s.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default()
}

fn lim(limit: u64) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

impl Store {
    /// Every technique found, most documents first.
    pub fn technique_counts(&self) -> Result<Vec<TechniqueCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.technique, MIN(t.family), COUNT(*), COUNT(DISTINCT t.doc_id),
                    (SELECT group_concat(l, char(31)) FROM (SELECT DISTINCT d2.lang AS l
                        FROM technique_spans t2 JOIN documents d2 ON d2.id = t2.doc_id
                        WHERE t2.technique = t.technique AND d2.lang IS NOT NULL ORDER BY l))
             FROM technique_spans t GROUP BY t.technique
             ORDER BY COUNT(DISTINCT t.doc_id) DESC, t.technique",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TechniqueCount {
                technique: r.get(0)?,
                family: r.get(1)?,
                spans: r.get::<_, i64>(2)? as u64,
                documents: r.get::<_, i64>(3)? as u64,
                languages: split(r.get(4)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Spans of `technique` (all techniques when `None`), best score first.
    pub fn technique_hits(&self, technique: Option<&str>, limit: u64) -> Result<Vec<TechniqueHit>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.outlet, d.lang, d.date, t.technique, t.start, t.end,
                    substr(CAST(d.text AS BLOB), t.start + 1, t.end - t.start), t.score, t.evidence
             FROM technique_spans t JOIN documents d ON d.id = t.doc_id
             WHERE ?1 IS NULL OR t.technique = ?1
             ORDER BY t.score DESC, d.id, t.seq LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![technique, lim(limit)], |r| {
            let text: Vec<u8> = r.get(8)?;
            let evidence: String = r.get(10)?;
            Ok(TechniqueHit {
                doc_id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                lang: r.get(3)?,
                date: r.get(4)?,
                technique: r.get(5)?,
                start: r.get::<_, i64>(6)?.max(0) as usize,
                end: r.get::<_, i64>(7)?.max(0) as usize,
                text: String::from_utf8_lossy(&text).into_owned(),
                score: r.get::<_, f64>(9)? as f32,
                evidence: evidence_ids(&evidence),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cited sources over the corpus, most citing documents first.
    pub fn source_counts(&self, limit: u64) -> Result<Vec<SourceCount>> {
        let mut stmt = self.conn.prepare(
            "WITH c AS (SELECT s.*, COALESCE(s.entity, s.name) AS source FROM cited_sources s)
             SELECT c.source, MAX(c.entity), COUNT(*), COUNT(DISTINCT c.doc_id),
                    (SELECT n.name FROM c n WHERE n.source = c.source
                        GROUP BY n.name ORDER BY COUNT(*) DESC, n.name LIMIT 1),
                    (SELECT k.kind FROM c k WHERE k.source = c.source
                        GROUP BY k.kind ORDER BY COUNT(*) DESC, k.kind LIMIT 1),
                    (SELECT group_concat(o, char(31)) FROM (SELECT DISTINCT d.outlet AS o
                        FROM c c2 JOIN documents d ON d.id = c2.doc_id
                        WHERE c2.source = c.source AND d.outlet IS NOT NULL ORDER BY o))
             FROM c GROUP BY c.source
             ORDER BY COUNT(DISTINCT c.doc_id) DESC, COUNT(*) DESC, c.source LIMIT ?1",
        )?;
        let rows = stmt.query_map([lim(limit)], |r| {
            Ok(SourceCount {
                source: r.get(0)?,
                entity: r.get(1)?,
                citations: r.get::<_, i64>(2)? as u64,
                documents: r.get::<_, i64>(3)? as u64,
                name: r.get(4)?,
                kind: r.get(5)?,
                cited_by: split(r.get(6)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The cited-source graph: which outlets cite which sources, heaviest edges first.
    pub fn source_edges(&self, limit: u64) -> Result<Vec<SourceEdge>> {
        let mut stmt = self.conn.prepare(
            "SELECT COALESCE(d.outlet, '(unknown outlet)'), COALESCE(s.entity, s.name),
                    COUNT(DISTINCT s.doc_id)
             FROM cited_sources s JOIN documents d ON d.id = s.doc_id
             GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT ?1",
        )?;
        let rows = stmt.query_map([lim(limit)], |r| {
            Ok(SourceEdge {
                outlet: r.get(0)?,
                source: r.get(1)?,
                documents: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How each actor is framed (all actors when `None`), most documents first.
    pub fn framing_counts(&self, actor: Option<&str>) -> Result<Vec<FramingCount>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT actor, main_role, COUNT(*) FROM framings
             WHERE ?1 IS NULL OR actor = ?1
             GROUP BY actor, main_role ORDER BY COUNT(*) DESC, actor, main_role",
        )?;
        let rows = stmt.query_map([actor], |r| {
            Ok(FramingCount {
                actor: r.get(0)?,
                main_role: r.get(1)?,
                documents: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Documents whose machine-translation score is at least `min`, highest first.
    pub fn translated_documents(&self, min: f32, limit: u64) -> Result<Vec<TranslatedDoc>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.title, d.outlet, d.lang, r.machine_translated, r.genre,
                    json_array_length(r.traces)
             FROM rhetoric_runs r JOIN documents d ON d.id = r.doc_id
             WHERE r.machine_translated >= ?1
             ORDER BY r.machine_translated DESC, d.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![f64::from(min), lim(limit)], |r| {
            Ok(TranslatedDoc {
                doc_id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                lang: r.get(3)?,
                machine_translated: r.get::<_, f64>(4)? as f32,
                genre: r.get(5)?,
                traces: r.get::<_, i64>(6)?.max(0) as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The ids of a stored evidence list, in order.
fn evidence_ids(json: &str) -> Vec<String> {
    serde_json::from_str::<Vec<narrascope_core::Evidence>>(json)
        .map(|v| v.into_iter().map(|e| e.id).collect())
        .unwrap_or_default()
}
