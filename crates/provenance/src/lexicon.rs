//! Word lists for translation traces (`kb/traces/<lang>.toml`): function words, translation
//! notes, words written with a capital, accented loanwords and foreign abbreviations. See
//! `kb/README.md`, section "Translation traces".

use std::collections::{HashMap, HashSet};

use regex::Regex;
use serde::Deserialize;

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../kb/traces/", $name)))),*]
    };
}

/// The shipped word lists, compiled in.
pub const SHIPPED: &[(&str, &str)] = shipped!(
    "de.toml", "en.toml", "es.toml", "fr.toml", "it.toml", "ru.toml"
);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    lang: String,
    function_words: Vec<String>,
    #[serde(default)]
    articles: Vec<String>,
    #[serde(default)]
    notes: Vec<String>,
    #[serde(default)]
    capitalised: Vec<String>,
    #[serde(default)]
    accented_loanwords: Vec<String>,
    #[serde(default)]
    foreign_abbreviation: Vec<ForeignAbbreviation>,
}

/// An abbreviation of another language (`UU` from Spanish `EE. UU.`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForeignAbbreviation {
    pub form: String,
    pub lang: String,
    pub meaning: String,
}

/// The lists of one language.
#[derive(Debug, Clone)]
pub struct LangLexicon {
    pub lang: String,
    pub function_words: HashSet<String>,
    pub articles: HashSet<String>,
    pub notes: Vec<Regex>,
    pub capitalised: HashSet<String>,
    pub accented_loanwords: HashSet<String>,
    pub foreign_abbreviations: Vec<ForeignAbbreviation>,
}

/// Every language's lists.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub langs: Vec<LangLexicon>,
    /// Every function word with a bit set for each language (index in `langs`) having it.
    pub(crate) function_word_langs: HashMap<String, u64>,
}

/// A word-list file that could not be used; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct LexiconError {
    pub file: String,
    pub message: String,
}

fn parse(text: &str) -> Result<LangLexicon, String> {
    let raw: RawFile = toml::from_str(text).map_err(|e| e.to_string())?;
    if raw.lang.is_empty() || !raw.lang.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(format!(
            "`lang` must be a lower-case language code, not `{}`",
            raw.lang
        ));
    }
    let lower = |v: Vec<String>, what: &str| -> Result<HashSet<String>, String> {
        match v
            .iter()
            .find(|w| w.to_lowercase() != **w || w.contains(' '))
        {
            Some(w) => Err(format!("{what}: `{w}` must be one lower-case word")),
            None => Ok(v.into_iter().collect()),
        }
    };
    let notes = raw
        .notes
        .iter()
        .map(|n| {
            // An ASCII `\b` keeps the fast automata usable on non-ASCII text.
            Regex::new(&format!("(?i){}", n.replace(r"\b", r"(?-u:\b)")))
                .map_err(|e| format!("notes: bad pattern `{n}`: {e}"))
        })
        .collect::<Result<_, _>>()?;
    if let Some(a) = raw
        .foreign_abbreviation
        .iter()
        .find(|a| a.form.is_empty() || a.lang == raw.lang)
    {
        return Err(format!(
            "foreign_abbreviation `{}`: needs a form and another language",
            a.form
        ));
    }
    Ok(LangLexicon {
        function_words: lower(raw.function_words, "function_words")?,
        articles: lower(raw.articles, "articles")?,
        capitalised: lower(raw.capitalised, "capitalised")?,
        accented_loanwords: lower(raw.accented_loanwords, "accented_loanwords")?,
        notes,
        foreign_abbreviations: raw.foreign_abbreviation,
        lang: raw.lang,
    })
}

impl Lexicon {
    /// The compiled-in shipped lists.
    pub fn shipped() -> Result<Lexicon, LexiconError> {
        Lexicon::from_files(SHIPPED.iter().map(|(n, t)| (format!("kb/traces/{n}"), *t)))
    }

    /// Word-list files as `(name, text)`.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (String, &'a str)>,
    ) -> Result<Lexicon, LexiconError> {
        let mut langs = Vec::new();
        for (file, text) in files {
            langs.push(parse(text).map_err(|message| LexiconError { file, message })?);
        }
        let mut function_word_langs: HashMap<String, u64> = HashMap::new();
        for (i, l) in langs.iter().enumerate().take(64) {
            for w in &l.function_words {
                *function_word_langs.entry(w.clone()).or_default() |= 1 << i;
            }
        }
        Ok(Lexicon {
            langs,
            function_word_langs,
        })
    }

    pub fn get(&self, lang: &str) -> Option<&LangLexicon> {
        self.langs.iter().find(|l| l.lang == lang)
    }

    /// Whether `word` (lower case) is an article of `lang`.
    pub fn is_article(&self, lang: &str, word: &str) -> bool {
        self.get(lang).is_some_and(|l| l.articles.contains(word))
    }

    /// Whether `word` (lower case) is a function word of `lang`.
    pub fn is_function_word(&self, lang: &str, word: &str) -> bool {
        self.get(lang)
            .is_some_and(|l| l.function_words.contains(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_load_and_are_all_listed() {
        let l = Lexicon::shipped().unwrap();
        assert!(l.is_function_word("fr", "selon") && !l.is_function_word("en", "selon"));
        assert!(l.get("en").unwrap().capitalised.contains("iranian"));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb/traces");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            on_disk, listed,
            "a file under kb/traces/ is missing from SHIPPED"
        );
    }

    #[test]
    fn errors_name_the_file() {
        let bad = |t: &str| {
            Lexicon::from_files([("kb/traces/xx.toml".to_string(), t)])
                .unwrap_err()
                .to_string()
        };
        let e = bad("lang = \"en\"\nfunction_words = [\"The\"]\n");
        assert!(
            e.starts_with("kb/traces/xx.toml: function_words: `The`"),
            "{e}"
        );
        let e = bad("lang = \"en\"\nfunction_words = []\nnotes = [\"(\"]\n");
        assert!(e.contains("bad pattern"), "{e}");
        let e = bad(
            "lang = \"en\"\nfunction_words = []\n[[foreign_abbreviation]]\nform = \"UU\"\nlang = \"en\"\nmeaning = \"x\"\n",
        );
        assert!(e.contains("another language"), "{e}");
        assert!(bad("function_words = []").contains("lang"));
    }
}
