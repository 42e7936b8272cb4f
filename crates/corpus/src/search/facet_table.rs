//! Schema step 9: derived facet values as integers. Every facet text is numbered once in
//! `search_values` (kind, text). The single-valued facets (language, outlet, format, year)
//! become number columns of `search_docs` (`f_lang`, `f_outlet`, `f_format`, `f_year`),
//! read with each match; the many-valued ones (linked actors, claim keys, narratives,
//! techniques) are rows of `search_facets` (document number, kind, value number). Facet
//! counts and facet filters are thus SQL over indexed integer columns. Triggers keep both
//! in step with their sources in the same transaction as the write: `search_docs` (itself
//! kept by the documents' triggers), `doc_counts`, `narrative_matches` and
//! `technique_spans`. Deleting a document removes its rows through the foreign key on
//! `search_docs`. The step fills everything for corpora written before it.

/// Facet kinds, in the order of their numbers in `search_facets.kind`.
pub(crate) const KINDS: [&str; 8] = [
    "lang",
    "outlet",
    "format",
    "year",
    "actor",
    "claim",
    "narrative",
    "technique",
];

/// The kind number of a facet name in [`KINDS`].
pub(crate) fn kind(name: &str) -> i64 {
    KINDS.iter().position(|k| *k == name).unwrap_or(0) as i64
}

/// Registers the texts and inserts the facet rows of `kind` taken from `expr` over the rows
/// of `from` meeting `cond` (`s` names the `search_docs` row).
fn fill(kind: usize, from: &str, cond: &str, expr: &str) -> String {
    format!(
        "INSERT OR IGNORE INTO search_values (kind, value)
            SELECT DISTINCT {kind}, {expr} FROM {from} WHERE {cond} AND {expr} IS NOT NULL;
         INSERT OR IGNORE INTO search_facets (num, kind, value)
            SELECT s.num, {kind}, v.id FROM {from}, search_values v
            WHERE {cond} AND v.kind = {kind} AND v.value = {expr};"
    )
}

/// Numbers the language, outlet, format and year of the `search_docs` rows meeting
/// `cond` (the row is `search_docs` itself, unaliased, in the UPDATE).
fn basic(cond: &str) -> String {
    let mut sql = String::new();
    for (k, e) in BASIC {
        let e = e.replace("$", "s");
        sql.push_str(&format!(
            "INSERT OR IGNORE INTO search_values (kind, value)
                SELECT DISTINCT {k}, {e} FROM search_docs s WHERE {cond} AND {e} IS NOT NULL;"
        ));
    }
    let sets: Vec<String> = BASIC
        .iter()
        .zip(BASIC_COLUMNS)
        .map(|((k, e), c)| {
            let e = e.replace("$", "search_docs");
            format!("{c} = (SELECT id FROM search_values WHERE kind = {k} AND value = {e})")
        })
        .collect();
    let cond = cond.replace("s.", "search_docs.");
    sql.push_str(&format!(
        "UPDATE search_docs SET {} WHERE {cond};",
        sets.join(", ")
    ));
    sql
}

/// The single-valued facets: kind and expression over the `search_docs` row `$`.
const BASIC: [(usize, &str); 4] = [
    (0, "$.lang"),
    (1, "$.outlet"),
    (2, "$.format"),
    (3, "substr($.date, 1, 4)"),
];

/// The `search_docs` columns holding their value numbers.
pub(crate) const BASIC_COLUMNS: [&str; 4] = ["f_lang", "f_outlet", "f_format", "f_year"];

/// Fills the actor and claim facets from the `doc_counts` row `c` (its mentions and
/// claims as JSON), over `from` and `cond` joining it to its `search_docs` row `s`.
fn counted(from: &str, cond: &str, c: &str) -> String {
    fill(
        4,
        &format!("{from}, json_each({c}.mentions) j"),
        cond,
        "j.value ->> 0",
    ) + &fill(
        5,
        &format!("{from}, json_each({c}.claims) j"),
        cond,
        "j.value ->> 0",
    )
}

/// Schema step 9 (appended to the migrations by `schema.rs`).
pub(crate) fn migration() -> String {
    let of_new = "s.doc_id = new.doc_id";
    let of_old = "SELECT num FROM search_docs WHERE doc_id = old.doc_id";
    let basic_new = basic("s.num = new.num");
    let counted_new = counted("search_docs s", of_new, "new");
    let narrative_new = fill(6, "search_docs s", of_new, "new.narrative");
    let technique_new = fill(7, "search_docs s", of_new, "new.technique");
    let basic_all = basic("s.num > 0");
    let counted_all = counted("doc_counts c, search_docs s", "s.doc_id = c.doc_id", "c");
    let narrative_all = fill(
        6,
        "narrative_matches m, search_docs s",
        "s.doc_id = m.doc_id",
        "m.narrative",
    );
    let technique_all = fill(
        7,
        "technique_spans t, search_docs s",
        "s.doc_id = t.doc_id",
        "t.technique",
    );
    format!(
        "
    CREATE TABLE search_values (
        id INTEGER PRIMARY KEY,
        kind INTEGER NOT NULL,
        value TEXT NOT NULL,
        UNIQUE (kind, value)
    );
    ALTER TABLE search_docs ADD COLUMN f_lang INTEGER;
    ALTER TABLE search_docs ADD COLUMN f_outlet INTEGER;
    ALTER TABLE search_docs ADD COLUMN f_format INTEGER;
    ALTER TABLE search_docs ADD COLUMN f_year INTEGER;
    CREATE TABLE search_facets (
        num INTEGER NOT NULL REFERENCES search_docs(num) ON DELETE CASCADE,
        kind INTEGER NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (num, kind, value)
    ) WITHOUT ROWID;
    CREATE INDEX search_facets_value ON search_facets(value, num);
    CREATE TRIGGER search_facets_docs_insert AFTER INSERT ON search_docs BEGIN
        {basic_new}
    END;
    CREATE TRIGGER search_facets_docs_update AFTER UPDATE OF lang, date, outlet, format
    ON search_docs BEGIN
        {basic_new}
    END;
    CREATE TRIGGER search_facets_counts_insert AFTER INSERT ON doc_counts BEGIN
        {counted_new}
    END;
    CREATE TRIGGER search_facets_counts_delete AFTER DELETE ON doc_counts BEGIN
        DELETE FROM search_facets WHERE num = ({of_old}) AND kind IN (4, 5);
    END;
    CREATE TRIGGER search_facets_counts_update AFTER UPDATE ON doc_counts BEGIN
        DELETE FROM search_facets WHERE num = ({of_old}) AND kind IN (4, 5);
        {counted_new}
    END;
    CREATE TRIGGER search_facets_narrative_insert AFTER INSERT ON narrative_matches BEGIN
        {narrative_new}
    END;
    CREATE TRIGGER search_facets_narrative_delete AFTER DELETE ON narrative_matches BEGIN
        DELETE FROM search_facets WHERE num = ({of_old}) AND kind = 6
            AND value = (SELECT id FROM search_values WHERE kind = 6 AND value = old.narrative);
    END;
    CREATE TRIGGER search_facets_technique_insert AFTER INSERT ON technique_spans BEGIN
        {technique_new}
    END;
    CREATE TRIGGER search_facets_technique_delete AFTER DELETE ON technique_spans
    WHEN NOT EXISTS (SELECT 1 FROM technique_spans t
                     WHERE t.doc_id = old.doc_id AND t.technique = old.technique) BEGIN
        DELETE FROM search_facets WHERE num = ({of_old}) AND kind = 7
            AND value = (SELECT id FROM search_values WHERE kind = 7 AND value = old.technique);
    END;
    {basic_all}
    {counted_all}
    {narrative_all}
    {technique_all}
    "
    )
}

/// Writes the actor and claim-key facet rows of document `id` (schema step 10 moved them
/// out of a trigger): each value numbered once in `search_values`, one `search_facets` row
/// per distinct value. Called by the writes of the current schema right after the
/// document's `doc_counts` row (upgrades from before step 9 leave them to that step);
/// deleting that row removes them again (trigger `search_facets_counts_delete`).
pub(crate) fn put_counted_facets<'a>(
    tx: &rusqlite::Connection,
    id: &str,
    entities: impl Iterator<Item = &'a str>,
    keys: impl Iterator<Item = &'a str>,
) -> crate::Result<()> {
    use rusqlite::{OptionalExtension, params};
    let num: Option<i64> = tx
        .prepare_cached("SELECT num FROM search_docs WHERE doc_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let Some(num) = num else { return Ok(()) };
    let mut add =
        tx.prepare_cached("INSERT OR IGNORE INTO search_values (kind, value) VALUES (?1, ?2)")?;
    let mut get =
        tx.prepare_cached("SELECT id FROM search_values WHERE kind = ?1 AND value = ?2")?;
    let mut put = tx.prepare_cached(
        "INSERT OR IGNORE INTO search_facets (num, kind, value) VALUES (?1, ?2, ?3)",
    )?;
    let (actor, claim) = (kind("actor"), kind("claim"));
    let mut seen = std::collections::HashSet::new();
    for (k, value) in entities.map(|e| (actor, e)).chain(keys.map(|c| (claim, c))) {
        if !seen.insert((k, value)) {
            continue;
        }
        add.execute(params![k, value])?;
        let v: i64 = get.query_row(params![k, value], |r| r.get(0))?;
        put.execute(params![num, k, v])?;
    }
    Ok(())
}
