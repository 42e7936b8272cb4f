//! Corpus-wide views of actors and claims: who is mentioned, under which names, and
//! which claims are made about whom, each with its evidence.

use std::collections::HashMap;

use rusqlite::params;
use serde::Serialize;

use crate::layers::Layers;
use crate::{Result, Store, StoreError};

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
    /// Only claims with this entity id (exactly) as subject or object, or as the id a
    /// subject or object rolls up to in the claim key.
    pub actor: Option<String>,
    /// Only claims with this relation.
    pub relation: Option<String>,
    /// At most this many keys (0: no limit).
    pub limit: usize,
    /// Statements of each key to include as evidence.
    pub examples: usize,
}

/// Every claim count of every document, one row each.
const CLAIMS: &str = "WITH c AS (
    SELECT d.doc_id, d.lang, j.value ->> 0 AS key, j.value ->> 1 AS subject,
           j.value ->> 2 AS relation, j.value ->> 3 AS object, j.value ->> 4 AS n
    FROM doc_counts d, json_each(d.claims) j)";

/// A document with the subject, relation and object of a claim it makes.
type Triple = (String, String, String, String);

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
            "WITH m AS (SELECT j.value ->> 0 AS entity, j.value ->> 2 AS n, c.doc_id
                        FROM doc_counts c, json_each(c.mentions) j)
             SELECT entity, sum(n), count(DISTINCT doc_id) FROM m
             WHERE entity IS NOT NULL GROUP BY entity ORDER BY 2 DESC, entity LIMIT ?1",
        )?;
        let rows: Vec<(String, i64, i64)> = stmt
            .query_map([limit(limit_n)], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut surfaces: HashMap<&str, Vec<SurfaceCount>> =
            rows.iter().map(|r| (r.0.as_str(), Vec::new())).collect();
        // one pass over the counts for every listed actor, not one query per actor
        let mut surf = self.conn.prepare(
            "WITH m AS (SELECT j.value ->> 0 AS entity, j.value ->> 1 AS surface,
                               j.value ->> 2 AS n, c.lang FROM doc_counts c, json_each(c.mentions) j)
             SELECT entity, surface, lang, sum(n) FROM m WHERE entity IS NOT NULL
             GROUP BY entity, surface, lang ORDER BY 4 DESC, 2, 3",
        )?;
        let mut q = surf.query([])?;
        while let Some(r) = q.next()? {
            let entity: String = r.get(0)?;
            if let Some(v) = surfaces.get_mut(entity.as_str()) {
                v.push(SurfaceCount {
                    surface: r.get(1)?,
                    lang: r.get(2)?,
                    count: count(r.get(3)?),
                });
            }
        }
        Ok(rows
            .iter()
            .map(|(entity, mentions, documents)| ActorCount {
                entity: entity.clone(),
                mentions: count(*mentions),
                documents: count(*documents),
                surfaces: surfaces.remove(entity.as_str()).unwrap_or_default(),
            })
            .collect())
    }

    /// The `limit` most frequent name-like spans that matched no entity (0: all).
    pub fn unlinked(&self, limit_n: usize) -> Result<Vec<UnlinkedCount>> {
        let mut stmt = self.conn.prepare(
            "WITH m AS (SELECT j.value ->> 0 AS entity, j.value ->> 1 AS surface,
                               j.value ->> 2 AS n, c.doc_id FROM doc_counts c, json_each(c.mentions) j)
             SELECT surface, sum(n), count(DISTINCT doc_id) FROM m
             WHERE entity IS NULL GROUP BY surface ORDER BY 2 DESC, 1 LIMIT ?1",
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
        // exact ids: the subject or object as stated, or the ids the key rolls them up to
        // (its first and last words), compared byte for byte (no LIKE wildcards or case folding)
        let filter = "(?1 IS NULL OR subject = ?1 OR object = ?1
                       OR substr(key, 1, length(?1) + 1) = ?1 || ' '
                       OR substr(key, -length(?1) - 1) = ' ' || ?1)
                      AND (?2 IS NULL OR relation = ?2)";
        let mut stmt = self.conn.prepare(&format!(
            "{CLAIMS} SELECT key, relation, sum(n), count(DISTINCT doc_id),
                    group_concat(DISTINCT lang), group_concat(DISTINCT doc_id)
             FROM c WHERE {filter} GROUP BY key ORDER BY 3 DESC, 1 LIMIT ?3"
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
        // the (subject, relation, object) of each document making a listed key and passing
        // the filter, in one pass; the statements themselves come from the documents'
        // layers, in document order
        let listed = serde_json::to_string(&keys.iter().map(|k| &k.key).collect::<Vec<_>>())
            .map_err(|e| StoreError::Data(e.to_string()))?;
        let mut triples = self.conn.prepare(&format!(
            "{CLAIMS} SELECT key, doc_id, subject, relation, object FROM c
             WHERE key IN (SELECT value FROM json_each(?3)) AND {filter} ORDER BY key, doc_id"
        ))?;
        let mut by_key: HashMap<String, Vec<Triple>> = HashMap::new();
        let mut rows = triples.query(params![q.actor, q.relation, listed])?;
        while let Some(r) = rows.next()? {
            by_key
                .entry(r.get(0)?)
                .or_default()
                .push((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?));
        }
        for k in &mut keys {
            let rows = by_key.remove(&k.key).unwrap_or_default();
            let mut i = 0;
            while i < rows.len() && k.evidence.len() < q.examples {
                let doc = &rows[i].0;
                let end = i + rows[i..].iter().take_while(|r| &r.0 == doc).count();
                self.claim_evidence(doc, &k.key, &rows[i..end], q.examples, &mut k.evidence)?;
                i = end;
            }
        }
        Ok(keys)
    }

    /// Appends the statements of `key` in document `doc` whose parties are `allowed`,
    /// until `evidence` holds `max`.
    fn claim_evidence(
        &self,
        doc: &str,
        key: &str,
        allowed: &[Triple],
        max: usize,
        evidence: &mut Vec<ClaimEvidence>,
    ) -> Result<()> {
        let (lang, text, layers): (Option<String>, String, Option<Vec<u8>>) = self
            .conn
            .prepare_cached("SELECT lang, text, layers FROM documents WHERE id = ?1")?
            .query_row([doc], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        let layers = Layers::decode(layers.as_deref().unwrap_or_default(), &text)
            .map_err(|e| StoreError::Data(format!("document {doc}: {e}")))?;
        for c in layers.claims.iter().filter(|c| c.key == key) {
            if evidence.len() >= max {
                break;
            }
            if !allowed
                .iter()
                .any(|a| a.1 == c.subject && a.2 == c.relation && a.3 == c.object)
            {
                continue;
            }
            evidence.push(ClaimEvidence {
                doc_id: doc.to_string(),
                lang: lang.clone(),
                polarity: c.polarity.as_str().to_string(),
                modality: c.modality.as_str().to_string(),
                source: c.source.clone(),
                text: text
                    .get(c.evidence.start..c.evidence.end)
                    .unwrap_or_default()
                    .to_string(),
            });
        }
        Ok(())
    }
}
