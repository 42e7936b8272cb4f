//! Traces of translation and scraping, and a document-level machine-translation score.
//!
//! Translation traces and their weights (the `weight` of the first trace of a kind; each
//! further trace of the same kind weighs half the one before):
//!
//! | kind | weight | what |
//! |---|---|---|
//! | `foreign_abbreviation` | 0.50 | an abbreviation of another language (`UU` from Spanish `EE. UU.`, French `EI`) |
//! | `untranslated_accent` | 0.35 | a lower-case accented word in English (`accusé`), loanwords excepted |
//! | `foreign_word` | 0.30 | two or more lower-case function words of another language close together |
//! | `lowercase_demonym` | 0.15 | a nationality or people written in lower case in English (`iranian`) |
//! | `translation_note` | 0.20 | a short line saying the text was translated (`Traduit du …`) |
//!
//! The score is `1 - Π(1 - weight)` over the translation traces, flagged from
//! [`MT_THRESHOLD`] (0.6): one trace stays below it, a foreign abbreviation with any second
//! kind or repeated passes it, and so do accents with lower-case nationalities. An accent
//! with a run of foreign function words (0.545) does not: together they usually mark a quoted
//! foreign phrase, which human writers use too (calibrated on SemEval-2023 English articles). A translation note alone does not flag a
//! text: human translators sign their work too. Scraping and republication traces (from the
//! debris ingest removed: `site_furniture`, `source_link`, `image_file`, `markup_leftover`,
//! `agency_code`) are listed with weight 0: they tell how a page was copied, not how it was
//! written. Foreign abbreviations are also looked for in removed debris (a related-article
//! title is translated with its page).

mod detect;

pub use detect::words;

use narrascope_core::{Analysis, Provenance, Span, Trace};

use crate::lexicon::{Lexicon, LexiconError};
use detect::Seen;

/// Documents scoring at least this are flagged as machine-translated.
pub const MT_THRESHOLD: f32 = 0.6;

/// The first-trace weight of each translation trace kind (0 for any other kind).
pub fn weight_of(kind: &str) -> f32 {
    match kind {
        "foreign_abbreviation" => 0.50,
        "untranslated_accent" => 0.35,
        "foreign_word" => 0.30,
        "translation_note" => 0.20,
        "lowercase_demonym" => 0.15,
        _ => 0.0,
    }
}

/// Finds traces; build once, use for every document.
pub struct TraceFinder {
    lexicon: Lexicon,
    notes: Option<regex::Regex>,
}

impl TraceFinder {
    /// The shipped word lists (`kb/traces/`).
    pub fn shipped() -> Result<TraceFinder, LexiconError> {
        Ok(TraceFinder::new(Lexicon::shipped()?))
    }

    pub fn new(lexicon: Lexicon) -> TraceFinder {
        let notes = detect::notes_regex(&lexicon);
        TraceFinder { lexicon, notes }
    }

    /// Translation and scraping traces of `a` and its machine-translation score (genre is
    /// left to [`crate::GenreModel`]). Traces in the text come first in text order, then
    /// those in removed debris (spans into the raw text) in raw order.
    pub fn find(&self, a: &Analysis) -> Provenance {
        let doc = &a.doc;
        let lang = doc.lang.as_ref().map(|l| l.code.as_str()).unwrap_or("");
        let own = self.lexicon.get(lang);
        let mut seen = self.in_text(&doc.text, lang);
        // Sentences of another language (quotes) are not searched for foreign words.
        for s in &doc.sentences {
            let same = s.lang.as_ref().is_none_or(|l| l.code == lang);
            if let (true, Some(t)) = (same, s.span.slice(&doc.text)) {
                seen.extend(shift(
                    detect::foreign_words(t, lang, &self.lexicon),
                    s.span.start,
                ));
            }
        }
        seen.sort_by_key(|t| (t.span.start, t.span.end));
        for r in &doc.removals {
            let kind = detect::removal_kind(&r.rule);
            let short: String = r.text.chars().take(80).collect();
            seen.push(Seen {
                kind,
                span: r.raw_span,
                detail: format!("removed {}: \"{}\"", r.rule, short.trim()),
            });
            if let Some(own) = own {
                seen.extend(shift(
                    detect::foreign_abbreviations(&r.text, own),
                    r.raw_span.start,
                ));
            }
        }
        let mut traces = Vec::with_capacity(seen.len());
        let mut count: Vec<(&str, i32)> = Vec::new();
        let mut keep = 1.0f32;
        for s in seen {
            let n = match count.iter_mut().find(|(k, _)| *k == s.kind) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    count.push((s.kind, 0));
                    0
                }
            };
            let weight = weight_of(s.kind) * 0.5f32.powi(n);
            keep *= 1.0 - weight;
            traces.push(Trace {
                kind: s.kind.to_string(),
                span: s.span,
                detail: s.detail,
                weight,
            });
        }
        Provenance {
            machine_translated: (1.0 - keep).clamp(0.0, 1.0),
            traces,
            genre: None,
        }
    }

    fn in_text(&self, text: &str, lang: &str) -> Vec<Seen> {
        let mut seen = detect::translation_notes(text, self.notes.as_ref());
        if let Some(own) = self.lexicon.get(lang) {
            seen.extend(detect::foreign_abbreviations(text, own));
            if lang == "en" {
                seen.extend(detect::untranslated_accents(text, own));
                seen.extend(detect::lowercase_demonyms(text, own));
            }
        }
        seen
    }
}

fn shift(v: Vec<Seen>, by: usize) -> impl Iterator<Item = Seen> {
    v.into_iter().map(move |mut s| {
        s.span = Span::new(s.span.start + by, s.span.end + by);
        s
    })
}

#[cfg(test)]
mod tests;
