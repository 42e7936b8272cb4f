//! The linking and claim stages of a pipeline, and the full pipeline built from them.

use std::sync::{Arc, Mutex};

use narrascope_core::{Analysis, Pipeline, Stage, StageError};
use narrascope_kb::{Folded, Kb};

use crate::claims::{ClaimExtractor, Lexicon, LexiconError};
use crate::linker::{Linker, LinkerError};

/// The folded text of the document the link stage saw last, for the claim stage after
/// it (which folds the same sentences). Checked against the document text before use, so
/// a pipeline run from several threads at once only loses the shortcut.
#[derive(Default)]
struct LastFold(Mutex<Option<(String, Folded)>>);

/// Runs the [`Linker`] on each document and stores its mentions in `analysis.mentions`.
pub struct LinkStage {
    linker: Linker,
    fold: Arc<LastFold>,
}

impl LinkStage {
    pub fn new(linker: Linker) -> Self {
        LinkStage {
            linker,
            fold: Arc::default(),
        }
    }
}

impl Stage for LinkStage {
    fn name(&self) -> &'static str {
        "link"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        let (mentions, folded) = self.linker.link_folded(&analysis.doc);
        analysis.mentions = mentions;
        if Arc::strong_count(&self.fold) > 1
            && let Ok(mut last) = self.fold.0.lock()
        {
            *last = folded.map(|f| (analysis.doc.text.clone(), f));
        }
        Ok(())
    }
}

/// Extracts claims from the mentions a [`LinkStage`] found; stores them in `analysis.claims`.
pub struct ClaimStage {
    extractor: ClaimExtractor,
    fold: Arc<LastFold>,
}

impl ClaimStage {
    pub fn new(extractor: ClaimExtractor) -> Self {
        ClaimStage {
            extractor,
            fold: Arc::default(),
        }
    }
}

impl Stage for ClaimStage {
    fn name(&self) -> &'static str {
        "claims"
    }

    fn run(&self, analysis: &mut Analysis) -> Result<(), StageError> {
        let last = self.fold.0.lock().ok().and_then(|mut l| l.take());
        let folded = last
            .as_ref()
            .filter(|(text, _)| *text == analysis.doc.text)
            .map(|(_, f)| f);
        analysis.claims = self
            .extractor
            .extract_folded(&analysis.doc, &analysis.mentions, folded);
        Ok(())
    }
}

/// A link stage and a claim stage to run one after the other on each document; the claim
/// stage reuses the folded text the link stage computed.
pub fn link_and_claims(linker: Linker, extractor: ClaimExtractor) -> (LinkStage, ClaimStage) {
    let fold = Arc::new(LastFold::default());
    (
        LinkStage {
            linker,
            fold: Arc::clone(&fold),
        },
        ClaimStage { extractor, fold },
    )
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
    let (link, claims) = link_and_claims(
        Linker::new(kb)?,
        ClaimExtractor::new(kb, Lexicon::shipped()?),
    );
    Ok(narrascope_analyze::foundation_pipeline()
        .with(link)
        .with(claims))
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

    #[test]
    fn shared_folding_gives_the_claims_of_folding_each_sentence() {
        let kb = Kb::shipped().expect("shipped kb");
        let p = full_pipeline(&kb).expect("pipeline");
        let extractor = ClaimExtractor::new(&kb, Lexicon::shipped().expect("lexicon"));
        let texts = [
            "The United States armed ISIS. Iran did not fund Hezbollah, according to Russia.",
            "- Les États-Unis ont armé l'EI.\n\n— Selon la Russie, l'Iran a financé le Hezbollah.",
            "США вооружили ИГИЛ.  Иран финансировал «Хезболлу», заявила Россия.",
            "\u{301}Turkey attacked the PKK. ISIS was armed by the United States!",
        ];
        let mut found = 0;
        for text in texts {
            let mut a = Analysis::new(raw(text));
            p.run(&mut a).expect("run");
            assert_eq!(a.claims, extractor.extract(&a.doc, &a.mentions), "{text}");
            found += a.claims.len();
        }
        assert!(found >= 4, "{found}");
    }
}
