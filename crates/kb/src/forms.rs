//! The written forms a linker searches for: every alias folded, plus generated variants
//! (inflections, `al-`/`el-` articles, Russian case endings).

use std::collections::BTreeMap;

use crate::fold::{key, strip_marks};
use crate::inflect::{demonym_forms, ru_noun_forms};
use crate::kb::Kb;
use crate::model::FormKind;

/// One entity a form may refer to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormTarget {
    /// Position in [`Kb::entities`].
    pub entity: usize,
    pub kind: FormKind,
    pub lang: String,
}

/// A searchable form: `key` is folded (lower case, no diacritics) unless
/// `case_sensitive`, in which case it is the acronym as written (diacritics removed or kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurfaceForm {
    pub key: String,
    pub case_sensitive: bool,
    /// More than one target means the form is ambiguous.
    pub targets: Vec<FormTarget>,
}

#[derive(Default)]
struct Acc {
    explicit: Vec<FormTarget>,
    generated: Vec<FormTarget>,
}

fn push(v: &mut Vec<FormTarget>, t: FormTarget) {
    if !v.iter().any(|x| x.entity == t.entity) {
        v.push(t);
    }
}

impl Kb {
    /// All searchable forms. A generated variant never competes with a form written in a
    /// file: if it equals another entity's written form it is dropped, and generated
    /// variants claimed by several entities are dropped too.
    pub fn surface_forms(&self) -> Vec<SurfaceForm> {
        let mut acc: BTreeMap<(bool, String), Acc> = BTreeMap::new();
        for (i, e) in self.entities().iter().enumerate() {
            for a in &e.aliases {
                let t = FormTarget {
                    entity: i,
                    kind: a.kind,
                    lang: a.lang.clone(),
                };
                if a.kind == FormKind::Acronym || looks_like_acronym(&a.text) {
                    for k in [a.text.trim().to_string(), strip_marks(a.text.trim())] {
                        if !k.is_empty() {
                            push(&mut acc.entry((true, k)).or_default().explicit, t.clone());
                        }
                    }
                    continue;
                }
                let k = key(&a.text, false);
                if k.is_empty() {
                    continue;
                }
                for g in variants(&k, a.kind, &a.lang) {
                    if g != k {
                        push(&mut acc.entry((false, g)).or_default().generated, t.clone());
                    }
                }
                push(&mut acc.entry((false, k)).or_default().explicit, t);
            }
        }
        acc.into_iter()
            .filter_map(|((case_sensitive, key), a)| {
                let targets = if !a.explicit.is_empty() {
                    a.explicit
                } else if a.generated.len() == 1 {
                    a.generated
                } else {
                    return None;
                };
                Some(SurfaceForm {
                    key,
                    case_sensitive,
                    targets,
                })
            })
            .collect()
    }
}

/// A form written in capitals only (`TASS`, `РФ`, `G7`) is matched with its case, like an acronym.
pub fn looks_like_acronym(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic()).count();
    let upper = s.chars().filter(|c| c.is_uppercase()).count();
    letters > 0 && upper == letters && s.chars().filter(|c| !c.is_whitespace()).count() >= 2
}

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c))
}

/// Generated variants of the folded form `k` (may include `k`).
fn variants(k: &str, kind: FormKind, lang: &str) -> Vec<String> {
    let mut v = Vec::new();
    if kind == FormKind::Demonym {
        if lang != "*" {
            v.extend(demonym_forms(lang, k));
        }
        return v;
    }
    if lang == "ru" || (lang == "*" && is_cyrillic(k)) {
        v.extend(ru_noun_forms(k));
    }
    for (art, other) in [("al ", "el "), ("el ", "al ")] {
        if let Some(rest) = k.strip_prefix(art) {
            v.push(format!("{other}{rest}"));
            if rest.chars().count() >= 5 {
                v.push(rest.to_string());
            }
        }
    }
    if let Some(rest) = k.strip_prefix("ال") {
        v.push(format!("لل{rest}"));
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::raw::Source;

    fn kb(text: &str) -> Kb {
        let src = Source {
            name: "t.toml".into(),
            text: text.into(),
        };
        Kb::from_layers(&[vec![src]]).unwrap().0
    }

    #[test]
    fn generates_inflections_and_article_variants() {
        let kb = kb(
            "[[entity]]\nid = \"Q30\"\ntype = \"state\"\nacronyms.all = [\"É.-U.\"]\n\
            demonyms.fr = [\"américain\"]\n\
            [[entity]]\nid = \"Q34490\"\ntype = \"armed_group\"\nnames.all = [\"al-Qaïda\"]\nnames.ru = [\"Аль-Каида\"]\n",
        );
        let forms = kb.surface_forms();
        let find = |k: &str| {
            forms
                .iter()
                .find(|f| f.key == k)
                .map(|f| f.targets[0].entity)
        };
        assert_eq!(find("americaines"), Some(0));
        assert_eq!(find("É.-U."), Some(0));
        assert_eq!(find("E.-U."), Some(0));
        assert_eq!(find("el qaida"), Some(1));
        assert_eq!(find("qaida"), Some(1));
        assert_eq!(find("аль каиды"), Some(1));
        assert!(
            forms
                .iter()
                .filter(|f| f.case_sensitive)
                .all(|f| f.key.contains('U'))
        );
        assert!(looks_like_acronym("TASS") && looks_like_acronym("G7") && looks_like_acronym("РФ"));
        assert!(
            !looks_like_acronym("Tass")
                && !looks_like_acronym("teleSUR")
                && !looks_like_acronym("داعش")
        );
    }

    #[test]
    fn generated_forms_yield_to_written_ones() {
        // "iranienne" generated from Iran's demonym must not shadow an entity named so.
        let kb = kb(
            "[[entity]]\nid = \"Q794\"\ntype = \"state\"\ndemonyms.fr = [\"iranien\"]\n\
            [[entity]]\nid = \"ns:x\"\ntype = \"organisation\"\nnames.fr = [\"Iranienne\"]\n",
        );
        let forms = kb.surface_forms();
        let f = forms.iter().find(|f| f.key == "iranienne").unwrap();
        assert_eq!(f.targets.len(), 1);
        assert_eq!(f.targets[0].entity, 1);
        assert!(
            forms
                .iter()
                .any(|f| f.key == "iraniennes" && f.targets[0].entity == 0)
        );
    }
}
