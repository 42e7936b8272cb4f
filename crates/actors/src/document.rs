//! Linking one document: dictionary hits, acronyms the document defines, ambiguous
//! forms resolved by the document's other entities, and unlinked name-like spans.

use std::collections::{HashMap, HashSet};

use narrascope_core::{Document, Span};
use narrascope_kb::Folded;

use crate::linker::{Hit, Linker, is_word, sentence_of};
use crate::mention::{Mention, MentionKind};
use crate::merge::{insert_sorted, merged};
use crate::scratch::{Scratch, with_scratch};
use crate::text::find_overlap_from;
use crate::unlinked::unlinked_mentions;

impl Linker {
    /// All mentions in `doc`, in text order.
    pub fn link(&self, doc: &Document) -> Vec<Mention> {
        with_scratch(|s| {
            let mut folded = std::mem::take(&mut s.folded);
            let (mentions, _) = self.link_into(doc, &mut folded, s);
            s.folded = folded;
            mentions
        })
    }

    /// [`Linker::link`], also giving the folded document text when it was computed.
    pub(crate) fn link_folded(&self, doc: &Document) -> (Vec<Mention>, Option<Folded>) {
        with_scratch(|s| {
            let mut folded = Folded::default();
            let (mentions, done) = self.link_into(doc, &mut folded, s);
            (mentions, done.then_some(folded))
        })
    }

    /// [`Linker::link`] folding the text into `folded` (and saying whether it did), with
    /// the working memory of `s`.
    fn link_into(
        &self,
        doc: &Document,
        folded: &mut Folded,
        s: &mut Scratch,
    ) -> (Vec<Mention>, bool) {
        let text = doc.text.as_str();
        let mut linked = std::mem::take(&mut s.linked);
        let mut unlinked = std::mem::take(&mut s.unlinked);
        let done = self.dictionary_mentions(text, folded, &mut s.found, &mut s.hits, &mut linked);
        let hits = &s.hits[0];
        // the dictionary gives its mentions in order, without overlaps; an acronym the
        // document defines may add some out of that order
        let in_order = self.learn_acronyms(text, &mut linked, hits);
        // only a form of several entities makes an ambiguous mention
        if hits.iter().any(|h| self.hit_entity(h).is_none()) {
            self.resolve_ambiguous(&mut linked);
        }
        unlinked_mentions(
            doc,
            &linked,
            in_order,
            &mut s.words,
            &mut s.spans,
            &mut unlinked,
        );
        // both lists are in text order: merged into the one vector returned
        let span = |m: &Mention| (m.span.start, m.span.end);
        let mentions = merged(
            &mut linked,
            in_order,
            &mut unlinked,
            span,
            sentence_setter(doc),
        );
        s.linked = linked;
        s.unlinked = unlinked;
        (mentions, done)
    }

    /// `Long Name (ACR)`: the acronym refers to the entity of the long name everywhere in
    /// this document, even where the knowledge base gives it another meaning.
    /// `mentions` are the dictionary mentions made of `hits`, one for one, in text order:
    /// their spans and entities are read from the hits, which are small and close together.
    /// Says whether the mentions are still in order of span, without overlaps (when
    /// nothing was added).
    fn learn_acronyms(&self, text: &str, mentions: &mut Vec<Mention>, hits: &[Hit]) -> bool {
        debug_assert_eq!(mentions.len(), hits.len());
        debug_assert!(hits.is_sorted_by_key(|h| h.start));
        let mut learned: HashMap<String, u32> = HashMap::new();
        for h in hits.iter().filter(|h| !h.acronym) {
            if let Some(e) = self.hit_entity(h)
                && let Some(acr) = defined_after(text, h.end)
            {
                learned.entry(acr.to_string()).or_insert(e);
            }
        }
        if learned.is_empty() || mentions.len() != hits.len() {
            return mentions.len() == hits.len();
        }
        // the entities of the mentions changed here; the others have their hit's
        let mut changed: HashMap<usize, u32> = HashMap::new();
        let id_of = |e: u32| &self.entities[e as usize].id;
        let mut dropped = vec![false; mentions.len()];
        let mut added: Vec<Mention> = Vec::new();
        // in a fixed order: two acronyms over one span must resolve the same way every run
        let mut learned: Vec<(String, u32)> = learned.into_iter().collect();
        learned.sort_unstable();
        for (acr, e) in learned {
            let id = id_of(e);
            // each acronym's occurrences come in text order: their overlaps are searched
            // from the start, walking forward
            let mut hint = 0;
            for i in memchr::memmem::find_iter(text.as_bytes(), acr.as_bytes()) {
                let mut end = i + acr.len();
                if text[end..].starts_with('s') && is_word(text, i, end + 1) {
                    end += 1;
                } else if !is_word(text, i, end) {
                    continue;
                }
                let span = Span::new(i, end);
                if let Some(k) = find_overlap_from(hits, &mut hint, i, end) {
                    let m_span = Span::new(hits[k].start, hits[k].end);
                    let entity = changed.get(&k).copied().or(self.hit_entity(&hits[k]));
                    let same = entity.is_some_and(|x| x == e || id_of(x) == id);
                    if m_span == span && !same {
                        let m = &mut mentions[k];
                        m.entity = Some(id.clone());
                        m.candidates.clear();
                        m.kind = MentionKind::Defined;
                        changed.insert(k, e);
                    }
                    // a shorter mention inside the acronym gives way to it
                    if !(span.contains(m_span) && m_span != span) {
                        continue;
                    }
                    dropped[k] = true;
                }
                added.push(Mention {
                    span,
                    surface: text[i..end].to_string(),
                    entity: Some(id.clone()),
                    candidates: Vec::new(),
                    metonym: false,
                    kind: MentionKind::Defined,
                    sentence: None,
                });
            }
        }
        if dropped.contains(&true) {
            let mut k = 0;
            mentions.retain(|_| {
                k += 1;
                !dropped[k - 1]
            });
        }
        if added.is_empty() {
            return true;
        }
        insert_sorted(mentions, added, |m| m.span.start, placeholder);
        false
    }

    /// An ambiguous form takes the candidate best supported by the other entities of the
    /// document: mentioned itself, or related to (or part of) an entity mentioned.
    fn resolve_ambiguous(&self, mentions: &mut [Mention]) {
        if !mentions.iter().any(Mention::is_ambiguous) {
            return;
        }
        let present: HashSet<String> = mentions.iter().filter_map(|m| m.entity.clone()).collect();
        // a candidate's score depends on the document only: computed once per candidate
        let mut known: HashMap<String, usize> = HashMap::new();
        let mut score = |id: &String| -> usize {
            if let Some(&s) = known.get(id) {
                return s;
            }
            let s = match self.entity(id) {
                None => 0,
                Some(e) => {
                    let mut s = 2 * usize::from(present.contains(id));
                    s += e.related.iter().filter(|r| present.contains(*r)).count();
                    s += usize::from(e.part_of.as_ref().is_some_and(|p| present.contains(p)));
                    s += self
                        .entities
                        .iter()
                        .filter(|o| present.contains(&o.id))
                        .filter(|o| o.part_of.as_ref() == Some(id) || o.related.contains(id))
                        .count();
                    s
                }
            };
            known.insert(id.clone(), s);
            s
        };
        for m in mentions.iter_mut().filter(|m| m.is_ambiguous()) {
            let scores: Vec<usize> = m.candidates.iter().map(&mut score).collect();
            let best = scores.iter().copied().max().unwrap_or(0);
            if best > 0 && scores.iter().filter(|&&s| s == best).count() == 1 {
                let i = scores.iter().position(|&s| s == best).unwrap_or(0);
                m.entity = Some(m.candidates[i].clone());
                m.candidates.clear();
            }
        }
    }
}

/// Sets the sentence of each mention it is given, as [`sentence_of`] finds it: given the
/// mentions in text order, it walks the sentences once alongside them.
fn sentence_setter(doc: &Document) -> impl FnMut(&mut Mention) + '_ {
    let sentences = &doc.sentences;
    let ordered = sentences.is_sorted_by_key(|s| s.span.start);
    // the number of sentences starting at or before the last mention
    let mut i = 0;
    move |m: &mut Mention| {
        let at = m.span.start;
        if !ordered {
            m.sentence = sentence_of(doc, at);
            return;
        }
        if i > 0 && sentences[i - 1].span.start > at {
            i = sentences.partition_point(|s| s.span.start <= at);
        }
        while i < sentences.len() && sentences[i].span.start <= at {
            i += 1;
        }
        m.sentence = (i > 0 && at < sentences[i - 1].span.end).then(|| i - 1);
    }
}

/// A stand-in mention that allocates nothing, for the moves of [`insert_sorted`].
pub(crate) fn placeholder() -> Mention {
    Mention {
        span: Span::new(0, 0),
        surface: String::new(),
        entity: None,
        candidates: Vec::new(),
        metonym: false,
        kind: MentionKind::Unlinked,
        sentence: None,
    }
}

/// The acronym in parentheses right after byte `end`: ` (PMU)`, `(RII)`.
fn defined_after(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end..)?;
    let rest = rest.strip_prefix(' ').unwrap_or(rest).strip_prefix('(')?;
    let close = rest.find(')')?;
    let acr = &rest[..close];
    let letters = acr.chars().filter(|c| c.is_alphabetic()).count();
    let upper = acr.chars().filter(|c| c.is_uppercase()).count();
    let ok_chars = acr
        .chars()
        .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    (ok_chars && (2..=10).contains(&acr.chars().count()) && upper >= 2 && upper * 2 >= letters)
        .then_some(acr)
}

#[cfg(test)]
mod tests {
    use super::defined_after;

    #[test]
    fn acronym_definitions() {
        let t = "Forces de mobilisation populaire (PMU) et";
        assert_eq!(
            defined_after(t, "Forces de mobilisation populaire".len()),
            Some("PMU")
        );
        assert_eq!(defined_after("X (la suite)", 1), None);
        assert_eq!(defined_after("X (PMUs)", 1), Some("PMUs"));
        assert_eq!(defined_after("X", 5), None);
    }
}
