//! Load tool for `narrascope serve` (bench/serve_load.sh).
//!
//! `serve_load copy SRC DST COPIES`: writes every document of corpus SRC (with its rhetoric
//! and narrative matches) COPIES times into a new corpus DST, each copy under a new id.
//!
//! `serve_load run HOST:PORT SECONDS CLIENTS`: CLIENTS threads, each on one keep-alive
//! HTTP/1.1 connection, cycle through a mix of API endpoints for SECONDS, then print
//! requests per second and p50/p95/p99 latency per endpoint as a Markdown table.
//!
//! `serve_load pages HOST:PORT LABEL`: fetches the data of the dashboard, the narratives page
//! and the page of the narrative with most documents as the UI does (the calls of one page in
//! parallel) and prints one Markdown row of milliseconds per page, labelled LABEL.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use narrascope_core::{Analysis, DocId};
use narrascope_corpus::Store;

type Error = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["copy", src, dst, n] => copy(Path::new(src), Path::new(dst), n.parse()?),
        ["run", addr, secs, clients] => run(addr, secs.parse()?, clients.parse()?),
        ["pages", addr, label] => pages(addr, label),
        _ => Err(
            "usage: serve_load copy SRC DST COPIES | run HOST:PORT SECONDS CLIENTS | pages HOST:PORT LABEL"
                .into(),
        ),
    }
}

/// A new 16-hex-digit id for copy `k` of document `id` (FNV-1a over both).
fn copy_id(id: &str, k: u64) -> DocId {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes().chain(k.to_le_bytes()) {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    DocId(format!("{h:016x}"))
}

fn copy(src: &Path, dst: &Path, copies: u64) -> Result<(), Error> {
    let src = Store::open_existing(src)?;
    let mut dst = Store::open(dst)?;
    let mut docs = Vec::new();
    for id in src.ids()? {
        let Some(s) = src.get(&id)? else { continue };
        let rhetoric = src.rhetoric_of(&id)?;
        let narratives = src.narratives_of(&id)?;
        docs.push((s, rhetoric, narratives));
    }
    let started = Instant::now();
    for k in 0..copies {
        dst.in_transaction(|t| {
            for (s, rhetoric, narratives) in &docs {
                let mut doc = s.doc.clone();
                doc.id = copy_id(&s.doc.id.0, k);
                let a = Analysis {
                    doc,
                    mentions: s.mentions.clone(),
                    claims: s.claims.clone(),
                    narratives: Vec::new(),
                    techniques: Vec::new(),
                    framings: Vec::new(),
                    sources: Vec::new(),
                    provenance: None,
                };
                t.put(&a)?;
                if let Some(r) = rhetoric {
                    t.put_rhetoric(&a.doc.id, "copy", r)?;
                }
                t.put_narratives(&a.doc.id, "copy", narratives)?;
            }
            Ok(())
        })?;
    }
    eprintln!(
        "copied {} documents x {copies} in {:.1} s",
        docs.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One keep-alive connection.
struct Conn {
    addr: String,
    reader: Option<BufReader<TcpStream>>,
}

impl Conn {
    fn connect(&mut self) -> Result<&mut BufReader<TcpStream>, Error> {
        if self.reader.is_none() {
            let s = TcpStream::connect(&self.addr)?;
            s.set_nodelay(true)?;
            s.set_read_timeout(Some(Duration::from_secs(30)))?;
            self.reader = Some(BufReader::new(s));
        }
        self.reader.as_mut().ok_or_else(|| "no connection".into())
    }

    /// GETs `path`; returns the status and body. Only Content-Length bodies are read.
    fn get(&mut self, path: &str) -> Result<(u16, Vec<u8>), Error> {
        let host = self.addr.clone();
        let r = self.connect()?;
        let req =
            format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n");
        r.get_mut().write_all(req.as_bytes())?;
        let mut line = String::new();
        r.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or("no status")?;
        let mut len = None;
        loop {
            line.clear();
            if r.read_line(&mut line)? == 0 || line == "\r\n" {
                break;
            }
            if let Some((k, v)) = line.split_once(':')
                && k.eq_ignore_ascii_case("content-length")
            {
                len = v.trim().parse::<usize>().ok();
            }
        }
        let mut body = vec![0; len.ok_or("response without Content-Length")?];
        r.read_exact(&mut body)?;
        Ok((status, body))
    }
}

fn ids(conn: &mut Conn, path: &str, list: &str, key: &str) -> Result<Vec<String>, Error> {
    let (status, body) = conn.get(path)?;
    if status != 200 {
        return Err(format!("{path}: status {status}").into());
    }
    let v: serde_json::Value = serde_json::from_slice(&body)?;
    Ok(v[list]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|x| x[key].as_str().map(str::to_string))
        .collect())
}

const ENDPOINTS: [&str; 7] = [
    "documents list",
    "one document",
    "narratives",
    "actors",
    "one actor",
    "stats",
    "search (full text, facets)",
];

/// Full-text queries of the search endpoint: words and a phrase of the demo corpus.
const QUERIES: [&str; 6] = [
    "ISIS",
    "Washington",
    "sanctions",
    "%22United%20States%22",
    "Iraq%20army",
    "Daech",
];

fn path(kind: usize, i: usize, docs: &[String], actors: &[String]) -> String {
    match kind {
        0 => format!("/api/documents?limit=50&offset={}", (i * 50) % 5000),
        1 => format!("/api/documents/{}", docs[i % docs.len()]),
        2 => "/api/narratives".into(),
        3 => "/api/actors?limit=50".into(),
        4 if !actors.is_empty() => format!("/api/actors/{}", actors[i % actors.len()]),
        4 => "/api/actors?limit=10".into(),
        5 => "/api/stats".into(),
        _ => format!("/api/search?q={}", QUERIES[i % QUERIES.len()]),
    }
}

fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

fn run(addr: &str, secs: u64, clients: usize) -> Result<(), Error> {
    let mut probe = Conn {
        addr: addr.into(),
        reader: None,
    };
    let docs = ids(
        &mut probe,
        "/api/documents?limit=1000&order=id",
        "items",
        "id",
    )?;
    let actors = ids(&mut probe, "/api/actors?limit=50", "items", "entity")?;
    if docs.is_empty() {
        return Err("the corpus has no documents".into());
    }
    let deadline = Instant::now() + Duration::from_secs(secs);
    let started = Instant::now();
    let workers: Vec<_> = (0..clients)
        .map(|c| {
            let (docs, actors, addr) = (docs.clone(), actors.clone(), addr.to_string());
            std::thread::spawn(move || {
                let mut conn = Conn { addr, reader: None };
                let mut lat: Vec<Vec<u32>> = vec![Vec::new(); ENDPOINTS.len()];
                let mut errors = vec![0u64; ENDPOINTS.len()];
                let mut i = c * 7;
                while Instant::now() < deadline {
                    let kind = i % ENDPOINTS.len();
                    let p = path(kind, i / ENDPOINTS.len(), &docs, &actors);
                    let t = Instant::now();
                    match conn.get(&p) {
                        Ok((200, _)) => lat[kind].push(t.elapsed().as_micros() as u32),
                        Ok(_) => errors[kind] += 1,
                        Err(_) => {
                            errors[kind] += 1;
                            conn.reader = None;
                        }
                    }
                    i += 1;
                }
                (lat, errors)
            })
        })
        .collect();
    let mut lat: Vec<Vec<u32>> = vec![Vec::new(); ENDPOINTS.len()];
    let mut errors = vec![0u64; ENDPOINTS.len()];
    for w in workers {
        let (l, e) = w.join().map_err(|_| "client thread panicked")?;
        for k in 0..ENDPOINTS.len() {
            lat[k].extend(&l[k]);
            errors[k] += e[k];
        }
    }
    let wall = started.elapsed().as_secs_f64();
    println!("| endpoint | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let mut all = Vec::new();
    for (k, name) in ENDPOINTS.iter().enumerate() {
        lat[k].sort_unstable();
        all.extend(&lat[k]);
        row(name, &lat[k], errors[k], wall);
    }
    all.sort_unstable();
    row("all", &all, errors.iter().sum(), wall);
    Ok(())
}

/// Milliseconds until every one of `paths` has answered 200, fetched in parallel.
fn page(addr: &str, paths: &[String]) -> Result<f64, Error> {
    let t = Instant::now();
    let calls: Vec<_> = paths
        .iter()
        .map(|p| {
            let (addr, p) = (addr.to_string(), p.clone());
            std::thread::spawn(move || -> Result<(), String> {
                let mut conn = Conn { addr, reader: None };
                match conn.get(&p) {
                    Ok((200, _)) => Ok(()),
                    Ok((status, _)) => Err(format!("{p}: status {status}")),
                    Err(e) => Err(format!("{p}: {e}")),
                }
            })
        })
        .collect();
    for c in calls {
        c.join().map_err(|_| "page thread panicked")??;
    }
    Ok(t.elapsed().as_secs_f64() * 1000.0)
}

fn pages(addr: &str, label: &str) -> Result<(), Error> {
    let dashboard = ["/api/stats", "/api/documents?order=ingested&limit=8"].map(String::from);
    let list = ["/api/narratives".to_string()];
    let d = page(addr, &dashboard)?;
    let n = page(addr, &list)?;
    let mut conn = Conn {
        addr: addr.into(),
        reader: None,
    };
    let (_, body) = conn.get("/api/narratives")?;
    let v: serde_json::Value = serde_json::from_slice(&body)?;
    let top = v["narratives"]
        .as_array()
        .into_iter()
        .flatten()
        .max_by_key(|n| n["documents"].as_u64().unwrap_or(0));
    let one = match top.and_then(|n| n["id"].as_str()) {
        Some(id) => {
            let docs = top.and_then(|n| n["documents"].as_u64()).unwrap_or(0);
            let p = format!("/api/narratives/{id}?limit=100&offset=0");
            format!("{:.1} ({docs} documents)", page(addr, &[p])?)
        }
        None => "no narrative".into(),
    };
    println!("| {label} | {d:.1} | {n:.1} | {one} |");
    Ok(())
}

fn row(name: &str, sorted: &[u32], errors: u64, wall: f64) {
    println!(
        "| {name} | {} | {errors} | {:.0} | {:.1} | {:.1} | {:.1} | {:.1} |",
        sorted.len(),
        sorted.len() as f64 / wall,
        pct(sorted, 0.50),
        pct(sorted, 0.95),
        pct(sorted, 0.99),
        pct(sorted, 1.0),
    );
}
