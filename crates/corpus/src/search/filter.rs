//! Search filters, as SQL over `search_docs s` (actor, claim, narrative and technique
//! through the facet table).

use narrascope_core::Format;
use rusqlite::types::Value;

use super::facet_table::kind;
use crate::{Result, StoreError};

/// Filters of a search. Every field left `None` matches everything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchFilter {
    /// Detected language code of the document.
    pub lang: Option<String>,
    /// Earliest publication date included: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, compared
    /// with the stored date as text (a document dated only `2024` is not on or after
    /// `2024-01-01`). Undated documents never pass a date filter.
    pub since: Option<String>,
    /// Latest publication date included; `2024` includes everything dated in 2024.
    pub until: Option<String>,
    pub outlet: Option<String>,
    pub format: Option<Format>,
    /// Linked entity id of an actor mentioned in the document (e.g. `Q2429253`).
    pub actor: Option<String>,
    /// Canonical claim key of a claim in the document.
    pub claim: Option<String>,
    /// Narrative id the document carries.
    pub narrative: Option<String>,
    /// Persuasion technique detected in the document.
    pub technique: Option<String>,
}

/// Whether `s` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with digits.
fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    match b.len() {
        4 => digits(0..4),
        7 => digits(0..4) && b[4] == b'-' && digits(5..7),
        10 => digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10),
        _ => false,
    }
}

impl SearchFilter {
    /// SQL conditions (joined by AND, each starting with ` AND `) and their parameters.
    pub(crate) fn sql(&self) -> Result<(String, Vec<Value>)> {
        let mut sql = String::new();
        let mut params = Vec::new();
        for (name, d) in [("since", &self.since), ("until", &self.until)] {
            if let Some(d) = d
                && !is_date(d)
            {
                return Err(StoreError::Data(format!(
                    "{name} '{d}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
                )));
            }
        }
        let mut add = |clause: &str, v: &Option<String>| {
            if let Some(v) = v {
                sql.push_str(" AND ");
                sql.push_str(clause);
                params.push(Value::Text(v.clone()));
            }
        };
        add("s.lang = ?", &self.lang);
        add("s.date >= ?", &self.since);
        add("s.outlet = ?", &self.outlet);
        add(
            "s.format = ?",
            &self.format.map(|f| Format::as_str(&f).to_string()),
        );
        for (name, v) in [
            ("actor", &self.actor),
            ("claim", &self.claim),
            ("narrative", &self.narrative),
            ("technique", &self.technique),
        ] {
            let k = kind(name);
            add(
                &format!(
                    "EXISTS (SELECT 1 FROM search_facets f WHERE f.num = s.num AND f.kind = {k}
                     AND f.value = (SELECT id FROM search_values WHERE kind = {k} AND value = ?))"
                ),
                v,
            );
        }
        // `until 2024-05` includes `2024-05-31`: compare the date's prefix of that length
        if let Some(u) = &self.until {
            sql.push_str(" AND substr(s.date, 1, ?) <= ?");
            params.push(Value::Integer(u.len() as i64));
            params.push(Value::Text(u.clone()));
        }
        Ok((sql, params))
    }

    /// Whether any filter is set.
    pub fn is_empty(&self) -> bool {
        *self == SearchFilter::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        for ok in ["2024", "2024-05", "2024-05-31"] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in ["24", "2024/05", "2024-5-1", "May 2024", ""] {
            let f = SearchFilter {
                since: Some(bad.into()),
                ..Default::default()
            };
            let e = f.sql().unwrap_err().to_string();
            assert!(e.contains("since"), "{e}");
        }
    }
}
