//! No input makes a reader panic or hang: truncations and byte corruptions of every
//! sample format, and a malformed record in the middle of a WARC.

mod common;

use common::{article_html, docs, errors, gzip_members, http_response, read_mem, warc_record};
use narrascope_ingest::{IngestOptions, Item};

fn samples() -> Vec<(&'static str, Vec<u8>)> {
    let records = vec![
        http_response(
            "https://a.example/1",
            "2024-03-01T00:00:00Z",
            "text/html",
            article_html().as_bytes(),
        ),
        warc_record(
            "metadata",
            "https://a.example/1",
            "2024-03-01T00:00:01Z",
            "application/warc-fields",
            b"via: x\r\n",
        ),
    ];
    let rss = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</title><description>&lt;p&gt;B&lt;/p&gt;</description><pubDate>Sat, 03 Feb 2024 10:00:00 +0100</pubDate></item></channel></rss>";
    let tg = r#"{"name":"c","type":"public_channel","id":1,"messages":[{"id":1,"type":"message","date":"2024-02-03T10:00:00","text":["a",{"type":"bold","text":"b"}]}]}"#;
    vec![
        ("p.html", article_html().into_bytes()),
        ("a.warc", records.concat()),
        ("a.warc.gz", gzip_members(&records)),
        ("f.rss", rss.as_bytes().to_vec()),
        ("result.json", tg.as_bytes().to_vec()),
        (
            "t.csv",
            b"title,text,date\n\"a\",\"b\nc\",2024-01-01\nx,y,z\n".to_vec(),
        ),
        (
            "t.jsonl",
            b"{\"text\":\"a\",\"date\":\"2024-01-01\"}\n{\"text\":\"b\"}\n".to_vec(),
        ),
        ("u.txt", [0xFF, 0xFE, b'h', 0, b'i', 0, 0xE9, 0].to_vec()),
    ]
}

/// Every error names the input; the reader returned (so it did not hang or panic).
fn check(name: &str, bytes: &[u8]) -> Vec<Item> {
    let items = read_mem(name, bytes, &IngestOptions::default());
    for e in errors(&items) {
        assert!(
            e.input.starts_with(name),
            "{name}: error without the input name: {e}"
        );
        assert!(!e.message.is_empty());
    }
    items
}

#[test]
fn truncated_samples_never_panic() {
    for (name, bytes) in samples() {
        let step = (bytes.len() / 80).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            check(name, &bytes[..cut]);
        }
    }
}

#[test]
fn corrupted_samples_never_panic() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for (name, bytes) in samples() {
        for _ in 0..40 {
            let mut b = bytes.clone();
            for _ in 0..1 + next() % 6 {
                let i = (next() % b.len() as u64) as usize;
                b[i] = (next() & 0xFF) as u8;
            }
            check(name, &b);
        }
    }
}

#[test]
fn malformed_record_in_the_middle_of_a_warc() {
    let good = http_response(
        "https://a.example/1",
        "2024-03-01T00:00:00Z",
        "text/html",
        article_html().as_bytes(),
    );
    let broken_http = warc_record(
        "response",
        "https://a.example/2",
        "2024-03-01T00:00:01Z",
        "application/http; msgtype=response",
        b"this is not an HTTP response at all",
    );
    let bytes = [good.clone(), broken_http, good].concat();
    let items = check("mid.warc", &bytes);
    assert_eq!(docs(&items).len(), 2, "{items:?}");
    let errs = errors(&items);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].input, "mid.warc (record 2)");

    let garbage = [
        http_response(
            "https://a.example/1",
            "2024-03-01T00:00:00Z",
            "text/html",
            article_html().as_bytes(),
        ),
        b"GARBAGE\r\n\r\n".to_vec(),
    ]
    .concat();
    let items = check("tail.warc", &garbage);
    assert_eq!(docs(&items).len(), 1);
    assert_eq!(errors(&items)[0].input, "tail.warc (record 2)", "{items:?}");
}

#[test]
fn deeply_nested_markup_and_json() {
    let nest = |depth: usize| {
        format!(
            "<html><body>{}<p>Texte au fond.</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        )
    };
    let started = std::time::Instant::now();
    let items = check("deep.html", nest(20_000).as_bytes());
    assert!(
        matches!(&items[0], Item::Error(e) if e.message.contains("20002 levels deep")),
        "{:?}",
        errors(&items)
    );
    let items = check("fairly-deep.html", nest(2_000).as_bytes());
    assert_eq!(docs(&items)[0].text, "Texte au fond.");
    assert!(
        started.elapsed().as_secs() < 20,
        "deep markup took {:?}",
        started.elapsed()
    );
    let depth = 20_000;
    let json = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let items = check("deep.json", json.as_bytes());
    assert!(
        matches!(&items[0], Item::Error(e) if e.message.contains("invalid JSON")),
        "{:?}",
        errors(&items)
    );
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>c</title><item><title>t</title><description>{}x{}</description></item></channel></rss>",
        "&lt;b&gt;".repeat(depth),
        "&lt;/b&gt;".repeat(depth)
    );
    let items = check("deep.rss", rss.as_bytes());
    assert_eq!(
        docs(&items).first().map(|d| d.text.as_str()),
        Some("x"),
        "{:?}",
        errors(&items)
    );
}
