//! JSONL / NDJSON (one document per line) and JSON arrays of records.

use std::io::BufRead;

use narrascope_core::{Format, RawDocument};
use serde_json::Value;

use crate::lines::{Line, read_line_bounded};
use crate::record::{Pairs, build};
use crate::{IngestOptions, InputError, Item};

/// Reads one JSONL line (`lineno` is 1-based) into a document. Used by streaming
/// consumers that split lines themselves; an empty `text` is an error here.
pub fn read_jsonl_line(
    line: &str,
    lineno: usize,
    source: &str,
    opts: &IngestOptions,
) -> Result<RawDocument, InputError> {
    let locator = format!("line {lineno}");
    match line_item(line.as_bytes(), &locator, source, opts) {
        Ok(Some(doc)) => Ok(doc),
        Ok(None) => Err(InputError::at(source, &locator, "empty text")),
        Err(msg) => Err(InputError::at(source, &locator, msg)),
    }
}

fn line_item(
    bytes: &[u8],
    locator: &str,
    source: &str,
    opts: &IngestOptions,
) -> Result<Option<RawDocument>, String> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(over_limit(bytes.len() as u64, opts.max_bytes));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON: {e}"))?;
    record_item(&value, locator, source, opts)
}

fn record_item(
    value: &Value,
    locator: &str,
    source: &str,
    opts: &IngestOptions,
) -> Result<Option<RawDocument>, String> {
    if !value.is_object() {
        return Err(format!("expected a JSON object, found {}", kind(value)));
    }
    let mut pairs = Pairs::new();
    flatten("", value, 0, &mut pairs);
    build(
        &pairs,
        &opts.fields,
        source,
        Some(locator.to_owned()),
        Format::Jsonl,
    )
}

pub(crate) fn over_limit(size: u64, max: u64) -> String {
    format!("{size} bytes, over the limit of {max} bytes (max_bytes)")
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Object fields to (dotted key, string) pairs; arrays of scalars are joined.
fn flatten(prefix: &str, v: &Value, depth: usize, out: &mut Pairs) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match v {
        Value::Object(map) if depth < 4 => {
            for (k, v) in map {
                flatten(&key(k), v, depth + 1, out);
            }
        }
        Value::String(s) => out.push((prefix.to_owned(), s.clone())),
        Value::Number(n) => out.push((prefix.to_owned(), n.to_string())),
        Value::Bool(b) => out.push((prefix.to_owned(), b.to_string())),
        Value::Array(items) => {
            let parts: Vec<String> = items
                .iter()
                .filter_map(|i| match i {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_owned),
                    _ => None,
                })
                .collect();
            if !parts.is_empty() {
                let sep = if parts.iter().any(|p| p.len() > 80) {
                    "\n\n"
                } else {
                    ", "
                };
                out.push((prefix.to_owned(), parts.join(sep)));
            }
        }
        _ => {}
    }
}

/// Streams a JSONL input: one item per non-blank line.
pub(crate) fn read_jsonl(
    name: &str,
    reader: &mut dyn BufRead,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let mut buf = Vec::new();
    let mut lineno = 0usize;
    loop {
        lineno += 1;
        let locator = format!("line {lineno}");
        let res = match read_line_bounded(reader, opts.max_bytes, &mut buf) {
            Ok(None) => return,
            Ok(Some(Line::TooLong(n))) => Err(format!("line is {}", over_limit(n, opts.max_bytes))),
            Ok(Some(Line::Ok)) if buf.iter().all(u8::is_ascii_whitespace) => continue,
            Ok(Some(Line::Ok)) => line_item(strip_bom(&buf, lineno), &locator, name, opts),
            Err(e) => {
                sink(Item::Error(InputError::at(
                    name,
                    &locator,
                    format!("read error: {e}"),
                )));
                return;
            }
        };
        sink(to_item(res, name, &locator));
    }
}

fn strip_bom(b: &[u8], lineno: usize) -> &[u8] {
    if lineno == 1 {
        b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
    } else {
        b
    }
}

fn to_item(res: Result<Option<RawDocument>, String>, name: &str, locator: &str) -> Item {
    match res {
        Ok(Some(doc)) => Item::Doc(doc),
        Ok(None) => Item::skip(name, locator, "empty text"),
        Err(msg) => Item::Error(InputError::at(name, locator, msg)),
    }
}

/// A whole JSON document: an array of records (`item N`) or a single record.
pub(crate) fn read_json_value(
    name: &str,
    value: &Value,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    match value {
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let locator = format!("item {}", i + 1);
                sink(to_item(
                    record_item(v, &locator, name, opts),
                    name,
                    &locator,
                ));
            }
        }
        other => {
            let res = record_item(other, "item 1", name, opts);
            sink(to_item(res, name, "item 1"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(data: &str, opts: &IngestOptions) -> Vec<Item> {
        let mut out = Vec::new();
        read_jsonl("f.jsonl", &mut data.as_bytes(), opts, &mut |i| out.push(i));
        out
    }

    #[test]
    fn broken_line_among_good_ones() {
        let data = "{\"text\":\"one\",\"meta\":{\"date\":\"2024-01-02\"}}\n{broken\n\n{\"body\":\"three\",\"tags\":[\"a\",\"b\"]}\n[1]\n";
        let items = collect(data, &IngestOptions::default());
        assert_eq!(items.len(), 4);
        let Item::Doc(d) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(d.text, "one");
        assert_eq!(
            d.meta.extra.get("meta.date").map(String::as_str),
            Some("2024-01-02")
        );
        let Item::Error(e) = &items[1] else {
            panic!("{:?}", items[1])
        };
        assert_eq!(e.input, "f.jsonl (line 2)");
        assert!(e.message.starts_with("invalid JSON"), "{e}");
        let Item::Doc(d) = &items[2] else {
            panic!("{:?}", items[2])
        };
        assert_eq!(
            (d.text.as_str(), d.source.locator.as_deref()),
            ("three", Some("line 4"))
        );
        assert_eq!(d.meta.extra.get("tags").map(String::as_str), Some("a, b"));
        let Item::Error(e) = &items[3] else { panic!() };
        assert!(
            e.to_string()
                .contains("expected a JSON object, found an array"),
            "{e}"
        );
    }

    #[test]
    fn dotted_mapping_and_line_limit() {
        let opts = IngestOptions {
            fields: crate::FieldMap::parse("text=post.body,date=post.when").unwrap(),
            max_bytes: 80,
            ..Default::default()
        };
        let long = format!("{{\"post\":{{\"body\":\"{}\"}}}}", "y".repeat(200));
        let data = format!("{{\"post\":{{\"body\":\"b\",\"when\":\"2023-05-06\"}}}}\n{long}\n");
        let items = collect(&data, &opts);
        let Item::Doc(d) = &items[0] else { panic!() };
        assert_eq!(d.meta.date.as_ref().unwrap().value, "2023-05-06");
        let Item::Error(e) = &items[1] else { panic!() };
        assert!(e.message.contains("over the limit of 80 bytes"), "{e}");
    }

    #[test]
    fn read_jsonl_line_reports_locator() {
        let opts = IngestOptions::default();
        let d = read_jsonl_line(r#"{"content":"hi","title":"T"}"#, 7, "-", &opts).unwrap();
        assert_eq!(d.source.to_string(), "- (line 7)");
        assert_eq!(d.meta.title.as_deref(), Some("T"));
        let e = read_jsonl_line(r#"{"text":""}"#, 3, "-", &opts).unwrap_err();
        assert_eq!(e.to_string(), "- (line 3): empty text");
    }
}
