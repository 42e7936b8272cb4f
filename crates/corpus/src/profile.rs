//! One actor over the corpus: the names it goes by in each language, the roles texts give
//! it, the claims it is subject and object of, and the actors it appears with.

use serde::Serialize;

use crate::{ClaimKeyCount, ClaimQuery, FramingCount, Result, Store, SurfaceCount};

/// Everything the corpus says about one actor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorProfile {
    pub entity: String,
    pub mentions: u64,
    pub documents: u64,
    /// Names per language, most frequent first.
    pub surfaces: Vec<SurfaceCount>,
    /// Main roles across documents, most documents first.
    pub roles: Vec<FramingCount>,
    /// Claim keys with the actor as subject, then as object, most claims first.
    pub as_subject: Vec<ClaimKeyCount>,
    pub as_object: Vec<ClaimKeyCount>,
    /// Other actors mentioned in the same documents, with how many documents.
    pub co_actors: Vec<CoActor>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoActor {
    pub entity: String,
    pub documents: u64,
}

/// Every linked mention count of every document, one row each.
const MENTIONS: &str = "WITH m AS (
    SELECT c.doc_id, c.lang, j.value ->> 0 AS entity, j.value ->> 1 AS surface,
           j.value ->> 2 AS n
    FROM doc_counts c, json_each(c.mentions) j WHERE j.value ->> 0 IS NOT NULL)";

impl Store {
    /// The profile of `entity`, or `None` when no document mentions it. `limit` bounds each
    /// list (claim keys carry `examples` statements each).
    pub fn actor_profile(
        &self,
        entity: &str,
        limit: usize,
        examples: usize,
    ) -> Result<Option<ActorProfile>> {
        let (mentions, documents): (i64, i64) = self.conn.query_row(
            &format!("{MENTIONS} SELECT coalesce(sum(n), 0), count(DISTINCT doc_id) FROM m WHERE entity = ?1"),
            [entity],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if documents == 0 {
            return Ok(None);
        }
        let lim = i64::try_from(limit.max(1)).unwrap_or(i64::MAX);
        let mut stmt = self.conn.prepare(&format!(
            "{MENTIONS} SELECT surface, lang, sum(n) FROM m WHERE entity = ?1
             GROUP BY surface, lang ORDER BY 3 DESC, 1, 2 LIMIT ?2"
        ))?;
        let surfaces = stmt
            .query_map(rusqlite::params![entity, lim], |r| {
                Ok(SurfaceCount {
                    surface: r.get(0)?,
                    lang: r.get(1)?,
                    count: r.get::<_, i64>(2)?.max(0) as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(&format!(
            "{MENTIONS}, d AS (SELECT DISTINCT doc_id FROM m WHERE entity = ?1)
             SELECT m.entity, count(DISTINCT m.doc_id) FROM m JOIN d ON d.doc_id = m.doc_id
             WHERE m.entity != ?1 GROUP BY m.entity ORDER BY 2 DESC, 1 LIMIT ?2"
        ))?;
        let co_actors = stmt
            .query_map(rusqlite::params![entity, lim], |r| {
                Ok(CoActor {
                    entity: r.get(0)?,
                    documents: r.get::<_, i64>(1)?.max(0) as u64,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let keys = self.claim_keys(&ClaimQuery {
            actor: Some(entity.to_string()),
            relation: None,
            limit: 0,
            examples,
        })?;
        let (mut as_subject, mut as_object) = (Vec::new(), Vec::new());
        for k in keys {
            let subject = k.key.split(' ').next() == Some(entity);
            let list = if subject {
                &mut as_subject
            } else {
                &mut as_object
            };
            if list.len() < limit.max(1) {
                list.push(k);
            }
        }
        Ok(Some(ActorProfile {
            entity: entity.to_string(),
            mentions: mentions.max(0) as u64,
            documents: documents as u64,
            surfaces,
            roles: self.framing_counts(Some(entity))?,
            as_subject,
            as_object,
            co_actors,
        }))
    }
}

#[cfg(test)]
mod tests {
    use narrascope_core::{
        Analysis, Claim, DocId, Format, LangGuess, Mention, MentionKind, Modality, Polarity,
        RawDocument, SourceRef, Span,
    };

    use crate::Store;

    fn mention(text: &str, surface: &str, entity: &str) -> Mention {
        let start = text.find(surface).unwrap();
        Mention {
            span: Span::new(start, start + surface.len()),
            surface: surface.into(),
            entity: Some(entity.into()),
            kind: MentionKind::Name,
            candidates: Vec::new(),
            metonym: false,
            sentence: Some(0),
        }
    }

    fn doc(id: &str, lang: &str, text: &str, names: &[(&str, &str)]) -> Analysis {
        let mut a = Analysis::new(RawDocument {
            source: SourceRef {
                path: format!("{id}.txt"),
                locator: None,
                format: Format::Text,
            },
            text: text.into(),
            meta: Default::default(),
        });
        a.doc.id = DocId(id.into());
        a.doc.lang = Some(LangGuess {
            code: lang.into(),
            confidence: 0.9,
        });
        a.mentions = names.iter().map(|(s, e)| mention(text, s, e)).collect();
        a
    }

    #[test]
    fn profile_lists_names_claims_and_co_actors() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let text = "Washington arms Daesh.";
        let mut a = doc(
            "00000000000000d1",
            "en",
            text,
            &[("Washington", "Q30"), ("Daesh", "Q2429253")],
        );
        a.claims.push(Claim {
            key: "Q30 arm Q2429253".into(),
            subject: "Q30".into(),
            relation: "arm".into(),
            object: "Q2429253".into(),
            polarity: Polarity::Affirmed,
            modality: Modality::Asserted,
            source: None,
            sentence: 0,
            evidence: Span::new(0, text.len()),
            trigger: Span::new(11, 15),
            subject_span: Span::new(0, 10),
            object_span: Span::new(16, 21),
        });
        let b = doc(
            "00000000000000d2",
            "fr",
            "Les USA et la Russie.",
            &[("USA", "Q30"), ("Russie", "Q159")],
        );
        store
            .in_transaction(|t| {
                t.put(&a)?;
                t.put(&b).map(|_| ())
            })
            .unwrap();
        let p = store.actor_profile("Q30", 10, 2).unwrap().unwrap();
        assert_eq!((p.mentions, p.documents), (2, 2));
        let langs: Vec<_> = p.surfaces.iter().map(|s| s.lang.as_deref()).collect();
        assert!(langs.contains(&Some("en")) && langs.contains(&Some("fr")));
        assert_eq!(p.as_subject.len(), 1);
        assert!(p.as_object.is_empty());
        assert_eq!(p.as_subject[0].evidence[0].text, text);
        let co: Vec<&str> = p.co_actors.iter().map(|c| c.entity.as_str()).collect();
        assert_eq!(co.len(), 2);
        assert!(co.contains(&"Q159") && co.contains(&"Q2429253"));

        let daesh = store.actor_profile("Q2429253", 10, 0).unwrap().unwrap();
        assert_eq!(daesh.as_object.len(), 1);
        assert!(store.actor_profile("Q1", 10, 0).unwrap().is_none());
    }
}
