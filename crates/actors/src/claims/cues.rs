//! Polarity, modality and attribution of a sentence's claims: negation words around the
//! trigger, hedges and question marks, and the source named by `according to X` or `X said`.

use narrascope_core::{Modality, Polarity, Span};

use super::extract::ClaimExtractor;
use super::sentence::SentFold;
use crate::mention::Mention;
use crate::text::{at_word_boundaries, words};

/// The folded attribution cues (`said`, then `according`) searched together in one pass
/// (all occurrences, overlapping).
pub(super) struct Cues {
    automaton: Option<aho_corasick::AhoCorasick>,
    /// Per pattern: whether it is an `according` cue.
    according: Vec<bool>,
}

impl Cues {
    pub(super) fn new(said: &[String], according: &[String]) -> Cues {
        let tagged: Vec<(&str, bool)> = said
            .iter()
            .map(|p| (p.as_str(), false))
            .chain(according.iter().map(|p| (p.as_str(), true)))
            .filter(|(p, _)| !p.is_empty())
            .collect();
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(tagged.iter().map(|t| t.0))
            .ok();
        Cues {
            automaton,
            according: tagged.iter().map(|t| t.1).collect(),
        }
    }
}

/// Where a sentence's `said` and `according` cues start (text offsets).
#[derive(Default)]
pub(super) struct CuePositions {
    pub said: Vec<usize>,
    pub according: Vec<usize>,
}

impl ClaimExtractor {
    pub(super) fn polarity(&self, text: &str, trig: Span) -> Polarity {
        let before: Vec<String> = words(&text[..trig.start])
            .rev()
            .take(3)
            .map(|w| w.to_lowercase())
            .collect();
        let after: Vec<String> = words(&text[trig.end..])
            .take(2)
            .map(|w| w.to_lowercase())
            .collect();
        let neg = |w: &String| {
            self.lexicon.negation.contains(w)
                || w.ends_with("n't")
                || w.ends_with("n’t")
                || w == "n"
                || w == "n'"
        };
        let french_ne = before
            .iter()
            .any(|w| w == "ne" || w.starts_with("n'") || w.starts_with("n’"));
        if before.iter().any(neg)
            || (french_ne && after.iter().any(|w| w == "pas" || w == "jamais"))
        {
            Polarity::Negated
        } else {
            Polarity::Affirmed
        }
    }

    pub(super) fn modality(&self, sent: &str, folded: &str) -> Modality {
        if sent.trim_end().ends_with('?') {
            Modality::Questioned
        } else if words(folded).any(|w| self.lexicon.hedge.contains(w)) {
            Modality::Hedged
        } else {
            Modality::Asserted
        }
    }

    pub(super) fn cue_positions(&self, f: &SentFold<'_>, sent: &str, base: usize) -> CuePositions {
        let mut out = CuePositions::default();
        let Some(ac) = &self.cues.automaton else {
            return out;
        };
        for m in ac.find_overlapping_iter(f.text()) {
            if at_word_boundaries(f.text(), m.start(), m.end())
                && let Some((s, _)) = f.original(sent, m.start(), m.end())
            {
                match self.cues.according.get(m.pattern().as_usize()) {
                    Some(true) => out.according.push(base + s),
                    _ => out.said.push(base + s),
                }
            }
        }
        out
    }

    /// `according to X` / `selon X`, else `X said` / `said X` / `X officials said`.
    pub(super) fn source(&self, text: &str, ms: &[&Mention], at: &CuePositions) -> Option<String> {
        if let Some(&p) = at.according.iter().min() {
            return ms
                .iter()
                .find(|m| m.span.start > p)
                .and_then(|m| m.entity.clone());
        }
        let p = at.said.iter().copied().min()?;
        ms.iter()
            .rev()
            .find(|m| m.span.end <= p && p - m.span.end <= 3)
            .or_else(|| {
                ms.iter()
                    .find(|m| m.span.start > p && m.span.start - p <= 10)
            })
            .or_else(|| {
                ms.iter().rev().find(|m| {
                    m.span.end <= p
                        && text
                            .get(m.span.end..p)
                            .is_some_and(|g| words(g).count() <= 1)
                })
            })
            .and_then(|m| m.entity.clone())
    }
}
