//! Subject and object of a trigger inside its clause: the subject is the nearest actor
//! before the trigger in the same clause (or the clause it continues: coordinated verbs,
//! infinitives, relative clauses), the object the first actor after it in the same
//! clause, unless a preposition puts it in an adjunct.

use narrascope_core::Span;

use super::clause::{Bound, Clauses, Tok};
use super::lexicon::ClauseWords;
use crate::mention::Mention;
use crate::text::FastSet;

/// How many words may separate a subject from its trigger inside one clause.
const MAX_SUBJECT_GAP: usize = 10;

pub(super) struct Roles<'a, 'm> {
    pub text: &'a str,
    pub c: &'a Clauses,
    /// The actors that can be parties, in text order.
    pub args: &'a [&'m Mention],
    pub w: &'a ClauseWords,
    pub agent: &'a FastSet<String>,
    /// Starts of the verb triggers of the sentence.
    pub verbs: &'a [usize],
    /// Where the sentence ends (byte offset).
    pub end: usize,
}

impl<'m> Roles<'_, 'm> {
    /// The subject of a trigger starting at `pos` (several when coordinated: `Syrian and
    /// Russian aircraft`). `nominal` triggers may take the speaker of a reported clause.
    pub fn subject(&self, pos: usize, nominal: bool, depth: u8) -> Vec<&'m Mention> {
        let b = self.c.bound_before(pos);
        let lo = b.map_or(0, |(t, _)| self.c.toks[t].end);
        match self.gerund_after_preposition(pos) {
            // `accuses NATO of arming`: the actor right before `of`
            Some(p)
                if self.c.toks[p].key == "of"
                    && self.args.iter().any(|m| {
                        m.span.end <= self.c.toks[p].start
                            && self
                                .c
                                .words_between(m.span.end, self.c.toks[p].start)
                                .count()
                                == 0
                    }) => {}
            // `wages war on Iraq in the name of fighting Iran`: the subject of the verb before
            Some(_) if self.verbs.iter().any(|&v| v < pos) => {
                return self.carried(pos, nominal, depth);
            }
            _ => {}
        }
        // the nearest actor not inside a prepositional phrase (`Pompeo on Twitter`,
        // `trained by Iran to fight`)
        let last = self.args.iter().rev().find(|m| {
            m.span.start >= lo
                && m.span.end <= pos
                && !self
                    .prep_before(m.span.start)
                    .is_some_and(|p| self.w.prepositions.contains(p) || self.agent.contains(p))
        });
        if let Some(&last) = last {
            if self.c.words_between(last.span.end, pos).count() > MAX_SUBJECT_GAP {
                return Vec::new();
            }
            return self.coordinated(last, lo, pos, true);
        }
        let pronoun = self
            .c
            .words_between(lo, pos)
            .any(|t| self.w.pronouns.contains(&t.key));
        if pronoun {
            // `ils ont soutenu`: the sentence's first actor
            return self
                .args
                .iter()
                .find(|m| m.span.end <= lo)
                .copied()
                .into_iter()
                .collect();
        }
        let (Some((t, kind)), true) = (b, depth > 0) else {
            return Vec::new();
        };
        let at = self.c.toks[t].start;
        match kind {
            // `armed and trained`, `utilisé la base pour armer`: the subject of the verb before
            Bound::Coord | Bound::Control => self.carried(at, nominal, depth),
            Bound::Relative => self.antecedent(t).into_iter().collect(),
            Bound::Comma => match self.enclosed_open(t) {
                Some(open) => self.subject(open, nominal, depth - 1),
                // `Hamas, funded by Qatar`: a clause opening on the trigger hangs on the
                // actor before the comma
                None if self.c.words_between(self.c.toks[t].end, pos).count() == 0 => {
                    self.antecedent(t).into_iter().collect()
                }
                None => Vec::new(),
            },
            Bound::Said => match self.c.bound_before(at) {
                // `which US officials said was backed by Iran`
                Some((r, Bound::Relative)) => self.antecedent(r).into_iter().collect(),
                _ if nominal => self.subject(at, nominal, depth - 1),
                _ => Vec::new(),
            },
            Bound::Hard | Bound::Clause => Vec::new(),
        }
    }

    /// The subject of the verb trigger before `pos` (the clause a coordinated verb, an
    /// infinitive or a gerund continues).
    fn carried(&self, pos: usize, nominal: bool, depth: u8) -> Vec<&'m Mention> {
        match self.verbs.iter().rev().find(|&&v| v < pos) {
            Some(&v) if depth > 0 => self.subject(v, nominal, depth - 1),
            _ => Vec::new(),
        }
    }

    /// An English gerund right after a preposition (`of fighting`, `by attacking`): the
    /// preposition's token.
    fn gerund_after_preposition(&self, pos: usize) -> Option<usize> {
        let i = self.c.tok_at(pos);
        let gerund = self.c.toks.get(i).is_some_and(|t| t.key.ends_with("ing"));
        let p = i.checked_sub(1)?;
        let t = &self.c.toks[p];
        let prep = t.word
            && matches!(
                t.key.as_str(),
                "of" | "in" | "by" | "for" | "after" | "before" | "while" | "without" | "on"
            );
        (gerund && prep).then_some(p)
    }

    /// The object of a trigger: the first actor after it in its clause, within `max_gap`
    /// words, with the actors coordinated with it (`le Hamas et le Hezbollah`).
    pub fn object(&self, trig: Span, nominal: bool, max_gap: usize) -> Vec<&'m Mention> {
        let hi = self
            .c
            .bound_after(trig.end)
            .map_or(self.end, |(t, _)| self.c.toks[t].start);
        let Some(&first) = self
            .args
            .iter()
            .find(|m| m.span.start >= trig.end && m.span.start < hi)
        else {
            return Vec::new();
        };
        let gap: Vec<&Tok> = self.c.words_between(trig.end, first.span.start).collect();
        if gap.len() > max_gap {
            return Vec::new();
        }
        if !nominal {
            let reflexive = |t: &&Tok| self.w.reflexive.contains(&t.key);
            // a preposition before a number is a date (`depuis 2015`), not an adjunct holding the actor
            let adjunct = gap.windows(2).any(|p| {
                self.w.prepositions.contains(&p[0].key)
                    && !p[1].key.starts_with(|c: char| c.is_ascii_digit())
            }) || gap
                .last()
                .is_some_and(|t| self.w.prepositions.contains(&t.key));
            let reported = self
                .c
                .word_after(first.span.end)
                .is_some_and(|t| self.w.auxiliary.contains(&t.key));
            if gap.first().is_some_and(reflexive) || adjunct || reported {
                return Vec::new();
            }
        }
        self.coordinated(first, trig.end, hi, false)
    }

    /// The actors after a trigger in its clause, within `max_gap` words.
    pub fn after(&self, trig: Span, max_gap: usize) -> Vec<&'m Mention> {
        let hi = self
            .c
            .bound_after(trig.end)
            .map_or(self.end, |(t, _)| self.c.toks[t].start);
        self.args
            .iter()
            .filter(|m| m.span.start >= trig.end && m.span.start < hi)
            .filter(|m| self.c.words_between(trig.end, m.span.start).count() <= max_gap)
            .copied()
            .collect()
    }

    /// The object of a verb in an object relative clause: the actor the clause hangs on
    /// (`le Hamas, que le Qatar finance`).
    pub fn relative_object(&self, pos: usize) -> Option<&'m Mention> {
        match self.c.bound_before(pos) {
            // `that` mostly introduces a reported clause (`told the BBC that …`)
            Some((t, Bound::Relative)) if self.c.toks[t].key != "that" => self.antecedent(t),
            _ => None,
        }
    }

    /// The actor a relative pronoun at token `t` refers to: right before it, or up to two
    /// words before it when a comma sets the relative clause off (`the militia group, which`).
    fn antecedent(&self, t: usize) -> Option<&'m Mention> {
        let at = self.c.toks[t].start;
        let comma = t > 0 && self.c.toks[t - 1].key == ",";
        let allowed = if comma { 2 } else { 0 };
        self.args
            .iter()
            .rev()
            .find(|m| m.span.end <= at)
            .filter(|m| self.c.words_between(m.span.end, at).count() <= allowed)
            .copied()
    }

    /// When the comma at token `t` closes a clause set off by commas that is a relative
    /// or participle clause (`Hezbollah, which Iran funds, threatened`; `the militia,
    /// backed by Iran, attacked`), where that clause opens.
    fn enclosed_open(&self, t: usize) -> Option<usize> {
        let (o, kind) = self.c.bound_before(self.c.toks[t].start)?;
        let open = match kind {
            Bound::Relative if o > 0 && self.c.toks[o - 1].key == "," => o - 1,
            Bound::Comma => {
                let first = self.c.toks.get(o + 1).filter(|x| x.word)?;
                let relative = self.w.relative.contains(&first.key);
                (relative || self.verbs.contains(&first.start)).then_some(o)?
            }
            _ => return None,
        };
        Some(self.c.toks[open].start)
    }

    /// `first` and the actors coordinated with it (only `and`, `&`, commas are not
    /// followed, and determiners between), staying within `lo..hi`.
    pub(super) fn coordinated(
        &self,
        first: &'m Mention,
        lo: usize,
        hi: usize,
        back: bool,
    ) -> Vec<&'m Mention> {
        let mut out = vec![first];
        let Some(mut i) = self.args.iter().position(|m| std::ptr::eq(*m, first)) else {
            return out;
        };
        loop {
            let next = if back { i.checked_sub(1) } else { Some(i + 1) };
            let Some(n) = next.and_then(|n| self.args.get(n).map(|m| (n, *m))) else {
                break;
            };
            if n.1.span.start < lo || n.1.span.end > hi {
                break;
            }
            let cur = self.args[i];
            let (a, b) = if back {
                (n.1.span.end, cur.span.start)
            } else {
                (cur.span.end, n.1.span.start)
            };
            let (ti, tj) = (self.c.tok_at(a), self.c.tok_at(b));
            let between = &self.c.toks[ti..tj.max(ti)];
            let neutral = |t: &Tok| {
                self.is_and(t)
                    || self.w.determiners.contains(t.head())
                    || t.key == "("
                    || t.key == ")"
            };
            let same = n.1.entity == cur.entity;
            let joined =
                (same || between.iter().any(|t| self.is_and(t))) && between.iter().all(neutral);
            if !joined {
                break;
            }
            if !same {
                out.push(n.1);
            }
            i = n.0;
        }
        if back {
            out.reverse();
        }
        out
    }

    fn is_and(&self, t: &Tok) -> bool {
        t.key == "&" || (t.word && self.w.coordination.contains(&t.key))
    }
}
