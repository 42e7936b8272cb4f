//! The linking and claim stages of a pipeline, and the full pipeline built from them.

use narrascope_core::{Analysis, Pipeline, Stage, StageError};
use narrascope_kb::Kb;

use crate::claims::{ClaimExtractor, Lexicon, LexiconError};
use crate::linker::{Linker, LinkerError};

/// Runs the [`Linker`] on each document and stores its mentions in `analysis.mentions`.
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
        analysis.mentions = self.linker.link(&analysis.doc);
        Ok(())
    }
}

/// Extracts claims from the mentions a [`LinkStage`] found; stores them in `analysis.claims`.
pub struct ClaimStage {
    extractor: ClaimExtractor,
}

impl ClaimStage {
    pub fn new(extractor: ClaimExtractor) -> Self {
        ClaimStage { extractor }
    }
}

impl Stage for ClaimStage {
    fn name(&self) -> &'static str {
        "claims"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        analysis.claims = self.extractor.extract(&analysis.doc, &analysis.mentions);
        Ok(())
    }
}

/// Why the full pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Linker(#[from] LinkerError),
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
}

/// The foundation stages (normalisation, language, segmentation, metadata) followed by
/// linking against `kb` and claim extraction with the shipped lexicon. Building it takes
/// a moment (automata over every alias): build it once and run it on every document.
pub fn full_pipeline(kb: &Kb) -> Result<Pipeline, PipelineError> {
    let linker = Linker::new(kb)?;
    let claims = ClaimExtractor::new(kb, Lexicon::shipped()?);
    Ok(narrascope_analyze::foundation_pipeline()
        .with(LinkStage::new(linker))
        .with(ClaimStage::new(claims)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{Format, Metadata, RawDocument, SourceRef};

    fn raw(text: &str) -> RawDocument {
        RawDocument {
            source: SourceRef {
                path: "t.txt".into(),
                locator: None,
                format: Format::Text,
            },
            text: text.into(),
            meta: Metadata::default(),
        }
    }

    #[test]
    fn full_pipeline_fills_mentions_and_claims() {
        let kb = Kb::shipped().expect("shipped kb");
        let p = full_pipeline(&kb).expect("pipeline");
        let names = p.stage_names();
        assert_eq!(names[names.len() - 2..], ["link", "claims"]);
        let mut a = Analysis::new(raw(
            "The United States armed ISIS. Nothing else happened here.",
        ));
        p.run(&mut a).expect("run");
        assert!(!a.doc.sentences.is_empty());
        let ids: Vec<_> = a
            .mentions
            .iter()
            .filter_map(|m| m.entity.as_deref())
            .collect();
        assert!(ids.contains(&"Q30"), "{ids:?}");
        assert!(ids.contains(&"Q2429253"), "{ids:?}");
        assert!(a.doc.meta.extra.is_empty());
        let keys: Vec<_> = a.claims.iter().map(|c| c.key.as_str()).collect();
        assert!(keys.contains(&"Q30 arm Q2429253"), "{keys:?}");
        assert_eq!(a.claims[0].sentence, 0);
    }
}
