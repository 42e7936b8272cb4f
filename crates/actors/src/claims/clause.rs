//! The clause structure of one sentence, worked out from words alone: tokens (words and
//! punctuation) and clause boundaries (punctuation, subordinators, relative pronouns,
//! infinitive markers, reporting verbs, clause-level `and`). Claim extraction looks for a
//! verb's subject inside the clause before it and its object inside the clause after it.

use narrascope_kb::key;

use super::lexicon::ClauseWords;
use crate::text::is_word_char;

/// What opens a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Bound {
    /// `;`, `:`, brackets, a spaced dash.
    Hard,
    Comma,
    /// A subordinator or contrastive conjunction (`while`, `tandis`, `after`).
    Clause,
    /// An infinitive marker whose clause shares the subject before it (`pour`, `para`).
    Control,
    /// A relative pronoun or complementiser (`which`, `that`, `qui`, `que`).
    Relative,
    /// A reporting verb (`said`, `a déclaré`).
    Said,
    /// `and` before a verb trigger or after a comma.
    Coord,
}

/// One word or punctuation mark (absolute byte offsets).
pub(super) struct Tok {
    pub start: usize,
    pub end: usize,
    /// Folded word; the punctuation mark itself for punctuation.
    pub key: String,
    pub word: bool,
}

impl Tok {
    /// The elided head of a word (`l'` of `l'Iran`, `qu'` of `qu'ils`), else the word.
    pub fn head(&self) -> &str {
        match self.key.find('\'') {
            Some(i) if i + 1 < self.key.len() => &self.key[..=i],
            _ => &self.key,
        }
    }
}

pub(super) struct Clauses {
    pub toks: Vec<Tok>,
    /// (token index, kind), in text order.
    pub bounds: Vec<(usize, Bound)>,
}

const PUNCT: [char; 9] = [',', ';', ':', '(', ')', '[', ']', '—', '–'];

impl Clauses {
    /// `sent` starts at byte `base` of the text; `said` are the starts of reporting cues,
    /// `verb_at` the starts of verb triggers, `inside` the spans of the actors (a
    /// boundary word inside an actor's name is not a boundary).
    pub fn new(
        sent: &str,
        base: usize,
        w: &ClauseWords,
        said: &[usize],
        verb_at: &[usize],
        inside: &[(usize, usize)],
    ) -> Clauses {
        let mut toks = Vec::new();
        let mut start = None;
        let push_word = |toks: &mut Vec<Tok>, s: usize, e: usize| {
            let w = &sent[s..e];
            // folding an ASCII word only lowers its case
            let key = if w.is_ascii() {
                w.to_ascii_lowercase()
            } else {
                key(w, false)
            };
            toks.push(Tok {
                start: base + s,
                end: base + e,
                key,
                word: true,
            })
        };
        for (i, c) in sent.char_indices() {
            let in_word = is_word_char(c) || c == '\'' || c == '’';
            match (in_word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    push_word(&mut toks, s, i);
                    start = None;
                }
                _ => {}
            }
            let spaced = |c: char| c.is_whitespace();
            let punct = PUNCT.contains(&c)
                && (c != '—' && c != '–'
                    || sent[i + c.len_utf8()..].chars().next().is_some_and(spaced));
            if punct || c == '&' {
                toks.push(Tok {
                    start: base + i,
                    end: base + i + c.len_utf8(),
                    key: c.to_string(),
                    word: false,
                });
            }
        }
        if let Some(s) = start {
            push_word(&mut toks, s, sent.len());
        }
        let in_actor = |p: usize| inside.iter().any(|&(s, e)| s <= p && p < e);
        // a short parenthesis (`The Islamic State (EI) has`) does not break the clause
        let mut short_paren = vec![false; toks.len()];
        for (i, t) in toks.iter().enumerate() {
            if t.key == "("
                && let Some(j) = toks[i + 1..].iter().take(5).position(|t| t.key == ")")
            {
                short_paren[i] = true;
                short_paren[i + 1 + j] = true;
            }
        }
        let mut bounds = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if in_actor(t.start) || short_paren[i] {
                continue;
            }
            let kind = if !t.word {
                match t.key.as_str() {
                    "," => Some(Bound::Comma),
                    "&" => Some(Bound::Coord).filter(|_| next_is_verb(&toks, i, verb_at)),
                    _ => Some(Bound::Hard),
                }
            } else if said.contains(&t.start) {
                Some(Bound::Said)
            } else if w.relative.contains(&t.key) || w.relative.contains(t.head()) {
                Some(Bound::Relative)
            } else if w.clause.contains(&t.key) || w.clause.contains(t.head()) {
                Some(Bound::Clause)
            } else if w.control.contains(&t.key) {
                Some(Bound::Control)
            } else if w.coordination.contains(&t.key) {
                let after_comma = i > 0 && toks[i - 1].key == ",";
                Some(Bound::Coord).filter(|_| after_comma || next_is_verb(&toks, i, verb_at))
            } else {
                None
            };
            if let Some(k) = kind {
                // `, and` is one boundary
                if k == Bound::Coord && bounds.last().is_some_and(|&(j, _)| j + 1 == i) {
                    bounds.pop();
                }
                bounds.push((i, k));
            }
        }
        Clauses { toks, bounds }
    }

    /// The index of the first token starting at or after byte `pos`.
    pub fn tok_at(&self, pos: usize) -> usize {
        self.toks.partition_point(|t| t.start < pos)
    }

    /// The last boundary starting before byte `pos`.
    pub fn bound_before(&self, pos: usize) -> Option<(usize, Bound)> {
        let i = self.tok_at(pos);
        let k = self.bounds.partition_point(|&(t, _)| t < i);
        k.checked_sub(1).map(|k| self.bounds[k])
    }

    /// The first boundary starting at or after byte `pos`, skipping `and` between two
    /// coordinated verbs (they share their object).
    pub fn bound_after(&self, pos: usize) -> Option<(usize, Bound)> {
        let i = self.tok_at(pos);
        let k = self.bounds.partition_point(|&(t, _)| t < i);
        self.bounds[k..]
            .iter()
            .copied()
            .find(|&(t, b)| !(b == Bound::Coord && self.toks[t].key != ","))
    }

    /// The word tokens between bytes `a` and `b`.
    pub fn words_between(&self, a: usize, b: usize) -> impl Iterator<Item = &Tok> {
        let (i, j) = (self.tok_at(a), self.tok_at(b));
        self.toks[i..j.max(i)].iter().filter(|t| t.word)
    }

    /// The first word token starting at or after byte `pos`.
    pub fn word_after(&self, pos: usize) -> Option<&Tok> {
        self.toks[self.tok_at(pos)..].iter().find(|t| t.word)
    }

    /// The token ending right before byte `pos` (the word holding `pos` when `pos` is
    /// inside a word, as in `l'|attaque`).
    pub fn tok_before(&self, pos: usize) -> Option<&Tok> {
        let i = self.toks.partition_point(|t| t.end <= pos);
        match self.toks.get(i) {
            Some(t) if t.start < pos => Some(t),
            _ => i.checked_sub(1).map(|i| &self.toks[i]),
        }
    }
}

/// Whether the word after token `i`, or after one adverb (`also`, `repeatedly`,
/// `ensuite`), starts a verb trigger.
fn next_is_verb(toks: &[Tok], i: usize, verb_at: &[usize]) -> bool {
    let mut next = toks[i + 1..].iter().filter(|t| t.word);
    let verb = |t: Option<&Tok>| t.is_some_and(|t| verb_at.contains(&t.start));
    let Some(first) = next.next() else {
        return false;
    };
    let adverb = |k: &str| {
        k.ends_with("ly")
            || k.ends_with("ment")
            || matches!(k, "also" | "then" | "later" | "aussi" | "puis" | "ensuite")
    };
    verb(Some(first)) || (adverb(&first.key) && verb(next.next()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::claims::Lexicon;

    fn kinds(sent: &str, verbs: &[&str]) -> Vec<(String, Bound)> {
        let lex = Lexicon::shipped().unwrap();
        let verb_at: Vec<usize> = verbs.iter().filter_map(|v| sent.find(v)).collect();
        let c = Clauses::new(sent, 0, &lex.words, &[], &verb_at, &[]);
        c.bounds
            .iter()
            .map(|&(t, b)| (c.toks[t].key.clone(), b))
            .collect()
    }

    #[test]
    fn boundaries_in_english_and_french() {
        let k = kinds(
            "Hezbollah, which Iran funds, threatened Israel and attacked it; Egypt and Jordan",
            &["funds", "threatened", "attacked"],
        );
        let want = [
            (",", Bound::Comma),
            ("which", Bound::Relative),
            (",", Bound::Comma),
            ("and", Bound::Coord),
            (";", Bound::Hard),
        ];
        assert_eq!(k, want.map(|(s, b)| (s.to_string(), b)));
        let k = kinds("Le Hamas, qu'il finance, tandis que l'Iran", &[]);
        assert_eq!(
            k.iter().map(|x| x.1).collect::<Vec<_>>(),
            [
                Bound::Comma,
                Bound::Relative,
                Bound::Comma,
                Bound::Clause,
                Bound::Relative
            ]
        );
    }

    #[test]
    fn comma_and_is_one_boundary_and_elisions_have_heads() {
        let k = kinds("X attacked ships, and the US struck", &[]);
        assert_eq!(k, [("and".to_string(), Bound::Coord)]);
        let lex = Lexicon::shipped().unwrap();
        let c = Clauses::new("l'attaque", 0, &lex.words, &[], &[], &[]);
        assert_eq!(c.toks[0].head(), "l'");
        assert_eq!(c.tok_before(2).map(|t| t.key.as_str()), Some("l'attaque"));
    }
}
