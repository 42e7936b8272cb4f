//! Where the time of a full-text search goes: `search_profile CORPUS [N]` times the SQL
//! steps of N sampled queries (made as `search_bench` makes them) one by one and the whole
//! search with parts switched off, and prints p50/p95/p99 of each.

use std::path::Path;
use std::time::Instant;

use narrascope_corpus::{SearchFilter, SearchMode, SearchRequest, Store, index_terms};

fn pct(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.95), at(0.99))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).ok_or("usage: search_profile CORPUS [N]")?);
    let n: i64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(300);
    let store = Store::open_existing(dir)?;
    let db = rusqlite::Connection::open(dir.join(narrascope_corpus::DB_FILE))?;
    if std::env::var_os("SEMANTIC").is_some() {
        return semantic_steps(&store, &db, n);
    }
    let total: i64 = db.query_row("SELECT max(num) FROM search_docs", [], |r| r.get(0))?;
    let langs = [
        None,
        Some("bg"),
        Some("de"),
        Some("en"),
        Some("fr"),
        Some("hi"),
    ]
    .into_iter()
    .chain([Some("it"), Some("pl"), Some("pt"), Some("ru")]);
    let langs: Vec<Option<&str>> = langs.collect();
    let mut queries = Vec::new();
    for i in 0..n {
        let num = 1 + (i * 7919 + 13) % total.max(1);
        let Ok(text) = db.query_row(
            "SELECT d.text FROM search_docs s JOIN documents d ON d.id = s.doc_id WHERE s.num = ?1",
            [num],
            |r| r.get::<_, String>(0),
        ) else {
            continue;
        };
        let ws: Vec<&str> = text
            .split_whitespace()
            .filter(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
            .collect();
        if ws.len() < 2 {
            continue;
        }
        let k = (i as usize * 31) % (ws.len() - 1);
        let raw = if i % 3 == 0 {
            format!("{} {}", ws[k], ws[k + 1])
        } else {
            ws[k].to_string()
        };
        let mut variants: Vec<String> = Vec::new();
        for l in &langs {
            let t = index_terms(&raw, *l);
            if !t.is_empty() && !variants.contains(&t) {
                variants.push(t);
            }
        }
        let expr: Vec<String> = variants.iter().map(|v| format!("\"{v}\"")).collect();
        let q = if i % 3 == 0 {
            format!("\"{raw}\"")
        } else {
            raw
        };
        queries.push((q, format!("({})", expr.join(" OR "))));
    }
    let mut times: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut rec = |name: &'static str, ms: f64| match times.iter_mut().find(|t| t.0 == name) {
        Some(t) => t.1.push(ms),
        None => times.push((name, vec![ms])),
    };
    let mut matched = 0usize;
    // SEARCH_ONLY=1: only whole searches (for a profiler)
    let only = std::env::var_os("SEARCH_ONLY").is_some();
    for (q, expr) in &queries {
        if only {
            for _ in 0..5 {
                let r = store.search(
                    &SearchRequest {
                        query: q.clone(),
                        ..SearchRequest::default()
                    },
                    None,
                )?;
                matched += r.total as usize;
            }
            continue;
        }
        let t = Instant::now();
        let c: i64 = db.query_row(
            "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?1",
            [expr],
            |r| r.get(0),
        )?;
        matched += c as usize;
        rec("count(*) of matches", t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let v: Vec<(i64, Option<i64>, Option<i64>)> = db
            .prepare_cached(
                "SELECT s.num, s.f_lang, s.f_year FROM search_fts
                 JOIN search_docs s ON s.num = search_fts.rowid WHERE search_fts MATCH ?1",
            )?
            .query_map([expr], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rec(
            "matches + facet columns (join)",
            t.elapsed().as_secs_f64() * 1e3,
        );
        drop(v);
        let t = Instant::now();
        let v: Vec<(i64, f64)> = db
            .prepare_cached(
                "SELECT rowid, -bm25(search_fts, 3.0, 1.0) FROM search_fts WHERE search_fts MATCH ?1",
            )?
            .query_map([expr], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rec("bm25 of every match", t.elapsed().as_secs_f64() * 1e3);
        drop(v);
        let t = Instant::now();
        let v: Vec<(i64, f64)> = db
            .prepare_cached(
                "SELECT rowid, -rank FROM search_fts WHERE search_fts MATCH ?1
                 AND rank MATCH 'bm25(3.0, 1.0)' ORDER BY rank LIMIT 500",
            )?
            .query_map([expr], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        rec("ORDER BY rank LIMIT 500", t.elapsed().as_secs_f64() * 1e3);
        drop(v);
        let req = |limit, depth| SearchRequest {
            query: q.clone(),
            mode: SearchMode::FullText,
            filter: SearchFilter::default(),
            limit,
            facet_depth: depth,
            ..SearchRequest::default()
        };
        for (name, limit, depth) in [
            ("search: all", 10, 500),
            ("search: no deep facets", 10, 0),
            ("search: no hits, no deep facets", 0, 0),
        ] {
            let t = Instant::now();
            let _ = store.search(&req(limit, depth), None)?;
            rec(name, t.elapsed().as_secs_f64() * 1e3);
        }
    }
    println!(
        "{} queries, {:.0} matches each on average",
        queries.len(),
        matched as f64 / queries.len().max(1) as f64
    );
    println!("| step | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|");
    for (name, v) in times {
        let (a, b, c) = pct(v);
        println!("| {name} | {a:.2} | {b:.2} | {c:.2} |");
    }
    Ok(())
}

/// SEMANTIC=1: the steps of semantic search (pool 1000) for N stored sentence vectors.
fn semantic_steps(
    store: &Store,
    db: &rusqlite::Connection,
    n: i64,
) -> Result<(), Box<dyn std::error::Error>> {
    let total: i64 = db.query_row("SELECT max(num) FROM search_docs", [], |r| r.get(0))?;
    let mut vectors = Vec::new();
    for i in 0..n {
        let num = 1 + (i * 7919 + 13) % total.max(1);
        let v: Option<Vec<u8>> = db
            .query_row(
                "SELECT v.data FROM search_docs s JOIN vectors v ON v.doc_id = s.doc_id
                 AND v.kind = 'sentence' AND v.seq = 1 WHERE s.num = ?1",
                [num],
                |r| r.get(0),
            )
            .ok();
        if let Some(v) = v.filter(|v| v.len() == 516) {
            let scale = f32::from_le_bytes([v[0], v[1], v[2], v[3]]);
            vectors.push(
                v[4..]
                    .iter()
                    .map(|b| f32::from(*b as i8) * scale)
                    .collect::<Vec<f32>>(),
            );
        }
    }
    let mut times: Vec<(&str, Vec<f64>)> = Vec::new();
    let words = [
        "military",
        "government",
        "sanctions",
        "Ukraine",
        "élections",
        "Regierung",
    ];
    for (i, v) in vectors.iter().enumerate() {
        let t = Instant::now();
        let _ = store.nearest(v, 1000, None)?;
        let mut row = vec![("nearest 1000", t.elapsed().as_secs_f64() * 1e3)];
        for (name, mode, limit, depth) in [
            (
                "semantic: no hits, no deep facets",
                SearchMode::Semantic,
                0,
                0,
            ),
            ("semantic: no hits", SearchMode::Semantic, 0, 500),
            ("semantic: all", SearchMode::Semantic, 10, 500),
            ("hybrid: no hits, no deep facets", SearchMode::Hybrid, 0, 0),
            ("hybrid: no hits", SearchMode::Hybrid, 0, 500),
            ("hybrid: all", SearchMode::Hybrid, 10, 500),
        ] {
            let req = SearchRequest {
                query: words[i % words.len()].into(),
                mode,
                limit,
                facet_depth: depth,
                ..SearchRequest::default()
            };
            let t = Instant::now();
            let _ = store.search(&req, Some(v))?;
            row.push((name, t.elapsed().as_secs_f64() * 1e3));
        }
        for (name, ms) in row {
            match times.iter_mut().find(|t| t.0 == name) {
                Some(t) => t.1.push(ms),
                None => times.push((name, vec![ms])),
            }
        }
    }
    println!(
        "{} vectors\n| step | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|",
        vectors.len()
    );
    for (name, v) in times {
        let (a, b, c) = pct(v);
        println!("| {name} | {a:.2} | {b:.2} | {c:.2} |");
    }
    Ok(())
}
