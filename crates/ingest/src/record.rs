//! A flat record (JSON object, CSV row) to a document, through a [`FieldMap`].

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};

use crate::FieldMap;
use crate::dates::parse_source_date;

/// Extra fields longer than this are not kept in `Metadata::extra`.
const MAX_EXTRA_LEN: usize = 300;

/// A record as (field name, value) pairs, in source order.
pub type Pairs = Vec<(String, String)>;

/// Builds a document from a record. `Ok(None)` means the record's text is empty.
pub fn build(
    pairs: &Pairs,
    fields: &FieldMap,
    path: &str,
    locator: Option<String>,
    format: Format,
) -> Result<Option<RawDocument>, String> {
    let find = |names: &[String]| -> Option<(&str, &str)> {
        names.iter().find_map(|n| {
            pairs
                .iter()
                .find(|(k, v)| k.eq_ignore_ascii_case(n) && !v.trim().is_empty())
                .map(|(k, v)| (k.as_str(), v.as_str()))
        })
    };
    let present = fields
        .text
        .iter()
        .any(|n| pairs.iter().any(|(k, _)| k.eq_ignore_ascii_case(n)));
    let Some((_, text)) = find(&fields.text) else {
        if present {
            return Ok(None);
        }
        return Err(format!(
            "no text field (looked for {}; set one with a field mapping such as text=COLUMN)",
            fields.text.join(", ")
        ));
    };
    let owned = |names: &[String]| find(names).map(|(_, v)| v.trim().to_owned());
    let mut meta = Metadata {
        title: owned(&fields.title),
        url: owned(&fields.url),
        outlet: owned(&fields.source),
        author: owned(&fields.author),
        declared_lang: owned(&fields.lang),
        ..Default::default()
    };
    for name in &fields.date {
        let Some((k, v)) = pairs
            .iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(name) && !v.trim().is_empty())
        else {
            continue;
        };
        match parse_source_date(v, k).or_else(|| unix_date(v, k)) {
            Some(d) => {
                meta.date = Some(d);
                break;
            }
            None => {
                meta.extra
                    .entry("date_raw".into())
                    .or_insert_with(|| v.trim().to_owned());
            }
        }
    }
    if let Some(id) = owned(&fields.id) {
        meta.extra.insert("id".into(), id);
    }
    for (k, v) in pairs {
        let mapped = fields.all().any(|n| n.eq_ignore_ascii_case(k));
        if !mapped && !v.trim().is_empty() && v.len() <= MAX_EXTRA_LEN {
            meta.extra
                .entry(k.clone())
                .or_insert_with(|| v.trim().to_owned());
        }
    }
    Ok(Some(RawDocument {
        source: SourceRef {
            path: path.to_owned(),
            locator,
            format,
        },
        text: text.to_owned(),
        meta,
    }))
}

/// A Unix timestamp in seconds (10 digits) or milliseconds (13 digits).
fn unix_date(v: &str, field: &str) -> Option<narrascope_core::DateInfo> {
    let v = v.trim();
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = v.parse().ok()?;
    let secs = match v.len() {
        9 | 10 => n,
        12 | 13 => n / 1000,
        _ => return None,
    };
    let d = chrono::DateTime::from_timestamp(secs, 0)?.date_naive();
    parse_source_date(&d.to_string(), field)
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::DateOrigin;

    fn pairs(list: &[(&str, &str)]) -> Pairs {
        list.iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect()
    }

    #[test]
    fn maps_fields_and_keeps_extras() {
        let p = pairs(&[
            ("Body", "Texte de l'article."),
            ("headline", "Titre"),
            ("published", "2024-02-03T10:00:00+01:00"),
            ("link", "https://example.org/a"),
            ("language", "fr"),
            ("site", "Le Site"),
            ("category", "politique"),
        ]);
        let d = build(
            &p,
            &FieldMap::default(),
            "a.csv",
            Some("row 2".into()),
            Format::Csv,
        )
        .unwrap()
        .unwrap();
        assert_eq!(d.text, "Texte de l'article.");
        assert_eq!(d.meta.title.as_deref(), Some("Titre"));
        assert_eq!(d.meta.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(d.meta.outlet.as_deref(), Some("Le Site"));
        assert_eq!(d.meta.declared_lang.as_deref(), Some("fr"));
        let date = d.meta.date.unwrap();
        assert_eq!(date.value, "2024-02-03");
        assert_eq!(
            date.origin,
            DateOrigin::Source {
                field: "published".into()
            }
        );
        assert_eq!(
            d.meta.extra.get("category").map(String::as_str),
            Some("politique")
        );
        assert_eq!(d.source.to_string(), "a.csv (row 2)");
    }

    #[test]
    fn missing_or_empty_text_and_odd_dates() {
        let fm = FieldMap::default();
        let err = build(&pairs(&[("foo", "x")]), &fm, "p", None, Format::Jsonl).unwrap_err();
        assert!(err.contains("no text field"), "{err}");
        assert_eq!(
            build(&pairs(&[("text", "  ")]), &fm, "p", None, Format::Jsonl),
            Ok(None)
        );
        let p = pairs(&[
            ("text", "t"),
            ("date", "someday"),
            ("timestamp", "1706954400"),
        ]);
        let d = build(&p, &fm, "p", None, Format::Jsonl).unwrap().unwrap();
        assert_eq!(d.meta.date.unwrap().value, "2024-02-03");
        assert_eq!(
            d.meta.extra.get("date_raw").map(String::as_str),
            Some("someday")
        );
    }
}
