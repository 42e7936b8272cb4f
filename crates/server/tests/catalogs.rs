//! `narrascope serve --kb PATH`: narratives of a user catalog are named like shipped ones.

mod common;

use axum::http::StatusCode;
use common::{build_corpus, fixture_docs, get};
use narrascope_core::{DocId, NarrativeEvidence, NarrativeMatch};
use narrascope_corpus::Store;
use narrascope_server::Options;

const CATALOG: &str = r#"
[catalog]
id = "local-desk"
title = "Desk catalog"
description = "Narratives tracked by one newsroom desk."

[[narrative]]
id = "sanctions-backfire"
title = "Sanctions only hurt those who impose them"
description = "Claims that new sanctions harm the countries imposing them more than their target."
keywords.en = ["sanctions backfire"]
exemplars.en = ["These sanctions will hurt Europe far more than they hurt the regime."]
"#;

const ID: &str = "local-desk/sanctions-backfire";

#[tokio::test]
async fn a_user_catalog_names_its_narratives() {
    let dir = tempfile::tempdir().unwrap();
    let ids = build_corpus(dir.path(), fixture_docs());
    let mut store = Store::open_existing(dir.path()).unwrap();
    let doc = store.get(&DocId(ids[1].clone())).unwrap().unwrap();
    let m = NarrativeMatch {
        narrative: ID.into(),
        score: 0.7,
        evidence: vec![NarrativeEvidence {
            sentence: 0,
            span: doc.doc.sentences[0].span,
            similarity: Some(0.7),
            exemplar: Some("en:0".into()),
            claim: None,
        }],
    };
    store
        .in_transaction(|t| t.put_narratives(&doc.doc.id, "test", &[m]))
        .unwrap();
    let kb = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(kb.path().join("narratives")).unwrap();
    std::fs::write(kb.path().join("narratives/desk.toml"), CATALOG).unwrap();

    let uri = format!("/api/narratives/{ID}");
    // Without the user catalog the narrative is an id without a title.
    let plain = narrascope_server::app(
        Store::open_existing(dir.path()).unwrap(),
        Options::default(),
    );
    let v = get(&plain, &uri).await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.error());
    assert!(v.json()["definition"]["title"].is_null(), "{}", v.json());
    // With it, the title and catalog come from the user's file.
    let options = Options {
        kb: vec![kb.path().to_path_buf()],
        ..Options::default()
    };
    let app = narrascope_server::app(Store::open_existing(dir.path()).unwrap(), options);
    let v = get(&app, &uri).await.json();
    assert_eq!(
        v["definition"]["title"], "Sanctions only hurt those who impose them",
        "{v}"
    );
    assert_eq!(v["definition"]["catalog_title"], "Desk catalog");
    // Shipped narratives keep their titles beside it.
    let list = get(&app, "/api/narratives").await.json();
    assert!(list.to_string().contains("Sanctions only hurt"), "{list}");
}
