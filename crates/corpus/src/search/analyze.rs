//! Text analysis for the full-text index: the same steps turn document text and query words
//! into index terms.
//!
//! - Words are Unicode word segments (UAX #29) holding a letter or digit, lowercased.
//! - Words are stemmed with the Snowball stemmer of the document's language where one
//!   exists (ar, da, de, el, en, es, fi, fr, hu, it, nl, no, pt, ro, ru, sv, ta, tr), then
//!   folded: diacritics removed (after decomposition), Arabic alef/ya/ta-marbuta forms
//!   unified and tatweel dropped. Stemming comes first because the stemmers expect accents.
//! - Runs of Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar characters, which are
//!   written without spaces, become overlapping character bigrams (a lone character stays a
//!   unigram), so a query matches inside a run without a dictionary.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// One index term and the byte range of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub term: String,
    pub start: usize,
    pub end: usize,
}

/// The Snowball algorithm for a language code, when there is one.
pub fn stemmer_for(lang: Option<&str>) -> Option<Stemmer> {
    let algo = match lang? {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nl" => Algorithm::Dutch,
        "no" | "nb" | "nn" => Algorithm::Norwegian,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    };
    Some(Stemmer::create(algo))
}

/// Characters of scripts written without spaces between words.
fn unspaced(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x0E00..=0x0EFF | 0x1780..=0x17FF
        | 0x1000..=0x109F | 0x31F0..=0x31FF | 0xFF66..=0xFF9F)
}

/// Removes diacritics and unifies Arabic letter variants.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.nfkd() {
        if is_combining_mark(c) || c == '\u{0640}' {
            continue;
        }
        out.push(match c {
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c => c,
        });
    }
    out
}

/// The index term of one lowercased word.
fn term(word: &str, stemmer: Option<&Stemmer>) -> String {
    match stemmer {
        Some(s) => fold(&s.stem(word)),
        None => fold(word),
    }
}

/// Analyses `text` written in `lang` into index terms with their byte ranges.
pub fn tokens(text: &str, stemmer: Option<&Stemmer>) -> Vec<Token> {
    let mut out = Vec::new();
    // the current run of unspaced characters: (byte offset, char)
    let mut run: Vec<(usize, char)> = Vec::new();
    for (start, seg) in text.split_word_bound_indices() {
        let mut chars = seg.char_indices().peekable();
        if chars.peek().is_some_and(|&(_, c)| unspaced(c)) {
            run.extend(
                seg.char_indices()
                    .filter(|&(_, c)| unspaced(c))
                    .map(|(i, c)| (start + i, c)),
            );
            continue;
        }
        flush_run(&mut run, &mut out);
        if !seg.chars().any(char::is_alphanumeric) {
            continue;
        }
        let lower = seg.to_lowercase();
        let t = term(&lower, stemmer);
        if !t.is_empty() {
            out.push(Token {
                term: t,
                start,
                end: start + seg.len(),
            });
        }
    }
    flush_run(&mut run, &mut out);
    out
}

/// Emits the bigrams (or the single unigram) of a run of unspaced characters.
fn flush_run(run: &mut Vec<(usize, char)>, out: &mut Vec<Token>) {
    let end_of = |(i, c): (usize, char)| i + c.len_utf8();
    match run.len() {
        0 => {}
        1 => out.push(Token {
            term: fold(&run[0].1.to_string()),
            start: run[0].0,
            end: end_of(run[0]),
        }),
        _ => {
            for w in run.windows(2) {
                let mut t = String::new();
                t.push(w[0].1);
                t.push(w[1].1);
                out.push(Token {
                    term: fold(&t),
                    start: w[0].0,
                    end: end_of(w[1]),
                });
            }
        }
    }
    run.clear();
}

/// The terms of `text` joined by spaces: the form stored in the full-text table.
pub fn index_text(text: &str, stemmer: Option<&Stemmer>) -> String {
    let toks = tokens(text, stemmer);
    let mut s = String::with_capacity(text.len());
    for t in toks {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(&t.term);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, lang: &str) -> Vec<String> {
        let s = stemmer_for(Some(lang));
        tokens(text, s.as_ref())
            .into_iter()
            .map(|t| t.term)
            .collect()
    }

    #[test]
    fn stems_and_folds_diacritics() {
        assert_eq!(terms("Réformes", "fr"), terms("reforme", "fr"));
        assert_eq!(terms("retraites", "fr"), terms("retraite", "fr"));
        assert_eq!(terms("Sanctions", "en"), terms("sanction", "en"));
        // no stemmer: lowercased and folded only
        assert_eq!(terms("Łódź Café", "pl"), ["łodz", "cafe"]);
    }

    #[test]
    fn arabic_variants_and_diacritics_unify() {
        assert_eq!(fold("أَحْمَد"), fold("احمد"));
        assert_eq!(fold("مدرسة"), "مدرسه");
        assert_eq!(fold("مـــصر"), "مصر");
        assert_eq!(terms("إسرائيل", "xx"), terms("اسرائيل", "xx"));
    }

    #[test]
    fn unspaced_scripts_become_bigrams_with_offsets() {
        let toks = tokens("政府发布 new 報告", None);
        let t: Vec<&str> = toks.iter().map(|t| t.term.as_str()).collect();
        assert_eq!(t, ["政府", "府发", "发布", "new", "報告"]);
        assert_eq!(&"政府发布 new 報告"[toks[1].start..toks[1].end], "府发");
        assert_eq!(terms("ข่าวปลอม", "th").len(), "ข่าวปลอม".chars().count() - 1);
        assert_eq!(tokens("中", None)[0].term, "中");
    }

    #[test]
    fn punctuation_is_skipped_and_offsets_point_at_words() {
        let text = "Hello, world! 2024.";
        let toks = tokens(text, None);
        let words: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(words, ["Hello", "world", "2024"]);
        assert_eq!(index_text(text, None), "hello world 2024");
    }
}
