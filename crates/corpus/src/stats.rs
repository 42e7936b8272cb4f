use serde_json::{Value, json};

use crate::{Result, Store};

/// One facet value and how many documents have it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub value: String,
    pub count: u64,
}

/// A summary of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusStats {
    pub documents: u64,
    pub sources: u64,
    pub sentences: u64,
    pub removals: u64,
    /// Documents stored by the foundation stages only, awaiting their actor and claim
    /// analysis (`narrascope reanalyze --pending`).
    pub awaiting_analysis: u64,
    pub by_language: Vec<Count>,
    pub by_month: Vec<Count>,
    pub by_outlet: Vec<Count>,
    pub by_format: Vec<Count>,
    pub removals_by_rule: Vec<Count>,
}

impl CorpusStats {
    pub fn to_json(&self) -> Value {
        let counts = |v: &[Count]| -> Value {
            v.iter()
                .map(|c| json!({"value": c.value, "count": c.count}))
                .collect()
        };
        json!({
            "documents": self.documents,
            "sources": self.sources,
            "sentences": self.sentences,
            "removals": self.removals,
            "awaiting_analysis": self.awaiting_analysis,
            "by_language": counts(&self.by_language),
            "by_month": counts(&self.by_month),
            "by_outlet": counts(&self.by_outlet),
            "by_format": counts(&self.by_format),
            "removals_by_rule": counts(&self.removals_by_rule),
        })
    }
}

impl Store {
    fn scalar(&self, sql: &str) -> Result<u64> {
        Ok(self.conn.query_row(sql, [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// Counts grouped by `expr` over `table`; missing values are reported as "unknown".
    /// `order` is either "count" (most frequent first) or "value".
    fn group(&self, table: &str, expr: &str, order: &str) -> Result<Vec<Count>> {
        let order_by = if order == "value" {
            "value"
        } else {
            "n DESC, value"
        };
        let sql = format!(
            "SELECT coalesce({expr}, 'unknown') AS value, count(*) AS n FROM {table} GROUP BY 1 ORDER BY {order_by}"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], |r| {
            Ok(Count {
                value: r.get(0)?,
                count: r.get::<_, i64>(1)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn stats(&self) -> Result<CorpusStats> {
        Ok(CorpusStats {
            documents: self.scalar("SELECT count(*) FROM documents")?,
            sources: self.scalar("SELECT count(*) FROM sources")?,
            sentences: self.scalar("SELECT coalesce(sum(sentence_count), 0) FROM documents")?,
            removals: self.scalar("SELECT count(*) FROM removals")?,
            awaiting_analysis: self.pending_count()?,
            by_language: self.group("documents", "lang", "count")?,
            by_month: self.group("documents", "month", "value")?,
            by_outlet: self.group("documents", "outlet", "count")?,
            by_format: self.group("documents", "format", "count")?,
            removals_by_rule: self.group("removals", "rule", "count")?,
        })
    }
}
