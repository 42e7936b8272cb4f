//! MinHash/LSH near-duplicate search over a JSONL corpus (`{"text": ...}` per line), for
//! `bench/minhash_bench.sh`: 128 permutations, 3-word shingles, threshold 0.8.
//!
//! usage: minhash_bench DOCS.jsonl PAIRS_OUT.tsv
//!
//! Prints timings in wall seconds (`cpu`: CPU seconds of the process, on Linux) as `key value`
//! lines (reading the file is not timed) and writes
//! `i<TAB>j<TAB>estimate` lines with i < j.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use narrascope_lineage::{MinHasher, near_duplicate_pairs, optimal_params};

const NUM_PERM: usize = 128;
const SHINGLE_WORDS: usize = 3;
const THRESHOLD: f32 = 0.8;

#[derive(serde::Deserialize)]
struct Doc {
    text: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, docs, out] = args.as_slice() else {
        return Err("usage: minhash_bench DOCS.jsonl PAIRS_OUT.tsv".into());
    };
    let file = std::fs::File::open(docs).map_err(|e| format!("{docs}: {e}"))?;
    let mut texts = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{docs}: {e}"))?;
        if !line.trim().is_empty() {
            let d: Doc =
                serde_json::from_str(&line).map_err(|e| format!("{docs}:{}: {e}", n + 1))?;
            texts.push(d.text);
        }
    }

    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let hasher = MinHasher::new(NUM_PERM, SHINGLE_WORDS, 1)?;
    let sigs: Vec<_> = texts.iter().map(|t| hasher.signature(t)).collect();
    let t1 = Instant::now();
    let pairs = near_duplicate_pairs(&sigs, THRESHOLD)?;
    let t2 = Instant::now();
    let c2 = cpu_seconds();

    let mut w = BufWriter::new(std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?);
    for (i, j, est) in &pairs {
        writeln!(w, "{i}\t{j}\t{est:.6}")?;
    }
    w.flush()?;
    let (b, r) = optimal_params(THRESHOLD, NUM_PERM)?;
    println!("docs {}", texts.len());
    println!("params {b}x{r}");
    println!("signatures {:.3}", (t1 - t0).as_secs_f64());
    println!("index+query {:.3}", (t2 - t1).as_secs_f64());
    println!("total {:.3}", (t2 - t0).as_secs_f64());
    if let (Some(c0), Some(c2)) = (c0, c2) {
        println!("cpu {:.3}", c2 - c0);
    }
    println!("pairs {}", pairs.len());
    Ok(())
}

/// CPU time of this (single-threaded) process in seconds, from Linux's scheduler statistics.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
