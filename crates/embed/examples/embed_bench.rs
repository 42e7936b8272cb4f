//! Throughput benchmark for the embedder, driven by `bench/embed_bench.py`.
//!
//! Usage: `embed_bench SENTENCES_FILE BATCH THREADS TOTAL [BATCH_TOKENS [TOKEN_CACHE]]`
//! Embeds `TOTAL` sentences (cycling through the file, one sentence per line) in calls of
//! `BATCH` sentences and prints one JSON object: load time, sentences/s, tokens/s, peak RSS,
//! and the token-id cache's hits and misses over the timed loop.

use std::time::Instant;

use narrascope_embed::{
    DEFAULT_TOKEN_CACHE, EmbedConfig, Embedder, InstallOptions, ensure_installed,
};

/// A memory figure of `/proc/self/status` in MB: `VmHWM` (peak RSS), `RssFile`, `RssAnon`.
fn status_mb(key: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// CPU seconds of this process so far: the sum of its threads' on-CPU time in nanoseconds
/// (`/proc/self/task/*/schedstat`), else user plus system time in clock ticks (10 ms steps,
/// too coarse for short runs).
fn cpu_seconds() -> f64 {
    let ns = std::fs::read_dir("/proc/self/task").ok().map(|tasks| {
        tasks
            .flatten()
            .filter_map(|t| std::fs::read_to_string(t.path().join("schedstat")).ok())
            .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
            .sum::<u64>()
    });
    match ns {
        Some(ns) if ns > 0 => ns as f64 / 1e9,
        _ => cpu_ticks_seconds(),
    }
}

/// User plus system CPU seconds of this process so far, in clock ticks.
fn cpu_ticks_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of the full line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 5 {
        return Err(
            "usage: embed_bench SENTENCES_FILE BATCH THREADS TOTAL [BATCH_TOKENS [TOKEN_CACHE]]"
                .into(),
        );
    }
    let text = std::fs::read_to_string(&args[1])?;
    let pool: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let (batch, threads, total): (usize, usize, usize) =
        (args[2].parse()?, args[3].parse()?, args[4].parse()?);
    let batch_tokens = args.get(5).map_or(Ok(384), |s| s.parse())?;
    let token_cache = args.get(6).map_or(Ok(DEFAULT_TOKEN_CACHE), |s| s.parse())?;
    if pool.is_empty() || batch == 0 {
        return Err("need sentences and a batch of at least 1".into());
    }
    let dir = ensure_installed(&InstallOptions::default())?;
    let config = EmbedConfig {
        threads,
        batch_tokens,
        token_cache,
        ..EmbedConfig::default()
    };
    let c0 = cpu_seconds();
    let t0 = Instant::now();
    let e = Embedder::load_with(&dir, config)?;
    let load = t0.elapsed().as_secs_f64();
    let load_cpu = cpu_seconds() - c0;
    e.embed(&["warm-up"]);
    let first = t0.elapsed().as_secs_f64();
    let sentences: Vec<&str> = (0..total).map(|i| pool[i % pool.len()]).collect();
    let tokens: usize = sentences.iter().map(|s| e.tokenize(s).len()).sum();
    let s0 = e.token_cache_stats();
    let c1 = cpu_seconds();
    let t1 = Instant::now();
    let mut check = 0.0f32;
    for chunk in sentences.chunks(batch) {
        let v = e.embed(chunk);
        check += v.iter().map(|x| x[0]).sum::<f32>();
    }
    let secs = t1.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - c1;
    let s1 = e.token_cache_stats();
    let (hits, misses) = (s1.hits - s0.hits, s1.misses - s0.misses);
    let t2 = Instant::now();
    for s in sentences.iter().take(2000) {
        std::hint::black_box(e.tokenize(s));
    }
    let tok_secs = t2.elapsed().as_secs_f64();
    println!(
        "{{\"impl\":\"rust\",\"batch\":{batch},\"threads\":{threads},\"sentences\":{total},\"tokens\":{tokens},\"seconds\":{secs:.4},\"cpu_seconds\":{cpu:.3},\"sent_per_s\":{:.1},\"tok_per_s\":{:.1},\"load_s\":{load:.4},\"load_cpu_s\":{load_cpu:.3},\"load_first_s\":{first:.4},\"peak_rss_mb\":{:.1},\"rss_file_mb\":{:.1},\"rss_anon_mb\":{:.1},\"tokenizer_sent_per_s\":{:.1},\"checksum\":{check:.6},\"cache_hits\":{hits},\"cache_misses\":{misses},\"cache_entries\":{}}}",
        total as f64 / secs,
        tokens as f64 / secs,
        status_mb("VmHWM"),
        status_mb("RssFile"),
        status_mb("RssAnon"),
        sentences.len().min(2000) as f64 / tok_secs,
        s1.entries,
    );
    Ok(())
}
