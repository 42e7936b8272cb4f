//! Word normalisation shared by MinHash, exact Jaccard and the "identical text" test.
//!
//! A word is a maximal run of alphanumeric characters (Unicode `Alphabetic` or `Numeric`),
//! lowercased. Everything else (punctuation, symbols, spaces, apostrophes, hyphens) separates
//! words and is dropped, so `l'armée` gives `l`, `armee`.
//!
//! - **Compatibility forms are unified**: the text is NFKD-decomposed first, so ligatures
//!   (`ﬁ`), full-width letters and superscripts compare equal to their plain forms.
//! - **Diacritics are folded on Latin, Greek and Cyrillic letters** (`é` → `e`, `ё` → `е`):
//!   copies that lost their accents on the way (a frequent artefact of re-posting) still match
//!   their source. Marks on other scripts (Devanagari vowel signs, Thai tone marks, Arabic
//!   harakat…) are kept, because there they carry the spelling.
//! - **Scripts written without spaces** (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar,
//!   Tibetan) give one word per character (with its marks), so shingles become character
//!   n-grams there instead of whole sentences.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The normalised words of `text`, in order (see the module documentation for the rules).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w| out.push(w.to_string()));
    out
}

/// The normalised words of `text` joined by single spaces: two texts are "identical after
/// normalisation" when these strings are equal.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |w| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    });
    out
}

/// Calls `f` with each normalised word of `text`, reusing one buffer (no allocation per word).
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&str)) {
    if text.is_ascii() {
        ascii_words(text, &mut f);
    } else {
        let mut w = WordBuilder::default();
        for c in text.nfkd() {
            w.push(c, &mut f);
        }
        w.flush(&mut f);
    }
}

fn ascii_words(text: &str, f: &mut impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut lower = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
            i += 1;
        }
        // `text` is ASCII, so every index is a character boundary.
        let word = &text[start..i];
        if word.bytes().any(|b| b.is_ascii_uppercase()) {
            lower.clear();
            lower.push_str(word);
            lower.make_ascii_lowercase();
            f(&lower);
        } else {
            f(word);
        }
    }
}

#[derive(Default)]
struct WordBuilder {
    buf: String,
    /// The current word is a single character of a script written without spaces.
    unspaced: bool,
    /// The last base character allows its combining marks to be folded away.
    foldable: bool,
}

impl WordBuilder {
    fn push(&mut self, c: char, f: &mut impl FnMut(&str)) {
        if is_combining_mark(c) {
            // A mark belongs to the word it follows; a mark with no word before it is dropped.
            if !self.buf.is_empty() && !self.foldable {
                self.buf.push(c);
            }
        } else if c.is_alphanumeric() {
            let unspaced = is_unspaced(c);
            if unspaced || self.unspaced {
                self.flush(f);
            }
            self.unspaced = unspaced;
            self.foldable = is_foldable(c);
            if c.is_ascii() {
                self.buf.push(c.to_ascii_lowercase());
            } else {
                self.buf.extend(c.to_lowercase());
            }
        } else {
            self.flush(f);
        }
    }

    fn flush(&mut self, f: &mut impl FnMut(&str)) {
        if !self.buf.is_empty() {
            f(&self.buf);
            self.buf.clear();
        }
        self.unspaced = false;
    }
}

/// Latin (with Latin Extended Additional), Greek and Cyrillic letters: their marks are folded.
fn is_foldable(c: char) -> bool {
    matches!(c, '\0'..='\u{052F}' | '\u{1E00}'..='\u{1FFF}')
}

/// Scripts that do not separate words with spaces.
fn is_unspaced(c: char) -> bool {
    matches!(c,
        '\u{0E00}'..='\u{0FFF}'     // Thai, Lao, Tibetan
        | '\u{1000}'..='\u{109F}'   // Myanmar
        | '\u{1780}'..='\u{17FF}'   // Khmer
        | '\u{3040}'..='\u{30FF}'   // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_splits_and_case_folds() {
        assert_eq!(
            words("L'armée, DÉMENT-elle ? «Oui» 3,5 %"),
            ["l", "armee", "dement", "elle", "oui", "3", "5"]
        );
        assert_eq!(words("Hello,  World!!"), ["hello", "world"]);
    }

    #[test]
    fn ascii_and_unicode_paths_agree() {
        // The same ASCII words inside a non-ASCII text are normalised the same way.
        assert_eq!(words("Rapid Fox jumps"), words("Rapid Fox jumps — é")[..3]);
    }

    #[test]
    fn compatibility_forms_and_accents_fold() {
        assert_eq!(normalize("ﬁnal Ｃafé"), normalize("final cafe"));
        assert_eq!(normalize("Ёлка"), "елка");
        assert_eq!(normalize("Ελλάδα"), "ελλαδα");
    }

    #[test]
    fn marks_of_other_scripts_are_kept() {
        // Devanagari vowel signs change the word: "काम" (work) and "कम" (less) stay different.
        assert_ne!(normalize("काम"), normalize("कम"));
        assert_eq!(words("नमस्ते दुनिया").len(), 2);
    }

    #[test]
    fn unspaced_scripts_give_one_word_per_character() {
        assert_eq!(words("东京大学"), ["东", "京", "大", "学"]);
        assert_eq!(words("abc東京"), ["abc", "東", "京"]);
        // A Thai consonant keeps its marks.
        let th = words("ที่นี่");
        assert_eq!(th.len(), 2, "{th:?}");
    }

    #[test]
    fn empty_and_symbol_only_texts_have_no_words() {
        assert!(words("").is_empty());
        assert!(words("  ... --- !!! ").is_empty());
        assert!(words("\u{0301}\u{0301}").is_empty());
        assert_eq!(normalize(""), "");
    }
}
