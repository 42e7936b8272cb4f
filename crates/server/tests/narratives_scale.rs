//! How the narrative endpoints cope with a large narrative: a synthetic corpus whose
//! documents all carry one narrative, chained by lineage links. Ignored by default (it
//! stores a few thousand documents); run with
//! `cargo test -p narrascope-server --test narratives_scale -- --ignored --nocapture`.

mod common;

use std::time::Instant;

use axum::http::StatusCode;
use common::{CHILD, get};
use narrascope_core::{DateInfo, DateOrigin, Metadata, NarrativeEvidence, NarrativeMatch};
use narrascope_corpus::{Store, StoredLink};
use narrascope_server::Options;

const DOCS: usize = 3000;

#[tokio::test]
#[ignore = "builds a corpus of a few thousand documents"]
async fn large_narrative_answers_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<_> = (0..DOCS)
        .map(|i| {
            let meta = Metadata {
                title: Some(format!("Report {i}")),
                outlet: Some(format!("Outlet {}", i % 40)),
                date: Some(DateInfo::from_parts(
                    2020 + (i % 5) as i32,
                    Some(1 + (i % 12) as u32),
                    Some(1 + (i % 28) as u32),
                    DateOrigin::Source { field: "date".into() },
                )),
                ..Default::default()
            };
            common::raw(
                &format!("d{i}.txt"),
                &format!("Report number {i} says the officials met again. The talks went on for {i} hours. Nobody commented."),
                meta,
            )
        })
        .collect();
    let ids = common::build_corpus(dir.path(), docs);
    let mut store = Store::open_existing(dir.path()).unwrap();
    let stored: Vec<_> = ids
        .iter()
        .map(|id| {
            store
                .get(&narrascope_core::DocId(id.clone()))
                .unwrap()
                .unwrap()
        })
        .collect();
    let links: Vec<StoredLink> = ids
        .windows(2)
        .map(|w| StoredLink {
            source: w[0].clone(),
            target: w[1].clone(),
            kind: "near_copy".into(),
            jaccard: Some(0.7),
            alignment: Some(0.9),
            lag_seconds: Some(86_400),
        })
        .collect();
    store
        .in_transaction(|t| {
            for s in &stored {
                let ev = NarrativeEvidence {
                    sentence: 0,
                    span: s.doc.sentences[0].span,
                    similarity: Some(0.7),
                    exemplar: None,
                    claim: None,
                };
                let m = NarrativeMatch {
                    narrative: CHILD.into(),
                    score: 0.7,
                    evidence: vec![ev],
                };
                t.put_narratives(&s.doc.id, "scale", &[m])?;
            }
            t.replace_links(&links)
        })
        .unwrap();
    let app = narrascope_server::app(store, Options::default());
    for uri in [
        "/api/narratives".to_string(),
        format!("/api/narratives/{CHILD}"),
        format!("/api/narratives/{CHILD}?limit=1000"),
    ] {
        let start = Instant::now();
        let r = get(&app, &uri).await;
        let took = start.elapsed();
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        eprintln!("{uri}: {took:?} for {} bytes", r.body.len());
        assert!(took.as_secs() < 10, "{uri} took {took:?}");
    }
    let v = get(&app, &format!("/api/narratives/{CHILD}")).await.json();
    assert_eq!(v["documents_total"], DOCS);
    assert_eq!(v["links"].as_array().unwrap().len(), DOCS - 1);
}
