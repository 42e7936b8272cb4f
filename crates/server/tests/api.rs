mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{HOSTILE_TEXT, app, get, post_json, send};
use narrascope_server::Options;

#[tokio::test]
async fn documents_list_filters_and_pages() {
    let (_dir, app, ids) = app(Options::default());
    let all = get(&app, "/api/documents").await;
    assert_eq!(all.status, StatusCode::OK);
    let v = all.json();
    assert_eq!(v["total"], 4);
    let items = v["items"].as_array().unwrap();
    // Newest first: 2024-05 (en), 2024-02 (fr), 2023-11 (de), then the undated one.
    assert_eq!(items[0]["id"], ids[1].as_str());
    assert_eq!(items[0]["outlet"], "Northern Ledger");
    assert_eq!(items[0]["lang"], "en");
    assert_eq!(items[0]["date"], "2024-05-12");
    assert_eq!(items[0]["format"], "text");
    assert_eq!(items[0]["sentences"], 3);
    assert_eq!(items[3]["id"], ids[3].as_str());

    let fr = get(&app, "/api/documents?lang=fr").await.json();
    assert_eq!(
        (fr["total"].as_u64(), fr["items"][0]["id"].as_str()),
        (Some(1), Some(ids[0].as_str()))
    );
    let range = get(&app, "/api/documents?from=2024-01&to=2024-03")
        .await
        .json();
    assert_eq!(range["items"][0]["id"], ids[0].as_str());
    assert_eq!(range["total"], 1);
    let outlet = get(&app, "/api/documents?outlet=Nachrichtenblick&format=text")
        .await
        .json();
    assert_eq!(outlet["items"][0]["id"], ids[2].as_str());
    let q = get(&app, "/api/documents?q=BRUSSELS").await.json();
    assert_eq!(q["total"], 1, "{q}");
    let page = get(&app, "/api/documents?limit=2&offset=2").await.json();
    assert_eq!(
        (
            page["total"].as_u64(),
            page["items"].as_array().map(Vec::len)
        ),
        (Some(4), Some(2))
    );
    assert_eq!(page["items"][0]["id"], ids[2].as_str());
}

#[tokio::test]
async fn documents_list_rejects_bad_queries() {
    let (_dir, app, _) = app(Options::default());
    for (uri, words) in [
        ("/api/documents?from=2024-13", "from '2024-13'"),
        ("/api/documents?limit=many", "limit 'many'"),
        ("/api/documents?limit=100000", "limit 100000"),
        ("/api/documents?format=pdf", "format 'pdf'"),
        (
            "/api/documents?colour=red",
            "unknown query parameter 'colour'",
        ),
        ("/api/documents?lang=fr&lang=en", "twice"),
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(r.error().contains(words), "{uri}: {}", r.error());
        assert!(r.header("content-type").starts_with("application/json"));
    }
}

#[tokio::test]
async fn one_document_with_full_analysis() {
    let (_dir, app, ids) = app(Options::default());
    let r = get(&app, &format!("/api/documents/{}", ids[3])).await;
    assert_eq!(r.status, StatusCode::OK);
    let d = r.json();
    assert_eq!(d["id"], ids[3].as_str());
    let text = d["text"].as_str().unwrap();
    assert!(
        text.contains("javascript:document.title='pwned-link'"),
        "payload kept as text: {text}"
    );
    // Tag-like debris leaves the text but stays in the raw text and the removals.
    assert!(
        d["raw"]
            .as_str()
            .unwrap()
            .contains("<script>document.title='pwned-script'</script>")
    );
    let removed: Vec<&str> = d["removals"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["text"].as_str())
        .collect();
    assert!(
        removed
            .iter()
            .any(|r| r.contains("<script>") || r.contains("<img")),
        "{removed:?}"
    );
    assert!(d["sentences"].as_array().unwrap().len() >= 3);
    assert!(d["paragraphs"].as_array().unwrap().len() >= 2);
    assert!(d["removals"].is_array());
    assert_eq!(d["sources"][0]["path"], "hostile.txt");
    assert_eq!(d["meta"]["title"], common::HOSTILE_TITLE);
    assert!(d["ingested_at"].is_string());
    // The cited-sources layer points at the URL in the text.
    let cited = d["layers"]["cited_sources"].as_array().unwrap();
    let hit = cited
        .iter()
        .find(|a| a["label"] == "https://example.org/report")
        .expect("URL layer");
    let (s, e) = (
        hit["start"].as_u64().unwrap() as usize,
        hit["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[s..e], "https://example.org/report");

    // A unique prefix resolves to the same document.
    let p = get(&app, &format!("/api/documents/{}", &ids[3][..8]))
        .await
        .json();
    assert_eq!(p["id"], ids[3].as_str());
}

#[tokio::test]
async fn unknown_and_malformed_ids() {
    let (_dir, app, ids) = app(Options::default());
    let unknown = if ids.iter().any(|i| i.starts_with("ffff")) {
        "eeeeeeeeeeeeeeee"
    } else {
        "ffffffffffffffff"
    };
    let r = get(&app, &format!("/api/documents/{unknown}")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.error().contains(unknown));
    let r = get(&app, "/api/documents/not-an-id").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.error().contains("not a document id"), "{}", r.error());
}

#[tokio::test]
async fn stats_count_the_corpus() {
    let (_dir, app, _) = app(Options::default());
    let s = get(&app, "/api/stats").await.json();
    assert_eq!(s["documents"], 4);
    assert_eq!(s["sources"], 4);
    let langs: Vec<&str> = s["by_language"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    for l in ["fr", "en", "de"] {
        assert!(langs.contains(&l), "{langs:?}");
    }
    let months: Vec<&str> = s["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert!(
        months.contains(&"2023-11") && months.contains(&"2024-05"),
        "{months:?}"
    );
}

#[tokio::test]
async fn analyze_pasted_text_without_and_with_storing() {
    let (_dir, app, _) = app(Options::default());
    let body = r#"{"text": "Officials in Kyiv said the bridge was repaired. Trains run again since Monday.", "title": "Bridge", "lang": "en"}"#;
    let r = post_json(&app, "/api/analyze", body).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let v = r.json();
    assert_eq!(v["stored"], false);
    let d = &v["documents"][0];
    let id = d["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);
    assert_eq!(d["meta"]["title"], "Bridge");
    assert_eq!(d["meta"]["declared_lang"], "en");
    assert_eq!(d["sentences"].as_array().unwrap().len(), 2);
    assert!(d["stored"].is_null());
    assert_eq!(
        get(&app, "/api/stats").await.json()["documents"],
        4,
        "not stored"
    );
    assert_eq!(
        get(&app, &format!("/api/documents/{id}")).await.status,
        StatusCode::NOT_FOUND
    );

    let r = post_json(&app, "/api/analyze?store=true", body)
        .await
        .json();
    assert_eq!(
        (r["stored"].as_bool(), r["documents"][0]["stored"].as_str()),
        (Some(true), Some("new"))
    );
    assert_eq!(r["documents"][0]["id"], id.as_str(), "same text, same id");
    assert_eq!(get(&app, "/api/stats").await.json()["documents"], 5);
    assert_eq!(
        get(&app, &format!("/api/documents/{id}")).await.status,
        StatusCode::OK
    );
    let again = post_json(&app, "/api/analyze?store=1", body).await.json();
    assert_eq!(again["documents"][0]["stored"], "unchanged");
}

#[tokio::test]
async fn analysis_carries_actor_and_claim_layers() {
    let (_dir, app, _) = app(Options::default());
    let body =
        r#"{"text": "Selon la chaîne, les États-Unis arment Daech en Syrie.", "lang": "fr"}"#;
    let r = post_json(&app, "/api/analyze?store=true", body).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let v = r.json();
    let id = v["documents"][0]["id"].as_str().unwrap().to_string();
    for d in [
        v["documents"][0].clone(),
        get(&app, &format!("/api/documents/{id}")).await.json(),
    ] {
        let labels: Vec<&str> = d["layers"]["actors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|l| l["label"].as_str())
            .collect();
        assert!(labels.contains(&"Q30"), "{labels:?}");
        assert!(labels.contains(&"Q2429253"), "{labels:?}");
        let claims: Vec<&str> = d["claims"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["key"].as_str())
            .collect();
        assert!(claims.contains(&"Q30 arm Q2429253"), "{claims:?}");
        assert_eq!(
            d["layers"]["claims"].as_array().unwrap().len(),
            claims.len()
        );
    }
}

#[tokio::test]
async fn analyze_uploaded_file() {
    let (_dir, app, _) = app(Options::default());
    let html = "<html lang=\"fr\"><head><title>Communiqué officiel</title><script>var x = 1;</script></head>\
<body><article><h1>Communiqué officiel</h1><p>Le gouvernement a publié un communiqué ce matin. \
Il annonce une enquête sur les incidents de la semaine dernière.</p>\
<p>Les résultats seront publiés dans un mois selon le porte-parole.</p></article></body></html>";
    let req = Request::post("/api/analyze?name=communique.html")
        .header("content-type", "application/octet-stream")
        .body(Body::from(html))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&r.body)
    );
    let d = &r.json()["documents"][0];
    let text = d["text"].as_str().unwrap();
    assert!(
        text.contains("Le gouvernement a publié un communiqué"),
        "{text}"
    );
    assert!(
        !text.contains("var x"),
        "script content is not text: {text}"
    );
    assert_eq!(d["source"]["format"], "html");
    assert_eq!(d["sources"][0]["path"], "communique.html");
    assert_eq!(d["lang"]["code"], "fr");
}

#[tokio::test]
async fn analyze_rejects_bad_bodies() {
    let (_dir, app, _) = app(Options {
        max_body: 1024,
        ..Options::default()
    });
    for (body, words) in [
        ("{\"title\": \"no text\"}", "missing field `text`"),
        ("{\"text\": \"   \"}", "text is empty"),
        ("{\"text\": \"a\", \"colour\": 1}", "unknown field"),
        ("not json", "is not {text"),
    ] {
        let r = post_json(&app, "/api/analyze", body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}");
        assert!(r.error().contains(words), "{body}: {}", r.error());
    }
    let r = post_json(&app, "/api/analyze?store=maybe", "{\"text\": \"a b\"}").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let big = format!("{{\"text\": \"{}\"}}", "word ".repeat(400));
    let r = post_json(&app, "/api/analyze", &big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.error().contains("length limit"), "{}", r.error());
    let r = send(
        &app,
        Request::post("/api/analyze").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.error().contains("empty"));
}

#[tokio::test]
async fn hostile_text_is_served_as_json_data() {
    let (_dir, app, _) = app(Options::default());
    let r = post_json(
        &app,
        "/api/analyze",
        &serde_json::json!({ "text": HOSTILE_TEXT }).to_string(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.header("content-type").starts_with("application/json"));
    assert_eq!(r.header("x-content-type-options"), "nosniff");
}
