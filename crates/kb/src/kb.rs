//! Merging layers of files into one [`Kb`].

use std::collections::HashMap;

use crate::KbError;
use crate::model::{Alias, Entity, EntityType, FormKind};
use crate::raw::{self, RawEntity, Source};
use crate::validate::{self, Issue};

/// The merged knowledge base.
#[derive(Debug, Clone, Default)]
pub struct Kb {
    entities: Vec<Entity>,
    by_id: HashMap<String, usize>,
    /// Local entities by their `qid` (the first entity naming each QID).
    by_qid: HashMap<String, usize>,
}

/// A layer: the files of one folder (the shipped knowledge base, or one user folder).
pub type Layer = Vec<Source>;

impl Kb {
    /// Merges `layers` in order: an entity of a later layer with the id (or `qid`) of an
    /// earlier one adds its forms to it and overrides the fields it sets. Returns the
    /// knowledge base and the problems found; a file that does not parse is an error.
    pub fn from_layers(layers: &[Layer]) -> Result<(Kb, Vec<Issue>), KbError> {
        let (kb, mut issues) = Kb::merge_layers(layers)?;
        issues.extend(validate::references(&kb));
        issues.extend(validate::collisions(&kb));
        Ok((kb, issues))
    }

    /// [`Kb::from_layers`] without the checks that look across entities (unknown
    /// references, colliding forms): for the shipped files, which tests keep clean.
    pub(crate) fn merge_layers(layers: &[Layer]) -> Result<(Kb, Vec<Issue>), KbError> {
        let mut kb = Kb::default();
        let mut issues = Vec::new();
        for layer in layers {
            let mut seen: HashMap<String, String> = HashMap::new();
            for src in layer {
                let file = raw::parse(src)?;
                for re in file.entity {
                    issues.extend(validate::raw_entity(&src.name, &re));
                    if let Some(first) = seen.get(&re.id) {
                        issues.push(Issue::error(
                            &src.name,
                            Some(&re.id),
                            format!("duplicate id, already defined in {first}"),
                        ));
                        continue;
                    }
                    seen.insert(re.id.clone(), src.name.clone());
                    kb.merge(&src.name, re, &mut issues);
                }
            }
        }
        Ok((kb, issues))
    }

    fn merge(&mut self, file: &str, re: RawEntity, issues: &mut Vec<Issue>) {
        let kind = re.kind.as_deref().and_then(EntityType::parse);
        let target = self
            .by_id
            .get(&re.id)
            .or_else(|| re.qid.as_ref().and_then(|q| self.by_id.get(q)))
            .copied()
            // a Wikidata import names by QID an entity the shipped files hold under a local id
            .or_else(|| self.by_qid.get(&re.id).copied());
        let aliases = aliases_of(&re);
        match target {
            Some(i) => {
                let e = &mut self.entities[i];
                if let Some(k) = kind {
                    e.kind = k;
                }
                if let Some(l) = re.label {
                    e.label = l;
                }
                if re.description.is_some() {
                    e.description = re.description;
                }
                if re.part_of.is_some() {
                    e.part_of = re.part_of;
                }
                if let Some(c) = re.qid_checked {
                    e.qid_checked = c;
                }
                e.related.extend(re.related);
                e.ambiguous.extend(re.ambiguous);
                for a in aliases {
                    if !e.aliases.contains(&a) {
                        e.aliases.push(a);
                    }
                }
                e.files.push(file.to_string());
            }
            None => {
                let Some(kind) = kind else {
                    if re.kind.is_none() {
                        issues.push(Issue::error(file, Some(&re.id), "missing `type`".into()));
                    }
                    return;
                };
                let label = re.label.clone().unwrap_or_else(|| {
                    let pick = |l: &str| re.names.get(l).and_then(|v| v.first()).cloned();
                    pick("en")
                        .or_else(|| pick("all"))
                        .or_else(|| re.names.values().flatten().next().cloned())
                        .unwrap_or_else(|| re.id.clone())
                });
                let entity = Entity {
                    qid_checked: re.qid_checked.unwrap_or(re.id.starts_with('Q')),
                    id: re.id,
                    kind,
                    label,
                    qid: re.qid,
                    part_of: re.part_of,
                    related: re.related,
                    ambiguous: re.ambiguous,
                    aliases,
                    description: re.description,
                    files: vec![file.to_string()],
                };
                self.by_id.insert(entity.id.clone(), self.entities.len());
                if let Some(q) = &entity.qid {
                    self.by_qid.entry(q.clone()).or_insert(self.entities.len());
                }
                self.entities.push(entity);
            }
        }
    }

    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    pub fn len(&self) -> usize {
        self.entities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
    }

    /// The entity with id `id` (or, for local ids, whose `qid` is `id`).
    pub fn get(&self, id: &str) -> Option<&Entity> {
        self.index(id).map(|i| &self.entities[i])
    }

    /// The position of entity `id` in [`Kb::entities`].
    pub fn index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).or_else(|| self.by_qid.get(id)).copied()
    }
}

fn aliases_of(re: &RawEntity) -> Vec<Alias> {
    let mut out: Vec<Alias> = Vec::new();
    for (map, kind) in [
        (&re.names, FormKind::Name),
        (&re.acronyms, FormKind::Acronym),
        (&re.demonyms, FormKind::Demonym),
        (&re.metonyms, FormKind::Metonym),
    ] {
        for (lang, forms) in map {
            let lang = if lang == "all" { "*" } else { lang.as_str() };
            for f in forms {
                let a = Alias {
                    text: f.trim().to_string(),
                    lang: lang.to_string(),
                    kind,
                };
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(files: &[(&str, &str)]) -> Layer {
        files
            .iter()
            .map(|(n, t)| Source {
                name: n.to_string(),
                text: t.to_string(),
            })
            .collect()
    }

    const BASE: &str = "[[entity]]\nid = \"Q30\"\ntype = \"state\"\nnames.en = [\"United States\"]\n\
        [[entity]]\nid = \"ns:pmf\"\nqid = \"Q16837785\"\ntype = \"armed_group\"\nnames.en = [\"Popular Mobilization Forces\"]\n";

    #[test]
    fn user_layers_add_forms_to_shipped_entities() {
        let user = "[[entity]]\nid = \"Q30\"\nnames.fr = [\"Amérique\"]\n\
            [[entity]]\nid = \"Q16837785\"\nnames.fr = [\"Hachd\"]\n";
        let (kb, issues) =
            Kb::from_layers(&[layer(&[("base.toml", BASE)]), layer(&[("mine.toml", user)])])
                .unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(kb.len(), 2);
        let us = kb.get("Q30").unwrap();
        assert_eq!(us.label_in("fr"), "Amérique");
        assert_eq!(us.files, ["base.toml", "mine.toml"]);
        assert_eq!(kb.get("Q16837785").unwrap().id, "ns:pmf");
        assert!(
            kb.get("ns:pmf")
                .unwrap()
                .aliases
                .iter()
                .any(|a| a.text == "Hachd")
        );
    }

    #[test]
    fn duplicate_ids_in_one_layer_are_errors() {
        let (_, issues) = Kb::from_layers(&[layer(&[("a.toml", BASE), ("b.toml", BASE)])]).unwrap();
        let dup: Vec<_> = issues
            .iter()
            .filter(|i| i.message.contains("duplicate id"))
            .collect();
        assert_eq!(dup.len(), 2);
        assert_eq!(dup[0].file, "b.toml");
        assert!(dup[0].message.contains("a.toml"));
    }
}
