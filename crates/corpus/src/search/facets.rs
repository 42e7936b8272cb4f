//! Facet counts over a result set: language, outlet, format and year come with the rows;
//! actors, claim keys, narratives and techniques are counted in SQL over a temporary table
//! holding the best documents of the set (see [`super::SearchRequest::facet_depth`]).

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::Result;

/// How many documents of the result set have one facet value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts per facet value over the whole result set, most frequent first (ties by value).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Facets {
    pub lang: Vec<FacetCount>,
    pub outlet: Vec<FacetCount>,
    pub format: Vec<FacetCount>,
    /// Publication year.
    pub year: Vec<FacetCount>,
    /// Linked entity ids of the actors mentioned.
    pub actor: Vec<FacetCount>,
    /// Claim keys.
    pub claim: Vec<FacetCount>,
    pub narrative: Vec<FacetCount>,
    pub technique: Vec<FacetCount>,
}

/// The columns of `search_docs` a facet needs, per document of the set.
#[derive(Debug, Clone, Default)]
pub(crate) struct Attrs {
    pub lang: Option<String>,
    pub outlet: Option<String>,
    pub format: String,
    pub date: Option<String>,
}

fn top(counts: HashMap<String, u64>, n: usize) -> Vec<FacetCount> {
    let mut v: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    v.truncate(n);
    v
}

fn grouped(conn: &Connection, sql: &str, n: usize) -> Result<Vec<FacetCount>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params![n as i64], |r| {
        Ok(FacetCount {
            value: r.get(0)?,
            count: r.get::<_, i64>(1)? as u64,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Facet counts over the documents `set` (numbers of `search_docs`, best first), `n` values
/// each; the facets counted in SQL see the first `depth` documents only.
pub(crate) fn count(
    conn: &Connection,
    set: &[(i64, Attrs)],
    n: usize,
    depth: usize,
) -> Result<Facets> {
    let mut maps: [HashMap<String, u64>; 4] = Default::default();
    for (_, a) in set {
        let year = a
            .date
            .as_ref()
            .map(|d| d.chars().take(4).collect::<String>());
        for (m, v) in maps
            .iter_mut()
            .zip([&a.lang, &a.outlet, &Some(a.format.clone()), &year])
        {
            if let Some(v) = v {
                *m.entry(v.clone()).or_default() += 1;
            }
        }
    }
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS search_set (num INTEGER PRIMARY KEY);
         DELETE FROM temp.search_set;",
    )?;
    {
        let mut ins = conn.prepare_cached("INSERT OR IGNORE INTO temp.search_set VALUES (?1)")?;
        for (num, _) in set.iter().take(depth) {
            ins.execute([num])?;
        }
    }
    let json_facet = |col: &str, not_null: &str| {
        format!(
            "SELECT j.value ->> 0, count(DISTINCT r.num) FROM temp.search_set r
             JOIN search_docs s ON s.num = r.num JOIN doc_counts c ON c.doc_id = s.doc_id,
             json_each(c.{col}) j {not_null}
             GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?1"
        )
    };
    let table_facet = |table: &str, col: &str| {
        format!(
            "SELECT t.{col}, count(DISTINCT r.num) FROM temp.search_set r
             JOIN search_docs s ON s.num = r.num JOIN {table} t ON t.doc_id = s.doc_id
             GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?1"
        )
    };
    let [lang, outlet, format, year] = maps;
    let facets = Facets {
        lang: top(lang, n),
        outlet: top(outlet, n),
        format: top(format, n),
        year: top(year, n),
        actor: grouped(
            conn,
            &json_facet("mentions", "WHERE j.value ->> 0 IS NOT NULL"),
            n,
        )?,
        claim: grouped(conn, &json_facet("claims", ""), n)?,
        narrative: grouped(conn, &table_facet("narrative_matches", "narrative"), n)?,
        technique: grouped(conn, &table_facet("technique_spans", "technique"), n)?,
    };
    conn.execute_batch("DELETE FROM temp.search_set")?;
    Ok(facets)
}
