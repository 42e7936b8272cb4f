//! The relation lexicon (`kb/relations.toml`): trigger words per relation and language,
//! and cue words for negation, hedging and attribution.

use std::collections::{BTreeMap, HashSet};

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use narrascope_kb::key;
use serde::Deserialize;

type LangForms = BTreeMap<String, Vec<String>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    cues: RawCues,
    relation: Vec<RawRelation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    negation: LangForms,
    hedge: LangForms,
    according: LangForms,
    said: LangForms,
    agent: LangForms,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelation {
    id: String,
    verbs: LangForms,
    #[serde(default)]
    nouns: LangForms,
}

/// One trigger form.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Index into [`Lexicon::relations`].
    pub relation: usize,
    /// A nominalisation (`the arming of`, `la coordination entre`).
    pub nominal: bool,
    /// A nominalisation naming both sides after it (`coordination between X and Y`).
    pub between: bool,
}

/// A loaded relation lexicon.
pub struct Lexicon {
    pub relations: Vec<String>,
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    pub(crate) negation: HashSet<String>,
    pub(crate) hedge: HashSet<String>,
    pub(crate) according: Vec<String>,
    pub(crate) said: Vec<String>,
    pub(crate) agent: HashSet<String>,
}

/// A lexicon file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("relation lexicon {file}: {message}")]
pub struct LexiconError {
    pub file: String,
    pub message: String,
}

fn folded_set(m: &LangForms) -> HashSet<String> {
    m.values()
        .flatten()
        .map(|s| key(s, false))
        .filter(|s| !s.is_empty())
        .collect()
}

fn folded_list(m: &LangForms) -> Vec<String> {
    let mut v: Vec<String> = folded_set(m).into_iter().collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v
}

const BETWEEN: [&str; 8] = [
    "between",
    "entre",
    "zwischen",
    "tra",
    "fra",
    "между",
    "بين",
    "entre os",
];

impl Lexicon {
    /// Parses a lexicon file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Lexicon, LexiconError> {
        let err = |message: String| LexiconError {
            file: file.to_string(),
            message,
        };
        let raw: RawLexicon = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let mut relations = Vec::new();
        let mut triggers = Vec::new();
        let mut pats: Vec<(String, u32)> = Vec::new();
        let mut seen = HashSet::new();
        for (ri, r) in raw.relation.iter().enumerate() {
            relations.push(r.id.clone());
            for (forms, nominal) in [(&r.verbs, false), (&r.nouns, true)] {
                for f in forms.values().flatten() {
                    let k = key(f, false);
                    if k.is_empty() || !seen.insert(k.clone()) {
                        continue;
                    }
                    let between = nominal && BETWEEN.iter().any(|b| k.ends_with(&format!(" {b}")));
                    pats.push((k, triggers.len() as u32));
                    triggers.push(Trigger {
                        relation: ri,
                        nominal,
                        between,
                    });
                }
            }
        }
        let automaton = if pats.is_empty() {
            None
        } else {
            Some(
                CharwiseDoubleArrayAhoCorasickBuilder::new()
                    .match_kind(MatchKind::LeftmostLongest)
                    .build_with_values(pats)
                    .map_err(|e| err(e.to_string()))?,
            )
        };
        Ok(Lexicon {
            relations,
            triggers,
            automaton,
            negation: folded_set(&raw.cues.negation),
            hedge: folded_set(&raw.cues.hedge),
            according: folded_list(&raw.cues.according),
            said: folded_list(&raw.cues.said),
            agent: folded_set(&raw.cues.agent),
        })
    }

    /// The shipped lexicon, compiled in.
    pub fn shipped() -> Result<Lexicon, LexiconError> {
        Lexicon::parse("kb/relations.toml", narrascope_kb::SHIPPED_RELATIONS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lexicon_covers_the_core_relations() {
        let lex = Lexicon::shipped().unwrap();
        for r in [
            "support",
            "arm",
            "train",
            "fund",
            "use",
            "coordinate",
            "ally",
            "create",
            "protect",
            "attack",
            "bomb",
            "kill",
            "occupy",
            "invade",
            "threaten",
            "accuse",
            "blame",
            "condemn",
            "deny",
            "exploit",
            "fight",
            "help",
            "withdraw",
        ] {
            assert!(lex.relations.iter().any(|x| x == r), "{r}");
        }
        assert!(lex.triggers.iter().any(|t| t.between));
        assert!(lex.negation.contains("pas") && lex.agent.contains("par"));
    }

    #[test]
    fn bad_files_are_named() {
        let e = Lexicon::parse("mine.toml", "[[relation]]\nid = 3\n")
            .err()
            .map(|e| e.to_string());
        assert!(e.is_some_and(|e| e.contains("mine.toml")));
    }
}
