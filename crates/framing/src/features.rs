//! The feature vector of one mention: three context embeddings (its sentence, the mean of
//! the sentences either side, the mean of the whole document), the document's language, the
//! claims the mention and its actor take part in, its position, and optionally the
//! persuasion techniques in its sentence. Training and inference build it with the same
//! code from an [`Analysis`] and its sentence vectors.

use std::collections::HashMap;

use narrascope_core::{Analysis, Claim, Polarity, Span};
use narrascope_embed::Vector;
use serde::{Deserialize, Serialize};

/// Embedding width.
const D: usize = 512;

/// Relation groups, in feature order; a relation in none of them counts as `other`.
pub const HOSTILE: [&str; 8] = [
    "attack", "bomb", "kill", "occupy", "invade", "threaten", "exploit", "fight",
];
pub const BLAMING: [&str; 3] = ["accuse", "blame", "condemn"];
pub const SUPPORTIVE: [&str; 10] = [
    "support",
    "arm",
    "train",
    "fund",
    "ally",
    "create",
    "protect",
    "help",
    "coordinate",
    "welcome",
];
const GROUPS: usize = 4;

/// The group of an affirmed claim's relation (0 hostile, 1 blaming, 2 supportive, 3 other);
/// a negated claim is `other`.
pub fn group_of(c: &Claim) -> usize {
    let r = c.relation.as_str();
    if c.polarity == Polarity::Negated {
        3
    } else if HOSTILE.contains(&r) {
        0
    } else if BLAMING.contains(&r) {
        1
    } else if SUPPORTIVE.contains(&r) {
        2
    } else {
        3
    }
}

/// Which features a model reads, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureSpec {
    /// Languages of the one-hot block.
    pub langs: Vec<String>,
    /// Technique families counted in the mention's sentence (empty: no technique features).
    #[serde(default)]
    pub technique_families: Vec<String>,
    /// Whether the document's mean sentence vector is a feature block (it is the same for
    /// every actor of a document, so it pulls them towards one role).
    #[serde(default = "yes")]
    pub document_mean: bool,
}

fn yes() -> bool {
    true
}

/// Scalars after the three embeddings and the language block: claims of the mention
/// (subject, object × group), claims of its actor anywhere in the document (same), linked,
/// relative position, in the first sentence, relative sentence index, ln(1 + occurrences of
/// the surface), ln(1 + sentences).
const SCALARS: usize = 4 * GROUPS + 6;

impl FeatureSpec {
    pub fn len(&self) -> usize {
        self.embeddings() * D + self.langs.len() + SCALARS + self.technique_families.len()
    }

    pub fn is_empty(&self) -> bool {
        false
    }

    fn embeddings(&self) -> usize {
        if self.document_mean { 3 } else { 2 }
    }

    /// Ranges sharing one scale: the embeddings.
    pub fn blocks(&self) -> Vec<std::ops::Range<usize>> {
        (0..self.embeddings()).map(|b| b * D..(b + 1) * D).collect()
    }
}

/// What every mention of one document shares.
pub struct DocContext<'a> {
    pub analysis: &'a Analysis,
    pub sentences: &'a [Vector],
    mean: Option<Vector>,
    /// Per entity: claim counts as subject and object, by group.
    by_entity: HashMap<&'a str, [f32; 2 * GROUPS]>,
}

fn mean_of<'v>(vs: impl Iterator<Item = &'v Vector>) -> Option<Vector> {
    let mut m = [0.0f32; D];
    let mut n = 0;
    for v in vs {
        m.iter_mut().zip(v).for_each(|(a, b)| *a += b);
        n += 1;
    }
    let norm = m.iter().map(|x| x * x).sum::<f32>().sqrt();
    (n > 0 && norm > 1e-9).then(|| {
        m.iter_mut().for_each(|x| *x /= norm);
        m
    })
}

impl<'a> DocContext<'a> {
    pub fn new(analysis: &'a Analysis, sentences: &'a [Vector]) -> Self {
        let mut by_entity: HashMap<&str, [f32; 2 * GROUPS]> = HashMap::new();
        for c in &analysis.claims {
            let g = group_of(c);
            by_entity.entry(&c.subject).or_default()[g] += 1.0;
            by_entity.entry(&c.object).or_default()[GROUPS + g] += 1.0;
        }
        DocContext {
            analysis,
            sentences,
            mean: mean_of(sentences.iter()),
            by_entity,
        }
    }

    /// The index of the sentence holding byte `at`.
    pub fn sentence_of(&self, at: usize) -> Option<usize> {
        let s = &self.analysis.doc.sentences;
        let i = s.partition_point(|x| x.span.end <= at);
        (i < s.len() && s[i].span.start <= at).then_some(i)
    }

    /// Claims whose subject (`true`) or object (`false`) span overlaps `span`.
    pub fn claims_at(&self, span: Span) -> impl Iterator<Item = (&'a Claim, bool)> + '_ {
        self.analysis.claims.iter().filter_map(move |c| {
            if c.subject_span.overlaps(span) {
                Some((c, true))
            } else if c.object_span.overlaps(span) {
                Some((c, false))
            } else {
                None
            }
        })
    }

    /// The raw (unscaled) features of the mention at `span`, linked to `entity` if known.
    pub fn features(&self, spec: &FeatureSpec, span: Span, entity: Option<&str>) -> Vec<f32> {
        let mut out = Vec::with_capacity(spec.len());
        let sent = self.sentence_of(span.start);
        let vec_at = |i: usize| self.sentences.get(i);
        let zeros = [0.0f32; D];
        out.extend_from_slice(sent.and_then(vec_at).unwrap_or(&zeros));
        let around = sent.and_then(|i| {
            mean_of(
                [i.checked_sub(1), Some(i + 1)]
                    .into_iter()
                    .flatten()
                    .filter_map(vec_at),
            )
        });
        out.extend_from_slice(around.as_ref().unwrap_or(&zeros));
        if spec.document_mean {
            out.extend_from_slice(self.mean.as_ref().unwrap_or(&zeros));
        }
        let lang = self.analysis.doc.lang.as_ref().map(|l| l.code.as_str());
        out.extend(
            spec.langs
                .iter()
                .map(|l| f32::from(u8::from(Some(l.as_str()) == lang))),
        );
        let mut own = [0.0f32; 2 * GROUPS];
        for (c, subject) in self.claims_at(span) {
            own[group_of(c) + if subject { 0 } else { GROUPS }] += 1.0;
        }
        out.extend(own.iter().map(|v| v.min(3.0)));
        let actor = entity.and_then(|e| self.by_entity.get(e)).copied();
        out.extend(actor.unwrap_or_default().iter().map(|v| v.ln_1p()));
        let text = &self.analysis.doc.text;
        let n_sent = self.analysis.doc.sentences.len();
        let surface = span.slice(text).unwrap_or("");
        let occurrences = if surface.is_empty() {
            0
        } else {
            text.matches(surface).count()
        };
        out.extend([
            f32::from(u8::from(entity.is_some())),
            span.start as f32 / text.len().max(1) as f32,
            f32::from(u8::from(sent == Some(0))),
            sent.map_or(0.0, |i| i as f32 / n_sent.max(1) as f32),
            (occurrences as f32).ln_1p(),
            (n_sent as f32).ln_1p(),
        ]);
        let sent_span = sent.map(|i| self.analysis.doc.sentences[i].span);
        for fam in &spec.technique_families {
            let n = self
                .analysis
                .techniques
                .iter()
                .filter(|t| &t.family == fam && sent_span.is_some_and(|s| s.overlaps(t.span)))
                .count();
            out.push((n as f32).min(3.0));
        }
        out
    }
}

#[cfg(test)]
mod tests;
