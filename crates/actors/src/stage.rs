//! The linking stage of a pipeline.

use narrascope_core::{Analysis, Stage, StageError};

use crate::linker::Linker;
use crate::mention::Mention;

/// The key under which [`LinkStage`] stores mentions (as JSON) in the document's
/// `meta.extra` until `Analysis` has a field of its own for them.
pub const MENTIONS_KEY: &str = "narrascope.mentions";

/// Runs the [`Linker`] on each document.
pub struct LinkStage {
    linker: Linker,
}

impl LinkStage {
    pub fn new(linker: Linker) -> Self {
        LinkStage { linker }
    }
}

impl Stage for LinkStage {
    fn name(&self) -> &'static str {
        "link"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        let mentions = self.linker.link(&analysis.doc);
        let json =
            serde_json::to_string(&mentions).map_err(|e| StageError::new("link", e.to_string()))?;
        analysis
            .doc
            .meta
            .extra
            .insert(MENTIONS_KEY.to_string(), json);
        Ok(())
    }
}

/// The mentions a [`LinkStage`] stored in `analysis` (empty when it has not run).
pub fn mentions_of(analysis: &Analysis) -> Result<Vec<Mention>, StageError> {
    match analysis.doc.meta.extra.get(MENTIONS_KEY) {
        Some(json) => {
            serde_json::from_str(json).map_err(|e| StageError::new("link", e.to_string()))
        }
        None => Ok(Vec::new()),
    }
}
