//! Claims: per sentence, (subject actor, relation, object actor) with its evidence,
//! polarity, modality and attribution.

use crate::text::{FastMap, FastSet};

pub use narrascope_core::{Claim, Modality, Polarity};
use narrascope_core::{Document, Span};
use narrascope_kb::{EntityType, Folded, Kb};

use super::clause::Clauses;
use super::cues::Cues;
use super::dedup::dedup_sentence;
use super::lexicon::{Lexicon, Trigger};
use super::roles::Roles;
use super::sentence::SentFold;
use crate::mention::{Mention, MentionKind};
use crate::text::{at_word_boundaries, char_before, is_word_char};

/// Extracts claims with a relation lexicon; built once, used for every document.
pub struct ClaimExtractor {
    pub(super) lexicon: Lexicon,
    rollup: FastMap<String, String>,
    /// Entities that are places (not states): after `à` they are where, not whom.
    places: FastSet<String>,
    /// One automaton over the folded attribution cues, built once: a sentence is scanned
    /// once for all of them.
    pub(super) cues: Cues,
}

/// Words before a mention that make it a place, not a party to the relation.
const LOCATIVE: [&str; 14] = [
    "in", "into", "at", "near", "en", "au", "aux", "dans", "vers", "pres", "im", "nel", "na", "в",
];

impl ClaimExtractor {
    pub fn new(kb: &Kb, lexicon: Lexicon) -> ClaimExtractor {
        let mut rollup = FastMap::default();
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
        let places = kb
            .entities()
            .iter()
            .filter(|e| e.kind == EntityType::Place)
            .map(|e| e.id.clone())
            .collect();
        ClaimExtractor {
            lexicon,
            rollup,
            places,
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
        let hits: Vec<(Span, &Trigger)> = ac
            .leftmost_find_iter(f.text())
            .filter(|h| {
                // a form ending in an elision (`retirées d'`) runs into the next word
                let ft = f.text();
                if ft
                    .get(h.start()..h.end())
                    .is_some_and(|t| t.ends_with('\''))
                {
                    !char_before(ft, h.start()).is_some_and(is_word_char)
                } else {
                    at_word_boundaries(ft, h.start(), h.end())
                }
            })
            .filter_map(|h| {
                let (ts, te) = f.original(sent, h.start(), h.end())?;
                let t = self.lexicon.triggers.get(h.value() as usize)?;
                Some((Span::new(span.start + ts, span.start + te), t))
            })
            .collect();
        if hits.is_empty() {
            return;
        }
        let first = out.len();
        let at = self.cue_positions(f, sent, span.start);
        let verbs: Vec<usize> = hits
            .iter()
            .filter(|h| !h.1.nominal)
            .map(|h| h.0.start)
            .collect();
        let trig_ends: Vec<usize> = hits.iter().map(|h| h.0.end).collect();
        let inside: Vec<(usize, usize)> = ms.iter().map(|m| (m.span.start, m.span.end)).collect();
        let c = Clauses::new(
            sent,
            span.start,
            &self.lexicon.words,
            &at.said,
            &verbs,
            &inside,
        );
        // actors named as the source (`according to X,`) are not parties
        let quoted = |m: &Mention| {
            at.according.iter().any(|&p| {
                let hi = c.bound_after(p).map_or(span.end, |(t, _)| c.toks[t].start);
                m.span.start > p && m.span.start < hi
            })
        };
        let args: Vec<&Mention> = ms
            .iter()
            .copied()
            .filter(|m| self.is_argument(&c, m, ms, &trig_ends) && !quoted(m))
            .collect();
        let mut roles = Roles {
            text,
            c: &c,
            args: &args,
            w: &self.lexicon.words,
            agent: &self.lexicon.agent,
            verbs: &verbs,
            end: span.end,
        };
        // verb forms used as nouns (`the fight`) are not verbs a clause can continue
        let noun_use: Vec<bool> = hits
            .iter()
            .map(|(trig, t)| !t.nominal && roles.is_noun_use(*trig, t))
            .collect();
        let true_verbs: Vec<usize> = hits
            .iter()
            .zip(&noun_use)
            .filter(|((_, t), n)| !t.nominal && !**n)
            .map(|((s, _), _)| s.start)
            .collect();
        roles.verbs = &true_verbs;
        let mut cues: Option<(Modality, Option<String>)> = None;
        for ((trig, t), noun_use) in hits.into_iter().zip(noun_use) {
            let pairs = roles.pairs(trig, t, noun_use);
            for (s, o) in pairs {
                let (Some(sid), Some(oid)) = (&s.entity, &o.entity) else {
                    continue;
                };
                let (sk, ok) = (self.roll(sid), self.roll(oid));
                if sk == ok {
                    continue;
                }
                let (modality, source) = cues.get_or_insert_with(|| {
                    (self.modality(sent, f.text()), self.source(text, ms, &at))
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
        }
        dedup_sentence(out, first);
    }

    /// Mentions that can be parties: not after a locative preposition, and not a
    /// demonym directly modifying another mention (`Iraqi` in `Iraqi Popular Mobilization Units`).
    /// A preposition ending a trigger (`fired rockets at`) does not make a place.
    fn is_argument(&self, c: &Clauses, m: &Mention, all: &[&Mention], trig_ends: &[usize]) -> bool {
        let place = m.entity.as_ref().is_some_and(|e| self.places.contains(e));
        // the preposition before the name, past an article and a compass adjective
        // (`in northeastern Syria`, `dans l'Anbar`); `à` only before a place
        let i = c.toks.partition_point(|t| t.end <= m.span.start);
        for t in c.toks[..i].iter().rev().take(3) {
            let w = t.key.as_str();
            if !t.word {
                break;
            }
            if (LOCATIVE.contains(&w) && m.kind != MentionKind::Metonym) || (place && w == "a") {
                return trig_ends.contains(&t.end);
            }
            let article = matches!(w, "the" | "l'" | "la" | "le" | "les");
            if !(article || w.ends_with("ern")) {
                break;
            }
        }
        let modifies = all
            .iter()
            .any(|n| n.span.start > m.span.end && n.span.start <= m.span.end + 1);
        !(m.kind == MentionKind::Demonym && modifies)
    }
}
