//! Vectors are bit-identical for any thread count and micro-batch budget.

mod common;

use common::{embedder, shared};
use narrascope_embed::EmbedConfig;

fn texts() -> Option<Vec<String>> {
    let seeds = shared()?.join("seeds");
    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .ok()?
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).ok()?;
        out.extend(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .take(40)
                .map(str::to_string),
        );
        out.push(text); // a whole document, long enough to be cut into units
    }
    out.push(String::new());
    Some(out)
}

#[test]
fn same_bits_for_threads_and_batch_sizes() {
    let Some(texts) = texts() else { return };
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let config = |threads, batch_tokens| EmbedConfig {
        threads,
        batch_tokens,
        ..EmbedConfig::default()
    };
    let Some(base) = embedder(config(1, 384)) else {
        return;
    };
    let want = base.embed(&refs);
    assert!(want.len() > 20);
    for (threads, batch) in [(2, 384), (1, 1), (2, 37), (1, 100_000)] {
        let Some(e) = embedder(config(threads, batch)) else {
            return;
        };
        let got = e.embed(&refs);
        for (i, (a, b)) in want.iter().zip(&got).enumerate() {
            let same = a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(
                same,
                "text {i} differs with {threads} threads, batch {batch}"
            );
        }
    }
    // One call per text equals one call for all, also with two threads, where a single
    // micro-batch is shared between the threads inside the forward pass.
    let Some(two) = embedder(config(2, 384)) else {
        return;
    };
    for (i, t) in refs.iter().enumerate().step_by(7) {
        for (e, threads) in [(&base, 1), (&two, 2)] {
            let one = &e.embed(&[t])[0];
            assert!(
                one.iter()
                    .zip(&want[i])
                    .all(|(x, y)| x.to_bits() == y.to_bits()),
                "text {i} alone, {threads} threads"
            );
        }
    }
}

/// The token-id cache changes nothing: no cache, a cold or warm one, one so small that it
/// evicts all the time, with one or two threads.
#[test]
fn same_bits_whatever_the_token_cache() {
    let Some(texts) = texts() else { return };
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let config = |threads, token_cache| EmbedConfig {
        threads,
        token_cache,
        ..EmbedConfig::default()
    };
    let Some(none) = embedder(config(1, 0)) else {
        return;
    };
    let want = none.embed(&refs);
    assert_eq!(none.token_cache_stats().hits, 0);
    let same = |got: &[narrascope_embed::Vector], what: &str| {
        for (i, (a, b)) in want.iter().zip(got).enumerate() {
            let same = a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
            assert!(same, "text {i} differs: {what}");
        }
    };
    for (threads, cap) in [(1, 4096), (2, 4096), (1, 5), (2, 7)] {
        let Some(e) = embedder(config(threads, cap)) else {
            return;
        };
        same(
            &e.embed(&refs),
            &format!("cold cache of {cap}, {threads} threads"),
        );
        same(
            &e.embed(&refs),
            &format!("warm cache of {cap}, {threads} threads"),
        );
        let one: Vec<_> = refs.iter().map(|t| e.embed(&[t])[0]).collect();
        same(
            &one,
            &format!("one text per call, cache of {cap}, {threads} threads"),
        );
        let s = e.token_cache_stats();
        assert!(s.hits > 0 && s.misses > 0, "{s:?}");
        assert!(s.entries <= cap, "{s:?}");
    }
}
