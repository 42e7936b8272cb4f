//! The relation lexicon (`kb/relations.toml`): trigger words per relation and language,
//! and cue words for negation, hedging and attribution.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::text::FastSet;

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
    #[serde(default)]
    determiners: LangForms,
    #[serde(default)]
    pronouns: LangForms,
    #[serde(default)]
    clause: LangForms,
    #[serde(default)]
    control: LangForms,
    #[serde(default)]
    relative: LangForms,
    #[serde(default)]
    coordination: LangForms,
    #[serde(default)]
    prepositions: LangForms,
    #[serde(default)]
    target: LangForms,
    #[serde(default)]
    genitive: LangForms,
    #[serde(default)]
    reflexive: LangForms,
    #[serde(default)]
    auxiliary: LangForms,
}

/// Folded word lists describing clause structure (`[cues]` in the lexicon file); see
/// `kb/relations.toml` for what each list is for.
#[derive(Default)]
pub(crate) struct ClauseWords {
    /// In any language (to join coordinated actors).
    pub determiners: FastSet<String>,
    /// Per language (to tell a verb trigger used as a noun: English `a` is an article,
    /// French `a` an auxiliary).
    pub determiners_by_lang: HashMap<String, FastSet<String>>,
    /// Subject pronouns (`they`, `ils`): a clause whose subject is one takes the
    /// sentence's first actor.
    pub pronouns: FastSet<String>,
    pub clause: FastSet<String>,
    pub control: FastSet<String>,
    pub relative: FastSet<String>,
    pub coordination: FastSet<String>,
    pub prepositions: FastSet<String>,
    pub prepositions_by_lang: HashMap<String, FastSet<String>>,
    pub target: FastSet<String>,
    pub genitive: FastSet<String>,
    pub reflexive: FastSet<String>,
    pub auxiliary: FastSet<String>,
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
    /// The languages listing the form (`en`, `fr`, …).
    pub langs: Vec<String>,
}

impl Trigger {
    pub fn in_lang(&self, lang: &str) -> bool {
        self.langs.iter().any(|l| l == lang)
    }
}

/// A loaded relation lexicon.
pub struct Lexicon {
    pub relations: Vec<String>,
    pub(crate) triggers: Vec<Trigger>,
    pub(crate) automaton: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    pub(crate) negation: FastSet<String>,
    pub(crate) hedge: FastSet<String>,
    pub(crate) according: Vec<String>,
    pub(crate) said: Vec<String>,
    pub(crate) agent: FastSet<String>,
    pub(crate) words: ClauseWords,
}

/// A lexicon file that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("relation lexicon {file}: {message}")]
pub struct LexiconError {
    pub file: String,
    pub message: String,
}

fn folded_set(m: &LangForms) -> FastSet<String> {
    m.values()
        .flatten()
        .map(|s| key(s, false))
        .filter(|s| !s.is_empty())
        .collect()
}

fn by_lang(m: &LangForms) -> HashMap<String, FastSet<String>> {
    m.iter()
        .map(|(l, v)| (l.clone(), v.iter().map(|f| key(f, false)).collect()))
        .collect()
}

fn folded_list(m: &LangForms) -> Vec<String> {
    let set: HashSet<String> = folded_set(m).into_iter().collect();
    let mut v: Vec<String> = set.into_iter().collect();
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
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (ri, r) in raw.relation.iter().enumerate() {
            relations.push(r.id.clone());
            for (forms, nominal) in [(&r.verbs, false), (&r.nouns, true)] {
                for (lang, f) in forms
                    .iter()
                    .flat_map(|(l, v)| v.iter().map(move |f| (l, f)))
                {
                    let k = key(f, false);
                    if k.is_empty() {
                        continue;
                    }
                    if let Some(&i) = seen.get(&k) {
                        // the first listing wins; it also holds in the other languages
                        let t: &mut Trigger = &mut triggers[i];
                        if !t.in_lang(lang) {
                            t.langs.push(lang.clone());
                        }
                        continue;
                    }
                    seen.insert(k.clone(), triggers.len());
                    let between = nominal && BETWEEN.iter().any(|b| k.ends_with(&format!(" {b}")));
                    pats.push((k, triggers.len() as u32));
                    triggers.push(Trigger {
                        relation: ri,
                        nominal,
                        between,
                        langs: vec![lang.clone()],
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
            words: ClauseWords {
                determiners: folded_set(&raw.cues.determiners),
                determiners_by_lang: by_lang(&raw.cues.determiners),
                pronouns: folded_set(&raw.cues.pronouns),
                clause: folded_set(&raw.cues.clause),
                control: folded_set(&raw.cues.control),
                relative: folded_set(&raw.cues.relative),
                coordination: folded_set(&raw.cues.coordination),
                prepositions: folded_set(&raw.cues.prepositions),
                prepositions_by_lang: by_lang(&raw.cues.prepositions),
                target: folded_set(&raw.cues.target),
                genitive: folded_set(&raw.cues.genitive),
                reflexive: folded_set(&raw.cues.reflexive),
                auxiliary: folded_set(&raw.cues.auxiliary),
            },
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
