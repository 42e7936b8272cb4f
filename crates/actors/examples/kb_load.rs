//! Start-up cost of the actor stages:
//! `cargo run --release -p narrascope-actors --example kb_load`.
//! Times (median of 15) `Kb::shipped()`, the checked `Kb::from_layers`, `Linker::new`,
//! `ClaimExtractor::new` and the whole `full_pipeline`.

use std::time::Instant;

use narrascope_actors::{ClaimExtractor, Lexicon, Linker, full_pipeline};
use narrascope_kb::{Kb, shipped_files};

fn median_ms<T>(mut f: impl FnMut() -> T) -> f64 {
    let mut v: Vec<f64> = (0..15)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kb = Kb::shipped()?;
    let shipped = median_ms(|| Kb::shipped().map(|k| k.len()));
    let checked = median_ms(|| Kb::from_layers(&[shipped_files()]).map(|k| k.0.len()));
    let linker = median_ms(|| Linker::new(&kb).map(|l| l.form_count()));
    let extractor = median_ms(|| {
        Lexicon::shipped()
            .map(|lex| ClaimExtractor::new(&kb, lex))
            .is_ok()
    });
    let pipeline = median_ms(|| {
        Kb::shipped()
            .ok()
            .and_then(|k| full_pipeline(&k).ok())
            .is_some()
    });
    println!(
        "Kb::shipped {shipped:.1} ms (checked from_layers {checked:.1} ms); Linker::new {linker:.1} ms; \
         shipped + linker {:.1} ms; lexicon + ClaimExtractor::new {extractor:.1} ms; \
         Kb::shipped + full_pipeline {pipeline:.1} ms (medians of 15)",
        shipped + linker
    );
    Ok(())
}
