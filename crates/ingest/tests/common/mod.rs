//! Helpers shared by the integration tests: running readers and building inputs.
#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

use fastwarc::stream_io::gzip::GzipWriter;
use narrascope_ingest::{IngestOptions, InputError, Item, RawDocument, discover, read_input};

/// Everything the readers produce for `paths`, plus the discovery errors.
pub fn run(
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> (Vec<RawDocument>, Vec<InputError>, Vec<(String, String)>) {
    let (inputs, mut errors) = discover(paths);
    let (mut docs, mut skipped) = (Vec::new(), Vec::new());
    for input in &inputs {
        read_input(input, opts, &mut |item| match item {
            Item::Doc(d) => docs.push(d),
            Item::Error(e) => errors.push(e),
            Item::Skipped { input, reason } => skipped.push((input, reason)),
        });
    }
    (docs, errors, skipped)
}

/// Items from `read_bytes`.
pub fn read_mem(name: &str, bytes: &[u8], opts: &IngestOptions) -> Vec<Item> {
    let mut out = Vec::new();
    narrascope_ingest::read_bytes(name, bytes, opts, &mut |i| out.push(i));
    out
}

pub fn docs(items: &[Item]) -> Vec<&RawDocument> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Doc(d) => Some(d),
            _ => None,
        })
        .collect()
}

pub fn errors(items: &[Item]) -> Vec<&InputError> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Error(e) => Some(e),
            _ => None,
        })
        .collect()
}

/// One WARC record with the given type, headers and block.
pub fn warc_record(kind: &str, uri: &str, date: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{:08x}-0000-4000-8000-000000000000>\r\nWARC-Date: {date}\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len() as u32 ^ 0x5eed,
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response record for `body` served as `mime`.
pub fn http_response(uri: &str, date: &str, mime: &str, body: &[u8]) -> Vec<u8> {
    let mut block = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {mime}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    block.extend_from_slice(body);
    warc_record(
        kind_response(),
        uri,
        date,
        "application/http; msgtype=response",
        &block,
    )
}

fn kind_response() -> &'static str {
    "response"
}

/// Gzip with one member per record, as web archivers write it.
pub fn gzip_members(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut w = GzipWriter::new(Vec::new());
        w.write_all(r).expect("gzip write");
        out.extend(w.into_inner().expect("gzip finish"));
    }
    out
}

/// A news article page with navigation, a cookie banner, a sidebar, a footer and JSON-LD.
pub fn article_html() -> String {
    let paras = [
        "Le ministère de la Défense a annoncé mardi l'envoi de nouveaux équipements dans la région frontalière, selon un communiqué publié en fin de matinée.",
        "Plusieurs responsables locaux ont contesté cette présentation des faits, affirmant que les livraisons avaient commencé plusieurs semaines auparavant.",
        "Des images diffusées sur les réseaux sociaux montrent des convois circulant de nuit, sans qu'il soit possible d'en vérifier la date ni le lieu exact.",
        "Le gouvernement a promis de publier un calendrier détaillé au cours de la semaine prochaine, une promesse déjà faite lors de la précédente crise.",
    ];
    let body: String = paras.iter().map(|p| format!("<p>{p}</p>\n")).collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Convois à la frontière | Le Quotidien</title>
<link rel="canonical" href="https://quotidien.example/monde/convois">
<meta property="og:site_name" content="Le Quotidien">
<meta property="og:title" content="Convois à la frontière">
<meta property="article:published_time" content="2024-02-03T10:15:00+01:00">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"Convois à la frontière","datePublished":"2024-02-03T10:15:00+01:00","author":{{"@type":"Person","name":"Marie Dupont"}},"publisher":{{"@type":"Organization","name":"Le Quotidien"}}}}</script>
</head><body>
<div class="cookie-banner">Nous utilisons des cookies. Accepter tout</div>
<nav class="menu"><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<main><article><h1>Convois à la frontière</h1>
{body}</article>
<aside class="related"><h3>À lire aussi</h3><ul><li><a href="/x">Un autre sujet sans rapport</a></li></ul></aside></main>
<footer>© 2024 Le Quotidien — Mentions légales — Contact</footer>
</body></html>"#
    )
}
