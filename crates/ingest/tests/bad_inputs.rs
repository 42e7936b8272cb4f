//! A generated corpus of bad inputs beside good ones: each bad input gives a clear
//! error naming it (and its line or record), and the good inputs are still read.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::{article_html, gzip_members, http_response, run};
use narrascope_ingest::{IngestOptions, InputError, RawDocument};

const MB: u64 = 1024 * 1024;

/// Writes a file of `len` bytes of one repeated character without a newline.
fn write_single_line(path: &Path, len: u64) {
    let mut f = fs::File::create(path).unwrap();
    let chunk = vec![b'a'; MB as usize];
    for _ in 0..len / MB {
        f.write_all(&chunk).unwrap();
    }
}

fn build_corpus(root: &Path) {
    fs::create_dir_all(root.join("sub")).unwrap();
    fs::write(
        root.join("good.txt"),
        "Un texte correct.\n\nDeux paragraphes.",
    )
    .unwrap();
    fs::write(root.join("sub/page.html"), article_html()).unwrap();
    fs::write(
        root.join("binary.bin"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    fs::write(root.join("nul.txt"), b"text with a\0NUL byte inside\0").unwrap();
    let mut bad_utf8 = "Texte en UTF-8 abîmé : ".as_bytes().to_vec();
    bad_utf8.extend_from_slice(b"\xC3\x28 ici, mais le reste est lisible et accentu\xC3\xA9.");
    fs::write(root.join("bad_utf8.txt"), bad_utf8).unwrap();
    fs::write(root.join("empty.txt"), b"").unwrap();
    fs::write(
        root.join("mixed.jsonl"),
        "{\"text\":\"premier\"}\n{\"text\": \"cassé\n{\"text\":\"troisième\"}\n",
    )
    .unwrap();
    let records = [
        http_response(
            "https://a.example/1",
            "2024-03-01T00:00:00Z",
            "text/html",
            article_html().as_bytes(),
        ),
        http_response(
            "https://a.example/2",
            "2024-03-01T00:00:01Z",
            "text/html",
            article_html().as_bytes(),
        ),
    ];
    let gz = gzip_members(&records);
    let first_len = gzip_members(&records[..1]).len();
    fs::write(
        root.join("cut.warc.gz"),
        &gz[..first_len + (gz.len() - first_len) / 2],
    )
    .unwrap();
    std::os::unix::fs::symlink("..", root.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("missing-target.txt", root.join("dangling.txt")).unwrap();
    write_single_line(&root.join("huge.txt"), 100 * MB);
}

fn error_for<'a>(errors: &'a [InputError], suffix: &str) -> &'a InputError {
    errors
        .iter()
        .find(|e| e.input.contains(suffix))
        .unwrap_or_else(|| panic!("no error for {suffix}: {errors:#?}"))
}

fn docs_from<'a>(docs: &'a [RawDocument], file: &str) -> Vec<&'a RawDocument> {
    docs.iter()
        .filter(|d| d.source.path.ends_with(file))
        .collect()
}

#[test]
fn bad_inputs_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    build_corpus(root);
    let missing: PathBuf = root.join("does-not-exist.txt");
    let opts = IngestOptions {
        max_bytes: 50 * MB,
        ..Default::default()
    };
    let (docs, errors, skipped) = run(&[root.to_path_buf(), missing.clone()], &opts);

    assert!(
        error_for(&errors, "binary.bin")
            .message
            .contains("binary file (PNG image)")
    );
    assert!(error_for(&errors, "nul.txt").message.contains("NUL"));
    assert_eq!(error_for(&errors, "empty.txt").message, "empty");
    let huge = error_for(&errors, "huge.txt");
    assert_eq!(
        huge.message,
        "file is 104857600 bytes, over the limit of 52428800 bytes (max_bytes)"
    );
    let line = error_for(&errors, "mixed.jsonl (line 2)");
    assert!(line.message.starts_with("invalid JSON"), "{line}");
    let rec = error_for(&errors, "cut.warc.gz (record 2)");
    assert!(rec.message.contains("truncated"), "{rec}");
    assert!(
        error_for(&errors, "does-not-exist.txt")
            .message
            .starts_with("cannot read:")
    );
    assert!(
        error_for(&errors, "dangling.txt")
            .message
            .starts_with("cannot read:")
    );
    assert!(
        error_for(&errors, "loop")
            .message
            .contains("symbolic link loop")
    );
    assert_eq!(errors.len(), 9, "{errors:#?}");
    for e in &errors {
        assert!(e.to_string().starts_with(&e.input), "{e}");
    }

    // Good inputs beside them are read.
    assert_eq!(
        docs_from(&docs, "good.txt")[0].text,
        "Un texte correct.\n\nDeux paragraphes."
    );
    assert!(
        docs_from(&docs, "page.html")[0]
            .text
            .contains("Plusieurs responsables")
    );
    let texts: Vec<&str> = docs_from(&docs, "mixed.jsonl")
        .iter()
        .map(|d| d.text.as_str())
        .collect();
    assert_eq!(texts, ["premier", "troisième"]);
    let warc = docs_from(&docs, "cut.warc.gz");
    assert_eq!(warc.len(), 1, "the record before the cut is kept");
    assert_eq!(warc[0].meta.url.as_deref(), Some("https://a.example/1"));
    let damaged = docs_from(&docs, "bad_utf8.txt")[0];
    assert!(
        damaged.text.contains("abîmé : \u{FFFD}( ici") && damaged.text.ends_with("accentué."),
        "{:?}",
        damaged.text
    );
    assert_eq!(
        damaged
            .meta
            .extra
            .get("undecodable_sequences")
            .map(String::as_str),
        Some("1")
    );
    assert_eq!(
        docs.len(),
        6,
        "{:#?}",
        docs.iter()
            .map(|d| d.source.to_string())
            .collect::<Vec<_>>()
    );
    assert!(skipped.is_empty(), "{skipped:?}");
}

#[test]
fn huge_single_line_within_the_limit_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    write_single_line(&path, 100 * MB);
    let opts = IngestOptions {
        max_bytes: 200 * MB,
        ..Default::default()
    };
    let (docs, errors, _) = run(&[path], &opts);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].text.len() as u64, 100 * MB);
}

#[test]
fn long_jsonl_line_is_skipped_without_holding_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let mut f = fs::File::create(&path).unwrap();
    f.write_all(b"{\"text\":\"avant\"}\n{\"text\":\"").unwrap();
    let chunk = vec![b'z'; MB as usize];
    for _ in 0..100 {
        f.write_all(&chunk).unwrap();
    }
    f.write_all(b"\"}\n{\"text\":\"apr\xC3\xA8s\"}\n").unwrap();
    drop(f);
    let opts = IngestOptions {
        max_bytes: MB,
        ..Default::default()
    };
    let (docs, errors, _) = run(&[path], &opts);
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(texts, ["avant", "après"]);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].input.ends_with("big.jsonl (line 2)"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0]
            .message
            .contains("104857611 bytes, over the limit of 1048576"),
        "{}",
        errors[0]
    );
}
