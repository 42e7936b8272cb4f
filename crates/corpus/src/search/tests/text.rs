use super::*;

#[test]
fn stemmed_words_phrases_booleans_and_fields() {
    let (_d, store) = store_with(&corpus());
    let mut got = ids(&text_search(&store, "reform", SearchFilter::default()));
    got.sort();
    assert_eq!(
        got,
        [1, 3],
        "French 'réforme' and English 'reforms' both stem to the query"
    );
    let r = text_search(&store, "\"réforme des retraites\"", SearchFilter::default());
    assert_eq!(ids(&r), [1]);
    let hl = &r.hits[0];
    assert_eq!(
        &hl.snippet[hl.highlights[0].start..hl.highlights[0].end],
        "réforme des retraites"
    );
    assert!(
        text_search(&store, "\"retraites des réforme\"", SearchFilter::default())
            .hits
            .is_empty()
    );
    assert_eq!(
        ids(&text_search(
            &store,
            "sanctions -smuggling",
            SearchFilter::default()
        )),
        Vec::<u32>::new()
    );
    assert_eq!(
        ids(&text_search(
            &store,
            "title:sanctions",
            SearchFilter::default()
        )),
        [2]
    );
    assert_eq!(
        ids(&text_search(
            &store,
            "text:pension",
            SearchFilter::default()
        )),
        [3]
    );
    let mut either = ids(&text_search(
        &store,
        "grève OR strike",
        SearchFilter::default(),
    ));
    either.sort();
    assert_eq!(either, [1, 3]);
    // Arabic without its variant letters, Chinese inside a run, German stemming
    assert_eq!(
        ids(&text_search(&store, "عقوبات", SearchFilter::default())),
        [4]
    );
    assert_eq!(
        ids(&text_search(&store, "石油", SearchFilter::default())),
        [5]
    );
    assert_eq!(
        ids(&text_search(
            &store,
            "gewerkschaft",
            SearchFilter::default()
        )),
        [6]
    );
}

#[test]
fn filters_narrow_and_facets_equal_sql_counts() {
    let (_d, store) = store_with(&corpus());
    for (n, narrative) in [(1, "pensions"), (3, "pensions"), (2, "energy")] {
        store
            .conn
            .execute(
                "INSERT INTO narrative_matches VALUES (?1, ?2, 1.0, '[]')",
                rusqlite::params![format!("{n:016x}"), narrative],
            )
            .unwrap();
    }
    let en = SearchFilter {
        lang: Some("en".into()),
        ..Default::default()
    };
    assert_eq!(ids(&text_search(&store, "reform", en)), [3]);
    let dated = SearchFilter {
        since: Some("2024-01-01".into()),
        until: Some("2024-05".into()),
        ..Default::default()
    };
    let mut got = ids(&text_search(&store, "the OR la OR die", dated));
    got.sort();
    assert_eq!(got, [1, 2, 6]);
    let actor = SearchFilter {
        actor: Some("Q142".into()),
        ..Default::default()
    };
    let mut got = ids(&text_search(&store, "reform OR strike OR sanctions", actor));
    got.sort();
    assert_eq!(got, [1, 3]);
    let narr = SearchFilter {
        narrative: Some("pensions".into()),
        ..Default::default()
    };
    assert_eq!(text_search(&store, "reform OR sanctions", narr).total, 2);

    // Facets over "reform OR sanctions OR strike" against counts computed in SQL from the
    // documents holding those words.
    let r = text_search(
        &store,
        "reform OR sanctions OR strike",
        SearchFilter::default(),
    );
    let set = "('0000000000000001','0000000000000002','0000000000000003')";
    let mut want: Vec<(String, u64)> = Vec::new();
    let sql = |q: &str| -> Vec<(String, u64)> {
        let mut s = store.conn.prepare(q).unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    let got = |f: &[FacetCount]| -> Vec<(String, u64)> {
        f.iter().map(|c| (c.value.clone(), c.count)).collect()
    };
    want.extend(sql(&format!(
        "SELECT lang, count(*) FROM documents WHERE id IN {set} GROUP BY 1 ORDER BY 2 DESC, 1"
    )));
    assert_eq!(got(&r.facets.lang), want);
    assert_eq!(
        got(&r.facets.outlet),
        sql(&format!(
            "SELECT outlet, count(*) FROM documents WHERE id IN {set} GROUP BY 1 ORDER BY 2 DESC, 1"
        ))
    );
    assert_eq!(
        got(&r.facets.year),
        sql(&format!(
            "SELECT substr(date,1,4), count(*) FROM documents WHERE id IN {set} GROUP BY 1 ORDER BY 2 DESC, 1"
        ))
    );
    assert_eq!(
        got(&r.facets.actor),
        sql(&format!(
            "SELECT j.value->>0, count(DISTINCT c.doc_id) FROM doc_counts c, json_each(c.mentions) j WHERE c.doc_id IN {set} GROUP BY 1 ORDER BY 2 DESC, 1"
        ))
    );
    assert_eq!(
        got(&r.facets.narrative),
        sql(&format!(
            "SELECT narrative, count(*) FROM narrative_matches WHERE doc_id IN {set} GROUP BY 1 ORDER BY 2 DESC, 1"
        ))
    );
    assert_eq!(r.total, 3);
}

#[test]
fn interrupted_writes_never_leave_the_index_out_of_step() {
    let docs = corpus();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    // a batch that fails midway leaves nothing behind, in the store or the index
    let failed = store.in_transaction(|t| {
        t.put(&docs[0])?;
        Err::<(), _>(crate::StoreError::Data("killed".into()))
    });
    assert!(failed.is_err());
    assert_eq!(store.search_fts_pending().unwrap(), 0);
    store
        .in_transaction(|t| docs.iter().try_for_each(|a| t.put(a).map(|_| ())))
        .unwrap();
    // stored, not yet indexed: the next sync indexes every one of them
    assert_eq!(store.search_fts_pending().unwrap(), docs.len() as u64);
    let mut seen = Vec::new();
    let report = store
        .sync_search(&mut |done, total| seen.push((done, total)))
        .unwrap();
    assert_eq!(report.full_text, docs.len() as u64);
    assert_eq!(seen.last(), Some(&(6, 6)));
    assert_eq!(
        text_search(
            &store,
            "reform OR sanctions OR عقوبات OR 政府 OR streik",
            SearchFilter::default()
        )
        .total,
        6
    );
    // a re-analysed document is indexed again with its new text
    let mut changed = docs[1].clone();
    changed.doc.text = "Entirely different words about fisheries.".into();
    changed.doc.sentences.clear();
    store
        .in_transaction(|t| t.replace_analysis(&changed.doc.id, &changed).map(|_| ()))
        .unwrap();
    assert_eq!(store.search_fts_pending().unwrap(), 1);
    store.sync_search(&mut |_, _| {}).unwrap();
    assert_eq!(
        ids(&text_search(&store, "fisheries", SearchFilter::default())),
        [2]
    );
    assert!(
        text_search(&store, "smuggling", SearchFilter::default())
            .hits
            .is_empty()
    );
}

#[test]
fn corpora_from_before_the_search_step_are_indexed_on_first_use() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut store = Store::open(dir.path()).unwrap();
        store
            .in_transaction(|t| corpus().iter().try_for_each(|a| t.put(a).map(|_| ())))
            .unwrap();
        // make it look like a corpus written before step 7 (and the later steps)
        store.conn.execute_batch(
            "DROP INDEX documents_by_date; DROP INDEX documents_by_ingested;
             DROP TRIGGER search_docs_insert; DROP TRIGGER search_docs_update; DROP TRIGGER search_docs_delete;
             DROP TRIGGER search_vectors_insert; DROP TABLE search_fts;
             DROP TRIGGER IF EXISTS search_facets_counts_insert; DROP TRIGGER search_facets_counts_delete;
             DROP TRIGGER IF EXISTS search_facets_counts_update; DROP TRIGGER search_facets_narrative_insert;
             DROP TRIGGER search_facets_narrative_delete; DROP TRIGGER search_facets_technique_insert;
             DROP TRIGGER search_facets_technique_delete; DROP TABLE search_facets;
             DROP TABLE search_values; DROP TABLE search_docs; PRAGMA user_version = 6;",
        ).unwrap();
    }
    let mut store = Store::open(dir.path()).unwrap();
    assert_eq!(store.schema_version().unwrap(), crate::schema::VERSION);
    assert_eq!(store.search_fts_pending().unwrap(), 6);
    store.sync_search(&mut |_, _| {}).unwrap();
    assert_eq!(
        ids(&text_search(&store, "石油", SearchFilter::default())),
        [5]
    );
}
