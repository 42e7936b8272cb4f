//! Citation cue files (`kb/sources/<lang>.toml`, `kb/sources/kinds.toml`): per-language
//! regular expressions with a `{name}` or `{handle}` placeholder for the cited name, and word
//! lists that decide a source's kind. See `kb/README.md`, section "Citation cues".

use std::collections::{BTreeMap, HashSet};

use regex::Regex;
use serde::Deserialize;

/// The kinds a cited source may have.
pub const KINDS: [&str; 6] = [
    "outlet",
    "agency",
    "official",
    "account",
    "organisation",
    "unknown",
];

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../kb/sources/", $name)))),*]
    };
}

/// The shipped cue files, compiled in.
pub const SHIPPED: &[(&str, &str)] = shipped!(
    "de.toml",
    "en.toml",
    "es.toml",
    "fr.toml",
    "kinds.toml",
    "ru.toml"
);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCueFile {
    lang: String,
    #[serde(default)]
    connectors: Vec<String>,
    #[serde(default)]
    kinds: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    cue: Vec<RawCue>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    id: String,
    pattern: String,
    #[serde(default)]
    kind: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKinds {
    agencies: Vec<String>,
}

/// One compiled cue.
#[derive(Debug, Clone)]
pub struct Cue {
    /// `<lang>/<id>`.
    pub id: String,
    pub regex: Regex,
    /// The kind when neither the knowledge base nor the kind words decide (`account` always wins).
    pub kind: Option<String>,
    /// The pattern starts with the name (`{name} said`): the name is a sentence's subject.
    pub subject_first: bool,
}

/// The cues of one language.
#[derive(Debug, Clone)]
pub struct CueSet {
    pub lang: String,
    pub cues: Vec<Cue>,
    /// Lower-cased kind words per kind, longest first.
    pub kind_words: Vec<(String, Vec<String>)>,
}

/// Every cue file, compiled.
#[derive(Debug, Clone, Default)]
pub struct Cues {
    pub sets: Vec<CueSet>,
    /// Knowledge-base entity ids cited as agencies.
    pub agencies: HashSet<String>,
}

/// A cue file that could not be used; the message names the file.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct CueError {
    pub file: String,
    pub message: String,
}

/// A capitalised name of up to six words, lower-case connectors allowed between them.
fn name_pattern(connectors: &[String]) -> String {
    let word = r"(?:\p{Lu}|\p{Ll}{1,3}[-‐]?\p{Lu})[\p{L}\p{M}\p{N}&'’.-]*";
    let next = r"(?:\p{Lu}|\p{Ll}{1,3}[-‐]?\p{Lu}|\p{N})[\p{L}\p{M}\p{N}&'’.-]*";
    let conn: Vec<String> = connectors.iter().map(|c| regex::escape(c)).collect();
    // After connectors only a capitalised word may follow (`Policy le 24` stops at `Policy`).
    let joined = if conn.is_empty() {
        String::new()
    } else {
        format!("(?:(?:{})[ -])+{word}|", conn.join("|"))
    };
    format!(r#"[«"“„]?{word}(?:[ ](?:{joined}{next})){{0,5}}[»"”]?"#)
}

const HANDLE: &str = r"@[A-Za-z0-9_]{2,30}\b";
/// Up to six lower-case words before a name (`the state news agency `).
const DESC: &str = r"(?:\p{Ll}[\p{Ll}\p{M}'’-]* ){0,6}?";

fn compile(lang: &str, raw: &RawCue, name: &str) -> Result<Cue, String> {
    let has_name = raw.pattern.matches("{name}").count();
    let has_handle = raw.pattern.matches("{handle}").count();
    if has_name + has_handle != 1 {
        return Err(format!(
            "cue `{}`: the pattern needs exactly one `{{name}}` or `{{handle}}`",
            raw.id
        ));
    }
    if let Some(k) = &raw.kind
        && !KINDS.contains(&k.as_str())
    {
        return Err(format!(
            "cue `{}`: unknown kind `{k}` (one of {})",
            raw.id,
            KINDS.join(", ")
        ));
    }
    // An ASCII word boundary keeps the fast automata usable on non-ASCII text (a Unicode
    // `\b` makes them give up); cue words are whole words either way.
    let body = raw
        .pattern
        .replace(r"\b", r"(?-u:\b)")
        .replace("{desc}", &format!("(?-i:{DESC})"))
        .replace("{name}", &format!("(?-i:(?P<name>{name}))"))
        .replace("{handle}", &format!("(?P<name>{HANDLE})"));
    let regex = regex::RegexBuilder::new(&format!("(?im){body}"))
        .dfa_size_limit(16 << 20)
        .build()
        .map_err(|e| format!("cue `{}`: bad pattern: {e}", raw.id))?;
    Ok(Cue {
        id: format!("{lang}/{}", raw.id),
        regex,
        kind: raw.kind.clone(),
        subject_first: raw.pattern.starts_with("{name}"),
    })
}

fn parse_cue_file(text: &str) -> Result<CueSet, String> {
    let raw: RawCueFile = toml::from_str(text).map_err(|e| e.to_string())?;
    if raw.lang.is_empty() || !raw.lang.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(format!(
            "`lang` must be a lower-case language code, not `{}`",
            raw.lang
        ));
    }
    let name = name_pattern(&raw.connectors);
    let mut seen = HashSet::new();
    let mut cues = Vec::new();
    for c in &raw.cue {
        if !seen.insert(c.id.as_str()) {
            return Err(format!("cue `{}` is defined twice", c.id));
        }
        cues.push(compile(&raw.lang, c, &name)?);
    }
    let mut kind_words = Vec::new();
    for (kind, words) in raw.kinds {
        if !KINDS.contains(&kind.as_str()) {
            return Err(format!("[kinds]: unknown kind `{kind}`"));
        }
        let mut w: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        w.sort_by_key(|w| std::cmp::Reverse(w.len()));
        kind_words.push((kind, w));
    }
    Ok(CueSet {
        lang: raw.lang,
        cues,
        kind_words,
    })
}

impl Cues {
    /// The compiled-in shipped cue files.
    pub fn shipped() -> Result<Cues, CueError> {
        Cues::from_files(SHIPPED.iter().map(|(n, t)| (format!("kb/sources/{n}"), *t)))
    }

    /// Cue files as `(name, text)`; a file named `kinds.toml` holds the agency list.
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = (String, &'a str)>,
    ) -> Result<Cues, CueError> {
        let mut out = Cues::default();
        for (file, text) in files {
            let err = |message: String| CueError {
                file: file.clone(),
                message,
            };
            if file.ends_with("kinds.toml") {
                let k: RawKinds = toml::from_str(text).map_err(|e| err(e.to_string()))?;
                out.agencies.extend(k.agencies);
            } else {
                out.sets.push(parse_cue_file(text).map_err(err)?);
            }
        }
        Ok(out)
    }

    /// The cue set of a language.
    pub fn for_lang(&self, lang: &str) -> Option<&CueSet> {
        self.sets.iter().find(|s| s.lang == lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Result<Cues, CueError> {
        Cues::from_files([("kb/sources/xx.toml".to_string(), text)])
    }

    #[test]
    fn shipped_files_compile_and_are_all_listed() {
        let c = Cues::shipped().unwrap();
        assert!(c.for_lang("en").is_some() && c.for_lang("fr").is_some());
        assert!(c.agencies.contains("ns:tass"));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb/sources");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".toml"))
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = SHIPPED.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            on_disk, listed,
            "a file under kb/sources/ is missing from SHIPPED"
        );
    }

    #[test]
    fn errors_name_the_file_and_the_cue() {
        let e = load("lang = \"en\"\n[[cue]]\nid = \"x\"\npattern = \"said by\"\n").unwrap_err();
        assert_eq!(e.file, "kb/sources/xx.toml");
        assert!(
            e.to_string().starts_with("kb/sources/xx.toml: cue `x`"),
            "{e}"
        );
        let e = load("lang = \"en\"\n[[cue]]\nid = \"x\"\npattern = \"(by {name}\"\n").unwrap_err();
        assert!(e.message.contains("bad pattern"), "{e}");
        let e =
            load("lang = \"en\"\n[[cue]]\nid = \"x\"\npattern = \"by {name}\"\nkind = \"spy\"\n")
                .unwrap_err();
        assert!(e.message.contains("unknown kind `spy`"), "{e}");
        let e = load("lang = \"en\"\ncolour = 1\n").unwrap_err();
        assert!(e.message.contains("colour"), "{e}");
        let e = load("lang = \"EN\"\n").unwrap_err();
        assert!(e.message.contains("lang"), "{e}");
        let dup = "lang = \"en\"\n[[cue]]\nid = \"a\"\npattern = \"by {name}\"\n";
        let e = load(&format!("{dup}{}", &dup[12..])).unwrap_err();
        assert!(e.message.contains("defined twice"), "{e}");
    }

    #[test]
    fn name_placeholder_keeps_case_while_cue_words_do_not() {
        let c = load("lang = \"en\"\nconnectors = [\"of\"]\n[[cue]]\nid = \"a\"\npattern = \"according to {desc}{name}\"\n")
            .unwrap();
        let re = &c.sets[0].cues[0].regex;
        let m = re
            .captures("ACCORDING TO the paper Moon of Alabama Blog, x")
            .unwrap();
        assert_eq!(&m["name"], "Moon of Alabama Blog");
        assert!(re.captures("according to the paper of record").is_none());
    }
}
