//! The resolved knowledge base model.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityType {
    State,
    ArmedGroup,
    PoliticalParty,
    Person,
    Organisation,
    MediaOutlet,
    Place,
    Institution,
    Event,
    /// A people, ethnic or religious community (the Kurds, the Shia).
    People,
}

impl EntityType {
    pub const ALL: [EntityType; 10] = [
        EntityType::State,
        EntityType::ArmedGroup,
        EntityType::PoliticalParty,
        EntityType::Person,
        EntityType::Organisation,
        EntityType::MediaOutlet,
        EntityType::Place,
        EntityType::Institution,
        EntityType::Event,
        EntityType::People,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::State => "state",
            EntityType::ArmedGroup => "armed_group",
            EntityType::PoliticalParty => "political_party",
            EntityType::Person => "person",
            EntityType::Organisation => "organisation",
            EntityType::MediaOutlet => "media_outlet",
            EntityType::Place => "place",
            EntityType::Institution => "institution",
            EntityType::Event => "event",
            EntityType::People => "people",
        }
    }

    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a written form refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// A name or alias, matched without regard to case.
    Name,
    /// An acronym, matched with its case (`US` is not `us`).
    Acronym,
    /// A demonym or adjective (`américaines`), matched without regard to case.
    Demonym,
    /// A place standing for an actor (`Washington`, `le Kremlin`).
    Metonym,
}

/// One written form of an entity as the file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    pub text: String,
    /// ISO 639-1 code, or `*` for a form shared by every language.
    pub lang: String,
    pub kind: FormKind,
}

/// One entity after all layers are merged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// A Wikidata QID (`Q30`) or a local id (`ns:islamic-resistance-in-iraq`).
    pub id: String,
    pub kind: EntityType,
    /// The display label (English where known).
    pub label: String,
    /// A Wikidata QID for a local id, when one is believed to exist.
    pub qid: Option<String>,
    /// Whether the QID (the id itself or `qid`) was verified.
    pub qid_checked: bool,
    /// The entity this one belongs to (a ministry's state, a militia's umbrella).
    pub part_of: Option<String>,
    /// Entities whose presence in a document makes this one the likely reading of an ambiguous alias.
    pub related: Vec<String>,
    /// Forms knowingly shared with other entities.
    pub ambiguous: Vec<String>,
    pub aliases: Vec<Alias>,
    pub description: Option<String>,
    /// The file (or files, for merged layers) that define it.
    pub files: Vec<String>,
}

impl Entity {
    /// The first name given for `lang`, else the first shared name, else the label.
    pub fn label_in(&self, lang: &str) -> &str {
        let find = |l: &str| {
            self.aliases
                .iter()
                .find(|a| a.lang == l && a.kind == FormKind::Name)
                .map(|a| a.text.as_str())
        };
        find(lang).or_else(|| find("*")).unwrap_or(&self.label)
    }

    /// Whether `form` is listed as knowingly ambiguous (compared folded).
    pub fn is_ambiguous(&self, form: &str) -> bool {
        let k = crate::fold::key(form, false);
        self.ambiguous
            .iter()
            .any(|a| crate::fold::key(a, false) == k)
    }
}
