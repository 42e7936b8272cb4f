//! The narrative endpoints over a corpus whose matches, links and discovered narratives are
//! written directly (no model needed).

mod common;

use axum::http::StatusCode;
use common::{CHILD, DISCOVERED, HOSTILE_NARRATIVE, PARENT, app, get};
use narrascope_core::{Analysis, Metadata, NarrativeEvidence, NarrativeMatch};
use narrascope_corpus::Store;
use narrascope_kb::narratives::Catalogs;
use narrascope_server::Options;
use serde_json::Value;

/// Every byte but ASCII letters and digits as `%XX`.
fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b.is_ascii_alphanumeric() {
            true => (b as char).to_string(),
            false => format!("%{b:02X}"),
        })
        .collect()
}

fn ids_of(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn overview_lists_catalog_and_discovered_narratives() {
    let (_dir, app, _) = app(Options::default());
    let r = get(&app, "/api/narratives").await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    let catalogs = Catalogs::shipped();
    assert_eq!(v["documents"], 4);
    assert_eq!(v["catalog_narratives"], catalogs.len());
    let find = |id: &str| {
        v["narratives"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["id"] == id)
            .unwrap_or_else(|| panic!("{id} missing: {v}"))
            .clone()
    };
    let child = find(CHILD);
    assert_eq!(child["title"], catalogs.get(CHILD).unwrap().title.as_str());
    assert_eq!(child["parent"], PARENT);
    assert_eq!(child["catalog"], "iraq-syria");
    assert_eq!(child["documents"], 3);
    assert_eq!(child["languages"], serde_json::json!(["de", "en", "fr"]));
    assert_eq!(child["outlets"].as_array().unwrap().len(), 3);
    assert_eq!(
        (child["first_date"].as_str(), child["last_date"].as_str()),
        (Some("2023-11-12"), Some("2024-05-12"))
    );
    // The parent has no document of its own but heads its child.
    let parent = find(PARENT);
    assert_eq!(parent["documents"], 0);
    assert_eq!(
        parent["title"],
        catalogs.get(PARENT).unwrap().title.as_str()
    );
    assert!(parent["parent"].is_null());
    let unknown = find(HOSTILE_NARRATIVE);
    assert!(unknown["title"].is_null() && unknown["catalog"].is_null());
    assert_eq!(unknown["documents"], 1);
    let d = &v["discovered"][0];
    assert_eq!(
        (d["id"].as_str(), d["key"].as_str()),
        (Some(DISCOVERED), Some("Q1 fund Q2"))
    );
    assert_eq!(d["members"].as_array().unwrap().len(), 2);
    assert_eq!(v["links"]["total"], 2);
    assert_eq!(
        v["links"]["by_kind"],
        serde_json::json!({"rewrite": 1, "translation": 1})
    );
}

#[tokio::test]
async fn narrative_id_with_slashes_raw_or_escaped() {
    let (_dir, app, ids) = app(Options::default());
    let raw = get(&app, &format!("/api/narratives/{CHILD}")).await;
    assert_eq!(
        raw.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&raw.body)
    );
    let v = raw.json();
    let escaped = get(&app, &format!("/api/narratives/{}", escape(CHILD))).await;
    assert_eq!(escaped.json(), v, "escaped slashes give the same narrative");
    let def = Catalogs::shipped().get(CHILD).cloned().unwrap();
    assert_eq!(v["id"], CHILD);
    assert_eq!(v["kind"], "catalog");
    assert_eq!(v["definition"]["description"], def.description.as_str());
    assert_eq!(v["definition"]["parent"], PARENT);
    assert!(v["discovered"].is_null());
    // Earliest first: de (2023-11), fr (2024-02), en (2024-05).
    assert_eq!(ids_of(&v["documents"]), [&ids[2], &ids[0], &ids[1]]);
    assert_eq!(v["documents_total"], 3);
    assert_eq!(v["first_seen"]["id"], ids[2].as_str());
    assert_eq!(v["first_seen"]["outlet"], "Nachrichtenblick");
    let months: Vec<(&str, u64)> = v["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["month"].as_str().unwrap(), m["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(months, [("2023-11", 1), ("2024-02", 1), ("2024-05", 1)]);
    // Evidence sentences are cut from the stored text.
    for d in v["documents"].as_array().unwrap() {
        let doc = get(
            &app,
            &format!("/api/documents/{}", d["id"].as_str().unwrap()),
        )
        .await
        .json();
        let text = doc["text"].as_str().unwrap();
        for e in d["evidence"].as_array().unwrap() {
            let n = e["sentence"].as_u64().unwrap() as usize;
            let span = &doc["sentences"][n]["span"];
            let (s, t) = (
                span["start"].as_u64().unwrap() as usize,
                span["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(e["text"].as_str(), Some(&text[s..t]));
            assert!(e["similarity"].as_f64().unwrap() > 0.6);
            assert!(e["claim_key"].is_null());
        }
    }
    assert_eq!(v["documents"][2]["evidence"].as_array().unwrap().len(), 2);
    // Links among its documents, with both ends described.
    let links = v["links"].as_array().unwrap();
    assert_eq!(links.len(), 2);
    let tr = links.iter().find(|l| l["kind"] == "translation").unwrap();
    assert_eq!(tr["source"]["id"], ids[2].as_str());
    assert_eq!(
        (tr["source"]["lang"].as_str(), tr["target"]["lang"].as_str()),
        (Some("de"), Some("fr"))
    );
    assert_eq!(tr["target"]["outlet"], "Le Veilleur");
    assert_eq!(tr["lag_days"], 92);
    assert!((tr["alignment"].as_f64().unwrap() - 0.8).abs() < 1e-6);
    // A page of documents; counts, timeline and links still cover all.
    let p = get(&app, &format!("/api/narratives/{CHILD}?limit=1&offset=1"))
        .await
        .json();
    assert_eq!(ids_of(&p["documents"]), [&ids[0]]);
    assert_eq!(
        (
            p["documents_total"].as_u64(),
            p["links"].as_array().map(Vec::len)
        ),
        (Some(3), Some(2))
    );
}

#[tokio::test]
async fn parent_lists_children_and_unknown_ids_are_404() {
    let (_dir, app, _) = app(Options::default());
    let v = get(&app, &format!("/api/narratives/{PARENT}")).await.json();
    assert_eq!(v["documents_total"], 0);
    assert!(v["first_seen"].is_null() && v["links"].as_array().unwrap().is_empty());
    let child = v["definition"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == CHILD)
        .expect("child listed");
    assert_eq!(child["documents"], 3);

    for (uri, status, words) in [
        (
            "/api/narratives/iraq-syria/no-such-thing",
            StatusCode::NOT_FOUND,
            "iraq-syria/no-such-thing",
        ),
        (
            "/api/narratives/d-ffffffffffff",
            StatusCode::NOT_FOUND,
            "d-ffffffffffff",
        ),
        (
            "/api/narratives/iraq-syria%2Fnope",
            StatusCode::NOT_FOUND,
            "iraq-syria/nope",
        ),
        ("/api/narratives/", StatusCode::NOT_FOUND, ""),
        (
            "/api/narratives/x?limit=0",
            StatusCode::BAD_REQUEST,
            "limit 0",
        ),
        (
            "/api/narratives/x?colour=red",
            StatusCode::BAD_REQUEST,
            "unknown query parameter 'colour'",
        ),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, status, "{uri}");
        assert!(
            r.header("content-type").starts_with("application/json"),
            "{uri}"
        );
        assert!(r.error().contains(words), "{uri}: {}", r.error());
    }
}

#[tokio::test]
async fn discovered_and_hostile_narratives_are_data() {
    let (_dir, app, ids) = app(Options::default());
    let v = get(&app, &format!("/api/narratives/{DISCOVERED}"))
        .await
        .json();
    assert_eq!(v["kind"], "discovered");
    assert!(v["definition"].is_null());
    assert_eq!(v["discovered"]["key"], "Q1 fund Q2");
    assert!(
        v["discovered"]["label"]
            .as_str()
            .unwrap()
            .starts_with("<script>")
    );
    // Members earliest first, the undated hostile document last.
    assert_eq!(ids_of(&v["documents"]), [&ids[1], &ids[3]]);

    let r = get(
        &app,
        &format!("/api/narratives/{}", escape(HOSTILE_NARRATIVE)),
    )
    .await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    assert_eq!(r.header("x-content-type-options"), "nosniff");
    let v = r.json();
    assert_eq!(v["id"], HOSTILE_NARRATIVE);
    assert!(v["definition"].is_null());
    assert_eq!(ids_of(&v["documents"]), [&ids[3]]);
    assert!(
        v["first_seen"]["title"]
            .as_str()
            .unwrap()
            .contains("onerror")
    );
}

#[tokio::test]
async fn documents_carry_their_narratives_and_a_layer() {
    let (_dir, app, ids) = app(Options::default());
    let d = get(&app, &format!("/api/documents/{}", ids[1]))
        .await
        .json();
    let n = &d["narratives"][0];
    assert_eq!(n["narrative"], CHILD);
    assert_eq!(
        n["title"],
        Catalogs::shipped().get(CHILD).unwrap().title.as_str()
    );
    let spans: Vec<(u64, u64)> = d["layers"]["narratives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["start"].as_u64().unwrap(), a["end"].as_u64().unwrap()))
        .collect();
    let sentence = |i: usize| {
        let s = &d["sentences"][i]["span"];
        (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap())
    };
    assert_eq!(spans, [sentence(0), sentence(2)]);
    let text = d["text"].as_str().unwrap();
    assert_eq!(
        n["evidence"][1]["text"].as_str(),
        text.get(sentence(2).0 as usize..sentence(2).1 as usize)
    );
    let hostile = get(&app, &format!("/api/documents/{}", ids[3]))
        .await
        .json();
    assert_eq!(hostile["narratives"][0]["narrative"], HOSTILE_NARRATIVE);
    assert!(hostile["narratives"][0]["title"].is_null());
}

#[tokio::test]
async fn claim_evidence_names_its_claim_key() {
    let dir = tempfile::tempdir().unwrap();
    let kb = narrascope_kb::Kb::shipped().unwrap();
    let pipeline = narrascope_actors::full_pipeline(&kb).unwrap();
    let mut a = Analysis::new(common::raw(
        "claim.txt",
        "Selon la chaîne, les États-Unis arment Daech en Syrie.",
        Metadata::default(),
    ));
    pipeline.run(&mut a).unwrap();
    let (i, claim) = a
        .claims
        .iter()
        .enumerate()
        .find(|(_, c)| c.key == "Q30 arm Q2429253")
        .expect("claim extracted");
    let ev = NarrativeEvidence {
        sentence: claim.sentence,
        span: a.doc.sentences[claim.sentence].span,
        similarity: None,
        exemplar: None,
        claim: Some(i),
    };
    let sentence = ev.span.slice(&a.doc.text).unwrap().to_string();
    let matched = NarrativeMatch {
        narrative: CHILD.into(),
        score: 0.9,
        evidence: vec![ev],
    };
    let mut store = Store::open(dir.path()).unwrap();
    store
        .in_transaction(|t| {
            t.put(&a)?;
            t.put_narratives(&a.doc.id, "test", std::slice::from_ref(&matched))
        })
        .unwrap();
    let app = narrascope_server::app(store, Options::default());
    let v = get(&app, &format!("/api/narratives/{CHILD}")).await.json();
    let e = &v["documents"][0]["evidence"][0];
    assert_eq!(e["claim_key"], "Q30 arm Q2429253");
    assert_eq!(e["text"].as_str(), Some(sentence.as_str()));
    assert!(e["similarity"].is_null());
    let d = get(&app, &format!("/api/documents/{}", a.doc.id.0))
        .await
        .json();
    assert_eq!(
        d["narratives"][0]["evidence"][0]["claim_key"],
        "Q30 arm Q2429253"
    );
}
