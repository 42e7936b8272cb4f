//! Catalog matching: which narratives a document carries, with a score and the evidence.
//!
//! Two kinds of evidence are combined. Sentences: each sentence is compared (cosine of
//! sentence embeddings) with the exemplar statements of every narrative; a narrative's
//! embedding score is the mean of its best `top_k` sentence similarities, turned into a
//! probability by a logistic curve calibrated on labelled texts (EVAL.md). Claims: every
//! extracted claim matching one of the narrative's signatures adds its weight. The two
//! combine as independent evidence (`1 - (1-p)(1-q)`), and a parent narrative scores at
//! least as high as its best child.

use narrascope_core::{Analysis, NarrativeEvidence, NarrativeMatch};
use narrascope_kb::Kb;
use narrascope_kb::narratives::{Catalogs, NarrativeDef};

use narrascope_embed::gemm;

use crate::exemplars::{DIM, ExemplarIndex};
use crate::signature::{SignatureSet, noisy_or};

/// Thresholds and calibration of the matcher.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MatchConfig {
    /// A sentence at least this similar to an exemplar is shown as evidence.
    pub evidence_min: f32,
    /// Sentences whose similarities are averaged into the embedding score.
    pub top_k: usize,
    /// Embedding score at which the logistic curve gives 0.5.
    pub midpoint: f32,
    /// Steepness of the logistic curve.
    pub slope: f32,
    /// Matches below this score are not reported.
    pub threshold: f32,
    /// Evidence items kept per narrative.
    pub max_evidence: usize,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig {
            evidence_min: 0.5,
            top_k: 2,
            midpoint: 0.6,
            slope: 25.0,
            threshold: 0.5,
            max_evidence: 5,
        }
    }
}

/// The narratives of some catalogs, ready to match documents against.
pub struct Matcher {
    defs: Vec<NarrativeDef>,
    /// Exemplar vectors as the columns of a `DIM × padded` matrix, packed for the GEMM kernel.
    packed: Vec<f32>,
    padded: usize,
    parent: Vec<Option<usize>>,
    exemplars: ExemplarIndex,
    signatures: SignatureSet,
    config: MatchConfig,
    /// Logistic midpoint per narrative (the config's, unless its catalog sets one).
    midpoints: Vec<f32>,
}

/// Per narrative, before thresholds: the embedding score, the claim score and evidence.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Mean of the best `top_k` sentence similarities.
    pub similarity: f32,
    /// The best single sentence similarity.
    pub top1: f32,
    pub p_embedding: f32,
    pub p_claims: f32,
    pub score: f32,
    evidence: Vec<NarrativeEvidence>,
}

impl Matcher {
    /// `exemplars` must have been built from `defs` in the same order.
    pub fn new(defs: Vec<NarrativeDef>, exemplars: ExemplarIndex, config: MatchConfig) -> Self {
        let parent = defs
            .iter()
            .map(|d| {
                d.parent
                    .as_ref()
                    .and_then(|p| defs.iter().position(|x| &x.id == p))
            })
            .collect();
        let signatures = SignatureSet::new(defs.iter().map(|d| d.signatures.as_slice()));
        let n = exemplars.len();
        let padded = n.div_ceil(gemm::NR).max(1) * gemm::NR;
        let mut t = vec![0.0f32; DIM * padded];
        for e in 0..n {
            for (k, x) in exemplars.vector(e).iter().enumerate() {
                t[k * padded + e] = *x;
            }
        }
        let packed = gemm::pack(&t, DIM, padded);
        let midpoints = vec![config.midpoint; defs.len()];
        Matcher {
            midpoints,
            defs,
            packed,
            padded,
            parent,
            exemplars,
            signatures,
            config,
        }
    }

    /// Uses each catalog's own calibrated midpoint where it sets one.
    pub fn with_catalog_midpoints(mut self, catalogs: &Catalogs) -> Self {
        for (i, d) in self.defs.iter().enumerate() {
            if let Some(m) = catalogs.catalog_of(&d.id).and_then(|c| c.midpoint) {
                self.midpoints[i] = m;
            }
        }
        self
    }

    /// Overrides the midpoint of every narrative whose id starts with `prefix`.
    pub fn set_midpoint(&mut self, prefix: &str, midpoint: f32) {
        for (i, d) in self.defs.iter().enumerate() {
            if d.id.starts_with(prefix) {
                self.midpoints[i] = midpoint;
            }
        }
    }

    pub fn defs(&self) -> &[NarrativeDef] {
        &self.defs
    }

    pub fn config(&self) -> &MatchConfig {
        &self.config
    }

    /// Raw scores of every narrative for one document: `sentences[i]` is the L2-normalised
    /// vector of sentence `i` (empty when the document has no vectors; claims still count).
    pub fn scores(&self, a: &Analysis, sentences: &[&[f32]], kb: &Kb) -> Vec<Scores> {
        let n = self.defs.len();
        // best[narrative] = per sentence (similarity, exemplar)
        let mut best: Vec<Vec<(f32, usize)>> = vec![vec![(f32::MIN, 0); sentences.len()]; n];
        // One matrix product: sentences (rows) against every exemplar (columns).
        let rows: Vec<usize> = (0..sentences.len())
            .filter(|&i| sentences[i].len() == DIM)
            .collect();
        if !rows.is_empty() && !self.exemplars.is_empty() {
            let mut a = Vec::with_capacity(rows.len() * DIM);
            for &i in &rows {
                a.extend_from_slice(sentences[i]);
            }
            let mut c = vec![0.0f32; rows.len() * self.padded];
            gemm::matmul(rows.len(), DIM, self.padded, &a, DIM, &self.packed, &mut c);
            for (r, &si) in rows.iter().enumerate() {
                let sims = &c[r * self.padded..r * self.padded + self.exemplars.len()];
                for (ei, (e, &sim)) in self.exemplars.exemplars.iter().zip(sims).enumerate() {
                    let slot = &mut best[e.narrative][si];
                    if sim > slot.0 {
                        *slot = (sim, ei);
                    }
                }
            }
        }
        let hits = self.signatures.hits(&a.claims, kb);
        let mut out: Vec<Scores> = (0..n)
            .map(|ni| self.score_one(a, &best[ni], &hits, ni))
            .collect();
        // a parent is at least as likely as its most likely child
        for ni in 0..n {
            if let Some(p) = self.parent[ni]
                && out[ni].score > out[p].score
            {
                let child = out[ni].clone();
                let parent = &mut out[p];
                parent.score = child.score;
                parent.evidence = child.evidence;
            }
        }
        out
    }

    fn score_one(
        &self,
        a: &Analysis,
        best: &[(f32, usize)],
        hits: &[crate::signature::Hit],
        ni: usize,
    ) -> Scores {
        let mut order: Vec<usize> = (0..best.len()).filter(|&i| best[i].0 > f32::MIN).collect();
        order.sort_by(|&x, &y| best[y].0.total_cmp(&best[x].0).then(x.cmp(&y)));
        let k = self.config.top_k.max(1).min(order.len());
        let similarity = match k {
            0 => 0.0,
            _ => order[..k].iter().map(|&i| best[i].0).sum::<f32>() / k as f32,
        };
        let p_embedding = match k {
            0 => 0.0,
            _ => logistic(self.config.slope * (similarity - self.midpoints[ni])),
        };
        let mine: Vec<_> = hits.iter().filter(|h| h.narrative == ni).collect();
        let p_claims = noisy_or(mine.iter().map(|h| h.weight));
        let mut evidence: Vec<NarrativeEvidence> = Vec::new();
        for h in &mine {
            let Some(c) = a.claims.get(h.claim) else {
                continue;
            };
            let sim = best.get(c.sentence).map(|b| b.0).filter(|&s| s > f32::MIN);
            evidence.push(NarrativeEvidence {
                sentence: c.sentence,
                span: a
                    .doc
                    .sentences
                    .get(c.sentence)
                    .map(|s| s.span)
                    .unwrap_or(c.evidence),
                similarity: sim,
                exemplar: None,
                claim: Some(h.claim),
            });
        }
        for &i in &order {
            if best[i].0 < self.config.evidence_min {
                break;
            }
            if evidence.iter().any(|e| e.sentence == i) {
                continue;
            }
            let Some(s) = a.doc.sentences.get(i) else {
                continue;
            };
            evidence.push(NarrativeEvidence {
                sentence: i,
                span: s.span,
                similarity: Some(best[i].0),
                exemplar: self
                    .exemplars
                    .exemplars
                    .get(best[i].1)
                    .map(|e| e.key.clone()),
                claim: None,
            });
        }
        // claims first (they are the most specific), then by similarity
        evidence.sort_by(|x, y| {
            y.claim
                .is_some()
                .cmp(&x.claim.is_some())
                .then(
                    y.similarity
                        .unwrap_or(0.0)
                        .total_cmp(&x.similarity.unwrap_or(0.0)),
                )
                .then(x.sentence.cmp(&y.sentence))
        });
        evidence.dedup_by_key(|e| e.sentence);
        evidence.truncate(self.config.max_evidence);
        Scores {
            similarity,
            top1: order.first().map(|&i| best[i].0).unwrap_or(0.0),
            p_embedding,
            p_claims,
            score: noisy_or([p_embedding, p_claims]),
            evidence,
        }
    }

    /// Indexes of the claims of `a` that match a signature of any narrative.
    pub fn covered_claims(&self, a: &Analysis, kb: &Kb) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .signatures
            .hits(&a.claims, kb)
            .iter()
            .map(|h| h.claim)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// The narratives `a` carries, best first.
    pub fn match_document(
        &self,
        a: &Analysis,
        sentences: &[&[f32]],
        kb: &Kb,
    ) -> Vec<NarrativeMatch> {
        self.match_with(a, sentences, kb, &[])
    }

    /// [`Matcher::match_document`], also taking the narratives a trained classifier
    /// predicted for the document (`(narrative id, probability)`): a predicted narrative is
    /// reported with at least that score, its evidence being the sentences closest to its
    /// exemplars.
    pub fn match_with(
        &self,
        a: &Analysis,
        sentences: &[&[f32]],
        kb: &Kb,
        predicted: &[(String, f32)],
    ) -> Vec<NarrativeMatch> {
        let mut scores = self.scores(a, sentences, kb);
        for (id, p) in predicted {
            let Some(i) = self.defs.iter().position(|d| &d.id == id) else {
                continue;
            };
            let s = &mut scores[i];
            // a classifier trained on one domain also answers on texts from others: keep
            // its prediction only where some sentence is at least moderately close to the
            // narrative's exemplars
            if s.top1 < self.midpoints[i] {
                continue;
            }
            if *p > s.score {
                s.score = *p;
            }
            if s.evidence.is_empty() {
                s.evidence = self.closest(a, sentences, i, 2);
            }
        }
        let mut out: Vec<NarrativeMatch> = scores
            .into_iter()
            .enumerate()
            .filter(|(_, s)| s.score >= self.config.threshold && !s.evidence.is_empty())
            .map(|(i, s)| NarrativeMatch {
                narrative: self.defs[i].id.clone(),
                score: s.score,
                evidence: s.evidence,
            })
            .collect();
        out.sort_by(|x, y| {
            y.score
                .total_cmp(&x.score)
                .then(x.narrative.cmp(&y.narrative))
        });
        out
    }

    /// The `n` sentences most similar to narrative `ni`'s exemplars (or, for a narrative
    /// without exemplars, to its children's).
    fn closest(
        &self,
        a: &Analysis,
        sentences: &[&[f32]],
        ni: usize,
        n: usize,
    ) -> Vec<NarrativeEvidence> {
        let id = &self.defs[ni].id;
        let mine: Vec<usize> = (0..self.exemplars.len())
            .filter(|&e| {
                let k = self.exemplars.exemplars[e].narrative;
                k == ni || self.defs[k].parent.as_ref() == Some(id)
            })
            .collect();
        let mut best: Vec<(f32, usize, usize)> = Vec::new();
        for (si, s) in sentences.iter().enumerate() {
            if s.len() != DIM {
                continue;
            }
            if let Some((sim, e)) = mine
                .iter()
                .map(|&e| (dot(s, self.exemplars.vector(e)), e))
                .max_by(|x, y| x.0.total_cmp(&y.0))
            {
                best.push((sim, si, e));
            }
        }
        best.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        best.iter()
            .take(n)
            .filter_map(|&(sim, si, e)| {
                Some(NarrativeEvidence {
                    sentence: si,
                    span: a.doc.sentences.get(si)?.span,
                    similarity: Some(sim),
                    exemplar: Some(self.exemplars.exemplars[e].key.clone()),
                    claim: None,
                })
            })
            .collect()
    }
}

fn logistic(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Dot product in eight lanes, which the compiler turns into SIMD.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for l in 0..8 {
            acc[l] += x[l] * y[l];
        }
    }
    let tail: f32 = a
        .chunks_exact(8)
        .remainder()
        .iter()
        .zip(b.chunks_exact(8).remainder())
        .map(|(x, y)| x * y)
        .sum();
    acc.iter().sum::<f32>() + tail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exemplars::Exemplar;
    use narrascope_core::{RawDocument, Sentence, SourceRef, Span};
    use narrascope_kb::narratives::NarrativeDef;

    fn def(id: &str, parent: Option<&str>) -> NarrativeDef {
        NarrativeDef {
            id: id.into(),
            label: None,
            title: id.into(),
            description: "d".into(),
            parent: parent.map(str::to_string),
            other: false,
            signatures: Vec::new(),
            exemplars: Default::default(),
            keywords: Default::default(),
        }
    }

    fn unit(axis: usize, tilt: f32) -> Vec<f32> {
        let mut v = vec![0.0; DIM];
        v[axis] = 1.0;
        v[axis + 1] = tilt;
        crate::exemplars::normalise(&mut v);
        v
    }

    fn analysis(n: usize) -> Analysis {
        let text: String = (0..n).map(|i| format!("Sentence {i}. ")).collect();
        let mut a = Analysis::new(RawDocument {
            source: SourceRef {
                path: "t".into(),
                locator: None,
                format: narrascope_core::Format::Text,
            },
            text: text.clone(),
            meta: Default::default(),
        });
        a.doc.sentences = (0..n)
            .map(|i| Sentence {
                span: Span::new(i * 12, i * 12 + 11),
                paragraph: 0,
                lang: None,
            })
            .collect();
        a
    }

    #[test]
    fn close_sentences_match_and_parents_inherit() {
        // narrative 1 (child of 0) has an exemplar on axis 0, narrative 2 on axis 10
        let defs = vec![
            def("c/p", None),
            def("c/p/k", Some("c/p")),
            def("c/q", None),
        ];
        let ex = vec![
            Exemplar {
                narrative: 1,
                key: "en:0".into(),
                text: "x".into(),
            },
            Exemplar {
                narrative: 2,
                key: "en:0".into(),
                text: "y".into(),
            },
        ];
        let mut vectors = unit(0, 0.0);
        vectors.extend(unit(10, 0.0));
        let m = Matcher::new(
            defs,
            ExemplarIndex::from_vectors(ex, vectors),
            MatchConfig::default(),
        );
        let kb = Kb::default();
        let a = analysis(3);
        // sentences 1 and 2 are close to the child's exemplar (the score averages the best
        // two), sentence 0 is far from everything
        let (s0, s1, s2) = (unit(100, 0.0), unit(0, 0.2), unit(0, 0.4));
        let rows: Vec<&[f32]> = vec![&s0, &s1, &s2];
        let got = m.match_document(&a, &rows, &kb);
        let ids: Vec<&str> = got.iter().map(|x| x.narrative.as_str()).collect();
        assert_eq!(ids, ["c/p", "c/p/k"], "{got:?}");
        assert_eq!(got[1].evidence[0].sentence, 1);
        assert_eq!(got[1].evidence[0].exemplar.as_deref(), Some("en:0"));
        // nothing close: nothing matched; no vectors: nothing matched
        let s3 = unit(200, 0.0);
        let far: Vec<&[f32]> = vec![&s0, &s3];
        assert!(m.match_document(&analysis(2), &far, &kb).is_empty());
        assert!(m.match_document(&analysis(2), &[], &kb).is_empty());
    }
}
