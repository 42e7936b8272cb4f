//! The catalog file schema: what a human writes under `kb/narratives/`. See `kb/README.md`.

use serde::{Deserialize, Serialize};

use super::model::{Catalog, NarrativeDef, PerLang, Signature, SignaturePolarity};
use crate::KbError;
use crate::raw::Source;

/// One catalog file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogFile {
    pub catalog: RawCatalogHead,
    #[serde(default)]
    pub narrative: Vec<RawNarrative>,
}

/// The `[catalog]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCatalogHead {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Embedding similarity at which the matcher's score for this catalog's narratives is
    /// 0.5 (its calibration; the matcher's default when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub midpoint: Option<f32>,
}

/// One `[[narrative]]` table as written: ids and parents are slugs relative to the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNarrative {
    pub id: String,
    #[serde(default)]
    pub label: Option<String>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub parent: Option<String>,
    #[serde(default)]
    pub other: bool,
    #[serde(default)]
    pub keywords: PerLang,
    #[serde(default)]
    pub exemplars: PerLang,
    #[serde(default)]
    pub signature: Vec<RawSignature>,
}

/// One `[[narrative.signature]]` table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignature {
    pub subject: Vec<String>,
    pub relation: Vec<String>,
    pub object: Vec<String>,
    #[serde(default)]
    pub polarity: SignaturePolarity,
    #[serde(default = "one")]
    pub weight: f32,
}

fn one() -> f32 {
    1.0
}

/// Parses one catalog file, naming it in the error.
pub fn parse(src: &Source) -> Result<RawCatalogFile, KbError> {
    toml::from_str(&src.text).map_err(|e| KbError::Parse {
        file: src.name.clone(),
        message: e.to_string(),
    })
}

impl RawCatalogFile {
    /// The loaded catalog: ids become `<catalog>/<slug>`; a child slug `a/b` without an
    /// explicit `parent` gets the parent `a`.
    pub fn into_catalog(self, file: &str) -> Catalog {
        let cat = self.catalog.id.trim().to_string();
        let full = |slug: &str| format!("{cat}/{}", slug.trim());
        let narratives = self
            .narrative
            .into_iter()
            .map(|n| {
                let parent = match &n.parent {
                    Some(p) => Some(full(p)),
                    None => n.id.trim().rsplit_once('/').map(|(p, _)| full(p)),
                };
                NarrativeDef {
                    id: full(&n.id),
                    label: n.label,
                    title: n.title,
                    description: n.description,
                    parent,
                    other: n.other,
                    signatures: n
                        .signature
                        .into_iter()
                        .map(|s| Signature {
                            subject: s.subject,
                            relation: s.relation,
                            object: s.object,
                            polarity: s.polarity,
                            weight: s.weight,
                        })
                        .collect(),
                    exemplars: n.exemplars,
                    keywords: n.keywords,
                }
            })
            .collect();
        Catalog {
            id: cat,
            title: self.catalog.title,
            description: self.catalog.description,
            midpoint: self.catalog.midpoint,
            file: file.to_string(),
            narratives,
        }
    }
}

/// Parses and converts one catalog file.
pub fn load_source(src: &Source) -> Result<Catalog, KbError> {
    Ok(parse(src)?.into_catalog(&src.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            name: "cat.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn slugs_become_ids_and_children_get_parents() {
        let c = load_source(&src(
            "[catalog]\nid = \"x\"\ntitle = \"X\"\n\
             [[narrative]]\nid = \"a\"\ntitle = \"A\"\n\
             [[narrative]]\nid = \"a/b\"\ntitle = \"B\"\nexemplars.en = [\"s\"]\n\
             [[narrative.signature]]\nsubject = [\"Q30\"]\nrelation = [\"arm\"]\nobject = [\"*\"]\n",
        ))
        .unwrap();
        assert_eq!(c.narratives[0].id, "x/a");
        assert_eq!(c.narratives[0].parent, None);
        assert_eq!(c.narratives[1].id, "x/a/b");
        assert_eq!(c.narratives[1].parent.as_deref(), Some("x/a"));
        let s = &c.narratives[1].signatures[0];
        assert_eq!(s.weight, 1.0);
        assert_eq!(s.polarity, SignaturePolarity::Affirmed);
        assert_eq!(c.file, "cat.toml");
    }

    #[test]
    fn unknown_keys_and_bad_polarity_are_errors_naming_the_file() {
        let head =
            "[catalog]\nid = \"x\"\ntitle = \"X\"\n[[narrative]]\nid = \"a\"\ntitle = \"A\"\n";
        let e = load_source(&src(&format!("{head}exemplar.en = [\"s\"]\n"))).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("cat.toml: ") && msg.contains("exemplar"),
            "{msg}"
        );
        let bad = format!(
            "{head}[[narrative.signature]]\nsubject = [\"*\"]\nrelation = [\"arm\"]\nobject = [\"*\"]\npolarity = \"maybe\"\n"
        );
        let msg = load_source(&src(&bad)).unwrap_err().to_string();
        assert!(msg.contains("cat.toml") && msg.contains("maybe"), "{msg}");
    }
}
