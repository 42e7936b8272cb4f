//! Narrative catalogs as loaded: what the matcher, the classifier and the CLI read.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Statements or keywords per language code (`en`, `fr`, …).
pub type PerLang = BTreeMap<String, Vec<String>>;

/// Whether a signature wants the claim stated or denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignaturePolarity {
    #[default]
    Affirmed,
    Negated,
    /// Either.
    Any,
}

/// A claim shape that carries a narrative: `subject relation object` patterns over claim
/// keys. Each pattern list matches when any of its items does; an item is an entity id
/// (`Q30`, `ns:kataib-hezbollah`), `type:<entity type>` (`type:armed_group`) or `*`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signature {
    pub subject: Vec<String>,
    pub relation: Vec<String>,
    pub object: Vec<String>,
    #[serde(default)]
    pub polarity: SignaturePolarity,
    /// How much one matching claim counts, in 0..=1.
    pub weight: f32,
}

/// One narrative of a catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NarrativeDef {
    /// Globally unique, stable id: `<catalog>/<slug>` or `<catalog>/<parent-slug>/<slug>`.
    pub id: String,
    /// The label used by an external taxonomy, when the narrative comes from one
    /// (`URW: Discrediting Ukraine: Discrediting Ukrainian military`).
    pub label: Option<String>,
    pub title: String,
    /// What the narrative claims, written neutrally.
    pub description: String,
    /// The parent narrative's id (two levels at most).
    pub parent: Option<String>,
    /// A catch-all child ("Other") that gathers parent-level texts no sibling fits.
    pub other: bool,
    pub signatures: Vec<Signature>,
    /// Statements that carry the narrative, per language.
    pub exemplars: PerLang,
    pub keywords: PerLang,
}

/// One catalog file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catalog {
    /// Short id, the prefix of its narratives' ids (`iraq-syria`, `semeval2025`).
    pub id: String,
    pub title: String,
    pub description: String,
    /// The matcher's calibration for this catalog (see `RawCatalogHead::midpoint`).
    pub midpoint: Option<f32>,
    /// The file it was read from.
    pub file: String,
    pub narratives: Vec<NarrativeDef>,
}
