//! Reading one input: the source (file, bytes, stdin), format dispatch, size limits.

use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};

use crate::decode::{binary_signature, decode, html_meta_charset, is_utf16};
use crate::detect::detect_format;
use crate::json::over_limit;
use crate::{
    IngestOptions, Input, InputError, Item, feed, html, json, markdown, table, telegram, warc,
};

/// Bytes looked at for format detection.
const HEAD: usize = 8192;

enum Src<'a> {
    File(File, u64),
    Slice(&'a [u8]),
    Stream(Box<dyn Read + Send>),
}

/// Reads one input (a file, or `-` for standard input) and sends every document,
/// error and skipped unit to `sink` as it is read.
pub fn read_input(input: &Input, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    if input.is_stdin() {
        read_source("-", Src::Stream(Box::new(io::stdin())), opts, sink);
    } else {
        read_path(&input.path, opts, sink);
    }
}

/// Reads one file.
pub fn read_path(path: &Path, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let name = path.display().to_string();
    let fail = |msg: String| Item::Error(InputError::new(name.clone(), msg));
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) => return sink(fail(format!("cannot read: {e}"))),
    };
    if meta.is_dir() {
        return sink(fail("is a directory (expand it with discover)".into()));
    }
    match File::open(path) {
        Ok(f) => read_source(&name, Src::File(f, meta.len()), opts, sink),
        Err(e) => sink(fail(format!("cannot read: {e}"))),
    }
}

/// Reads an input held in memory (standard input read elsewhere, an upload).
pub fn read_bytes(name: &str, bytes: &[u8], opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    read_source(name, Src::Slice(bytes), opts, sink);
}

/// Reads a source; a panic inside a third-party parser becomes an error for this input.
fn read_source(name: &str, src: Src<'_>, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let run = std::panic::AssertUnwindSafe(|| dispatch(name, src, opts, &mut *sink));
    if std::panic::catch_unwind(run).is_err() {
        sink(Item::Error(InputError::new(
            name,
            "internal error while reading this input (parser panic)",
        )));
    }
}

fn dispatch(name: &str, mut src: Src<'_>, opts: &IngestOptions, sink: &mut dyn FnMut(Item)) {
    let fail = |msg: String| Item::Error(InputError::new(name, msg));
    // A stream forced to JSONL is read line by line at once: waiting for a detection
    // head would delay the first results of a slow pipe.
    if opts.format == Some(Format::Jsonl)
        && let Src::Stream(r) = src
    {
        return json::read_jsonl(name, &mut BufReader::new(r), opts, sink);
    }
    let head = match take_head(&mut src) {
        Ok(h) => h,
        Err(e) => return sink(fail(format!("cannot read: {e}"))),
    };
    if head.is_empty() {
        return sink(fail("empty".into()));
    }
    let format = opts.format.unwrap_or_else(|| detect_format(name, &head));
    let utf16 = is_utf16(&head);
    if format != Format::Warc && !utf16 {
        if let Some(kind) = binary_signature(&head) {
            return sink(fail(format!("binary file ({kind})")));
        }
        if head.contains(&0) {
            return sink(fail("binary file (contains NUL bytes)".into()));
        }
    }
    let streamed = match format {
        Format::Warc => true,
        Format::Csv => !utf16,
        Format::Jsonl => !utf16 && !whole_json(name, &head),
        _ => false,
    };
    if streamed {
        return stream(name, src, &head, format, opts, sink);
    }
    let bytes = match whole(src, opts.max_bytes) {
        Ok(b) => b,
        Err(msg) => return sink(fail(msg)),
    };
    if utf16 && !matches!(format, Format::Text | Format::Markdown | Format::Html) {
        // Structured formats are parsed from UTF-8: decode, then read the result.
        return match decode(&bytes, None) {
            Ok(d) => dispatch(name, Src::Slice(d.text.as_bytes()), opts, sink),
            Err(msg) => sink(fail(msg)),
        };
    }
    match format {
        Format::Feed => feed::read_feed(name, &bytes, sink),
        Format::Telegram | Format::Jsonl => match serde_json::from_slice(&bytes) {
            // Several JSON objects in a `.json` file: JSON lines after all.
            Err(_) if format == Format::Jsonl && first_line_is_object(&bytes) => {
                json::read_jsonl(name, &mut &bytes[..], opts, sink)
            }
            Err(e) => sink(fail(format!("invalid JSON: {e}"))),
            Ok(v) if format == Format::Telegram || telegram::looks_like_export(&v) => {
                telegram::read_telegram(name, &v, sink)
            }
            Ok(v) => json::read_json_value(name, &v, opts, sink),
        },
        _ => sink(single_doc(name, &bytes, format)),
    }
}

/// Text, Markdown and HTML files: one document.
fn single_doc(name: &str, bytes: &[u8], format: Format) -> Item {
    let declared = (format == Format::Html)
        .then(|| html_meta_charset(bytes))
        .flatten();
    let d = match decode(bytes, declared.as_deref()) {
        Ok(d) => d,
        Err(msg) => return Item::Error(InputError::new(name, msg)),
    };
    let mut meta = Metadata::default();
    if d.encoding != "UTF-8" {
        meta.extra.insert("encoding".into(), d.encoding.into());
    }
    if d.replaced > 0 {
        meta.extra
            .insert("undecodable_sequences".into(), d.replaced.to_string());
    }
    let text = match format {
        Format::Html => match html::extract_page(&d.text, None) {
            Ok((text, page)) => {
                meta.fill_from(&page);
                text
            }
            Err(msg) => return Item::Error(InputError::new(name, msg)),
        },
        Format::Markdown => markdown::front_matter(d.text, &mut meta),
        _ => d.text,
    };
    Item::Doc(RawDocument {
        source: SourceRef {
            path: name.to_owned(),
            locator: None,
            format,
        },
        text,
        meta,
    })
}

/// A `.json` file or a top-level array is one JSON value, not JSON lines.
fn whole_json(name: &str, head: &[u8]) -> bool {
    let first = head.iter().find(|b| !b.is_ascii_whitespace());
    name.to_ascii_lowercase().ends_with(".json") || first == Some(&b'[')
}

fn first_line_is_object(bytes: &[u8]) -> bool {
    let line = bytes
        .split(|b| *b == b'\n')
        .find(|l| !l.trim_ascii().is_empty());
    line.is_some_and(|l| {
        serde_json::from_slice::<serde_json::Value>(l).is_ok_and(|v| v.is_object())
    })
}

fn take_head(src: &mut Src<'_>) -> io::Result<Vec<u8>> {
    match src {
        Src::Slice(s) => Ok(s[..s.len().min(HEAD)].to_vec()),
        Src::File(f, _) => {
            let head = read_up_to(f, HEAD)?;
            f.seek(SeekFrom::Start(0))?;
            Ok(head)
        }
        Src::Stream(r) => {
            let head = read_up_to(r, HEAD)?;
            let rest = std::mem::replace(r, Box::new(io::empty()));
            *r = Box::new(Cursor::new(head.clone()).chain(rest));
            Ok(head)
        }
    }
}

fn read_up_to(r: &mut dyn Read, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n);
    r.take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

/// The whole input, refused (without reading it all into memory) when over `limit`.
fn whole(src: Src<'_>, limit: u64) -> Result<Cow<'_, [u8]>, String> {
    match src {
        Src::Slice(s) if s.len() as u64 > limit => {
            Err(format!("input is {}", over_limit(s.len() as u64, limit)))
        }
        Src::Slice(s) => Ok(Cow::Borrowed(s)),
        Src::File(_, size) if size > limit => Err(format!("file is {}", over_limit(size, limit))),
        Src::File(mut f, size) => {
            let mut buf = Vec::with_capacity(size as usize);
            f.read_to_end(&mut buf)
                .map_err(|e| format!("cannot read: {e}"))?;
            Ok(Cow::Owned(buf))
        }
        Src::Stream(mut r) => {
            let mut buf = Vec::new();
            (&mut r)
                .take(limit + 1)
                .read_to_end(&mut buf)
                .map_err(|e| format!("cannot read: {e}"))?;
            if buf.len() as u64 > limit {
                let rest = io::copy(&mut r, &mut io::sink()).unwrap_or(0);
                return Err(format!(
                    "input is {}",
                    over_limit(buf.len() as u64 + rest, limit)
                ));
            }
            Ok(Cow::Owned(buf))
        }
    }
}

fn stream(
    name: &str,
    src: Src<'_>,
    head: &[u8],
    format: Format,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    match (format, src) {
        (Format::Warc, Src::File(f, _)) => {
            warc::read_warc(name, BufReader::with_capacity(1 << 20, f), opts, sink)
        }
        (Format::Warc, Src::Slice(s)) => warc::read_warc(name, Cursor::new(s.to_vec()), opts, sink),
        (Format::Warc, Src::Stream(r)) => {
            let reader = BufReader::with_capacity(1 << 20, ForwardSeek { inner: r, pos: 0 });
            warc::read_warc(name, reader, opts, sink)
        }
        (Format::Csv, src) => table::read_csv(name, head, &mut reader_of(src), opts, sink),
        (_, src) => json::read_jsonl(
            name,
            &mut BufReader::with_capacity(1 << 16, reader_of(src)),
            opts,
            sink,
        ),
    }
}

fn reader_of<'a>(src: Src<'a>) -> Box<dyn Read + 'a> {
    match src {
        Src::File(f, _) => Box::new(f),
        Src::Slice(s) => Box::new(s),
        Src::Stream(r) => r,
    }
}

/// A non-seekable stream made seekable forwards only (WARC readers ask for positions).
struct ForwardSeek<R> {
    inner: R,
    pos: u64,
}

impl<R: Read> Read for ForwardSeek<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R: Read> Seek for ForwardSeek<R> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => i128::from(p),
            SeekFrom::Current(d) => i128::from(self.pos) + i128::from(d),
            SeekFrom::End(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::Unsupported,
                    "cannot seek from the end of a stream",
                ));
            }
        };
        let skip = u64::try_from(target - i128::from(self.pos)).map_err(|_| {
            io::Error::new(
                io::ErrorKind::Unsupported,
                "cannot seek backwards in a stream",
            )
        })?;
        let skipped = io::copy(&mut (&mut self.inner).take(skip), &mut io::sink())?;
        self.pos += skipped;
        Ok(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_stream(name: &str, bytes: &[u8], opts: &IngestOptions) -> Vec<Item> {
        let mut out = Vec::new();
        let src = Src::Stream(Box::new(Cursor::new(bytes.to_vec())));
        read_source(name, src, opts, &mut |i| out.push(i));
        out
    }

    #[test]
    fn stdin_like_streams() {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Hello from a stream.</p></body></html>";
        let rec = format!(
            "WARC/1.1\r\nWARC-Type: response\r\nWARC-Date: 2024-01-02T00:00:00Z\r\nWARC-Target-URI: https://s.example/\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        );
        let warc = [rec.as_bytes(), block, b"\r\n\r\n"].concat();
        let items = from_stream(
            "-",
            &[warc.clone(), warc].concat(),
            &IngestOptions::default(),
        );
        let docs: Vec<_> = items.iter().filter(|i| matches!(i, Item::Doc(_))).collect();
        assert_eq!(docs.len(), 2, "{items:?}");

        let small = IngestOptions {
            max_bytes: 10,
            ..Default::default()
        };
        let items = from_stream("-", b"twenty bytes of text", &small);
        assert!(
            matches!(&items[0], Item::Error(e)
            if e.to_string() == "-: input is 20 bytes, over the limit of 10 bytes (max_bytes)"),
            "{items:?}"
        );
        let items = from_stream("-", b"", &small);
        assert!(matches!(&items[0], Item::Error(e) if e.message == "empty"));
        let items = from_stream(
            "-",
            b"{\"text\":\"a\"}\n{\"text\":\"b\"}\n",
            &IngestOptions::default(),
        );
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn directories_and_missing_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        read_path(dir.path(), &IngestOptions::default(), &mut |i| out.push(i));
        read_path(
            &dir.path().join("none"),
            &IngestOptions::default(),
            &mut |i| out.push(i),
        );
        assert!(matches!(&out[0], Item::Error(e) if e.message.contains("is a directory")));
        assert!(matches!(&out[1], Item::Error(e) if e.message.starts_with("cannot read:")));
    }
}
