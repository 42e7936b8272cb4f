//! Narrative catalogs: human-editable TOML files under `kb/narratives/` listing the
//! narratives documents are grouped by, with their exemplar statements, keywords and claim
//! signatures. See `kb/README.md`, section "Narrative catalogs", for the file schema.

mod load;
pub mod model;
mod raw;
mod render;
mod validate;

pub use model::{Catalog, NarrativeDef, PerLang, Signature, SignaturePolarity};
pub use raw::{RawCatalogFile, RawCatalogHead, RawNarrative, RawSignature};
pub use render::render_narrative;
pub use validate::relation_ids;

/// The loaded catalogs, in load order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogs {
    pub catalogs: Vec<Catalog>,
}

impl Catalogs {
    /// The narrative with id `id` (`iraq-syria/us-fight-not-genuine`).
    pub fn get(&self, id: &str) -> Option<&NarrativeDef> {
        self.iter().find(|n| n.id == id)
    }

    /// Every narrative of every catalog, in file order.
    pub fn iter(&self) -> impl Iterator<Item = &NarrativeDef> {
        self.catalogs.iter().flat_map(|c| c.narratives.iter())
    }

    /// The narratives whose parent is `id`.
    pub fn children(&self, id: &str) -> Vec<&NarrativeDef> {
        self.iter()
            .filter(|n| n.parent.as_deref() == Some(id))
            .collect()
    }

    /// The narrative carrying the external taxonomy label `label`, compared exactly.
    pub fn by_label(&self, label: &str) -> Option<&NarrativeDef> {
        self.iter().find(|n| n.label.as_deref() == Some(label))
    }

    /// The catalog a narrative id belongs to.
    pub fn catalog_of(&self, id: &str) -> Option<&Catalog> {
        self.catalogs
            .iter()
            .find(|c| c.narratives.iter().any(|n| n.id == id))
    }

    /// How many narratives there are in all.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Checks every catalog against the knowledge base; see [`validate`](mod@validate).
    pub fn validate(&self, kb: &crate::Kb) -> Vec<crate::Issue> {
        validate::catalogs(self, kb)
    }
}

#[cfg(test)]
mod tests;
