//! Listing stored documents with filters, for browsing a corpus page by page.

use narrascope_core::{DocId, Format};
use rusqlite::types::Value;

use crate::{Result, Store, StoreError};

/// Largest page [`Store::list`] returns.
pub const MAX_LIMIT: usize = 1000;

/// How a listing is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// Newest publication date first; undated documents last.
    #[default]
    Date,
    /// Most recently ingested first.
    Ingested,
    /// By id.
    Id,
}

/// Filters of a document listing. Every field left `None` matches everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Detected language code, e.g. `fr`.
    pub lang: Option<String>,
    /// Exact outlet name.
    pub outlet: Option<String>,
    pub format: Option<Format>,
    /// First month included, `YYYY-MM`.
    pub month_from: Option<String>,
    /// Last month included, `YYYY-MM`.
    pub month_to: Option<String>,
    /// Text the document's text or title contains (ASCII letters match in any case).
    pub contains: Option<String>,
    pub order: ListOrder,
    pub limit: usize,
    pub offset: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            lang: None,
            outlet: None,
            format: None,
            month_from: None,
            month_to: None,
            contains: None,
            order: ListOrder::Date,
            limit: 50,
            offset: 0,
        }
    }
}

/// One row of a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSummary {
    pub id: DocId,
    pub title: Option<String>,
    pub outlet: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub date: Option<String>,
    pub lang: Option<String>,
    pub format: Format,
    pub sentences: u64,
    pub ingested_at: String,
}

/// A page of a listing and how many documents match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocPage {
    pub total: u64,
    pub items: Vec<DocSummary>,
}

/// Whether `s` is a month written `YYYY-MM`.
pub fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(
            &s[5..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        )
}

/// `s` with LIKE wildcards escaped by `\`.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl ListQuery {
    /// The WHERE clause and its parameters, or an error naming the bad filter.
    fn filter(&self) -> Result<(String, Vec<Value>)> {
        let mut clauses: Vec<&str> = Vec::new();
        let mut params: Vec<Value> = Vec::new();
        for (name, m) in [
            ("month_from", &self.month_from),
            ("month_to", &self.month_to),
        ] {
            if let Some(m) = m
                && !is_month(m)
            {
                return Err(StoreError::Data(format!(
                    "{name} '{m}' is not a month (YYYY-MM)"
                )));
            }
        }
        if self.limit > MAX_LIMIT {
            return Err(StoreError::Data(format!(
                "limit {} is above the maximum of {MAX_LIMIT}",
                self.limit
            )));
        }
        let mut add = |clause: &'static str, v: Value| {
            clauses.push(clause);
            params.push(v);
        };
        if let Some(l) = &self.lang {
            add("lang = ?", Value::Text(l.clone()));
        }
        if let Some(o) = &self.outlet {
            add("outlet = ?", Value::Text(o.clone()));
        }
        if let Some(f) = self.format {
            add("format = ?", Value::Text(f.as_str().into()));
        }
        if let Some(m) = &self.month_from {
            add("month >= ?", Value::Text(m.clone()));
        }
        if let Some(m) = &self.month_to {
            add("month <= ?", Value::Text(m.clone()));
        }
        if let Some(c) = self.contains.as_deref().filter(|c| !c.is_empty()) {
            let pattern = format!("%{}%", like_escape(c));
            clauses.push("(text LIKE ? ESCAPE '\\' OR coalesce(title, '') LIKE ? ESCAPE '\\')");
            params.push(Value::Text(pattern.clone()));
            params.push(Value::Text(pattern));
        }
        let sql = if clauses.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", clauses.join(" AND "))
        };
        Ok((sql, params))
    }
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

impl Store {
    /// One page of the documents matching `q`, with the number matching in all.
    pub fn list(&self, q: &ListQuery) -> Result<DocPage> {
        let (filter, mut params) = q.filter()?;
        let total = self.conn.query_row(
            &format!("SELECT count(*) FROM documents {filter}"),
            rusqlite::params_from_iter(params.iter()),
            |r| r.get::<_, i64>(0),
        )?;
        let order = match q.order {
            ListOrder::Date => "date IS NULL, date DESC, id",
            ListOrder::Ingested => "ingested_at DESC, id",
            ListOrder::Id => "id",
        };
        let sql = format!(
            "SELECT id, title, outlet, date, lang, format, ingested_at, sentence_count
             FROM documents {filter} ORDER BY {order} LIMIT ? OFFSET ?"
        );
        params.push(Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX)));
        params.push(Value::Integer(i64::try_from(q.offset).unwrap_or(i64::MAX)));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            let format: String = r.get(5)?;
            Ok(DocSummary {
                id: DocId(r.get(0)?),
                title: r.get(1)?,
                outlet: r.get(2)?,
                date: r.get(3)?,
                lang: r.get(4)?,
                format: Format::parse(&format).unwrap_or(Format::Text),
                ingested_at: r.get(6)?,
                sentences: count(r.get(7)?),
            })
        })?;
        Ok(DocPage {
            total: count(total),
            items: rows.collect::<rusqlite::Result<_>>()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use narrascope_core::{
        Analysis, DateInfo, DateOrigin, LangGuess, Metadata, RawDocument, Sentence, SourceRef, Span,
    };

    #[test]
    fn months_are_checked() {
        assert!(is_month("2024-02"));
        assert!(is_month("1999-12"));
        for bad in [
            "2024-13", "2024-2", "24-02-01", "2024/02", "abcd-01", "2024-00", "",
        ] {
            assert!(!is_month(bad), "{bad}");
        }
    }

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
    }

    #[test]
    fn bad_filters_name_the_field() {
        let q = ListQuery {
            month_to: Some("2024-1".into()),
            ..Default::default()
        };
        let e = q.filter().unwrap_err().to_string();
        assert!(e.contains("month_to") && e.contains("2024-1"), "{e}");
        let q = ListQuery {
            limit: MAX_LIMIT + 1,
            ..Default::default()
        };
        assert!(q.filter().unwrap_err().to_string().contains("limit"));
    }

    fn doc(id: &str, text: &str, lang: &str, outlet: &str, date: Option<(i32, u32)>) -> Analysis {
        let mut a = Analysis::new(RawDocument {
            source: SourceRef {
                path: format!("{id}.txt"),
                locator: None,
                format: Format::Text,
            },
            text: text.into(),
            meta: Metadata {
                title: Some(format!("Title {id}")),
                outlet: Some(outlet.into()),
                date: date.map(|(y, m)| {
                    DateInfo::from_parts(
                        y,
                        Some(m),
                        Some(1),
                        DateOrigin::Source { field: "d".into() },
                    )
                }),
                ..Default::default()
            },
        });
        a.doc.id = DocId(id.into());
        a.doc.lang = Some(LangGuess {
            code: lang.into(),
            confidence: 0.9,
        });
        for (i, _) in text.match_indices('.') {
            let start = a.doc.sentences.last().map_or(0, |s| s.span.end);
            a.doc.sentences.push(Sentence {
                span: Span::new(start, i + 1),
                paragraph: 0,
                lang: None,
            });
        }
        a
    }

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path()).unwrap();
        let docs = [
            doc(
                "00000000000000a1",
                "Un. Deux. Trois.",
                "fr",
                "Le Veilleur",
                Some((2024, 2)),
            ),
            doc(
                "00000000000000a2",
                "Sanctions 50% up.",
                "en",
                "Ledger",
                Some((2024, 5)),
            ),
            doc(
                "00000000000000a3",
                "Sanctions 50 up.",
                "en",
                "Ledger",
                Some((2023, 11)),
            ),
            doc("00000000000000a4", "Undated text.", "en", "Ledger", None),
        ];
        store
            .in_transaction(|t| docs.iter().try_for_each(|d| t.put(d).map(|_| ())))
            .unwrap();
        (dir, store)
    }

    fn ids(p: &DocPage) -> Vec<&str> {
        p.items.iter().map(|d| d.id.0.as_str()).collect()
    }

    #[test]
    fn filters_order_and_pages() {
        let (_dir, store) = store();
        let all = store.list(&ListQuery::default()).unwrap();
        assert_eq!(all.total, 4);
        // Newest date first, undated last.
        assert_eq!(
            ids(&all),
            [
                "00000000000000a2",
                "00000000000000a1",
                "00000000000000a3",
                "00000000000000a4"
            ]
        );
        let first = &all.items[1];
        assert_eq!(first.sentences, 3);
        assert_eq!(first.title.as_deref(), Some("Title 00000000000000a1"));
        assert_eq!(
            (first.lang.as_deref(), first.date.as_deref()),
            (Some("fr"), Some("2024-02-01"))
        );

        let en = ListQuery {
            lang: Some("en".into()),
            outlet: Some("Ledger".into()),
            limit: 1,
            offset: 1,
            ..Default::default()
        };
        let page = store.list(&en).unwrap();
        assert_eq!((page.total, ids(&page)), (3, vec!["00000000000000a3"]));

        let months = ListQuery {
            month_from: Some("2023-12".into()),
            month_to: Some("2024-04".into()),
            ..Default::default()
        };
        assert_eq!(ids(&store.list(&months).unwrap()), ["00000000000000a1"]);

        // '%' is matched literally, ASCII case is ignored.
        let pct = ListQuery {
            contains: Some("SANCTIONS 50%".into()),
            ..Default::default()
        };
        assert_eq!(ids(&store.list(&pct).unwrap()), ["00000000000000a2"]);
        let html = ListQuery {
            format: Some(Format::Html),
            ..Default::default()
        };
        assert_eq!(store.list(&html).unwrap().total, 0);
    }

    #[test]
    fn list_orders_come_from_indexes_not_a_sort() {
        let (_dir, store) = store();
        for order in ["date IS NULL, date DESC, id", "ingested_at DESC, id"] {
            let plan: Vec<String> = store
                .conn
                .prepare(&format!(
                    "EXPLAIN QUERY PLAN SELECT id FROM documents ORDER BY {order} LIMIT 50"
                ))
                .unwrap()
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            let plan = plan.join("; ");
            assert!(!plan.contains("TEMP B-TREE"), "{order}: {plan}");
            assert!(plan.contains("INDEX documents_by_"), "{order}: {plan}");
        }
    }
}
