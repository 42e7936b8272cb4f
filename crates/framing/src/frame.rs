//! How a document frames each linked actor: the role model's probabilities for every
//! mention of the actor, averaged, then decided once. Without sentence vectors, a few
//! claim cues decide instead (see [`frame_by_claims`]).

use std::collections::BTreeMap;

use narrascope_core::{Analysis, Evidence, Framing, RoleScore};
use narrascope_embed::Vector;

use crate::features::{DocContext, group_of};
use crate::model::{RoleModel, RoleProbs, SHIPPED_NAME};
use crate::taxonomy::{FINE_ROLES, MAIN_ROLES};

/// Claims cited as evidence per framing, at most.
const MAX_CLAIMS: usize = 8;

/// Whether mention `i` of `a` lies inside the phrase that cites a source ("MOA reports",
/// "according to Tass"): there the actor is quoted as a source, not cast in a role.
fn in_citation(a: &Analysis, i: usize) -> bool {
    let span = a.mentions[i].span;
    a.sources
        .iter()
        .any(|s| s.cue_span.start <= span.start && span.end <= s.cue_span.end)
}

/// Mention indices per linked entity, entities in order of first mention. Mentions inside
/// a citing phrase are left out, so an outlet or official that is only ever cited as a
/// source gets no framing.
fn actors(a: &Analysis) -> Vec<(&str, Vec<usize>)> {
    let mut order: Vec<&str> = Vec::new();
    let mut by: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, m) in a.mentions.iter().enumerate() {
        if in_citation(a, i) {
            continue;
        }
        if let Some(e) = m.entity.as_deref() {
            let list = by.entry(e).or_default();
            if list.is_empty() {
                order.push(e);
            }
            list.push(i);
        }
    }
    order
        .into_iter()
        .map(|e| (e, by.remove(e).unwrap_or_default()))
        .collect()
}

/// Evidence for the claims where `actor` is subject or object.
fn claim_evidence(a: &Analysis, actor: &str) -> impl Iterator<Item = Evidence> {
    a.claims
        .iter()
        .filter(move |c| c.subject == actor || c.object == actor)
        .take(MAX_CLAIMS)
        .map(|c| Evidence {
            kind: "claim".into(),
            id: c.key.clone(),
            score: None,
            span: Some(c.evidence),
        })
}

impl RoleModel {
    /// One framing per actor the document discusses: a linked actor mentioned at least
    /// twice, or once as the subject or object of a claim (a passing mention gives the
    /// model nothing but the tone of one sentence). Run after cited sources are found:
    /// mentions inside a citing phrase do not count. `sentence_vectors` are the vectors of
    /// `a.doc.sentences` (same order); when absent or empty, [`frame_by_claims`] decides.
    pub fn frame(&self, a: &Analysis, sentence_vectors: Option<&[Vector]>) -> Vec<Framing> {
        let vectors = match sentence_vectors {
            Some(v) if !v.is_empty() => v,
            _ => return frame_by_claims(a),
        };
        let ctx = DocContext::new(a, vectors);
        let mut out = Vec::new();
        for (actor, idx) in actors(a) {
            if idx.len() < 2
                && !a
                    .claims
                    .iter()
                    .any(|c| c.subject == actor || c.object == actor)
            {
                continue;
            }
            let probs: Vec<RoleProbs> = idx
                .iter()
                .map(|&i| {
                    let x = ctx.features(&self.spec, a.mentions[i].span, Some(actor));
                    self.probabilities(&x)
                })
                .collect();
            let Some(p) = RoleProbs::mean(&probs) else {
                continue;
            };
            let d = self.decide(&p);
            let score = p.main[d.main];
            let mut evidence = vec![Evidence {
                kind: "model".into(),
                id: SHIPPED_NAME.into(),
                score: Some(score),
                span: None,
            }];
            evidence.extend(claim_evidence(a, actor));
            out.push(Framing {
                actor: actor.to_string(),
                main_role: MAIN_ROLES[d.main].to_string(),
                score,
                fine_roles: d
                    .fine
                    .iter()
                    .map(|&k| RoleScore {
                        role: FINE_ROLES[k].0.to_string(),
                        score: p.fine[k],
                    })
                    .collect(),
                mentions: idx,
                evidence,
            });
        }
        out
    }
}

/// The score the claim cues give their role.
const CUE_SCORE: f32 = 0.5;

/// Framings from claims alone, for actors the claims speak clearly about: an actor that is
/// the subject of a hostile claim (attacks, kills, invades…) or the object of a blaming one
/// (accused, condemned), more often than it is the object of hostile claims, is an
/// `Antagonist` (`Instigator`); an actor only ever on the receiving end of hostile claims is
/// `Innocent` (`Victim`). Other actors get no framing.
pub fn frame_by_claims(a: &Analysis) -> Vec<Framing> {
    let mut out = Vec::new();
    for (actor, idx) in actors(a) {
        let (mut acts, mut suffers) = (0usize, 0usize);
        for c in a.claims.iter() {
            match (group_of(c), c.subject == actor, c.object == actor) {
                (0, true, _) | (1, _, true) => acts += 1,
                (0, false, true) => suffers += 1,
                _ => {}
            }
        }
        let (main, fine, cue) = if acts > 0 && acts >= suffers {
            ("Antagonist", "Instigator", "claims/acts-hostile-or-blamed")
        } else if suffers > 0 && acts == 0 {
            ("Innocent", "Victim", "claims/suffers-hostile")
        } else {
            continue;
        };
        let mut evidence = vec![Evidence {
            kind: "cue".into(),
            id: cue.into(),
            score: Some(CUE_SCORE),
            span: None,
        }];
        evidence.extend(claim_evidence(a, actor));
        out.push(Framing {
            actor: actor.to_string(),
            main_role: main.into(),
            score: CUE_SCORE,
            fine_roles: vec![RoleScore {
                role: fine.into(),
                score: CUE_SCORE,
            }],
            mentions: idx,
            evidence,
        });
    }
    out
}

#[cfg(test)]
mod tests;
