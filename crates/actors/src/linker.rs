//! Dictionary linking: the knowledge-base forms found leftmost-longest, respecting word
//! boundaries, in the folded text (names, demonyms, metonyms: a trie walked from word
//! starts) and in the raw text with case kept (acronyms: an Aho-Corasick automaton).

use daachorse::{CharwiseDoubleArrayAhoCorasick, CharwiseDoubleArrayAhoCorasickBuilder, MatchKind};
use narrascope_core::{Document, Span};
use narrascope_kb::{EntityType, Folded, FormKind, Kb};

use crate::mention::{Mention, MentionKind};
use crate::prefix::{PrefixTrie, matches_at_word_starts};
use crate::stretch::Stretches;
use crate::text::{
    Spanned, at_word_boundaries, char_at, char_before, find_overlap, is_word_char, words,
};

/// An entity as the linker needs it.
#[derive(Debug, Clone)]
pub(crate) struct EntityInfo {
    pub id: String,
    pub part_of: Option<String>,
    pub related: Vec<String>,
}

#[derive(Debug, Clone)]
struct Form {
    targets: Vec<(u32, FormKind)>,
    /// Names of people and outlets must keep their capitals in the text.
    cased: bool,
}

/// A linker built once from a knowledge base and reused for every document.
pub struct Linker {
    pub(crate) entities: Vec<EntityInfo>,
    by_id: std::collections::HashMap<String, usize>,
    forms: Vec<Form>,
    /// The entity of each form that has exactly one (`u32::MAX` for the others), kept
    /// apart from `forms` so that looking it up for every hit stays in the cache.
    form_entity: Vec<u32>,
    /// The case-folded forms, walked from word starts.
    folded: Option<PrefixTrie>,
    exact: Option<CharwiseDoubleArrayAhoCorasick<u32>>,
    /// Where case-sensitive forms can occur.
    exact_stretches: Stretches,
}

/// A linker could not be built.
#[derive(Debug, thiserror::Error)]
#[error("building the name automaton: {0}")]
pub struct LinkerError(String);

/// One dictionary hit before overlaps are resolved.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub start: usize,
    pub end: usize,
    form: u32,
    pub acronym: bool,
}

impl Spanned for Hit {
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

fn build(
    pats: Vec<(String, u32)>,
) -> Result<Option<CharwiseDoubleArrayAhoCorasick<u32>>, LinkerError> {
    if pats.is_empty() {
        return Ok(None);
    }
    CharwiseDoubleArrayAhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build_with_values(pats)
        .map(Some)
        .map_err(|e| LinkerError(e.to_string()))
}

impl Linker {
    pub fn new(kb: &Kb) -> Result<Linker, LinkerError> {
        let entities: Vec<EntityInfo> = kb
            .entities()
            .iter()
            .map(|e| EntityInfo {
                id: e.id.clone(),
                part_of: e.part_of.clone(),
                related: e.related.clone(),
            })
            .collect();
        let mut forms = Vec::new();
        let mut folded = Vec::new();
        let mut exact = Vec::new();
        for sf in kb.surface_forms() {
            let cased = sf.targets.iter().all(|t| {
                let k = kb.entities()[t.entity].kind;
                t.kind == FormKind::Name
                    && matches!(k, EntityType::Person | EntityType::MediaOutlet)
            });
            let idx = forms.len() as u32;
            forms.push(Form {
                targets: sf
                    .targets
                    .iter()
                    .map(|t| (t.entity as u32, t.kind))
                    .collect(),
                cased,
            });
            if sf.case_sensitive {
                exact.push((sf.key, idx));
            } else {
                folded.push((sf.key, idx));
            }
        }
        let by_id = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        let exact_stretches = Stretches::new(exact.iter().map(|(k, _)| k.as_str()));
        let form_entity = forms
            .iter()
            .map(|f| match f.targets.as_slice() {
                [(e, _)] => *e,
                _ => u32::MAX,
            })
            .collect();
        Ok(Linker {
            form_entity,
            by_id,
            entities,
            forms,
            folded: (!folded.is_empty())
                .then(|| PrefixTrie::new(folded.iter().map(|(k, v)| (k.as_str(), *v)))),
            exact: build(exact)?,
            exact_stretches,
        })
    }

    /// Number of searchable forms.
    pub fn form_count(&self) -> usize {
        self.forms.len()
    }

    /// Dictionary mentions in `text` (no document-level resolution) into `out`, emptied
    /// first. Folds the text into `f` when some forms are searched folded, and says
    /// whether it did; `found` and `hits` are working memory.
    pub(crate) fn dictionary_mentions(
        &self,
        text: &str,
        f: &mut Folded,
        found: &mut Vec<(usize, usize, u32)>,
        [hits, spare]: &mut [Vec<Hit>; 2],
        out: &mut Vec<Mention>,
    ) -> bool {
        hits.clear();
        let folded = self.folded.is_some();
        if let Some(trie) = &self.folded {
            f.refold(text, false);
            found.clear();
            matches_at_word_starts(trie, &f.text, found);
            hits.reserve(found.len());
            let mut cursor = 0;
            for &(s, e, value) in found.iter() {
                if char_at(&f.text, e).is_some_and(is_word_char) {
                    continue;
                }
                let Some((start, end)) = f.original_from(text, s, e, &mut cursor) else {
                    continue;
                };
                let form = &self.forms[value as usize];
                if form.cased && !keeps_capitals(&text[start..end]) {
                    continue;
                }
                hits.push(Hit {
                    start,
                    end,
                    form: value,
                    acronym: false,
                });
            }
        }
        if let Some(ac) = &self.exact {
            let found = self.exact_stretches.find(text).flat_map(|(from, to)| {
                ac.leftmost_find_iter(&text[from..to])
                    .map(move |m| (from + m.start(), from + m.end(), m.value()))
            });
            for (start, end, form) in found {
                let mut end = end;
                if char_before(text, start).is_some_and(is_word_char) {
                    continue;
                }
                if char_at(text, end).is_some_and(is_word_char) {
                    // a plural of an acronym: PMUs, ONGs
                    if text[end..].starts_with('s')
                        && !char_at(text, end + 1).is_some_and(is_word_char)
                    {
                        end += 1;
                    } else {
                        continue;
                    }
                }
                if end - start <= 3 && shouting(text, start, end) {
                    continue;
                }
                hits.push(Hit {
                    start,
                    end,
                    form,
                    acronym: true,
                });
            }
        }
        let mut urls = url_spans(text);
        urls.sort_unstable();
        hits.retain(|h| find_overlap(&urls, h.start, h.end).is_none());
        select(hits, spare);
        out.clear();
        out.extend(hits.iter().map(|h| self.mention(text, h)));
        folded
    }

    fn mention(&self, text: &str, h: &Hit) -> Mention {
        let form = &self.forms[h.form as usize];
        let kind = form.targets[0].1;
        let id = |e: &u32| self.entities[*e as usize].id.clone();
        let (entity, ids) = match form.targets.as_slice() {
            [(e, _)] => (Some(id(e)), Vec::new()),
            many => (None, many.iter().map(|(e, _)| id(e)).collect()),
        };
        Mention {
            span: Span::new(h.start, h.end),
            surface: text[h.start..h.end].to_string(),
            entity,
            candidates: ids,
            metonym: kind == FormKind::Metonym,
            kind: match (h.acronym, kind) {
                (true, _) => MentionKind::Acronym,
                (false, FormKind::Demonym) => MentionKind::Demonym,
                (false, FormKind::Metonym) => MentionKind::Metonym,
                _ => MentionKind::Name,
            },
            sentence: None,
        }
    }

    /// The entity (its index) of the mention made of `h`, when it has one: the only
    /// target of its form.
    pub(crate) fn hit_entity(&self, h: &Hit) -> Option<u32> {
        self.form_entity
            .get(h.form as usize)
            .copied()
            .filter(|&e| e != u32::MAX)
    }

    pub(crate) fn entity(&self, id: &str) -> Option<&EntityInfo> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }
}

/// Byte ranges of web addresses written in the text, where names are not mentions.
fn url_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for pat in [&b"http://"[..], b"https://", b"www."] {
        for i in memchr::memmem::find_iter(text.as_bytes(), pat) {
            if out.iter().any(|&(s, e)| s <= i && i < e) {
                continue;
            }
            let len = text[i..]
                .find(char::is_whitespace)
                .unwrap_or(text.len() - i);
            out.push((i, i + len));
        }
    }
    out
}

/// Keeps the leftmost-longest hits that do not overlap, in text order. `spare` is
/// working memory.
fn select(hits: &mut Vec<Hit>, spare: &mut Vec<Hit>) {
    let order = |a: &Hit, b: &Hit| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.acronym.cmp(&b.acronym))
    };
    // the hits come as two runs in order (folded names, then acronyms): merged as the
    // stable sort would order them, without its buffer
    let k = hits
        .windows(2)
        .position(|w| order(&w[0], &w[1]).is_gt())
        .map_or(hits.len(), |p| p + 1);
    if k < hits.len() {
        if hits[k..].is_sorted_by(|a, b| order(a, b).is_le()) {
            spare.clear();
            spare.reserve(hits.len());
            let (a, b) = hits.split_at(k);
            let (mut i, mut j) = (0, 0);
            while i < a.len() && j < b.len() {
                if order(&b[j], &a[i]).is_lt() {
                    spare.push(b[j]);
                    j += 1;
                } else {
                    spare.push(a[i]);
                    i += 1;
                }
            }
            spare.extend_from_slice(&a[i..]);
            spare.extend_from_slice(&b[j..]);
            std::mem::swap(hits, spare);
        } else {
            hits.sort_by(order);
        }
    }
    let mut end = None;
    hits.retain(|h| {
        let keep = end.is_none_or(|e| h.start >= e);
        if keep {
            end = Some(h.end);
        }
        keep
    });
}

/// Particles that stay lower case inside names (`al-`, `bin`, `von der`, `of`).
fn is_particle(w: &str) -> bool {
    w.chars().count() <= 3 || matches!(w, "abou" | "from" | "della")
}

/// Every word of a person's or outlet's name written with a capital somewhere.
fn keeps_capitals(s: &str) -> bool {
    words(s).all(|w| is_particle(w) || !w.chars().all(|c| !c.is_alphabetic() || c.is_lowercase()))
}

/// Whether the words around `[start, end)` are written in capitals too (a shouted headline).
fn shouting(text: &str, start: usize, end: usize) -> bool {
    // words of caseless scripts (Devanagari, Arabic) have no lower case but do not shout
    let caps = |w: &str| {
        w.chars().filter(|c| c.is_uppercase()).count() >= 2 && !w.chars().any(char::is_lowercase)
    };
    let before = words(&text[..start]).next_back().filter(|_| {
        // only the word on the same line counts
        !text[..start].trim_end_matches([' ', '\t']).ends_with('\n')
    });
    let after = words(&text[end..]).next();
    before.is_some_and(caps) || after.is_some_and(caps)
}

/// Whether the text at `[start, end)` is delimited as a word.
pub(crate) fn is_word(text: &str, start: usize, end: usize) -> bool {
    at_word_boundaries(text, start, end)
}

/// The index of the sentence of `doc` containing byte `at`.
pub(crate) fn sentence_of(doc: &Document, at: usize) -> Option<usize> {
    let i = doc.sentences.partition_point(|s| s.span.start <= at);
    (i > 0 && at < doc.sentences[i - 1].span.end).then(|| i - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_found() {
        let t = "see https://x.co/isis-in-anbar and www.iraq.org now";
        let u = url_spans(t);
        assert_eq!(u.len(), 2);
        assert_eq!(&t[u[0].0..u[0].1], "https://x.co/isis-in-anbar");
        assert_eq!(&t[u[1].0..u[1].1], "www.iraq.org");
    }

    #[test]
    fn capitals_and_shouting() {
        assert!(keeps_capitals("Abu Mahdi al-Muhandis"));
        assert!(keeps_capitals("teleSUR"));
        assert!(!keeps_capitals("trump"));
        assert!(keeps_capitals("фон дер Ляйен"));
        assert!(keeps_capitals("ترامب"));
        let t = "THIS IS WAR\nIS claimed it";
        assert!(shouting(t, 5, 7));
        let j = t.rfind("IS claimed").unwrap();
        assert!(!shouting(t, j, j + 2));
        let h = "रूस ने US पर आरोप लगाया";
        let k = h.find("US").unwrap();
        assert!(!shouting(h, k, k + 2));
    }
}
