//! Trigger shapes that are not a plain verb between its subject and object: verb forms
//! used as nouns (`the attacks on`, `l'attaque du Hamas contre`), hyphenated participles
//! (`Iran-backed`), passives (`armed by`) and agents after nominalisations (`par la Russie`).

use narrascope_core::Span;

use super::clause::Tok;
use super::lexicon::Trigger;
use super::roles::Roles;
use crate::mention::Mention;

/// How many words may separate a trigger from its object after it.
const MAX_OBJECT_GAP: usize = 8;

impl<'m> Roles<'_, 'm> {
    /// The (subject, object) pairs a trigger states; `noun_use` when a verb form is used
    /// as a noun (see [`Roles::is_noun_use`]).
    pub fn pairs(
        &self,
        trig: Span,
        t: &Trigger,
        noun_use: bool,
    ) -> Vec<(&'m Mention, &'m Mention)> {
        let cross =
            |subs: Vec<&'m Mention>, objs: Vec<&'m Mention>| -> Vec<(&'m Mention, &'m Mention)> {
                subs.iter()
                    .flat_map(|s| objs.iter().map(move |o| (*s, *o)))
                    .collect()
            };
        if !t.nominal
            && let Some(p) = self.hyphen_pairs(trig)
        {
            return p;
        }
        if noun_use {
            // a verb form used as a noun (`the attacks on`) works as a nominalisation
            let (agent, objs) = self.noun_roles(trig, MAX_OBJECT_GAP);
            let subs = match agent {
                Some(a) => vec![a],
                None if objs.is_empty() => Vec::new(),
                None => self.subject(trig.start, true, 3),
            };
            return cross(subs, objs);
        }
        if t.between {
            let mut it = self.after(trig, 2 * MAX_OBJECT_GAP + 2).into_iter();
            let a = it.next();
            let b = it.find(|m| Some(m.entity.as_ref()) != a.map(|a| a.entity.as_ref()));
            return a.zip(b).into_iter().collect();
        }
        if !t.nominal
            && let Some(agent) = self.passive_agent(trig)
        {
            let patients = self.subject(trig.start, false, 3);
            return patients.into_iter().map(|p| (agent, p)).collect();
        }
        let mut objs = self.object(trig, t.nominal, MAX_OBJECT_GAP);
        let mut subs = self.subject(trig.start, t.nominal, 3);
        if t.nominal
            && let Some(a) = objs.first().and_then(|o| self.nominal_agent(o))
        {
            subs = vec![a];
        }
        if objs.is_empty() && !t.nominal {
            objs.extend(self.relative_object(trig.start));
        }
        cross(subs, objs)
    }

    /// The preposition governing the actor starting at `pos`, past articles (`contre
    /// l'armée`, `against the Iraqi`): the nearest word before it that is not a determiner.
    pub fn prep_before(&self, pos: usize) -> Option<&str> {
        let i = self.c.toks.partition_point(|t| t.end <= pos);
        if let Some(t) = self.c.toks.get(i).filter(|t| t.start < pos) {
            // `l'Iran`, `d'ISIS`: the elided head
            let h = t.head();
            if self.w.genitive.contains(h) || self.w.target.contains(h) {
                return Some(h);
            }
        }
        for t in self.c.toks[..i].iter().rev().take(3) {
            if !t.word {
                return None;
            }
            let k = t.key.as_str();
            if self.w.genitive.contains(k) || self.w.target.contains(k) {
                return Some(k);
            }
            if !self.w.determiners.contains(t.head()) {
                return Some(k);
            }
        }
        None
    }

    /// Roles around a verb form used as a noun: the object is the first actor after a
    /// target preposition (`attacks on`, `contre`), the agent an actor after a genitive
    /// one before it (`l'attaque du Hamas contre Israël`).
    pub fn noun_roles(
        &self,
        trig: Span,
        max_gap: usize,
    ) -> (Option<&'m Mention>, Vec<&'m Mention>) {
        let mut agent = None;
        for m in self.after(trig, max_gap) {
            match self.prep_before(m.span.start) {
                Some(p) if self.w.target.contains(p) => {
                    let hi = self
                        .c
                        .bound_after(trig.end)
                        .map_or(self.end, |(t, _)| self.c.toks[t].start);
                    return (agent, self.coordinated(m, trig.end, hi, false));
                }
                Some(p) if self.w.genitive.contains(p) && agent.is_none() => agent = Some(m),
                _ => {}
            }
        }
        (agent, Vec::new())
    }

    /// `Iran-backed Houthis`: a verb trigger glued to an actor by a hyphen. `None` when the
    /// trigger is not hyphenated; `Some` pairs (maybe none: `terrorist-occupied`) when it is.
    pub fn hyphen_pairs(&self, trig: Span) -> Option<Vec<(&'m Mention, &'m Mention)>> {
        if !self.text.get(..trig.start)?.ends_with('-') {
            return None;
        }
        let subj = self.args.iter().find(|m| m.span.end + 1 == trig.start);
        let obj = self.args.iter().find(|m| {
            m.span.start >= trig.end && self.c.words_between(trig.end, m.span.start).count() <= 1
        });
        Some(subj.zip(obj).map(|(s, o)| (*s, *o)).into_iter().collect())
    }

    /// A verb form used as a noun: after a determiner (`the attacks`, `l'attaque`), or
    /// right after an actor and before a preposition (`ISIS targets in Syria`).
    pub fn is_noun_use(&self, trig: Span, t: &Trigger) -> bool {
        let Some(prev) = self.c.tok_before(trig.start) else {
            return false;
        };
        let word = if prev.start < trig.start && prev.end > trig.start {
            prev.head()
        } else if prev.word {
            prev.key.as_str()
        } else {
            ""
        };
        let det = t.langs.iter().any(|l| {
            self.w
                .determiners_by_lang
                .get(l)
                .is_some_and(|d| d.contains(word))
        });
        if det {
            return true;
        }
        // noun compounds are an English construction
        if !t.in_lang("en") {
            return false;
        }
        let compound = self.args.iter().any(|m| {
            m.span.end <= trig.start
                && self
                    .text
                    .get(m.span.end..trig.start)
                    .is_some_and(|g| g.trim().is_empty())
        });
        compound
            && self.c.word_after(trig.end).is_some_and(|t| {
                self.w
                    .prepositions_by_lang
                    .get("en")
                    .is_some_and(|p| p.contains(&t.key))
            })
    }

    /// `… struck by X`: the agent of a passive trigger.
    pub fn passive_agent(&self, trig: Span) -> Option<&'m Mention> {
        let first = *self.args.iter().find(|m| m.span.start >= trig.end)?;
        let ws: Vec<&Tok> = self.c.words_between(trig.end, first.span.start).collect();
        let agent_at = ws
            .iter()
            .position(|t| self.agent.contains(&t.key) || self.agent.contains(t.head()))?;
        (agent_at + 3 >= ws.len() && ws.len() <= 4).then_some(first)
    }

    /// `l'occupation de la Crimée par la Russie`: the agent after a nominalisation's object.
    pub fn nominal_agent(&self, obj: &Mention) -> Option<&'m Mention> {
        let next = *self.args.iter().find(|m| m.span.start >= obj.span.end)?;
        let ws: Vec<&Tok> = self
            .c
            .words_between(obj.span.end, next.span.start)
            .collect();
        let by = ws.first().is_some_and(|t| self.agent.contains(&t.key));
        (by && ws.len() <= 2).then_some(next)
    }
}
