use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::Span;

/// How precise a publication date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Year,
    Month,
    Day,
}

impl DatePrecision {
    pub fn as_str(&self) -> &'static str {
        match self {
            DatePrecision::Year => "year",
            DatePrecision::Month => "month",
            DatePrecision::Day => "day",
        }
    }
}

/// Where a publication date was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DateOrigin {
    /// A field of the source record or page metadata (meta tag, JSON-LD, feed item, WARC header, CSV column).
    Source { field: String },
    /// A by-line or header in the text itself; the span points into the normalised text.
    Text { rule: String, span: Span },
}

/// A publication date: `value` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` according to `precision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateInfo {
    pub value: String,
    pub precision: DatePrecision,
    pub origin: DateOrigin,
}

impl DateInfo {
    /// Builds a date from its parts; `month`/`day` of `None` lower the precision.
    pub fn from_parts(year: i32, month: Option<u32>, day: Option<u32>, origin: DateOrigin) -> Self {
        let (value, precision) = match (month, day) {
            (Some(m), Some(d)) => (format!("{year:04}-{m:02}-{d:02}"), DatePrecision::Day),
            (Some(m), None) => (format!("{year:04}-{m:02}"), DatePrecision::Month),
            _ => (format!("{year:04}"), DatePrecision::Year),
        };
        DateInfo {
            value,
            precision,
            origin,
        }
    }

    /// `YYYY-MM` of this date, when it is at least month-precise.
    pub fn month(&self) -> Option<&str> {
        (self.precision >= DatePrecision::Month).then(|| &self.value[..7])
    }
}

/// Descriptive metadata of a document, from its source or recovered from its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The outlet (site, channel, publication) that published the document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outlet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<DateInfo>,
    /// The language the source declares (`<html lang>`, a `lang` column), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub declared_lang: Option<String>,
    /// Any further source fields worth keeping (e.g. `warc_record_id`, `feed_title`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

impl Metadata {
    /// Fills every field still empty in `self` from `other`; fields already set win.
    pub fn fill_from(&mut self, other: &Metadata) {
        fn fill<T: Clone>(a: &mut Option<T>, b: &Option<T>) {
            if a.is_none() {
                a.clone_from(b);
            }
        }
        fill(&mut self.title, &other.title);
        fill(&mut self.url, &other.url);
        fill(&mut self.outlet, &other.outlet);
        fill(&mut self.author, &other.author);
        fill(&mut self.date, &other.date);
        fill(&mut self.declared_lang, &other.declared_lang);
        for (k, v) in &other.extra {
            self.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_precision_shapes_value() {
        let o = DateOrigin::Source { field: "t".into() };
        assert_eq!(
            DateInfo::from_parts(2021, Some(9), None, o.clone()).value,
            "2021-09"
        );
        let d = DateInfo::from_parts(2024, Some(2), Some(3), o.clone());
        assert_eq!(
            (d.value.as_str(), d.precision),
            ("2024-02-03", DatePrecision::Day)
        );
        assert_eq!(d.month(), Some("2024-02"));
        assert_eq!(DateInfo::from_parts(2019, None, Some(4), o).month(), None);
    }

    #[test]
    fn fill_from_keeps_existing_fields() {
        let mut a = Metadata {
            title: Some("kept".into()),
            ..Default::default()
        };
        let b = Metadata {
            title: Some("other".into()),
            outlet: Some("alAlam".into()),
            ..Default::default()
        };
        a.fill_from(&b);
        assert_eq!(a.title.as_deref(), Some("kept"));
        assert_eq!(a.outlet.as_deref(), Some("alAlam"));
    }
}
