//! Corpus-wide views of actors and claims: who is mentioned, under which names, and
//! which claims are made about whom, each with its evidence.

use rusqlite::params;
use serde::Serialize;

use crate::{Result, Store};

/// One surface form of an actor, as seen in documents of one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurfaceCount {
    pub surface: String,
    /// The language of the documents it was seen in (`None` when undetected).
    pub lang: Option<String>,
    pub count: u64,
}

/// An actor with how often, and under which names, the corpus mentions it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActorCount {
    pub entity: String,
    pub mentions: u64,
    pub documents: u64,
    /// Most frequent first.
    pub surfaces: Vec<SurfaceCount>,
}

/// A name-like span that matched no entity, with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnlinkedCount {
    pub surface: String,
    pub count: u64,
    pub documents: u64,
}

/// One statement of a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimEvidence {
    pub doc_id: String,
    pub lang: Option<String>,
    pub polarity: String,
    pub modality: String,
    /// The entity the claim is attributed to, when named.
    pub source: Option<String>,
    /// The sentence stating the claim.
    pub text: String,
}

/// A claim key (`Q30 arm Q2429253`) with where it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimKeyCount {
    pub key: String,
    pub relation: String,
    pub claims: u64,
    pub documents: u64,
    /// Languages of the documents making it, sorted.
    pub langs: Vec<String>,
    /// The documents making it, sorted.
    pub doc_ids: Vec<String>,
    /// The first few statements (see [`ClaimQuery::examples`]).
    pub evidence: Vec<ClaimEvidence>,
}

/// Which claim keys to list.
#[derive(Debug, Clone, Default)]
pub struct ClaimQuery {
    /// Only claims with this entity as subject or object.
    pub actor: Option<String>,
    /// Only claims with this relation.
    pub relation: Option<String>,
    /// At most this many keys (0: no limit).
    pub limit: usize,
    /// Statements of each key to include as evidence.
    pub examples: usize,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

fn limit(n: usize) -> i64 {
    if n == 0 {
        -1
    } else {
        i64::try_from(n).unwrap_or(i64::MAX)
    }
}

fn split_list(s: Option<String>) -> Vec<String> {
    let mut v: Vec<String> = s
        .unwrap_or_default()
        .split(',')
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect();
    v.sort();
    v
}

impl Store {
    /// The `limit` most-mentioned actors (0: all), with their surface forms per language.
    pub fn top_actors(&self, limit_n: usize) -> Result<Vec<ActorCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT entity, count(*), count(DISTINCT doc_id) FROM mentions
             WHERE entity IS NOT NULL GROUP BY entity ORDER BY 2 DESC, entity LIMIT ?1",
        )?;
        let rows: Vec<(String, i64, i64)> = stmt
            .query_map([limit(limit_n)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut surf = self.conn.prepare(
            "SELECT m.surface, d.lang, count(*) FROM mentions m JOIN documents d ON d.id = m.doc_id
             WHERE m.entity = ?1 GROUP BY m.surface, d.lang ORDER BY 3 DESC, 1, 2",
        )?;
        let mut out = Vec::with_capacity(rows.len());
        for (entity, mentions, documents) in rows {
            let surfaces = surf
                .query_map([&entity], |r| {
                    Ok(SurfaceCount {
                        surface: r.get(0)?,
                        lang: r.get(1)?,
                        count: count(r.get(2)?),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            out.push(ActorCount {
                entity,
                mentions: count(mentions),
                documents: count(documents),
                surfaces,
            });
        }
        Ok(out)
    }

    /// The `limit` most frequent name-like spans that matched no entity (0: all).
    pub fn unlinked(&self, limit_n: usize) -> Result<Vec<UnlinkedCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT surface, count(*), count(DISTINCT doc_id) FROM mentions
             WHERE kind = 'unlinked' GROUP BY surface ORDER BY 2 DESC, 1 LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit(limit_n)], |r| {
            Ok(UnlinkedCount {
                surface: r.get(0)?,
                count: count(r.get(1)?),
                documents: count(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Claim keys, most frequent first, with their languages, documents and evidence.
    pub fn claim_keys(&self, q: &ClaimQuery) -> Result<Vec<ClaimKeyCount>> {
        let filter = "(?1 IS NULL OR c.subject = ?1 OR c.object = ?1
                       OR c.key LIKE ?1 || ' %' OR c.key LIKE '% ' || ?1)
                      AND (?2 IS NULL OR c.relation = ?2)";
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.key, c.relation, count(*), count(DISTINCT c.doc_id),
                    group_concat(DISTINCT d.lang), group_concat(DISTINCT c.doc_id)
             FROM claims c JOIN documents d ON d.id = c.doc_id
             WHERE {filter} GROUP BY c.key ORDER BY 3 DESC, 1 LIMIT ?3"
        ))?;
        let rows = stmt.query_map(params![q.actor, q.relation, limit(q.limit)], |r| {
            Ok(ClaimKeyCount {
                key: r.get(0)?,
                relation: r.get(1)?,
                claims: count(r.get(2)?),
                documents: count(r.get(3)?),
                langs: split_list(r.get(4)?),
                doc_ids: split_list(r.get(5)?),
                evidence: Vec::new(),
            })
        })?;
        let mut keys: Vec<ClaimKeyCount> = rows.collect::<rusqlite::Result<_>>()?;
        if q.examples == 0 {
            return Ok(keys);
        }
        let mut ev = self.conn.prepare(&format!(
            "SELECT c.doc_id, d.lang, c.polarity, c.modality, c.source,
                    CAST(substr(CAST(d.text AS BLOB), c.start + 1, c.end - c.start) AS TEXT)
             FROM claims c JOIN documents d ON d.id = c.doc_id
             WHERE c.key = ?3 AND {filter} ORDER BY c.doc_id, c.seq LIMIT ?4"
        ))?;
        for k in &mut keys {
            k.evidence = ev
                .query_map(
                    params![q.actor, q.relation, k.key, limit(q.examples)],
                    |r| {
                        Ok(ClaimEvidence {
                            doc_id: r.get(0)?,
                            lang: r.get(1)?,
                            polarity: r.get(2)?,
                            modality: r.get(3)?,
                            source: r.get(4)?,
                            text: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
                        })
                    },
                )?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(keys)
    }
}
