//! The full-text ranking function and the in-memory document table against SQLite.

use super::*;

/// (number, ns_bm25, FTS5's own bm25 negated) of every match of `q`.
fn scores(store: &Store, q: &str) -> Vec<(i64, f64, f64)> {
    let c = store.compile_query(q, &SearchFilter::default()).unwrap();
    store
        .conn
        .prepare(
            "SELECT rowid, ns_bm25(search_fts, 3.0, 1.0), -bm25(search_fts, 3.0, 1.0)
             FROM search_fts WHERE search_fts MATCH ?1",
        )
        .unwrap()
        .query_map([&c.fts], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Stores French document 7 about sanctions through another connection to the corpus.
fn write_elsewhere(dir: &std::path::Path) {
    let mut other = Store::open(dir).unwrap();
    let new = doc(
        7,
        "fr",
        "Le Veilleur",
        "2025-01-01",
        "Sanctions",
        "Des sanctions.",
        &[],
    );
    other.in_transaction(|t| t.put(&new).map(|_| ())).unwrap();
    other.sync_search(&mut |_, _| {}).unwrap();
}

fn longer_corpus() -> Vec<Analysis> {
    let mut docs = corpus();
    for n in 0..12u32 {
        let filler = "The report covers exports and the ministry. ".repeat(n as usize + 1);
        docs.push(doc(
            100 + n,
            "en",
            "Northern Ledger",
            "2022-01-05",
            if n % 3 == 0 {
                "Oil sanctions"
            } else {
                "Weekly report"
            },
            &format!("{filler}Oil sanctions were discussed {n} times."),
            &[],
        ));
    }
    docs
}

#[test]
fn ranking_scores_as_fts5_bm25_with_and_without_the_table() {
    let (_d, store) = store_with(&longer_corpus());
    for with_table in [true, false] {
        store.refresh_docs().unwrap();
        if !with_table {
            *store.lengths.lock().unwrap() = None;
        }
        for q in [
            "sanctions",
            "oil sanctions",
            "\"oil sanctions\" OR ministry",
            "report",
        ] {
            let got = scores(&store, q);
            assert!(got.len() >= 2, "{q}: {got:?}");
            for (n, ours, theirs) in got {
                assert!(ours > 0.0, "{q} {n}");
                assert!(
                    (ours - theirs).abs() <= 1e-12 * theirs.abs(),
                    "{q} doc {n}: {ours} vs {theirs} (table {with_table})"
                );
            }
        }
    }
}

#[test]
fn the_table_follows_writes_of_this_and_other_connections() {
    let (dir, mut store) = store_with(&corpus());
    let first = text_search(&store, "sanctions", SearchFilter::default());
    assert_eq!(ids(&first), [2]);
    // the same document rewritten with a longer text: its length changes
    let longer = format!(
        "{} {}",
        corpus()[1].doc.text,
        "More words here. ".repeat(30)
    );
    let changed = store
        .conn
        .execute(
            "UPDATE documents SET text = ?1 WHERE id = ?2",
            rusqlite::params![longer, corpus()[1].doc.id.0],
        )
        .unwrap();
    assert_eq!(changed, 1);
    store.sync_search(&mut |_, _| {}).unwrap();
    let r = text_search(&store, "sanctions", SearchFilter::default());
    let (_, ours, theirs) = scores(&store, "sanctions")[0];
    assert_eq!(r.hits[0].score, ours);
    assert!(
        (ours - theirs).abs() <= 1e-12 * theirs,
        "{ours} vs {theirs}"
    );
    assert!(ours < first.hits[0].score, "a longer document scores lower");
    // a document written through another connection is found with its facets
    write_elsewhere(dir.path());
    let lang = SearchFilter {
        lang: Some("fr".into()),
        ..Default::default()
    };
    let r = text_search(&store, "sanctions", lang);
    assert_eq!(ids(&r), [7]);
    assert_eq!(r.facets.outlet[0].value, "Le Veilleur");
}

#[test]
fn results_are_the_same_with_and_without_the_table() {
    let (_d, store) = store_with(&longer_corpus());
    let filters = [
        SearchFilter::default(),
        SearchFilter {
            lang: Some("en".into()),
            ..Default::default()
        },
        SearchFilter {
            outlet: Some("Northern Ledger".into()),
            format: Some(narrascope_core::Format::Text),
            ..Default::default()
        },
        SearchFilter {
            lang: Some("xx".into()),
            ..Default::default()
        },
        SearchFilter {
            since: Some("2024".into()),
            ..Default::default()
        },
    ];
    for q in ["sanctions", "report OR reform", "\"oil sanctions\""] {
        for f in &filters {
            let run = |keep: bool| {
                store.keep_search_table(keep);
                let r = text_search(&store, q, f.clone());
                assert_eq!(store.docs.borrow().is_some(), keep);
                r
            };
            let (with, without) = (run(true), run(false));
            assert_eq!(with, without, "{q} {f:?}");
        }
    }
    store.keep_search_table(true);
    assert!(text_search(&store, "sanctions", filters[1].clone()).total >= 5);
}

#[test]
fn a_stale_table_is_not_read_and_is_reloaded_once_its_spacing_passed() {
    let (dir, store) = store_with(&corpus());
    assert_eq!(
        ids(&text_search(&store, "sanctions", SearchFilter::default())),
        [2]
    );
    let slow = std::time::Duration::from_secs(3600);
    store.docs.borrow_mut().as_mut().unwrap().pretend_cost(slow);
    write_elsewhere(dir.path());
    let fr = SearchFilter {
        lang: Some("fr".into()),
        ..Default::default()
    };
    // read from SQLite meanwhile: the new document is found all the same
    assert_eq!(ids(&text_search(&store, "sanctions", fr.clone())), [7]);
    assert!(store.docs.borrow().is_some() && store.current_docs().is_none());
    store
        .docs
        .borrow_mut()
        .as_mut()
        .unwrap()
        .pretend_cost(std::time::Duration::ZERO);
    assert_eq!(ids(&text_search(&store, "sanctions", fr)), [7]);
    assert!(store.current_docs().is_some());
}
