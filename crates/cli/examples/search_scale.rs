//! The semantic index at a given scale, on synthetic vectors: stores N small documents with
//! a document vector each (clustered: 2,000 random centres plus Gaussian noise), builds the
//! search indexes, then times 200 nearest-neighbour queries (a stored vector plus noise)
//! with the default re-ranking depth against exact search, and reports recall@10 and the
//! process's peak RSS. Measures latency and memory at scale; recall on real vectors is
//! what `search_bench query` reports.
//!
//! `cargo run --release -p narrascope-cli --example search_scale -- N DIR`

use std::path::Path;
use std::time::Instant;

use narrascope_core::{Analysis, DocId, Format, Metadata, RawDocument, SourceRef};
use narrascope_corpus::{Store, VectorSet};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Roughly normal: the sum of four uniforms, centred.
    fn gauss(&mut self) -> f32 {
        (0..4)
            .map(|_| (self.next() % 10_000) as f32 / 10_000.0)
            .sum::<f32>()
            - 2.0
    }
}

fn encode(v: &[f32]) -> Vec<u8> {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
    let scale = max / 127.0;
    let mut out = scale.to_le_bytes().to_vec();
    out.extend(v.iter().map(|x| (x / scale).round() as i8 as u8));
    out
}

fn pct(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95), at(0.99))
}

fn peak_rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (args.get(1), args.get(2)) else {
        return Err("usage: search_scale N DIR".into());
    };
    let n: usize = n.parse()?;
    let dir = Path::new(dir);
    let mut rng = Rng(0x5EED_1234_5678_9ABD);
    let centres: Vec<Vec<f32>> = (0..2000)
        .map(|_| (0..512).map(|_| rng.gauss()).collect())
        .collect();
    let vector = |rng: &mut Rng, i: usize| -> Vec<f32> {
        centres[i % centres.len()]
            .iter()
            .map(|c| c + 0.8 * rng.gauss())
            .collect()
    };
    let mut store = Store::open(dir)?;
    let t = Instant::now();
    for start in (0..n).step_by(10_000) {
        let batch: Vec<(Analysis, Vec<u8>)> = (start..(start + 10_000).min(n))
            .map(|i| {
                let mut a = Analysis::new(RawDocument {
                    source: SourceRef {
                        path: format!("synthetic/{i}"),
                        locator: None,
                        format: Format::Text,
                    },
                    text: format!("document {i}"),
                    meta: Metadata::default(),
                });
                a.doc.id = DocId(format!("{i:016x}"));
                (a, encode(&vector(&mut rng, i)))
            })
            .collect();
        store.in_transaction(|t| {
            batch.iter().try_for_each(|(a, v)| {
                t.put(a)?;
                t.put_vectors(
                    &a.doc.id,
                    &VectorSet {
                        model: "synthetic".into(),
                        sentences: vec![],
                        document: Some(v.clone()),
                    },
                )
            })
        })?;
    }
    println!(
        "stored {n} documents with vectors in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let r = store.sync_search(&mut |_, _| {})?;
    println!(
        "search indexes: {} documents full text, {} vectors, in {:.1} s; semantic index {:.1} MB",
        r.full_text,
        r.vectors,
        t.elapsed().as_secs_f64(),
        store.ann_stats()?.map_or(0, |s| s.bytes) as f64 / 1e6
    );
    let (mut ann, mut exact) = (Vec::new(), Vec::new());
    let (mut found, mut want) = (0, 0);
    for q in 0..200usize {
        let v: Vec<f32> = vector(&mut rng, q * 7919);
        let t = Instant::now();
        let a = store.nearest(&v, 10, None)?;
        ann.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let e = store.nearest(&v, 10, Some(usize::MAX))?;
        exact.push(t.elapsed().as_secs_f64() * 1e3);
        found += a.iter().filter(|x| e.iter().any(|y| y.0 == x.0)).count();
        want += e.len();
    }
    println!("| query kind ({n} vectors) | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|");
    for (name, ms) in [
        (
            format!(
                "semantic index, default re-ranking (recall@10 {:.3})",
                found as f64 / want.max(1) as f64
            ),
            ann,
        ),
        ("peer: exact brute force, same int8 vectors".into(), exact),
    ] {
        let (a, b, c) = pct(ms);
        println!("| {name} | {a:.2} | {b:.2} | {c:.2} |");
    }
    println!("peak RSS: {:.0} MB", peak_rss_mb());
    Ok(())
}
