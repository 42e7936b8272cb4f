//! Stage 3: the language of the document and of each sentence.
//!
//! Detection uses whatlang (trigram profiles, 70 languages). whatlang has a fixed cost of
//! roughly 0.1 ms per call, so it is not run on every sentence. The document language comes
//! from whatlang on a sample of the body; when the function words of the whole document
//! clearly point to one language family (Germanic, Romance, West Slavic, Cyrillic,
//! Turkic), whatlang only weighs the languages of that family, which is several times
//! faster and keeps the choice between close relatives to whatlang. Each sentence is then checked cheaply: frequent
//! function words of 14 languages and the writing system. A sentence whose function words
//! point to another language, or whose script differs from the document's, gets its own
//! whatlang call; the others take the document language (with a confidence from their
//! function-word evidence). Mixed and partly translated documents therefore show up at
//! sentence level at little cost. The document language is finally the letter-weighted
//! vote of the sentences that had their own evidence, when that vote disagrees with the
//! sample.

mod iso;
mod stopwords;

pub use iso::iso_code;

use narrascope_core::{Analysis, LangGuess, Stage, StageError};
use std::collections::HashMap;
use whatlang::Detector;

/// Bytes of body text whatlang sees for the document language.
const SAMPLE_BYTES: usize = 500;
/// Sentences with fewer letters than this are too short to judge on their own.
const MIN_LETTERS: usize = 20;
/// How many more function-word hits another language needs before a sentence is re-checked.
const SWITCH_MARGIN: u16 = 2;

/// The language of a piece of text, or `None` when it has no letters to judge by.
pub fn detect(text: &str) -> Option<LangGuess> {
    let info = Detector::new().detect(text)?;
    Some(LangGuess {
        code: iso_code(info.lang()).to_string(),
        confidence: info.confidence() as f32,
    })
}

/// A fast approximation of `char::is_alphabetic` for language evidence: ASCII letters, and
/// every other character outside the punctuation, symbol, digit and emoji blocks.
pub(crate) fn is_letter(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphabetic(),
        0x80..=0xBF | 0xD7 | 0xF7 => false,
        0x2000..=0x2BFF
        | 0x3000..=0x303F
        | 0xFE00..=0xFE6F
        | 0xFF00..=0xFF20
        | 0x1F000..=0x1FAFF => false,
        0x0660..=0x0669 | 0x06F0..=0x06F9 | 0x0964..=0x096F | 0x060C | 0x061B | 0x061F | 0x06D4 => {
            false
        }
        _ => !c.is_whitespace(),
    }
}

/// Up to `max` bytes of `text` starting at `from`, cut at character boundaries.
fn window(text: &str, from: usize, max: usize) -> &str {
    let mut start = from.min(text.len());
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut end = (start + max).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[start..end]
}

/// A coarse writing-system class of a letter: Latin, Greek, Cyrillic, Armenian, Hebrew,
/// Arabic, else its 128-code-point Unicode block.
pub(crate) fn script_class(c: char) -> u32 {
    match c as u32 {
        0..=0x24F | 0x1E00..=0x1EFF => 0,
        0x370..=0x3FF | 0x1F00..=0x1FFF => 1,
        0x400..=0x52F => 2,
        0x530..=0x58F => 3,
        0x590..=0x5FF => 4,
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFEFF => 5,
        n => n >> 7,
    }
}

/// How one sentence's language was decided.
enum Evidence {
    /// Function words agree with the document language (confidence).
    Agrees(f32),
    /// Own whatlang result.
    Own(LangGuess),
    /// Nothing to go by: the document language applies.
    None,
}

fn judge(
    text: &str,
    p: &stopwords::Profile,
    doc: &LangGuess,
    doc_script: Option<u32>,
    own_guess: &mut dyn FnMut(&str) -> Option<LangGuess>,
) -> Evidence {
    if p.letters < MIN_LETTERS {
        return Evidence::None;
    }
    let mut own = || own_guess(text).map_or(Evidence::None, Evidence::Own);
    if p.script != doc_script {
        return own();
    }
    let hits = p.hits;
    let Some(d) = stopwords::index(&doc.code) else {
        // same script, no word list for the language: the script agrees
        return Evidence::Agrees(doc.confidence * 0.75);
    };
    let (best, &best_hits) = hits
        .iter()
        .enumerate()
        .max_by_key(|&(i, h)| (*h, i == d))
        .unwrap_or((d, &0));
    if best != d && best_hits >= hits[d] + SWITCH_MARGIN {
        return own();
    }
    let rival = hits
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != d)
        .map(|(_, &h)| h)
        .max()
        .unwrap_or(0);
    if hits[d] <= rival {
        // no function words, or only ones shared with a related language
        return Evidence::None;
    }
    // from 1/2 (as many rival hits as own) to 1 (no rival hits)
    let margin = 1.0 - f32::from(rival) / (2.0 * f32::from(hits[d]));
    Evidence::Agrees(doc.confidence * margin)
}

/// Stage: sets `doc.lang` and `lang` of every sentence. Run after segmentation.
#[derive(Debug, Default, Clone, Copy)]
pub struct Language;

impl Stage for Language {
    fn name(&self) -> &'static str {
        "language"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        let doc = &mut analysis.doc;
        let detector = Detector::new();
        // A sentence repeated within the document (a refrain, a quote cited twice) is
        // profiled and detected once: both depend on its text alone.
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut profiles: Vec<stopwords::Profile> = Vec::with_capacity(doc.sentences.len());
        for s in &doc.sentences {
            let text = s.span.slice(&doc.text).unwrap_or("");
            let p = match seen.get(text) {
                Some(&i) => profiles[i],
                None => {
                    seen.insert(text, profiles.len());
                    stopwords::profile(text)
                }
            };
            profiles.push(p);
        }
        let mut own_cache: HashMap<String, Option<LangGuess>> = HashMap::new();
        let mut own_guess = |text: &str| -> Option<LangGuess> {
            if let Some(g) = own_cache.get(text) {
                return g.clone();
            }
            let g = detector.detect(text).map(|i| LangGuess {
                code: iso_code(i.lang()).to_string(),
                confidence: i.confidence() as f32,
            });
            own_cache.insert(text.to_string(), g.clone());
            g
        };
        // Function words decide the language family; whatlang then only weighs that family.
        let family = stopwords::family(&profiles);
        let narrow = family.map(|f| Detector::with_allowlist(f.to_vec()));
        let doc_detector = narrow.as_ref().unwrap_or(&detector);
        // the body: after the first paragraph (a title) when there is more
        let body_start = match doc.paragraphs.get(1) {
            Some(p) if doc.text.len() - p.span.start >= SAMPLE_BYTES / 2 => p.span.start,
            _ => 0,
        };
        let sample = window(&doc.text, body_start, SAMPLE_BYTES);
        let Some(first) = doc_detector
            .detect(sample)
            .or_else(|| detector.detect(sample))
            .or_else(|| detector.detect(&doc.text))
        else {
            doc.lang = None;
            doc.sentences.iter_mut().for_each(|s| s.lang = None);
            return Ok(());
        };
        let mut lang = LangGuess {
            code: iso_code(first.lang()).to_string(),
            confidence: first.confidence() as f32,
        };
        let script = stopwords::profile(sample).script;
        let mut votes: Vec<(String, usize)> = Vec::new();
        let mut inherited = Vec::new();
        for (i, (s, p)) in doc.sentences.iter_mut().zip(&profiles).enumerate() {
            let text = s.span.slice(&doc.text).unwrap_or("");
            let n = p.letters;
            let (guess, weight) = match judge(text, p, &lang, script, &mut own_guess) {
                Evidence::Agrees(c) => (
                    LangGuess {
                        code: lang.code.clone(),
                        confidence: c,
                    },
                    n,
                ),
                Evidence::Own(g) => (g, n),
                Evidence::None => {
                    inherited.push(i);
                    (
                        LangGuess {
                            code: lang.code.clone(),
                            confidence: lang.confidence / 2.0,
                        },
                        0,
                    )
                }
            };
            match votes.iter_mut().find(|v| v.0 == guess.code) {
                Some(v) => v.1 += weight,
                None => votes.push((guess.code.clone(), weight)),
            }
            s.lang = Some(guess);
        }
        let judged: usize = votes.iter().map(|v| v.1).sum();
        if let Some((code, w)) = votes.iter().max_by_key(|v| v.1)
            && *code != lang.code
            && judged > 0
        {
            lang = LangGuess {
                code: code.clone(),
                confidence: *w as f32 / judged as f32,
            };
            for &i in &inherited {
                doc.sentences[i].lang = Some(LangGuess {
                    code: lang.code.clone(),
                    confidence: lang.confidence / 2.0,
                });
            }
        }
        doc.lang = Some(lang);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_common_languages() {
        for (text, code) in [
            (
                "The government announced new measures against the spread of the disease on Monday.",
                "en",
            ),
            (
                "Le gouvernement a annoncé lundi de nouvelles mesures contre la propagation de la maladie.",
                "fr",
            ),
            (
                "Die Regierung hat am Montag neue Maßnahmen gegen die Ausbreitung der Krankheit angekündigt.",
                "de",
            ),
            (
                "Правительство России в понедельник объявило, что новые меры против распространения болезни будут приняты уже на этой неделе.",
                "ru",
            ),
            (
                "أعلنت الحكومة يوم الاثنين عن إجراءات جديدة لمكافحة انتشار المرض.",
                "ar",
            ),
        ] {
            let g = detect(text).expect(text);
            assert_eq!(g.code, code, "{text}");
            assert!(g.confidence > 0.0 && g.confidence <= 1.0);
        }
        assert_eq!(detect("1234 !!"), None);
    }

    fn run_on(text: &str) -> narrascope_core::Document {
        let mut a = Analysis::new(narrascope_core::RawDocument {
            source: narrascope_core::SourceRef {
                path: "-".into(),
                locator: None,
                format: narrascope_core::Format::Text,
            },
            text: text.into(),
            meta: Default::default(),
        });
        crate::foundation_pipeline().run(&mut a).unwrap();
        a.doc
    }

    #[test]
    fn sentences_in_another_language_show_up() {
        let fr = "Le gouvernement a annoncé lundi de nouvelles mesures contre la propagation de la maladie dans le pays. ";
        let en = "The minister said that the army would not leave the region before the end of the year.";
        let doc = run_on(&format!("Titre de l'article\n\n{fr}{fr}{en} {fr}"));
        assert_eq!(doc.lang.as_ref().map(|l| l.code.as_str()), Some("fr"));
        let langs: Vec<&str> = doc
            .sentences
            .iter()
            .map(|s| s.lang.as_ref().map_or("", |l| l.code.as_str()))
            .collect();
        assert_eq!(langs, ["fr", "fr", "fr", "en", "fr"]);
        let ru = "Правительство России в понедельник объявило, что новые меры против распространения болезни будут приняты.";
        let doc = run_on(&format!("{fr}{ru}"));
        assert_eq!(
            doc.sentences[1].lang.as_ref().map(|l| l.code.as_str()),
            Some("ru")
        );
        assert!(doc.sentences.iter().all(|s| {
            s.lang
                .as_ref()
                .is_some_and(|l| l.confidence > 0.0 && l.confidence <= 1.0)
        }));
    }

    #[test]
    fn no_letters_no_language() {
        let doc = run_on("1234 5678 !!");
        assert_eq!(doc.lang, None);
        assert!(doc.sentences.iter().all(|s| s.lang.is_none()));
    }
}
