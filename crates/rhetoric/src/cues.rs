//! Transparent cues: per-language regular expressions in `kb/techniques/<lang>.toml` that mark
//! a technique where they match (see `kb/README.md`, section "Persuasion-technique cues").

use std::collections::BTreeSet;
use std::path::Path;

use narrascope_kb::{KbPaths, Source};
use regex::Regex;
use serde::Deserialize;

use crate::techniques;

/// Weight of a cue that names none.
pub const DEFAULT_WEIGHT: f32 = 0.8;

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../kb/", $name)))),*]
    };
}

/// The shipped cue files, compiled in so that an installed binary works alone.
const SHIPPED: &[(&str, &str)] = shipped!("techniques/en.toml", "techniques/fr.toml");

/// A cue file that cannot be used; always names the file.
#[derive(Debug, thiserror::Error)]
pub enum CueError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    lang: String,
    #[serde(default)]
    cue: Vec<RawCue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCue {
    id: String,
    technique: String,
    patterns: Vec<String>,
    weight: Option<f32>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

/// One loaded cue.
#[derive(Debug, Clone)]
pub struct Cue {
    /// `<lang>/<id>`, e.g. `en/doubt/no-evidence`.
    pub id: String,
    pub lang: String,
    /// Index into [`techniques::TECHNIQUES`].
    pub technique: usize,
    pub weight: f32,
    /// The file the cue came from.
    pub file: String,
    regex: Regex,
}

impl Cue {
    /// The compiled pattern (the file's patterns joined as alternatives).
    pub fn pattern(&self) -> &str {
        self.regex.as_str()
    }
}

/// Where one cue matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CueMatch {
    /// Index into [`CueSet::cues`].
    pub cue: usize,
    pub technique: usize,
    /// Byte range in the searched text.
    pub start: usize,
    pub end: usize,
}

/// Every loaded cue, in load order.
#[derive(Debug, Clone, Default)]
pub struct CueSet {
    pub cues: Vec<Cue>,
}

fn invalid(file: &str, message: String) -> CueError {
    CueError::Invalid {
        file: file.to_string(),
        message,
    }
}

fn parse(src: &Source) -> Result<Vec<Cue>, CueError> {
    let raw: RawFile = toml::from_str(&src.text).map_err(|e| invalid(&src.name, e.to_string()))?;
    let lang = raw.lang.trim();
    if lang.is_empty() || !lang.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
        return Err(invalid(
            &src.name,
            format!("lang {:?} is not a lower-case language code", raw.lang),
        ));
    }
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(raw.cue.len());
    for c in raw.cue {
        let bad = |m: String| invalid(&src.name, format!("cue {:?}: {m}", c.id));
        if c.id.trim().is_empty() || !seen.insert(c.id.clone()) {
            return Err(bad("id is empty or used twice in this file".into()));
        }
        let technique = techniques::index_of(&c.technique)
            .ok_or_else(|| bad(format!("unknown technique {:?}", c.technique)))?;
        if c.patterns.is_empty() || c.patterns.iter().any(|p| p.trim().is_empty()) {
            return Err(bad("needs at least one non-empty pattern".into()));
        }
        let weight = c.weight.unwrap_or(DEFAULT_WEIGHT);
        if !(weight > 0.0 && weight <= 1.0) {
            return Err(bad(format!("weight {weight} is not in (0, 1]")));
        }
        let joined = c
            .patterns
            .iter()
            .map(|p| format!("(?:{p})"))
            .collect::<Vec<_>>()
            .join("|");
        let regex = Regex::new(&format!("(?i){joined}")).map_err(|e| bad(e.to_string()))?;
        if regex.is_match("") {
            return Err(bad("a pattern matches the empty text".into()));
        }
        out.push(Cue {
            id: format!("{lang}/{}", c.id),
            lang: lang.to_string(),
            technique,
            weight,
            file: src.name.clone(),
            regex,
        });
    }
    Ok(out)
}

fn read_dir(dir: &Path) -> Result<Vec<Source>, CueError> {
    let io = |p: &Path| {
        let path = p.display().to_string();
        move |source| CueError::Io { path, source }
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let p = entry.map_err(io(dir))?.path();
        if p.is_file() && p.extension().is_some_and(|e| e == "toml") {
            paths.push(p);
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| {
            Ok(Source {
                name: p.display().to_string(),
                text: std::fs::read_to_string(p).map_err(io(p))?,
            })
        })
        .collect()
}

impl CueSet {
    /// The compiled-in shipped cues.
    pub fn shipped() -> Result<CueSet, CueError> {
        let sources: Vec<Source> = SHIPPED
            .iter()
            .map(|(n, t)| Source {
                name: format!("kb/{n}"),
                text: t.to_string(),
            })
            .collect();
        CueSet::from_sources(&sources)
    }

    /// The shipped folder's `techniques/*.toml` (the compiled-in copy when it has none),
    /// then each user folder's `techniques/*.toml`.
    pub fn load(paths: &KbPaths) -> Result<CueSet, CueError> {
        let mut set = match &paths.shipped {
            Some(d) if d.join("techniques").is_dir() => {
                CueSet::from_sources(&read_dir(&d.join("techniques"))?)?
            }
            _ => CueSet::shipped()?,
        };
        for u in &paths.user {
            let dir = u.join("techniques");
            if dir.is_dir() {
                set.layer(CueSet::from_sources(&read_dir(&dir)?)?);
            }
        }
        Ok(set)
    }

    /// Parses `sources` in order; a later cue with the id of an earlier one replaces it.
    pub fn from_sources(sources: &[Source]) -> Result<CueSet, CueError> {
        let mut set = CueSet::default();
        for s in sources {
            set.layer(CueSet { cues: parse(s)? });
        }
        Ok(set)
    }

    fn layer(&mut self, other: CueSet) {
        for c in other.cues {
            match self.cues.iter_mut().find(|k| k.id == c.id) {
                Some(k) => *k = c,
                None => self.cues.push(c),
            }
        }
    }

    /// Languages that have cues.
    pub fn langs(&self) -> BTreeSet<&str> {
        self.cues.iter().map(|c| c.lang.as_str()).collect()
    }

    /// Every match of the cues of `lang` in `text`, in text order.
    pub fn find(&self, lang: &str, text: &str) -> Vec<CueMatch> {
        let mut out = Vec::new();
        for (i, c) in self.cues.iter().enumerate().filter(|(_, c)| c.lang == lang) {
            out.extend(c.regex.find_iter(text).map(|m| CueMatch {
                cue: i,
                technique: c.technique,
                start: m.start(),
                end: m.end(),
            }));
        }
        out.sort_by_key(|m| (m.start, m.end, m.cue));
        out
    }
}

#[cfg(test)]
mod tests;
