//! Full-text query syntax, translated into an FTS5 expression over analysed terms.
//!
//! - Words and `"quoted phrases"` must all match (AND).
//! - `a OR b` matches either; OR binds the two items around it.
//! - `-word`, `-"a phrase"` or `NOT word` excludes documents; at least one item must not be
//!   excluded.
//! - `title:word` or `title:"a phrase"` matches in the title only, `text:` in the body only.
//!
//! Each word or phrase is analysed once per language the corpus holds (see
//! [`super::analyze`]), and the distinct results are alternatives: a query word matches its
//! stemmed form in every language.

use rust_stemmers::Stemmer;

use super::analyze::tokens;
use crate::{Result, StoreError};

/// One word or phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Clause {
    field: Option<&'static str>,
    negated: bool,
    text: String,
}

/// A parsed query: items joined by AND, each a list of alternatives joined by OR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    items: Vec<Vec<Clause>>,
}

/// What a parsed query becomes for one corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compiled {
    /// The FTS5 MATCH expression.
    pub fts: String,
    /// The term sequences of the positive words and phrases (every variant), for highlights.
    pub sequences: Vec<Vec<String>>,
}

fn bad(q: &str, why: &str) -> StoreError {
    StoreError::Data(format!("search query '{q}': {why}"))
}

/// Splits the query into raw items: (field, negated, text, quoted) or the OR keyword.
fn lex(q: &str) -> Result<Vec<Option<Clause>>> {
    let mut out = Vec::new();
    let mut rest = q.trim_start();
    let mut negate_next = false;
    while !rest.is_empty() {
        let mut negated = std::mem::take(&mut negate_next);
        if let Some(r) = rest.strip_prefix('-') {
            negated = true;
            rest = r;
        }
        let mut field = None;
        for (prefix, name) in [("title:", "title"), ("text:", "body")] {
            if rest
                .get(..prefix.len())
                .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
            {
                field = Some(name);
                rest = &rest[prefix.len()..];
            }
        }
        let (text, after) = if let Some(r) = rest.strip_prefix('"') {
            let end = r.find('"').ok_or_else(|| bad(q, "unclosed quote"))?;
            (&r[..end], &r[end + 1..])
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        };
        rest = after.trim_start();
        match text {
            "OR" if field.is_none() && !negated => out.push(None),
            "NOT" if field.is_none() && !negated => negate_next = true,
            "AND" if field.is_none() && !negated => {}
            _ => out.push(Some(Clause {
                field,
                negated,
                text: text.to_string(),
            })),
        }
    }
    Ok(out)
}

impl Query {
    /// Parses a query; an error names the query and what is wrong with it.
    pub fn parse(q: &str) -> Result<Query> {
        let mut items: Vec<Vec<Clause>> = Vec::new();
        let mut join = false;
        for lexed in lex(q)? {
            match lexed {
                None if items.is_empty() || join => {
                    return Err(bad(q, "OR needs a word on each side"));
                }
                None => join = true,
                Some(c) if join => {
                    let last = items.last_mut().ok_or_else(|| bad(q, "misplaced OR"))?;
                    if c.negated || last.iter().any(|x| x.negated) {
                        return Err(bad(q, "an excluded word cannot be part of OR"));
                    }
                    last.push(c);
                    join = false;
                }
                Some(c) => items.push(vec![c]),
            }
        }
        if join {
            return Err(bad(q, "OR needs a word on each side"));
        }
        if !items.iter().any(|i| !i[0].negated) {
            return Err(bad(q, "needs at least one word that is not excluded"));
        }
        Ok(Query { items })
    }

    /// The FTS5 expression for a corpus whose documents were analysed with `stemmers` (one
    /// entry per language present; `None` for languages without a stemmer).
    pub fn compile(&self, q: &str, stemmers: &[Option<Stemmer>]) -> Result<Compiled> {
        let mut positive = Vec::new();
        let mut negative = Vec::new();
        let mut sequences = Vec::new();
        for item in &self.items {
            let mut alts = Vec::new();
            for c in item {
                let mut variants: Vec<Vec<String>> = Vec::new();
                for s in stemmers {
                    let seq: Vec<String> = tokens(&c.text, s.as_ref())
                        .into_iter()
                        .map(|t| t.term)
                        .collect();
                    if !seq.is_empty() && !variants.contains(&seq) {
                        variants.push(seq);
                    }
                }
                if variants.is_empty() {
                    continue;
                }
                let phrases: Vec<String> = variants
                    .iter()
                    .map(|v| format!("\"{}\"", v.join(" ").replace('"', "\"\"")))
                    .collect();
                let expr = format!("({})", phrases.join(" OR "));
                alts.push(match c.field {
                    Some(f) => format!("{{{f}}} : {expr}"),
                    None => expr,
                });
                if !c.negated {
                    sequences.extend(variants);
                }
            }
            if alts.is_empty() {
                continue;
            }
            let expr = format!("({})", alts.join(" OR "));
            if item[0].negated {
                negative.push(expr);
            } else {
                positive.push(expr);
            }
        }
        if positive.is_empty() {
            return Err(bad(q, "has no word to search for"));
        }
        let mut fts = positive.join(" AND ");
        for n in negative {
            fts = format!("({fts}) NOT {n}");
        }
        Ok(Compiled { fts, sequences })
    }
}

#[cfg(test)]
mod tests {
    use super::super::analyze::stemmer_for;
    use super::*;

    fn compile(q: &str, langs: &[&str]) -> Result<Compiled> {
        let stemmers: Vec<_> = langs.iter().map(|l| stemmer_for(Some(l))).collect();
        Query::parse(q)?.compile(q, &stemmers)
    }

    #[test]
    fn words_phrases_fields_or_and_not() {
        let c = compile(
            r#"title:Réformes "des retraites" OR pension -grève"#,
            &["fr"],
        )
        .unwrap();
        assert_eq!(
            c.fts,
            r#"(({title} : ("reform")) AND (("de retrait") OR ("pension"))) NOT (("grev"))"#
        );
        assert_eq!(c.sequences.len(), 3);
        let c = compile("NOT war peace", &["en"]).unwrap();
        assert_eq!(c.fts, r#"((("peac"))) NOT (("war"))"#);
    }

    #[test]
    fn each_language_adds_its_distinct_stem() {
        let c = compile("sanctions", &["en", "fr", "xx"]).unwrap();
        assert_eq!(c.fts, r#"(("sanction" OR "sanctions"))"#);
    }

    #[test]
    fn bad_queries_are_explained() {
        for q in ["-war", "OR peace", "war OR", "\"unclosed", "...", "a OR -b"] {
            let e = compile(q, &["en"]).unwrap_err().to_string();
            assert!(e.contains(q), "{e}");
        }
    }
}
