//! Stage 4: sentences inside paragraphs. Unicode sentence boundaries (UAX #29, computed by
//! icu_segmenter) are refined
//! by a pass that rejoins pieces split after abbreviations, initials, dotted acronyms,
//! ordinal numbers before a month, and closing quotes followed by lower-case text.

use icu_segmenter::SentenceSegmenter;
use icu_segmenter::options::SentenceBreakInvariantOptions;
use narrascope_core::{Analysis, Paragraph, Sentence, Span, Stage, StageError};

use crate::months::month_number;

/// Words that are abbreviations when followed by a dot, in the languages narrascope reads
/// (lower case, without the dot). Single letters are handled separately as initials.
const ABBREVIATIONS: &[&str] = &[
    // English
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "capt", "maj", "rev", "hon",
    "sen", "rep", "gov", "pres", "jr", "sr", "mt", "ft", "no", "nos", "vs", "fig", "pp", "vol",
    "approx", "dept", "est", "jan", "feb", "aug", "sept", "oct", "nov", "dec", // French
    "mm", "mme", "mmes", "mlle", "me", "ste", "av", "bd", "env", "cf", "janv", "févr", "juil",
    // Spanish, Portuguese, Italian
    "sra", "srta", "dra", "dña", "ud", "uds", "sto", "sta", "sig", "dott", "ing", "avv", "pag",
    // German
    "hr", "fr", "nr", "str", "bzw", "ca", "evtl", "ggf", "inkl", "usw", "vgl", "abs", "bzgl",
    // Russian, Ukrainian, Bulgarian, Polish
    "им", "ул", "пр", "проф", "акад", "св", "тыс", "млн", "млрд", "руб", "стр", "см", "ок", "ул",
    "ген", "гл", "ім", "вул", "гр", "ул", "np", "tzw", "ul", "prof", "płk", "gen",
];

/// First words that start a new sentence after a dotted acronym ("… in the U.S. The …").
const SENTENCE_STARTERS: &[&str] = &[
    "the", "this", "that", "these", "it", "he", "she", "they", "we", "i", "in", "but", "and", "a",
    "an", "on", "as", "at", "if", "so", "le", "la", "les", "il", "elle", "ils", "en", "un", "une",
    "der", "die", "das", "er", "es", "sie", "el", "los", "las", "ella",
];

/// Sentence byte ranges of `para`, trimmed of surrounding white space.
pub fn split_sentences(para: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut current: Option<(usize, usize)> = None;
    let breaks: Vec<usize> = SentenceSegmenter::new(SentenceBreakInvariantOptions::default())
        .segment_str(para)
        .collect();
    let pieces = breaks
        .windows(2)
        .filter_map(|w| para.get(w[0]..w[1]).map(|f| (w[0], f)));
    for (i, frag) in pieces {
        let end = i + frag.len();
        // French spacing puts a space before a closing quote, which UAX #29 then starts a
        // new sentence with: hand the quote back to the sentence it closes.
        let lead = frag.len() - frag.trim_start().len();
        let close = frag[lead..]
            .char_indices()
            .find(|&(_, c)| !matches!(c, '»' | '”' | '"' | '’' | ')' | ']' | '›'))
            .map_or(frag.len() - lead, |(k, _)| k);
        let (i, frag) = match current.as_mut() {
            Some(cur) if close > 0 => {
                cur.1 = i + lead + close;
                (cur.1, &para[cur.1..end])
            }
            _ => (i, frag),
        };
        if frag.trim().is_empty() {
            if let Some(cur) = current.as_mut() {
                cur.1 = end;
            }
            continue;
        }
        current = match current {
            Some((s, _)) if joins(&para[s..i], frag) => Some((s, end)),
            Some(cur) => {
                out.push(cur);
                Some((i, end))
            }
            None => Some((i, end)),
        };
    }
    out.extend(current);
    out.into_iter()
        .filter_map(|(s, e)| {
            let piece = &para[s..e];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            (!trimmed.is_empty()).then(|| (s + lead, s + lead + trimmed.len()))
        })
        .collect()
}

/// Whether the piece `next` continues the sentence `prev` despite a boundary between them.
fn joins(prev: &str, next: &str) -> bool {
    let prev = prev.trim_end();
    let next = next.trim_start();
    let Some(first) = next.chars().next() else {
        return true;
    };
    if first.is_lowercase() || !prev.chars().any(char::is_alphabetic) {
        return true;
    }
    let Some(body) = prev.strip_suffix('.') else {
        return false;
    };
    let last = body
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '«' | '“' | '\''))
        .next()
        .unwrap_or("");
    let next_word: &str = next
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let letters = last.chars().filter(|c| c.is_alphabetic()).count();
    if last.contains('.') && letters >= 2 && last.split('.').all(|p| p.chars().count() <= 2) {
        // dotted acronym: U.S. / e.g. / z.B.
        return !SENTENCE_STARTERS.contains(&next_word.to_lowercase().as_str());
    }
    if last.chars().count() == 1 && letters == 1 {
        return true; // an initial: "J. Smith", "M. Dupont", "z. B."
    }
    if !last.is_empty() && last.len() <= 2 && last.chars().all(|c| c.is_ascii_digit()) {
        return month_number(next_word).is_some(); // "am 3. Februar"
    }
    ABBREVIATIONS.contains(&last.to_lowercase().as_str())
}

/// The paragraphs of `text` when a document has none yet: blocks between blank lines.
fn paragraphs_of(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    for part in text.split("\n\n") {
        let lead = part.len() - part.trim_start().len();
        let t = part.trim();
        if !t.is_empty() {
            out.push(Paragraph {
                span: Span::new(start + lead, start + lead + t.len()),
            });
        }
        start += part.len() + 2;
    }
    out
}

/// Stage: fills `doc.sentences` (and `doc.paragraphs` when a previous stage left it empty).
#[derive(Debug, Default, Clone, Copy)]
pub struct Segment;

impl Stage for Segment {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        let doc = &mut analysis.doc;
        if doc.paragraphs.is_empty() {
            doc.paragraphs = paragraphs_of(&doc.text);
        }
        doc.sentences.clear();
        for (pi, p) in doc.paragraphs.iter().enumerate() {
            let Some(text) = p.span.slice(&doc.text) else {
                return Err(StageError::new(
                    "segment",
                    format!("paragraph {pi} span {:?} does not fit the text", p.span),
                ));
            };
            doc.sentences
                .extend(split_sentences(text).into_iter().map(|(s, e)| Sentence {
                    span: Span::new(p.span.start + s, p.span.start + e),
                    paragraph: pi,
                    lang: None,
                }));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(t: &str) -> Vec<&str> {
        split_sentences(t)
            .into_iter()
            .map(|(s, e)| &t[s..e])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            sents("M. Macron a parlé. Il part demain."),
            ["M. Macron a parlé.", "Il part demain."]
        );
        assert_eq!(
            sents("Dr. Smith met Mr. Jones. Then they left."),
            ["Dr. Smith met Mr. Jones.", "Then they left."]
        );
        assert_eq!(
            sents("J. R. Smith arrived. He sat."),
            ["J. R. Smith arrived.", "He sat."]
        );
        assert_eq!(
            sents("The U.S. Army moved. In the U.S. The end."),
            ["The U.S. Army moved.", "In the U.S.", "The end."]
        );
        assert_eq!(
            sents("Er kam z. B. am 3. Februar 2024. Dann ging er."),
            ["Er kam z. B. am 3. Februar 2024.", "Dann ging er."]
        );
        assert_eq!(
            sents("St. Petersburg is cold. Yes."),
            ["St. Petersburg is cold.", "Yes."]
        );
        assert_eq!(sents("Это т. е. пример. Да."), ["Это т. е. пример.", "Да."]);
        assert_eq!(
            sents("Он живёт на ул. Ленина. Да."),
            ["Он живёт на ул. Ленина.", "Да."]
        );
    }

    #[test]
    fn numbers_and_quotes() {
        assert_eq!(
            sents("Growth was 3.5 percent. Prices rose 1,000.5 points."),
            ["Growth was 3.5 percent.", "Prices rose 1,000.5 points."]
        );
        assert_eq!(
            sents("« Vive la paix ! » a-t-il dit. Puis rien."),
            ["« Vive la paix ! » a-t-il dit.", "Puis rien."]
        );
        assert_eq!(
            sents("« Vive la paix ! » Puis rien."),
            ["« Vive la paix ! »", "Puis rien."]
        );
        assert_eq!(
            sents("He said “Stop now.” Then he left."),
            ["He said “Stop now.”", "Then he left."]
        );
        assert_eq!(
            sents("It ended in 2019. The next year began."),
            ["It ended in 2019.", "The next year began."]
        );
        assert_eq!(sents("1. First point here."), ["1. First point here."]);
    }

    #[test]
    fn stage_spans_slice_back() {
        let mut a = Analysis::new(narrascope_core::RawDocument {
            source: narrascope_core::SourceRef {
                path: "-".into(),
                locator: None,
                format: narrascope_core::Format::Text,
            },
            text: String::new(),
            meta: Default::default(),
        });
        a.doc.text = "Titre\n\nUne phrase. Une autre !\n\n  Fin".into();
        Segment.run(&mut a).unwrap();
        let got: Vec<(&str, usize)> = (0..a.doc.sentences.len())
            .map(|i| (a.doc.sentence_text(i), a.doc.sentences[i].paragraph))
            .collect();
        assert_eq!(
            got,
            [
                ("Titre", 0),
                ("Une phrase.", 1),
                ("Une autre !", 1),
                ("Fin", 2)
            ]
        );
    }
}
