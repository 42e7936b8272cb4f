//! Claims: per sentence, (subject actor, relation, object actor) with its evidence,
//! polarity, modality and attribution.

use std::collections::HashMap;

pub use narrascope_core::{Claim, Modality, Polarity};
use narrascope_core::{Document, Span};
use narrascope_kb::{EntityType, Folded, Kb};

use super::dedup::dedup_sentence;
use super::lexicon::Lexicon;
use super::sentence::{SentFold, WordRuns};
use crate::mention::{Mention, MentionKind};
use crate::text::{at_word_boundaries, words};

/// The first mention that is a name rather than a demonym, else the first mention.
fn prefer_names<'m>(ms: &[&'m Mention]) -> Option<&'m Mention> {
    ms.iter()
        .find(|m| m.kind != MentionKind::Demonym)
        .or(ms.first())
        .copied()
}

/// Extracts claims with a relation lexicon; built once, used for every document.
pub struct ClaimExtractor {
    lexicon: Lexicon,
    rollup: HashMap<String, String>,
    /// One automaton over the folded attribution cues, built once: a sentence is scanned
    /// once for all of them.
    cues: Cues,
}

/// The folded attribution cues (`said`, then `according`) searched together in one pass
/// (all occurrences, overlapping).
struct Cues {
    automaton: Option<aho_corasick::AhoCorasick>,
    /// Per pattern: whether it is an `according` cue.
    according: Vec<bool>,
}

impl Cues {
    fn new(said: &[String], according: &[String]) -> Cues {
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
struct CuePositions {
    said: Vec<usize>,
    according: Vec<usize>,
}

/// How many words may separate a trigger from its subject before it, and from its object after it.
const MAX_SUBJECT_GAP: usize = 25;
const MAX_OBJECT_GAP: usize = 8;

/// Words before a mention that make it a place, not a party to the relation.
const LOCATIVE: [&str; 14] = [
    "in", "into", "at", "near", "en", "au", "aux", "dans", "vers", "près", "im", "nel", "na", "в",
];

impl ClaimExtractor {
    pub fn new(kb: &Kb, lexicon: Lexicon) -> ClaimExtractor {
        let mut rollup = HashMap::new();
        for e in kb.entities() {
            let mut cur = e;
            for _ in 0..4 {
                match (&cur.part_of, cur.kind) {
                    (Some(p), EntityType::Institution) => match kb.get(p) {
                        Some(parent) => cur = parent,
                        None => break,
                    },
                    _ => break,
                }
            }
            if cur.id != e.id {
                rollup.insert(e.id.clone(), cur.id.clone());
            }
        }
        let cues = Cues::new(&lexicon.said, &lexicon.according);
        ClaimExtractor {
            lexicon,
            rollup,
            cues,
        }
    }

    fn roll(&self, id: &str) -> String {
        self.rollup
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// The claims of `doc`, given its mentions (from [`crate::Linker::link`]).
    pub fn extract(&self, doc: &Document, mentions: &[Mention]) -> Vec<Claim> {
        self.extract_folded(doc, mentions, None)
    }

    /// [`ClaimExtractor::extract`] with the folded document text when the linker already
    /// computed it: sentences then take their part of it instead of being folded again.
    pub(crate) fn extract_folded(
        &self,
        doc: &Document,
        mentions: &[Mention],
        folded: Option<&Folded>,
    ) -> Vec<Claim> {
        let mut out = Vec::new();
        let spans: Vec<Span> = if doc.sentences.is_empty() {
            vec![Span::new(0, doc.text.len())]
        } else {
            doc.sentences.iter().map(|s| s.span).collect()
        };
        // mentions come in text order: each sentence looks only at those starting inside it
        let sorted = mentions
            .windows(2)
            .all(|w| w[0].span.start <= w[1].span.start);
        let mut ms: Vec<&Mention> = Vec::new();
        for (si, span) in spans.iter().enumerate() {
            let Some(sent) = span.slice(&doc.text) else {
                continue;
            };
            let candidates = if sorted {
                let lo = mentions.partition_point(|m| m.span.start < span.start);
                let hi = lo + mentions[lo..].partition_point(|m| m.span.start < span.end);
                &mentions[lo..hi]
            } else {
                mentions
            };
            ms.clear();
            ms.extend(candidates.iter().filter(|m| {
                m.entity.is_some() && m.kind != MentionKind::Unlinked && span.contains(m.span)
            }));
            if ms.len() >= 2 {
                let f = SentFold::new(&doc.text, folded, *span, sent);
                self.sentence(&doc.text, *span, sent, si, &ms, &f, &mut out);
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn sentence(
        &self,
        text: &str,
        span: Span,
        sent: &str,
        si: usize,
        ms: &[&Mention],
        f: &SentFold<'_>,
        out: &mut Vec<Claim>,
    ) {
        let Some(ac) = &self.lexicon.automaton else {
            return;
        };
        let first = out.len();
        // everything below the trigger search is worked out once, on the first trigger
        // that needs it
        let mut args: Option<Vec<&Mention>> = None;
        let mut cue_at: Option<CuePositions> = None;
        let mut cues: Option<(Modality, Option<String>)> = None;
        let mut runs: Option<WordRuns> = None;
        for hit in ac.leftmost_find_iter(f.text()) {
            if !at_word_boundaries(f.text(), hit.start(), hit.end()) {
                continue;
            }
            let Some((ts, te)) = f.original(sent, hit.start(), hit.end()) else {
                continue;
            };
            let trig = Span::new(span.start + ts, span.start + te);
            let t = &self.lexicon.triggers[hit.value() as usize];
            let max_after = if t.between {
                2 * MAX_OBJECT_GAP + 2
            } else {
                MAX_OBJECT_GAP
            };
            let args = args.get_or_insert_with(|| {
                ms.iter()
                    .copied()
                    .filter(|m| self.is_argument(text, m, ms))
                    .collect()
            });
            let runs = runs.get_or_insert_with(|| WordRuns::new(sent, span.start));
            let gap = |a: usize, b: usize| runs.count(text, a, b);
            let before: Vec<&Mention> = args
                .iter()
                .copied()
                .filter(|m| {
                    m.span.end <= trig.start && gap(m.span.end, trig.start) <= MAX_SUBJECT_GAP
                })
                .collect();
            let after: Vec<&Mention> = args
                .iter()
                .copied()
                .filter(|m| m.span.start >= trig.end && gap(trig.end, m.span.start) <= max_after)
                .collect();
            let (subj, obj) = if t.between {
                let mut it = after.iter();
                let a = it.next().copied();
                (
                    a,
                    it.find(|m| Some(m.entity.as_ref()) != a.map(|a| a.entity.as_ref()))
                        .copied(),
                )
            } else if let Some(agent) = (!t.nominal)
                .then(|| self.passive_agent(text, trig, &after))
                .flatten()
            {
                (Some(agent), before.last().copied())
            } else {
                // the first actor of the clause, after any "X said" before the trigger
                let said_at = &cue_at
                    .get_or_insert_with(|| self.cue_positions(f, sent, span.start))
                    .said;
                let cut = said_at
                    .iter()
                    .filter(|&&p| p < trig.start)
                    .max()
                    .copied()
                    .unwrap_or(0);
                let clause: Vec<&Mention> = before
                    .iter()
                    .copied()
                    .filter(|m| m.span.start >= cut)
                    .collect();
                let clause = if clause.is_empty() {
                    before.clone()
                } else {
                    clause
                };
                (
                    prefer_names(&clause),
                    prefer_names(&after[..after.len().min(2)]),
                )
            };
            let (Some(s), Some(o)) = (subj, obj) else {
                continue;
            };
            let (Some(sid), Some(oid)) = (&s.entity, &o.entity) else {
                continue;
            };
            let (sk, ok) = (self.roll(sid), self.roll(oid));
            if sk == ok {
                continue;
            }
            let (modality, source) = cues.get_or_insert_with(|| {
                let at = cue_at.get_or_insert_with(|| self.cue_positions(f, sent, span.start));
                (self.modality(sent, f.text()), self.source(ms, at))
            });
            let relation = self.lexicon.relations[t.relation].clone();
            out.push(Claim {
                key: format!("{sk} {relation} {ok}"),
                subject: sid.clone(),
                relation,
                object: oid.clone(),
                evidence: span,
                trigger: trig,
                subject_span: s.span,
                object_span: o.span,
                polarity: self.polarity(text, trig),
                modality: *modality,
                source: source.clone(),
                sentence: si,
            });
        }
        dedup_sentence(out, first);
    }

    /// Mentions that can be parties: not after a locative preposition, and not a
    /// demonym directly modifying another mention (`Iraqi` in `Iraqi Popular Mobilization Units`).
    fn is_argument(&self, text: &str, m: &Mention, all: &[&Mention]) -> bool {
        let prev = words(&text[..m.span.start])
            .next_back()
            .map(str::to_lowercase);
        if prev.is_some_and(|w| LOCATIVE.contains(&w.as_str())) && m.kind != MentionKind::Metonym {
            return false;
        }
        let modifies = all
            .iter()
            .any(|n| n.span.start > m.span.end && n.span.start <= m.span.end + 1);
        !(m.kind == MentionKind::Demonym && modifies)
    }

    /// `… struck by X`: the agent of a passive trigger.
    fn passive_agent<'m>(
        &self,
        text: &str,
        trig: Span,
        after: &[&'m Mention],
    ) -> Option<&'m Mention> {
        let first = after.first()?;
        let gap = text.get(trig.end..first.span.start)?;
        let ws: Vec<String> = words(gap).map(|w| w.to_lowercase()).collect();
        let agent_at = ws.iter().position(|w| self.lexicon.agent.contains(w))?;
        (agent_at + 3 >= ws.len() && ws.len() <= 4).then_some(*first)
    }

    fn polarity(&self, text: &str, trig: Span) -> Polarity {
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

    fn modality(&self, sent: &str, folded: &str) -> Modality {
        if sent.trim_end().ends_with('?') {
            Modality::Questioned
        } else if words(folded).any(|w| self.lexicon.hedge.contains(w)) {
            Modality::Hedged
        } else {
            Modality::Asserted
        }
    }

    fn cue_positions(&self, f: &SentFold<'_>, sent: &str, base: usize) -> CuePositions {
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

    /// `according to X` / `selon X`, else `X said` / `said X`.
    fn source(&self, ms: &[&Mention], at: &CuePositions) -> Option<String> {
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
            .and_then(|m| m.entity.clone())
    }
}
