//! Reader throughput on a generated corpus (HTML files, WARC.gz, JSONL, CSV, RSS).
//!
//! `cargo run -p narrascope-ingest --example ingest_bench [SCALE] [DIR]` (SCALE defaults
//! to 1; with DIR the corpus is written there and kept, e.g. for `peer_bench.py DIR`).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use fastwarc::stream_io::gzip::GzipWriter;
use narrascope_ingest::{IngestOptions, Item, discover, read_input};

fn page(i: usize) -> String {
    let para = |k: usize| {
        format!(
            "<p>Paragraphe {k} de l'article {i}. Le porte-parole a déclaré mardi que les mesures annoncées seraient appliquées dès la semaine prochaine, malgré les critiques de plusieurs élus locaux et d'associations.</p>"
        )
    };
    let body: String = (0..8).map(para).collect();
    format!(
        r#"<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Article {i} | Site</title>
<meta property="og:site_name" content="Site"><meta property="article:published_time" content="2024-02-03T10:00:00+01:00">
<link rel="canonical" href="https://site.example/a/{i}"></head><body><nav><a href="/">Accueil</a> <a href="/m">Monde</a></nav>
<article><h1>Article {i}</h1>{body}</article><footer>© Site — Contact</footer></body></html>"#
    )
}

fn warc_gz(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let body = page(i);
        let block =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{body}");
        let rec = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2024-03-01T00:00:00Z\r\nWARC-Target-URI: https://site.example/a/{i}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
            block.len()
        );
        let mut w = GzipWriter::new(Vec::new());
        w.write_all(rec.as_bytes()).expect("gzip");
        out.extend(w.into_inner().expect("gzip"));
    }
    out
}

fn generate(dir: &Path, scale: usize) -> Vec<(&'static str, PathBuf)> {
    let html_dir = dir.join("html");
    fs::create_dir_all(&html_dir).expect("mkdir");
    for i in 0..500 * scale {
        fs::write(html_dir.join(format!("{i:06}.html")), page(i)).expect("write");
    }
    fs::write(dir.join("pages.warc.gz"), warc_gz(2000 * scale)).expect("write");
    let line = |i: usize| {
        format!(
            "{{\"id\":{i},\"title\":\"Titre {i}\",\"text\":\"Le porte-parole a déclaré mardi que les mesures annoncées seraient appliquées dès la semaine prochaine ({i}).\",\"date\":\"2024-02-03T10:00:00Z\",\"url\":\"https://site.example/{i}\"}}\n"
        )
    };
    fs::write(
        dir.join("rows.jsonl"),
        (0..200_000 * scale).map(line).collect::<String>(),
    )
    .expect("write");
    let row = |i: usize| {
        format!(
            "{i},Titre {i},\"Le porte-parole a déclaré mardi que les mesures, annoncées hier,\nseraient appliquées ({i}).\",2024-02-03\n"
        )
    };
    let csv = format!(
        "id,title,text,date\n{}",
        (0..100_000 * scale).map(row).collect::<String>()
    );
    fs::write(dir.join("rows.csv"), csv).expect("write");
    let item = |i: usize| {
        format!(
            "<item><title>Titre {i}</title><link>https://site.example/{i}</link><pubDate>Sat, 03 Feb 2024 10:00:00 +0100</pubDate><description>&lt;p&gt;Texte de l'élément {i}.&lt;/p&gt;</description></item>"
        )
    };
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Fil</title>{}</channel></rss>",
        (0..5000 * scale).map(item).collect::<String>()
    );
    fs::write(dir.join("feed.rss"), rss).expect("write");
    vec![
        ("HTML files (readability)", html_dir),
        ("WARC.gz HTML responses", dir.join("pages.warc.gz")),
        ("JSONL", dir.join("rows.jsonl")),
        ("CSV (quoted multiline)", dir.join("rows.csv")),
        ("RSS items", dir.join("feed.rss")),
    ]
}

fn main() {
    let scale: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = std::env::args()
        .nth(2)
        .map_or_else(|| tmp.path().to_path_buf(), PathBuf::from);
    let cases = generate(&dir, scale);
    let opts = IngestOptions::default();
    println!("| input | docs | MB | seconds | docs/s | MB/s |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (label, path) in cases {
        let (inputs, errs) = discover(std::slice::from_ref(&path));
        assert!(errs.is_empty(), "{errs:?}");
        let bytes: u64 = inputs.iter().filter_map(|i| i.size).sum();
        let start = Instant::now();
        let (mut docs, mut errors) = (0usize, 0usize);
        for input in &inputs {
            read_input(input, &opts, &mut |item| match item {
                Item::Doc(_) => docs += 1,
                Item::Error(_) => errors += 1,
                Item::Skipped { .. } => {}
            });
        }
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(errors, 0, "{label}");
        let mb = bytes as f64 / 1e6;
        println!(
            "| {label} | {docs} | {mb:.1} | {secs:.2} | {:.0} | {:.1} |",
            docs as f64 / secs,
            mb / secs
        );
    }
}
