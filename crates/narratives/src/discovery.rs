//! Discovery: claims that recur across documents and that no catalog narrative covers
//! become candidate narratives.
//!
//! Claims are grouped by claim key and polarity (`Q30 arm Q2429253`, affirmed). A group
//! seen in at least `min_documents` documents is a candidate; its id is derived from the
//! key alone, so re-running over the same or a grown corpus keeps it. Each candidate is
//! described by its key, its documents, languages and outlets, when it was first seen,
//! and per language the claim sentence closest to the group's mean embedding (or the
//! earliest one when no vectors are given).

use std::collections::BTreeMap;

use crate::exemplars::{DIM, normalise};
use crate::fnv::{fnv1a, fnv1a_from};
use crate::matcher::dot;

/// One document as discovery sees it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DocInfo {
    pub id: String,
    pub lang: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<String>,
}

/// One claim as discovery sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRef {
    /// Index into the document list.
    pub doc: usize,
    pub key: String,
    pub negated: bool,
    /// The sentence stating it.
    pub sentence: String,
    /// Its sentence embedding, when the document has vectors.
    pub vector: Option<Vec<f32>>,
    /// A catalog narrative already covers this claim.
    pub covered: bool,
}

/// A sentence chosen to show what a candidate says in one language.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Representative {
    pub lang: String,
    pub doc_id: String,
    pub sentence: String,
}

/// A candidate narrative.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Candidate {
    pub id: String,
    /// The key stated by the most documents.
    pub key: String,
    /// Every key merged into the candidate, most documents first.
    pub keys: Vec<String>,
    pub negated: bool,
    /// Member document ids, earliest first.
    pub documents: Vec<String>,
    pub languages: Vec<String>,
    pub outlets: Vec<String>,
    pub first_seen: Option<String>,
    pub first_document: String,
    pub representatives: Vec<Representative>,
}

/// Discovery settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiscoveryConfig {
    pub min_documents: usize,
    /// Claim keys of the same polarity that share an actor merge into one candidate when
    /// the mean embeddings of their sentences are at least this close.
    pub merge_cosine: f32,
    /// Keep keys a catalog narrative already covers.
    pub include_covered: bool,
}

impl Default for DiscoveryConfig {
    fn default() -> Self {
        DiscoveryConfig {
            min_documents: 2,
            merge_cosine: 0.8,
            include_covered: false,
        }
    }
}

/// The stable id of a claim key: `d-` and 12 hex digits of its FNV-1a hash.
pub fn candidate_id(key: &str, negated: bool) -> String {
    let h = fnv1a_from(fnv1a(key.as_bytes()), &[u8::from(negated)]);
    format!("d-{:012x}", h & 0xffff_ffff_ffff)
}

/// Candidates, most documents first, then by id.
pub fn discover(docs: &[DocInfo], claims: &[ClaimRef], cfg: DiscoveryConfig) -> Vec<Candidate> {
    let mut by_key: BTreeMap<(&str, bool), Vec<&ClaimRef>> = BTreeMap::new();
    for c in claims {
        if c.doc < docs.len() {
            by_key
                .entry((c.key.as_str(), c.negated))
                .or_default()
                .push(c);
        }
    }
    let groups: Vec<((&str, bool), Vec<&ClaimRef>)> = by_key
        .into_iter()
        .filter(|(_, m)| cfg.include_covered || !m.iter().any(|c| c.covered))
        .collect();
    let clusters = cluster(&groups, cfg.merge_cosine);
    let mut out = Vec::new();
    for members_of in clusters {
        let members: Vec<&ClaimRef> = members_of
            .iter()
            .flat_map(|&g| groups[g].1.iter().copied())
            .collect();
        let mut doc_idx: Vec<usize> = members.iter().map(|c| c.doc).collect();
        doc_idx.sort_unstable();
        doc_idx.dedup();
        if doc_idx.len() < cfg.min_documents.max(1) {
            continue;
        }
        // keys by how many documents state them, then by key
        let mut keys: Vec<(usize, &str)> = members_of
            .iter()
            .map(|&g| {
                let mut d: Vec<usize> = groups[g].1.iter().map(|c| c.doc).collect();
                d.sort_unstable();
                d.dedup();
                (d.len(), groups[g].0.0)
            })
            .collect();
        keys.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let negated = groups[members_of[0]].0.1;
        doc_idx.sort_by(|&a, &b| date_order(&docs[a], &docs[b]));
        let sorted = |f: fn(&DocInfo) -> Option<&String>| -> Vec<String> {
            let mut v: Vec<String> = doc_idx
                .iter()
                .filter_map(|&i| f(&docs[i]).cloned())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        out.push(Candidate {
            id: candidate_id(keys[0].1, negated),
            key: keys[0].1.to_string(),
            keys: keys.iter().map(|k| k.1.to_string()).collect(),
            negated,
            documents: doc_idx.iter().map(|&i| docs[i].id.clone()).collect(),
            languages: sorted(|d| d.lang.as_ref()),
            outlets: sorted(|d| d.outlet.as_ref()),
            first_seen: docs[doc_idx[0]].date.clone(),
            first_document: docs[doc_idx[0]].id.clone(),
            representatives: representatives(docs, &members),
        });
    }
    out.sort_by(|a, b| {
        b.documents
            .len()
            .cmp(&a.documents.len())
            .then(a.id.cmp(&b.id))
    });
    out
}

/// Most groups compared per actor when merging (the largest first), to bound the work.
const MAX_PER_ACTOR: usize = 300;

/// Groups of claim keys to merge: keys of one polarity sharing a subject or object whose
/// sentence centroids are at least `min_cos` close. Clusters come out in order of their
/// first group, members in group order.
fn cluster(groups: &[((&str, bool), Vec<&ClaimRef>)], min_cos: f32) -> Vec<Vec<usize>> {
    let n = groups.len();
    let centroids: Vec<Option<Vec<f32>>> = groups
        .iter()
        .map(|(_, m)| {
            let mut c = vec![0.0f32; DIM];
            let mut any = false;
            for v in m
                .iter()
                .filter_map(|x| x.vector.as_ref())
                .filter(|v| v.len() == DIM)
            {
                c.iter_mut().zip(v).for_each(|(a, x)| *a += x);
                any = true;
            }
            any.then(|| {
                normalise(&mut c);
                c
            })
        })
        .collect();
    let mut by_actor: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, ((key, _), _)) in groups.iter().enumerate() {
        let parts: Vec<&str> = key.split(' ').collect();
        for a in [parts.first(), parts.get(2)].into_iter().flatten() {
            by_actor.entry(a).or_default().push(i);
        }
    }
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for list in by_actor.values_mut() {
        list.sort_by(|&a, &b| groups[b].1.len().cmp(&groups[a].1.len()).then(a.cmp(&b)));
        list.truncate(MAX_PER_ACTOR);
        for (x, &i) in list.iter().enumerate() {
            let Some(ci) = &centroids[i] else { continue };
            for &j in &list[x + 1..] {
                let Some(cj) = &centroids[j] else { continue };
                if groups[i].0.1 == groups[j].0.1 && dot(ci, cj) >= min_cos {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    if ri != rj {
                        parent[ri.max(rj)] = ri.min(rj);
                    }
                }
            }
        }
    }
    let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = root(&mut parent, i);
        clusters.entry(r).or_default().push(i);
    }
    clusters.into_values().collect()
}

/// Dated documents first, earliest first; then by id.
fn date_order(a: &DocInfo, b: &DocInfo) -> std::cmp::Ordering {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then(a.id.cmp(&b.id))
}

fn representatives(docs: &[DocInfo], members: &[&ClaimRef]) -> Vec<Representative> {
    let mut centroid = vec![0.0f32; DIM];
    for v in members.iter().filter_map(|c| c.vector.as_ref()) {
        if v.len() == DIM {
            centroid.iter_mut().zip(v).for_each(|(c, x)| *c += x);
        }
    }
    normalise(&mut centroid);
    let mut best: BTreeMap<String, (f32, &ClaimRef)> = BTreeMap::new();
    for c in members {
        let lang = docs[c.doc].lang.clone().unwrap_or_else(|| "und".into());
        let score = c
            .vector
            .as_ref()
            .filter(|v| v.len() == DIM)
            .map(|v| dot(v, &centroid))
            .unwrap_or(0.0);
        let better = match best.get(&lang) {
            None => true,
            Some((s, prev)) => {
                score > *s
                    || (score == *s
                        && date_order(&docs[c.doc], &docs[prev.doc]) == std::cmp::Ordering::Less)
            }
        };
        if better {
            best.insert(lang, (score, c));
        }
    }
    best.into_iter()
        .map(|(lang, (_, c))| Representative {
            lang,
            doc_id: docs[c.doc].id.clone(),
            sentence: c.sentence.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, lang: &str, outlet: &str, date: Option<&str>) -> DocInfo {
        DocInfo {
            id: id.into(),
            lang: Some(lang.into()),
            outlet: Some(outlet.into()),
            date: date.map(str::to_string),
        }
    }

    fn claim(doc: usize, key: &str, sentence: &str, covered: bool) -> ClaimRef {
        ClaimRef {
            doc,
            key: key.into(),
            negated: false,
            sentence: sentence.into(),
            vector: None,
            covered,
        }
    }

    #[test]
    fn recurring_uncovered_keys_become_candidates() {
        let docs = [
            doc("b", "fr", "Le Site", Some("2024-02-01")),
            doc("a", "en", "The Site", Some("2024-01-01")),
            doc("c", "en", "Other", None),
        ];
        let claims = [
            claim(0, "Q1 fund Q2", "Q1 finance Q2.", false),
            claim(1, "Q1 fund Q2", "Q1 funds Q2.", false),
            claim(2, "Q1 fund Q2", "Q1 funded Q2 again.", false),
            claim(2, "Q3 arm Q4", "Q3 arms Q4.", false),
            claim(0, "Q5 use Q6", "covered", true),
            claim(1, "Q5 use Q6", "covered", false),
        ];
        let got = discover(&docs, &claims, DiscoveryConfig::default());
        assert_eq!(got.len(), 1, "{got:?}");
        let c = &got[0];
        assert_eq!(c.id, candidate_id("Q1 fund Q2", false));
        assert_eq!(c.documents, ["a", "b", "c"], "earliest first, undated last");
        assert_eq!(c.first_document, "a");
        assert_eq!(c.first_seen.as_deref(), Some("2024-01-01"));
        assert_eq!(c.languages, ["en", "fr"]);
        assert_eq!(c.representatives.len(), 2);
        assert_eq!(c.representatives[0].sentence, "Q1 funds Q2.", "earliest en");
        // the same input gives the same result
        assert_eq!(discover(&docs, &claims, DiscoveryConfig::default()), got);
    }

    #[test]
    fn close_keys_sharing_an_actor_merge() {
        let docs = [
            doc("a", "en", "A", Some("2024-01-01")),
            doc("b", "fr", "B", Some("2024-01-02")),
            doc("c", "en", "C", Some("2024-01-03")),
        ];
        let v = |axis: usize| {
            let mut x = vec![0.0; DIM];
            x[axis] = 1.0;
            Some(x)
        };
        let mut claims = vec![
            claim(0, "Q1 fund Q2", "Q1 funds Q2.", false),
            claim(1, "Q1 support Q2", "Q1 soutient Q2.", false),
            claim(2, "Q1 support Q3", "Q1 backs Q3.", false),
        ];
        claims[0].vector = v(0);
        claims[1].vector = v(0);
        claims[2].vector = v(7);
        let got = discover(&docs, &claims, DiscoveryConfig::default());
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].documents, ["a", "b"]);
        assert_eq!(got[0].keys, ["Q1 fund Q2", "Q1 support Q2"]);
        assert_eq!(got[0].id, candidate_id("Q1 fund Q2", false));
    }

    #[test]
    fn ids_depend_on_key_and_polarity_only() {
        assert_eq!(
            candidate_id("Q1 arm Q2", false),
            candidate_id("Q1 arm Q2", false)
        );
        assert_ne!(
            candidate_id("Q1 arm Q2", false),
            candidate_id("Q1 arm Q2", true)
        );
        assert_ne!(
            candidate_id("Q1 arm Q2", false),
            candidate_id("Q1 arm Q3", false)
        );
        assert_eq!(candidate_id("x", false).len(), 14);
    }
}
