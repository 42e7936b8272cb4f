//! Format detection from the file name and the first bytes.

use narrascope_core::Format;
use std::io::Read;

/// Guesses the format of an input from its name (extension) and its first bytes
/// (a few KB are enough). Content decides when the extension is missing or ambiguous
/// (`.xml`, `.json`, `.gz`, none).
pub fn detect_format(name: &str, head: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    let by_ext = match ext {
        "warc" | "arc" => Some(Format::Warc),
        "gz" | "zst" if lower.ends_with(".warc.gz") || lower.ends_with(".warc.zst") => {
            Some(Format::Warc)
        }
        "jsonl" | "ndjson" | "jsonlines" => Some(Format::Jsonl),
        "csv" | "tsv" => Some(Format::Csv),
        "html" | "htm" | "xhtml" | "shtml" => Some(Format::Html),
        "md" | "markdown" | "mdown" => Some(Format::Markdown),
        "rss" | "atom" => Some(Format::Feed),
        "txt" | "text" => Some(Format::Text),
        // A `.json` file is JSON: a Telegram export, a JSON Feed, or records.
        "json" => Some(match sniff(head) {
            f @ (Format::Telegram | Format::Feed) => f,
            _ => Format::Jsonl,
        }),
        _ => None,
    };
    by_ext.unwrap_or_else(|| sniff(head))
}

/// Content-based detection.
fn sniff(head: &[u8]) -> Format {
    if head.starts_with(b"\x1F\x8B") {
        return if gunzip_head(head).starts_with(b"WARC/") {
            Format::Warc
        } else {
            Format::Text
        };
    }
    let trimmed = trim_start(head);
    if trimmed.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let lower: Vec<u8> = trimmed[..trimmed.len().min(4096)].to_ascii_lowercase();
    let has = |needle: &[u8]| lower.windows(needle.len()).any(|w| w == needle);
    if lower.starts_with(b"<") {
        if has(b"<rss") || has(b"<feed") || has(b"<rdf:rdf") || has(b"<channel") {
            return Format::Feed;
        }
        if has(b"<html")
            || has(b"<!doctype html")
            || has(b"<head")
            || has(b"<body")
            || has(b"<p>")
            || has(b"<div")
        {
            return Format::Html;
        }
        return Format::Text;
    }
    if lower.starts_with(b"{") {
        if has(b"jsonfeed.org/version") {
            return Format::Feed;
        }
        if has(b"\"messages\"") || has(b"\"chats\"") {
            return Format::Telegram;
        }
        return Format::Jsonl;
    }
    if lower.starts_with(b"[")
        && lower
            .get(1..)
            .map(trim_start)
            .is_some_and(|r| r.starts_with(b"{"))
    {
        return Format::Jsonl;
    }
    Format::Text
}

fn trim_start(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}

/// The first decompressed bytes of a gzip stream (empty when they cannot be had).
fn gunzip_head(head: &[u8]) -> Vec<u8> {
    let mut r = fastwarc::stream_io::gzip::GzipReader::new(std::io::Cursor::new(head.to_vec()));
    let mut out = vec![0u8; 16];
    let mut got = 0;
    while got < out.len() {
        match r.read(&mut out[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    out.truncate(got);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_decides_when_known() {
        assert_eq!(detect_format("a/b.JSONL", b""), Format::Jsonl);
        assert_eq!(detect_format("x.warc.gz", b""), Format::Warc);
        assert_eq!(detect_format("x.tsv", b""), Format::Csv);
        assert_eq!(detect_format("x.md", b"<html>"), Format::Markdown);
        assert_eq!(detect_format("x.txt", b"<html>"), Format::Text);
    }

    #[test]
    fn content_decides_otherwise() {
        assert_eq!(
            detect_format("feed.xml", b"<?xml version='1.0'?>\n<rss version='2.0'>"),
            Format::Feed
        );
        assert_eq!(
            detect_format("-", b"\xEF\xBB\xBF <!DOCTYPE html><html>"),
            Format::Html
        );
        assert_eq!(
            detect_format("result.json", br#"{ "name": "c", "messages": ["#),
            Format::Telegram
        );
        assert_eq!(
            detect_format("data.json", b"[\n {\"text\": 1}]"),
            Format::Jsonl
        );
        assert_eq!(detect_format("-", b"{\"text\": \"a\"}\n"), Format::Jsonl);
        assert_eq!(detect_format("dump", b"WARC/1.1\r\n"), Format::Warc);
        let jf = br#"{"version": "https://jsonfeed.org/version/1.1", "items": []}"#;
        assert_eq!(detect_format("f.json", jf), Format::Feed);
        assert_eq!(detect_format("notes", b"Plain words."), Format::Text);
        assert_eq!(detect_format("x.xml", b"<note>hi</note>"), Format::Text);
    }
}
