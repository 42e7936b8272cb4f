//! Search benchmark over a corpus (see `bench/search_bench.sh`).
//!
//! `search_bench index CORPUS`: brings the search indexes up to date (full text, then the
//! semantic index trained anew), timing each, and prints the index sizes.
//! `search_bench query CORPUS [N]`: N queries of each kind (default 300), made from the
//! corpus itself: full-text queries are words and two-word phrases of sampled documents;
//! semantic and hybrid queries use the stored vector of a sampled sentence as the query
//! vector (what embedding that sentence gives). Every search computes all facets. Prints
//! p50/p95/p99 per kind, the peers measured in the same run (a plain FTS5 table over the
//! raw title and text built the simplest way, in `peer.db` beside the corpus; exact
//! brute-force search over the same vectors), recall@10 of the semantic index against
//! exact search, and the process's peak RSS.

use std::path::Path;
use std::time::Instant;

use narrascope_corpus::{SearchFilter, SearchMode, SearchRequest, Store};

fn pct(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95), at(0.99))
}

fn row(name: &str, ms: Vec<f64>) {
    let (a, b, c) = pct(ms);
    println!("| {name} | {a:.2} | {b:.2} | {c:.2} |");
}

fn peak_rss_mb() -> f64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn decode(code: &[u8]) -> Vec<f32> {
    let s = f32::from_le_bytes([code[0], code[1], code[2], code[3]]);
    code[4..].iter().map(|&c| f32::from(c as i8) * s).collect()
}

fn index(dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = Store::open_existing(dir)?;
    let t = Instant::now();
    let n = store.sync_full_text(&mut |_, _| {})?;
    println!(
        "full-text indexing: {n} documents in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let r = store.rebuild_semantic_index()?;
    println!(
        "semantic index: {} vectors coded and written in {:.1} s",
        r.vectors,
        t.elapsed().as_secs_f64()
    );
    let db = rusqlite::Connection::open(dir.join(narrascope_corpus::DB_FILE))?;
    let fts: i64 = db.query_row(
        "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'",
        [],
        |r| r.get(0),
    )?;
    let docs: i64 = db.query_row("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_docs%' OR name LIKE 'sqlite_autoindex_search_docs%'", [], |r| r.get(0))?;
    let ann = store.ann_stats()?.map_or(0, |s| s.bytes);
    println!(
        "sizes: full-text tables {:.1} MB, search_docs {:.1} MB, semantic index {:.1} MB",
        fts as f64 / 1e6,
        docs as f64 / 1e6,
        ann as f64 / 1e6
    );
    // the peer: a plain FTS5 table, default tokenizer, built the simplest way
    let peer = dir.join("peer.db");
    let _ = std::fs::remove_file(&peer);
    db.execute("ATTACH ?1 AS peer", [peer.to_string_lossy()])?;
    let t = Instant::now();
    db.execute_batch(
        "CREATE VIRTUAL TABLE peer.plain USING fts5(title, body);
         INSERT INTO peer.plain (rowid, title, body)
           SELECT s.num, d.title, d.text FROM search_docs s JOIN documents d ON d.id = s.doc_id;",
    )?;
    let size = std::fs::metadata(&peer)?.len();
    println!(
        "peer plain FTS5: built in {:.1} s, {:.1} MB",
        t.elapsed().as_secs_f64(),
        size as f64 / 1e6
    );
    Ok(())
}

fn query(dir: &Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let store = Store::open_existing(dir)?;
    let db = rusqlite::Connection::open(dir.join(narrascope_corpus::DB_FILE))?;
    db.execute("ATTACH ?1 AS peer", [dir.join("peer.db").to_string_lossy()])?;
    let total: i64 = db.query_row("SELECT max(num) FROM search_docs", [], |r| r.get(0))?;
    let mut sample = db.prepare(
        "SELECT d.text, d.lang, v.data FROM search_docs s JOIN documents d ON d.id = s.doc_id
         LEFT JOIN vectors v ON v.doc_id = d.id AND v.kind = 'sentence' AND v.seq = 1 WHERE s.num = ?1",
    )?;
    let mut words = Vec::new();
    let mut vectors = Vec::new();
    for i in 0..n as i64 {
        let num = 1 + (i * 7919 + 13) % total.max(1);
        let Ok((text, lang, vec)) = sample.query_row([num], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<Vec<u8>>>(2)?,
            ))
        }) else {
            continue;
        };
        let ws: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
            .collect();
        if ws.len() >= 2 {
            let k = (i as usize * 31) % (ws.len() - 1);
            words.push((
                if i % 3 == 0 {
                    format!("\"{} {}\"", ws[k], ws[k + 1])
                } else {
                    ws[k].to_string()
                },
                lang,
            ));
        }
        if let Some(v) = vec.filter(|v| v.len() == 516) {
            vectors.push(decode(&v));
        }
    }
    let req = |q: &str, mode, filter| SearchRequest {
        query: q.into(),
        mode,
        filter,
        limit: 10,
        ..SearchRequest::default()
    };
    let time = |f: &mut dyn FnMut()| {
        let t = Instant::now();
        f();
        t.elapsed().as_secs_f64() * 1e3
    };
    println!(
        "| query kind ({} full-text, {} vector queries) | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|",
        words.len(),
        vectors.len()
    );
    let (mut ft, mut ftl, mut peer) = (Vec::new(), Vec::new(), Vec::new());
    let mut matched = 0u64;
    for (w, lang) in &words {
        ft.push(time(&mut || {
            matched += store
                .search(&req(w, SearchMode::FullText, SearchFilter::default()), None)
                .map_or(0, |r| r.total)
        }));
        let f = SearchFilter {
            lang: lang.clone(),
            ..SearchFilter::default()
        };
        ftl.push(time(&mut || {
            let _ = store.search(&req(w, SearchMode::FullText, f.clone()), None);
        }));
        let raw = w.trim_matches('"');
        let q = format!("\"{}\"", raw.replace('"', ""));
        peer.push(time(&mut || {
            let mut st = db
                .prepare_cached(
                    "SELECT rowid FROM peer.plain WHERE plain MATCH ?1 ORDER BY rank LIMIT 10",
                )
                .expect("peer query");
            let _: Vec<i64> = st
                .query_map([&q], |r| r.get(0))
                .expect("peer rows")
                .filter_map(Result::ok)
                .collect();
            let _: i64 = db
                .query_row(
                    "SELECT count(*) FROM peer.plain WHERE plain MATCH ?1",
                    [&q],
                    |r| r.get(0),
                )
                .unwrap_or(0);
        }));
    }
    row("full text, all facets", ft);
    row("full text + language filter, all facets", ftl);
    row("peer: plain FTS5 top 10 + match count, no facets", peer);
    let (mut ann, mut exact, mut sem, mut hyb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut found, mut want) = (0usize, 0usize);
    for (i, v) in vectors.iter().enumerate() {
        let mut a = Vec::new();
        let mut e = Vec::new();
        ann.push(time(&mut || {
            a = store.nearest(v, 10, None).unwrap_or_default()
        }));
        exact.push(time(&mut || {
            e = store.nearest(v, 10, Some(usize::MAX)).unwrap_or_default()
        }));
        found += a.iter().filter(|x| e.iter().any(|y| y.0 == x.0)).count();
        want += e.len();
        sem.push(time(&mut || {
            let _ = store.search(
                &req("", SearchMode::Semantic, SearchFilter::default()),
                Some(v),
            );
        }));
        let w = words
            .get(i % words.len().max(1))
            .map_or("news", |w| w.0.as_str());
        hyb.push(time(&mut || {
            let _ = store.search(
                &req(w, SearchMode::Hybrid, SearchFilter::default()),
                Some(v),
            );
        }));
    }
    row(
        "semantic index (default: 400 candidates re-ranked), top 10 only",
        ann,
    );
    for rerank in [100, 200, 400, 1000] {
        let (mut f, mut w, mut ms) = (0usize, 0usize, Vec::new());
        for v in &vectors {
            let mut a = Vec::new();
            ms.push(time(&mut || {
                a = store.nearest(v, 10, Some(rerank)).unwrap_or_default()
            }));
            let e = store.nearest(v, 10, Some(usize::MAX)).unwrap_or_default();
            f += a.iter().filter(|x| e.iter().any(|y| y.0 == x.0)).count();
            w += e.len();
        }
        row(
            &format!(
                "semantic index, {rerank} candidates re-ranked, top 10 (recall@10 {:.3})",
                f as f64 / w.max(1) as f64
            ),
            ms,
        );
    }
    row(
        "peer: exact brute force over the same vectors, top 10",
        exact,
    );
    row("semantic search (pool 1000), all facets", sem);
    row("hybrid search (RRF), all facets", hyb);
    println!(
        "\nrecall@10 of the semantic index against exact search: {:.4} ({found}/{want})",
        found as f64 / want.max(1) as f64
    );
    println!(
        "mean full-text matches per query: {:.0}",
        matched as f64 / words.len().max(1) as f64
    );
    println!("peak RSS while serving: {:.0} MB", peak_rss_mb());
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("index"), Some(d)) => index(Path::new(d)),
        (Some("query"), Some(d)) => query(
            Path::new(d),
            args.get(3).and_then(|s| s.parse().ok()).unwrap_or(300),
        ),
        _ => Err("usage: search_bench index|query CORPUS [N]".into()),
    }
}
