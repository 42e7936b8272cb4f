//! The shipped genre model on embedded seed documents (needs the embedding model).

use std::path::Path;

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};
use narrascope_embed::{EmbedConfig, Embedder, InstallOptions};
use narrascope_provenance::GenreModel;
use narrascope_provenance::genre::GENRES;

#[test]
fn seeds_get_a_genre_and_the_polemic_reads_as_opinion() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: {} not found", dir.display());
        return;
    };
    let opts = InstallOptions {
        model_dir: None,
        offline: true,
        quiet: true,
    };
    let embedder = match Embedder::load_or_install_with(&opts, EmbedConfig::default()) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("skipping: the embedding model is not installed: {e}");
            return;
        }
    };
    let model = GenreModel::shipped().unwrap();
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut labels = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        let raw = RawDocument {
            source: SourceRef {
                path: p.display().to_string(),
                locator: None,
                format: Format::Text,
            },
            text,
            meta: Metadata::default(),
        };
        let a = narrascope_analyze::analyze(raw).unwrap();
        let refs: Vec<&str> = (0..a.doc.sentences.len())
            .map(|i| a.doc.sentence_text(i))
            .collect();
        let v = embedder.embed_document(&refs).unwrap();
        let lang = a.doc.lang.as_ref().map_or("", |l| l.code.as_str());
        let l = model.predict(&v, &a.doc.text, lang);
        eprintln!("{}: {} {:.2}", p.display(), l.label, l.score);
        assert!(GENRES.contains(&l.label.as_str()) && (0.0..=1.0).contains(&l.score));
        labels.push(l.label);
    }
    // Seed 004 argues from start to end ("No evidence whatsoever…").
    assert_eq!(labels.get(4).map(String::as_str), Some("opinion"));
}
