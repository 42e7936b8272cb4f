//! Detection speed on one thread: analyses every `.txt` file under the given folders, then
//! times `TechniqueDetector::detect` with sentence vectors (unit vectors: the model's cost
//! does not depend on their values) and without (cues only).
//!
//! `cargo run --release -p narrascope-rhetoric --example techniques_bench -- DIR…`

use std::path::PathBuf;
use std::time::Instant;

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};
use narrascope_rhetoric::TechniqueDetector;

fn files(dir: PathBuf, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(&dir) else {
        return;
    };
    for e in rd.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            files(p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut paths = Vec::new();
    for d in std::env::args().skip(1) {
        files(PathBuf::from(d), &mut paths);
    }
    paths.sort();
    let docs: Vec<_> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let raw = RawDocument {
                source: SourceRef {
                    path: p.display().to_string(),
                    locator: None,
                    format: Format::Text,
                },
                text,
                meta: Metadata::default(),
            };
            narrascope_analyze::analyze(raw).ok()
        })
        .collect();
    let sentences: usize = docs.iter().map(|a| a.doc.sentences.len()).sum();
    let mut unit = [0f32; narrascope_embed::D_EMB];
    unit[0] = 1.0;
    let vectors: Vec<Vec<narrascope_embed::Vector>> = docs
        .iter()
        .map(|a| vec![unit; a.doc.sentences.len()])
        .collect();
    let d = TechniqueDetector::shipped()?;
    for (name, with) in [("with vectors", true), ("cues only", false)] {
        let mut best = f64::MAX;
        let mut spans = 0;
        for _ in 0..3 {
            let t = Instant::now();
            spans = 0;
            for (a, v) in docs.iter().zip(&vectors) {
                spans += d.detect(a, with.then_some(v.as_slice())).len();
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!(
            "{name}: {} documents ({sentences} sentences) in {best:.3} s on one thread: {:.0} documents/s, {:.0} sentences/s, {spans} spans",
            docs.len(),
            docs.len() as f64 / best,
            sentences as f64 / best
        );
    }
    Ok(())
}
