//! WARC / WARC.gz: HTML response records (and WET text conversions) become documents.

use std::io::Read;

use fastwarc::stream_io::traits::IntoWarcReader;
use fastwarc::warc::iter::{ArchiveIterator, ArchiveIteratorOptions};
use fastwarc::warc::record::{WarcRecord, WarcRecordType};
use narrascope_core::{Format, Metadata, RawDocument, SourceRef};

use crate::dates::parse_source_date;
use crate::decode::{decode, html_meta_charset};
use crate::html::extract_page;
use crate::json::over_limit;
use crate::{IngestOptions, InputError, Item};

/// Streams the records of a WARC input (plain, or gzip with one member per record).
pub(crate) fn read_warc(
    name: &str,
    reader: impl IntoWarcReader,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    // Strict parsing: damage between records is reported instead of skipped silently.
    let options = ArchiveIteratorOptions::default();
    let mut n = 0usize;
    for rec in ArchiveIterator::with_options(reader, options) {
        n += 1;
        let locator = format!("record {n}");
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                sink(Item::Error(InputError::at(
                    name,
                    &locator,
                    format!("malformed WARC record ({e}); the rest of the file is not read"),
                )));
                // The reader cannot resynchronise after a broken header: stop here.
                break;
            }
        };
        let mut r = rec.borrow_mut();
        sink(record_item(name, &locator, &mut r, opts));
    }
    if n == 0 {
        sink(Item::Error(InputError::new(name, "no WARC records found")));
    }
}

fn record_item(name: &str, locator: &str, r: &mut WarcRecord, opts: &IngestOptions) -> Item {
    let kind = r.record_type();
    let header = |k: &str| r.headers().get(k).map(|v| v.trim().to_owned());
    let target = header("WARC-Target-URI").map(|u| u.trim_matches(['<', '>']).to_owned());
    let warc_date = header("WARC-Date");
    let record_id = header("WARC-Record-ID");
    let is_html;
    let mut charset = None;
    match kind {
        WarcRecordType::Response if r.is_http() => {
            let Some(status) = r.http_headers().and_then(|h| h.status_code()) else {
                let msg = "malformed HTTP response in a WARC response record (no status line)";
                return Item::Error(InputError::at(name, locator, msg));
            };
            let ctype = r
                .http_content_type()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !(200..300).contains(&status) {
                return Item::skip(name, locator, format!("HTTP status {status}"));
            }
            if ctype != "text/html" && ctype != "application/xhtml+xml" {
                return Item::skip(name, locator, format!("content type {ctype}"));
            }
            is_html = true;
            charset = r.http_charset().map(|c| c.into_owned());
        }
        WarcRecordType::Conversion => {
            let ctype = header("Content-Type")
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !ctype.starts_with("text/plain") {
                return Item::skip(name, locator, format!("conversion record of type {ctype}"));
            }
            is_html = false;
        }
        other => return Item::skip(name, locator, format!("{} record", other.as_str())),
    }
    let expected = r.content_length();
    if expected > opts.max_bytes {
        return Item::Error(InputError::at(
            name,
            locator,
            format!("payload is {}", over_limit(expected, opts.max_bytes)),
        ));
    }
    let mut payload = Vec::with_capacity(expected.min(1 << 20) as usize);
    let read = match r.reader_mut() {
        Some(reader) => reader.take(expected).read_to_end(&mut payload),
        None => Ok(0),
    };
    if let Err(e) = read {
        return Item::Error(InputError::at(
            name,
            locator,
            format!("cannot read record payload: {e}"),
        ));
    }
    if (payload.len() as u64) < expected {
        return Item::Error(InputError::at(
            name,
            locator,
            format!(
                "truncated record: {} of {expected} payload bytes present",
                payload.len()
            ),
        ));
    }
    let declared = charset.or_else(|| is_html.then(|| html_meta_charset(&payload)).flatten());
    let text = match decode(&payload, declared.as_deref()) {
        Ok(d) => d.text,
        Err(msg) => return Item::Error(InputError::at(name, locator, msg)),
    };
    let (text, mut meta) = if is_html {
        match extract_page(&text, target.as_deref()) {
            Ok(x) => x,
            Err(msg) => return Item::Error(InputError::at(name, locator, msg)),
        }
    } else {
        (text, Metadata::default())
    };
    if let Some(t) = target {
        if let Some(canonical) = meta.url.take().filter(|c| *c != t) {
            meta.extra.insert("canonical_url".into(), canonical);
        }
        meta.url = Some(t);
    }
    if meta.date.is_none() {
        meta.date = warc_date
            .as_deref()
            .and_then(|d| parse_source_date(d, "WARC-Date"));
    }
    if let Some(id) = record_id {
        meta.extra.insert("warc_record_id".into(), id);
    }
    Item::Doc(RawDocument {
        source: SourceRef {
            path: name.to_owned(),
            locator: Some(locator.to_owned()),
            format: Format::Warc,
        },
        text,
        meta,
    })
}
