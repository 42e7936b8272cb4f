//! UAX #29 sentence boundaries: icu_segmenter (used by the `Segment` stage) against
//! unicode-segmentation on the paragraphs of labelled news articles; speed and agreement.
//!
//! cargo run --release -p narrascope-analyze --example segment_bench -- [--per-source N]

#[path = "common/corpus.rs"]
mod corpus;

use icu_segmenter::SentenceSegmenter;
use icu_segmenter::options::SentenceBreakInvariantOptions;
use std::time::Instant;
use unicode_segmentation::UnicodeSegmentation;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let per_source: usize = match args.iter().position(|a| a == "--per-source") {
        Some(i) => args
            .get(i + 1)
            .ok_or("--per-source needs a number")?
            .parse()?,
        None => 60,
    };
    let Some(docs) = corpus::load(per_source) else {
        return Ok(());
    };
    let paras: Vec<&str> = docs
        .iter()
        .filter(|d| !d.id.is_empty())
        .flat_map(|d| d.text.split("\n\n"))
        .collect();
    let bytes: usize = paras.iter().map(|p| p.len()).sum();
    let mut langs: Vec<&str> = docs.iter().map(|d| d.lang).collect();
    langs.sort_unstable();
    langs.dedup();
    println!("languages: {}", langs.join(" "));
    let seg = SentenceSegmenter::new(SentenceBreakInvariantOptions::default());
    for _ in 0..3 {
        let t = Instant::now();
        let a: usize = paras
            .iter()
            .map(|p| p.split_sentence_bound_indices().count())
            .sum();
        let ta = t.elapsed();
        let t = Instant::now();
        let b: usize = paras
            .iter()
            .map(|p| seg.segment_str(p).count().saturating_sub(1))
            .sum();
        let tb = t.elapsed();
        println!(
            "{} paragraphs, {bytes} bytes: unicode-segmentation {a} sentences in {ta:?} ({:.1} MB/s); icu_segmenter {b} in {tb:?} ({:.1} MB/s); {:.1}x",
            paras.len(),
            bytes as f64 / ta.as_secs_f64() / 1e6,
            bytes as f64 / tb.as_secs_f64() / 1e6,
            ta.as_secs_f64() / tb.as_secs_f64()
        );
    }
    let differing = paras
        .iter()
        .filter(|p| {
            let x: Vec<usize> = p
                .split_sentence_bound_indices()
                .map(|(i, _)| i)
                .skip(1)
                .collect();
            let y: Vec<usize> = seg
                .segment_str(p)
                .filter(|&i| i > 0 && i < p.len())
                .collect();
            x != y
        })
        .count();
    println!(
        "paragraphs where the two disagree: {differing} of {}",
        paras.len()
    );
    Ok(())
}
