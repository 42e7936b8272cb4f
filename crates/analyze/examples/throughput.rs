//! Throughput of the foundation pipeline on one core over article-sized (~5 KB) news
//! documents in nine languages built from ../shared/datasets (read at run time).
//!
//! cargo run --release -p narrascope-analyze --example throughput -- [--per-source N] [--rounds R]

#[path = "common/corpus.rs"]
mod corpus;

use narrascope_analyze::{Identity, Language, Normalize, Segment, TextMetadata};
use narrascope_core::{Analysis, Format, Metadata, RawDocument, SourceRef, Stage};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const TARGET_BYTES: usize = 5_000;

/// Documents of one language glued paragraph by paragraph into ~5 KB articles.
fn articles(docs: &[corpus::LabelledDoc]) -> Vec<(String, String)> {
    let mut by_lang: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for d in docs.iter().filter(|d| !d.id.is_empty()) {
        by_lang.entry(d.lang).or_default().push(&d.text);
    }
    let mut out = Vec::new();
    for (lang, texts) in by_lang {
        let mut cur = String::new();
        for para in texts.iter().flat_map(|t| t.split("\n\n")) {
            if cur.len() + para.len() > TARGET_BYTES + 1_000 && !cur.is_empty()
                || cur.len() >= TARGET_BYTES
            {
                out.push((lang.to_string(), std::mem::take(&mut cur)));
            }
            cur.push_str(para);
            cur.push_str("\n\n");
        }
    }
    out
}

/// CPU seconds this thread has used (user + system), from /proc; `None` elsewhere.
/// On a shared machine this is steadier than wall-clock time.
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let per_source: usize = arg("--per-source").map_or(Ok(40), |s| s.parse())?;
    let rounds: usize = arg("--rounds").map_or(Ok(3), |s| s.parse())?;
    let Some(docs) = corpus::load(per_source) else {
        return Ok(());
    };
    let arts = articles(&docs);
    let bytes: usize = arts.iter().map(|a| a.1.len()).sum();
    let stages: [&dyn Stage; 5] = [&Normalize, &Segment, &Language, &TextMetadata, &Identity];
    let mut per_stage = [Duration::ZERO; 5];
    let mut total = Duration::ZERO;
    let mut per_lang: BTreeMap<&str, (usize, Duration)> = BTreeMap::new();
    let mut sentences = 0;
    let cpu0 = thread_cpu_seconds();
    for _ in 0..rounds {
        for (lang, text) in &arts {
            let raw = RawDocument {
                source: SourceRef {
                    path: "bench".into(),
                    locator: None,
                    format: Format::Text,
                },
                text: text.clone(),
                meta: Metadata::default(),
            };
            let start = Instant::now();
            let mut a = Analysis::new(raw);
            for (k, s) in stages.iter().enumerate() {
                let t = Instant::now();
                s.run(&mut a)?;
                per_stage[k] += t.elapsed();
            }
            let el = start.elapsed();
            total += el;
            let e = per_lang.entry(lang.as_str()).or_default();
            e.0 += 1;
            e.1 += el;
            sentences += a.doc.sentences.len();
        }
    }
    let n = arts.len() * rounds;
    let cpu = cpu0.zip(thread_cpu_seconds()).map(|(a, b)| b - a);
    println!(
        "{} documents x {rounds} rounds, mean {} bytes, {:.1} sentences/doc",
        arts.len(),
        bytes / arts.len().max(1),
        sentences as f64 / n as f64
    );
    println!(
        "all stages: {:.0} docs/s, {:.2} MB/s, {:.0} us/doc",
        n as f64 / total.as_secs_f64(),
        (bytes * rounds) as f64 / total.as_secs_f64() / 1e6,
        total.as_secs_f64() * 1e6 / n as f64
    );
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        println!(
            "by CPU time of this thread ({cpu:.2} s): {:.0} docs/s per core",
            n as f64 / cpu
        );
    }
    println!();
    println!("| stage | us/doc | share |");
    println!("|---|---|---|");
    for (k, s) in stages.iter().enumerate() {
        println!(
            "| {} | {:.0} | {:.0}% |",
            s.name(),
            per_stage[k].as_secs_f64() * 1e6 / n as f64,
            100.0 * per_stage[k].as_secs_f64() / total.as_secs_f64()
        );
    }
    println!();
    println!("| language | docs | docs/s |");
    println!("|---|---|---|");
    for (lang, (c, d)) in per_lang {
        println!(
            "| {lang} | {} | {:.0} |",
            c / rounds,
            c as f64 / d.as_secs_f64()
        );
    }
    Ok(())
}
