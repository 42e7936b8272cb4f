//! Cited sources: outlets, agencies, officials, accounts and organisations a text attributes
//! information to, found by the citation cues of its language and linked to the knowledge
//! base through the document's actor mentions.

use std::collections::HashMap;

use narrascope_actors::Linker;
use narrascope_core::{Analysis, CitedSource, Mention, Span};
use narrascope_kb::{EntityType, Kb};

use crate::cues::{Cue, CueError, CueSet, Cues};
use crate::lexicon::Lexicon;

/// Finds cited sources; build once, use for every document.
pub struct SourceFinder {
    cues: Cues,
    lexicon: Lexicon,
    linker: Linker,
    types: HashMap<String, EntityType>,
}

/// A source finder that could not be built.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error(transparent)]
    Cues(#[from] CueError),
    #[error(transparent)]
    Lexicon(#[from] crate::lexicon::LexiconError),
    #[error("{0}")]
    Linker(String),
}

/// Characters trimmed from both ends of a cited name.
fn trim_name(s: &str) -> (usize, usize) {
    let junk = |c: char| !c.is_alphanumeric() && c != '@' && c != '&';
    let start = s.len() - s.trim_start_matches(junk).len();
    let end = s.trim_end_matches(junk).len();
    (start, end.max(start))
}

impl SourceFinder {
    /// The shipped cue files and word lists, linking against `kb`.
    pub fn shipped(kb: &Kb) -> Result<SourceFinder, SourceError> {
        SourceFinder::new(kb, Cues::shipped()?, Lexicon::shipped()?)
    }

    pub fn new(kb: &Kb, cues: Cues, lexicon: Lexicon) -> Result<SourceFinder, SourceError> {
        let linker = Linker::new(kb).map_err(|e| SourceError::Linker(e.to_string()))?;
        let types = kb
            .entities()
            .iter()
            .map(|e| (e.id.clone(), e.kind))
            .collect();
        Ok(SourceFinder {
            cues,
            lexicon,
            linker,
            types,
        })
    }

    /// The sources `a` cites, in text order. Uses `a.mentions` when linking already ran,
    /// else links the document itself. Cues of the document's language are used; English
    /// cues too when the language is unknown.
    pub fn find(&self, a: &Analysis) -> Vec<CitedSource> {
        let lang = a.doc.lang.as_ref().map_or("en", |l| l.code.as_str());
        let Some(set) = self.cues.for_lang(lang) else {
            return Vec::new();
        };
        let own;
        let mentions: &[Mention] = if a.mentions.is_empty() {
            own = self.linker.link(&a.doc);
            &own
        } else {
            &a.mentions
        };
        let text = a.doc.text.as_str();
        let mut found: Vec<CitedSource> = Vec::new();
        for cue in &set.cues {
            for caps in cue.regex.captures_iter(text) {
                let (Some(whole), Some(name)) = (caps.get(0), caps.name("name")) else {
                    continue;
                };
                let cue_span = Span::new(whole.start(), whole.end());
                if let Some(s) =
                    self.source(a, set, cue, mentions, cue_span, name.start(), name.end())
                {
                    found.push(s);
                }
            }
        }
        found.sort_by_key(|s| (s.span.start, s.span.end));
        // One source per name span: the first cue in file order wins (rules are listed from
        // the most to the least specific).
        let order = |id: &str| {
            set.cues
                .iter()
                .position(|c| c.id == id)
                .unwrap_or(usize::MAX)
        };
        let mut out: Vec<CitedSource> = Vec::with_capacity(found.len());
        for s in found {
            match out.last_mut() {
                Some(prev) if prev.span.end > s.span.start => {
                    if order(&s.cue) < order(&prev.cue) {
                        *prev = s;
                    }
                }
                _ => out.push(s),
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn source(
        &self,
        a: &Analysis,
        set: &CueSet,
        cue: &Cue,
        mentions: &[Mention],
        cue_span: Span,
        start: usize,
        end: usize,
    ) -> Option<CitedSource> {
        let text = &a.doc.text;
        let (ts, te) = trim_name(text.get(start..end)?);
        let name_ends_cue = cue_span.end == end;
        let (mut start, mut end) = (start + ts, start + te);
        // A name never runs over a sentence end (`Ministry of Defense. The`).
        if let Some(dot) = text[start..end].find(". ") {
            end = start + dot;
        }
        // A subject is not the object of a preposition (`de la Syrie, a écrit`, `after
        // Moscow declared`); an article may stand between them.
        if cue.subject_first && self.after_preposition(&set.lang, &text[..start]) {
            return None;
        }
        let name = &text[start..end];
        if name.is_empty()
            || self
                .lexicon
                .is_function_word(&set.lang, &name.to_lowercase())
        {
            return None;
        }
        // The linked mention inside the name: an outlet wherever it is, else the whole name,
        // else a person ending it (`Secretary of Defense Mark Esper`); never a part that
        // is not the head (`Iran` in `Iran's Foreign Ministry`, `Lisbon` in `Courier of Lisbon`).
        let inside = mentions
            .iter()
            .filter(|m| m.entity.is_some() && m.span.start < end && m.span.end > start);
        let mut chosen: Option<&Mention> = None;
        for m in inside {
            let t = m.entity.as_deref().and_then(|e| self.types.get(e));
            if t == Some(&EntityType::MediaOutlet) {
                chosen = Some(m);
                break;
            }
            let whole = m.span.start <= start && m.span.end >= end;
            let person_head = m.span.end >= end && t == Some(&EntityType::Person);
            if (whole || person_head) && chosen.is_none() {
                chosen = Some(m);
            }
        }
        let entity = chosen.and_then(|m| m.entity.clone());
        let etype = entity.as_deref().and_then(|e| self.types.get(e)).copied();
        if etype == Some(EntityType::MediaOutlet)
            && let Some(m) = chosen
        {
            (start, end) = (m.span.start.min(end), m.span.end.max(start));
        }
        let cue_span = Span::new(
            cue_span.start,
            if name_ends_cue { end } else { cue_span.end },
        );
        let kind = self.kind(
            set,
            cue,
            etype,
            entity.as_deref(),
            text,
            cue_span,
            start,
            end,
        );
        Some(CitedSource {
            name: text.get(start..end)?.to_string(),
            span: Span::new(start, end),
            cue_span: Span::new(cue_span.start.min(start), cue_span.end.max(end)),
            cue: cue.id.clone(),
            kind,
            entity,
            sentence: sentence_of(a, cue_span.start),
        })
    }

    /// Whether the words just before a name (`before` ends there) are a preposition,
    /// possibly followed by an article.
    fn after_preposition(&self, lang: &str, before: &str) -> bool {
        let mut words = before
            .trim_end()
            .rsplit(|c: char| !c.is_alphabetic())
            .take_while(|w| !w.is_empty());
        let lower = |w: &str| w.chars().next().is_some_and(char::is_lowercase);
        let fw = |w: &str| lower(w) && self.lexicon.is_function_word(lang, w);
        match words.next() {
            Some(w) if self.lexicon.is_article(lang, w) => words.next().is_some_and(fw),
            Some(w) => fw(w),
            None => false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn kind(
        &self,
        set: &CueSet,
        cue: &Cue,
        etype: Option<EntityType>,
        entity: Option<&str>,
        text: &str,
        cue_span: Span,
        start: usize,
        end: usize,
    ) -> String {
        if cue.kind.as_deref() == Some("account") {
            return "account".into();
        }
        match etype {
            Some(EntityType::MediaOutlet)
                if entity.is_some_and(|e| self.cues.agencies.contains(e)) =>
            {
                return "agency".into();
            }
            Some(EntityType::MediaOutlet) => return "outlet".into(),
            Some(EntityType::Person) => return "official".into(),
            Some(
                EntityType::State
                | EntityType::Organisation
                | EntityType::Institution
                | EntityType::ArmedGroup
                | EntityType::PoliticalParty,
            ) => return "organisation".into(),
            _ => {}
        }
        // Kind words in the name first, then in the rest of the cue phrase.
        let lower_name = text.get(start..end).unwrap_or("").to_lowercase();
        let lower_cue = text
            .get(cue_span.start..cue_span.end)
            .unwrap_or("")
            .to_lowercase();
        for hay in [&lower_name, &lower_cue] {
            for (kind, words) in &set.kind_words {
                if words.iter().any(|w| has_word(hay, w)) {
                    return kind.clone();
                }
            }
        }
        cue.kind.clone().unwrap_or_else(|| "unknown".into())
    }
}

/// Whether `word` occurs in `hay` with no letter on either side.
fn has_word(hay: &str, word: &str) -> bool {
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Index of the sentence holding byte `at` (0 when the document is not segmented).
pub(crate) fn sentence_of(a: &Analysis, at: usize) -> usize {
    let s = &a.doc.sentences;
    let i = s.partition_point(|x| x.span.start <= at);
    i.saturating_sub(1)
}

#[cfg(test)]
pub(crate) mod tests;
