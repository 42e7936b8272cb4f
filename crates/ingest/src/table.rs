//! CSV / TSV: one document per row, columns mapped through the [`crate::FieldMap`].

use std::io::Read;

use encoding_rs::{Encoding, UTF_8};
use narrascope_core::Format;

use crate::json::over_limit;
use crate::record::{Pairs, build};
use crate::{IngestOptions, InputError, Item};

/// The delimiter: tab for `.tsv`, otherwise the most frequent of `,` `;` tab in the first line.
fn delimiter(name: &str, head: &[u8]) -> u8 {
    if name.to_ascii_lowercase().ends_with(".tsv") {
        return b'\t';
    }
    let first = head.split(|b| *b == b'\n').next().unwrap_or(head);
    let count = |d: u8| first.iter().filter(|b| **b == d).count();
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| (count(*d), *d == b','))
        .unwrap_or(b',')
}

/// The encoding of the fields, judged from the first bytes (single-byte legacy
/// encodings decode field by field).
fn field_encoding(head: &[u8]) -> &'static Encoding {
    let valid_up_to = match std::str::from_utf8(head) {
        Ok(_) => return UTF_8,
        Err(e) => e.valid_up_to(),
    };
    // A multi-byte character cut at the end of the head is not an error.
    if head.len() - valid_up_to < 4 && std::str::from_utf8(&head[..valid_up_to]).is_ok() {
        let tail = &head[valid_up_to..];
        if tail.first().is_some_and(|b| *b >= 0xC0) {
            return UTF_8;
        }
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(head, false);
    det.guess(None, chardetng::Utf8Detection::Allow)
}

/// Streams the rows of a CSV input. `head` is the first bytes (for sniffing); `reader`
/// yields the whole input from the start.
pub(crate) fn read_csv(
    name: &str,
    head: &[u8],
    reader: &mut dyn Read,
    opts: &IngestOptions,
    sink: &mut dyn FnMut(Item),
) {
    let enc = field_encoding(head);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter(name, head))
        .flexible(true)
        .from_reader(reader);
    let headers: Vec<String> = match rdr.byte_headers() {
        Ok(h) => h
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let f = if i == 0 {
                    f.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(f)
                } else {
                    f
                };
                enc.decode_without_bom_handling(f).0.trim().to_owned()
            })
            .collect(),
        Err(e) => {
            sink(Item::Error(InputError::new(
                name,
                format!("cannot read the CSV header: {e}"),
            )));
            return;
        }
    };
    let has_text = opts
        .fields
        .text
        .iter()
        .any(|n| headers.iter().any(|h| h.eq_ignore_ascii_case(n)));
    if !has_text {
        let msg = format!(
            "no text column (looked for {}; columns are {}); set one with a field mapping such as text=COLUMN",
            opts.fields.text.join(", "),
            headers.join(", ")
        );
        sink(Item::Error(InputError::new(name, msg)));
        return;
    }
    let mut record = csv::ByteRecord::new();
    let mut row = 0usize;
    loop {
        row += 1;
        let locator = format!("row {row}");
        match rdr.read_byte_record(&mut record) {
            Ok(false) => return,
            Ok(true) => {}
            Err(e) => {
                let line = e
                    .position()
                    .map_or(String::new(), |p| format!(" at line {}", p.line()));
                let fatal = matches!(e.kind(), csv::ErrorKind::Io(_));
                sink(Item::Error(InputError::at(
                    name,
                    &locator,
                    format!("broken CSV row{line}: {e}"),
                )));
                if fatal {
                    return;
                }
                continue;
            }
        }
        let size = record.as_slice().len() as u64;
        if size > opts.max_bytes {
            let msg = format!("row is {}", over_limit(size, opts.max_bytes));
            sink(Item::Error(InputError::at(name, &locator, msg)));
            continue;
        }
        let pairs: Pairs = headers
            .iter()
            .zip(record.iter())
            .map(|(h, f)| (h.clone(), enc.decode_without_bom_handling(f).0.into_owned()))
            .collect();
        let item = match build(
            &pairs,
            &opts.fields,
            name,
            Some(locator.clone()),
            Format::Csv,
        ) {
            Ok(Some(doc)) => Item::Doc(doc),
            Ok(None) => Item::skip(name, &locator, "empty text"),
            Err(msg) => Item::Error(InputError::at(name, &locator, msg)),
        };
        sink(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(name: &str, data: &[u8], opts: &IngestOptions) -> Vec<Item> {
        let mut out = Vec::new();
        read_csv(name, data, &mut &data[..], opts, &mut |i| out.push(i));
        out
    }

    #[test]
    fn quoted_multiline_field_and_semicolons() {
        let data = "headline;body;published\n\"Un titre\";\"Premier paragraphe.\n\nSecond; avec point-virgule.\";2024-02-03\nVide;;2024-01-01\n";
        let items = collect("x.csv", data.as_bytes(), &IngestOptions::default());
        let Item::Doc(d) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(d.text, "Premier paragraphe.\n\nSecond; avec point-virgule.");
        assert_eq!(d.meta.title.as_deref(), Some("Un titre"));
        assert_eq!(d.source.locator.as_deref(), Some("row 1"));
        assert!(matches!(&items[1], Item::Skipped { input, .. } if input == "x.csv (row 2)"));
    }

    #[test]
    fn legacy_encoded_rows_and_missing_column() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252
            .encode("text,title\n\"Le ministère a publié un communiqué très détaillé.\",Été\n");
        let items = collect("w.csv", &bytes, &IngestOptions::default());
        let Item::Doc(d) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(d.meta.title.as_deref(), Some("Été"));
        assert!(d.text.contains("ministère a publié"));
        let items = collect("n.tsv", b"a\tb\n1\t2\n", &IngestOptions::default());
        let Item::Error(e) = &items[0] else { panic!() };
        assert!(e.message.contains("columns are a, b"), "{e}");
    }
}
