//! The file schema: what a human writes under `kb/`. See `kb/README.md`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Forms per language code; the key `all` holds forms shared by every language.
pub type LangForms = BTreeMap<String, Vec<String>>;

/// One knowledge-base file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity: Vec<RawEntity>,
}

/// One `[[entity]]` table as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntity {
    pub id: String,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qid_checked: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ambiguous: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: LangForms,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub acronyms: LangForms,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub demonyms: LangForms,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub metonyms: LangForms,
}

/// A file's text and the name it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub text: String,
}

/// Parses one file, naming it in the error.
pub fn parse(src: &Source) -> Result<RawFile, crate::KbError> {
    toml::from_str(&src.text).map_err(|e| crate::KbError::Parse {
        file: src.name.clone(),
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source {
            name: "t.toml".into(),
            text: text.into(),
        }
    }

    #[test]
    fn parses_entity_tables() {
        let f = parse(&src(
            "[[entity]]\nid = \"Q30\"\ntype = \"state\"\nnames.en = [\"United States\"]\nacronyms.all = [\"US\"]\n",
        ))
        .unwrap();
        assert_eq!(f.entity[0].id, "Q30");
        assert_eq!(f.entity[0].acronyms["all"], ["US"]);
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_file() {
        let e = parse(&src("[[entity]]\nid = \"Q1\"\nnmaes.en = [\"x\"]\n")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("t.toml") && msg.contains("nmaes"), "{msg}");
    }
}
