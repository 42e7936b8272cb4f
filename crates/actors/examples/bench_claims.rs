//! Claim-extraction throughput:
//! `cargo run --release -p narrascope-actors --example bench_claims [SEEDS_DIR]`.
//! Each article goes through the foundation stages (normalisation, language, sentences)
//! and the linker once; then claim extraction alone is timed over all of them, on one
//! thread, repeated until about a second has passed; median of 7 such runs. Linking the
//! same documents is timed the same way as the peer. Without a folder a synthetic
//! multilingual text is used.

use std::time::Instant;

use narrascope_actors::{ClaimExtractor, Lexicon, Linker, Mention};
use narrascope_core::{Document, Format, Metadata, RawDocument, SourceRef};
use narrascope_kb::Kb;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn texts(dir: Option<String>) -> (Vec<String>, &'static str) {
    if let Some(d) = dir
        && let Ok(entries) = std::fs::read_dir(&d)
    {
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let v: Vec<String> = paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect();
        if !v.is_empty() {
            return (v, "seed articles");
        }
    }
    let s = "Les forces américaines et l'EI se sont affrontés près de Deir ez-Zor, selon Al-Mayadeen. \
             The Pentagon said US strikes hit Kataib Hezbollah sites in Iraq's Anbar province. \
             Washington has armed and trained the Syrian Democratic Forces, officials said. \
             Selon Moscou, l'OTAN arme l'Ukraine depuis des années. ";
    (vec![s.repeat(50)], "synthetic en/fr text")
}

/// Runs `f` over every document until about `budget` seconds have passed; returns the
/// seconds per pass.
fn per_pass(budget: f64, mut f: impl FnMut() -> usize) -> f64 {
    let t = Instant::now();
    let mut passes = 0usize;
    while passes == 0 || t.elapsed().as_secs_f64() < budget {
        std::hint::black_box(f());
        passes += 1;
    }
    t.elapsed().as_secs_f64() / passes as f64
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kb = Kb::shipped()?;
    let linker = Linker::new(&kb)?;
    let ex = ClaimExtractor::new(&kb, Lexicon::shipped()?);
    let (raw, what) = texts(std::env::args().nth(1));
    let mut docs: Vec<(Document, Vec<Mention>)> = Vec::new();
    for text in raw {
        let a = narrascope_analyze::analyze(RawDocument {
            source: SourceRef {
                path: "bench".into(),
                locator: None,
                format: Format::Text,
            },
            text,
            meta: Metadata::default(),
        })?;
        let m = linker.link(&a.doc);
        docs.push((a.doc, m));
    }
    let sentences: usize = docs.iter().map(|(d, _)| d.sentences.len().max(1)).sum();
    let bytes: usize = docs.iter().map(|(d, _)| d.text.len()).sum();
    let claims: usize = docs.iter().map(|(d, m)| ex.extract(d, m).len()).sum();
    let mut ct = Vec::new();
    let mut lt = Vec::new();
    for _ in 0..7 {
        ct.push(per_pass(1.0, || {
            docs.iter().map(|(d, m)| ex.extract(d, m).len()).sum()
        }));
        lt.push(per_pass(1.0, || {
            docs.iter().map(|(d, _)| linker.link(d).len()).sum()
        }));
    }
    let (c, l) = (median(ct), median(lt));
    println!(
        "claims on {what}: {} documents, {sentences} sentences, {:.1} KB, {claims} claims; \
         one thread: claims {:.0} sentences/s ({:.1} MB/s), linking {:.0} sentences/s; \
         claims take {:.2}× the linking time (medians of 7)",
        docs.len(),
        bytes as f64 / 1e3,
        sentences as f64 / c,
        bytes as f64 / 1e6 / c,
        sentences as f64 / l,
        c / l
    );
    Ok(())
}
