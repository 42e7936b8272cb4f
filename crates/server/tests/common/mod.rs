//! Shared test fixtures: a corpus analysed by the real pipeline, and request helpers.
#![allow(dead_code)]

pub mod rhetoric;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use narrascope_core::{DateInfo, DateOrigin, Format, Metadata, RawDocument, SourceRef};
use narrascope_corpus::Store;
use narrascope_server::Options;
use serde_json::Value;
use std::path::Path;
use tower::ServiceExt;

/// Payloads that must stay inert text wherever a document is shown.
pub const HOSTILE_TITLE: &str = "<img src=x onerror=\"document.title='pwned-title'\">";
pub const HOSTILE_TEXT: &str = "Breaking report about the border.\n\n\
<script>document.title='pwned-script'</script> The ministry said nothing.\n\n\
<img src=x onerror=\"document.title='pwned-img'\"> Click javascript:document.title='pwned-link' for more. \
Details at https://example.org/report today.";

pub fn raw(path: &str, text: &str, meta: Metadata) -> RawDocument {
    RawDocument {
        source: SourceRef {
            path: path.into(),
            locator: None,
            format: Format::Text,
        },
        text: text.into(),
        meta,
    }
}

fn dated(outlet: &str, y: i32, m: u32, title: &str) -> Metadata {
    Metadata {
        title: Some(title.into()),
        outlet: Some(outlet.into()),
        date: Some(DateInfo::from_parts(
            y,
            Some(m),
            Some(12),
            DateOrigin::Source {
                field: "date".into(),
            },
        )),
        ..Default::default()
    }
}

/// The fixture documents: French, English, German and the hostile one.
pub fn fixture_docs() -> Vec<RawDocument> {
    vec![
        raw(
            "fr.txt",
            "Le ministre a annoncé de nouvelles sanctions contre le régime. Les diplomates européens ont salué la décision. Une réunion est prévue la semaine prochaine à Bruxelles.",
            dated("Le Veilleur", 2024, 2, "Nouvelles sanctions annoncées"),
        ),
        raw(
            "en.txt",
            "The ministry announced new sanctions on Tuesday. European diplomats welcomed the decision and asked for more. A meeting is planned next week in Brussels, officials said.",
            dated("Northern Ledger", 2024, 5, "Sanctions announced"),
        ),
        raw(
            "de.txt",
            "Das Ministerium hat am Dienstag neue Sanktionen angekündigt. Europäische Diplomaten begrüßten die Entscheidung. Ein Treffen ist für nächste Woche in Brüssel geplant.",
            dated("Nachrichtenblick", 2023, 11, "Neue Sanktionen"),
        ),
        raw(
            "hostile.txt",
            HOSTILE_TEXT,
            Metadata {
                title: Some(HOSTILE_TITLE.into()),
                outlet: Some("<b onmouseover=alert(1)>Outlet</b>".into()),
                url: Some("javascript:document.title='pwned-url'".into()),
                ..Default::default()
            },
        ),
    ]
}

/// Analyses `docs` with the real pipeline and stores them in a corpus in `dir`; returns their ids.
pub fn build_corpus(dir: &Path, docs: Vec<RawDocument>) -> Vec<String> {
    let mut store = Store::open(dir).expect("open corpus");
    let analyses: Vec<_> = docs
        .into_iter()
        .map(|r| narrascope_analyze::analyze(r).expect("analyse fixture"))
        .collect();
    store
        .in_transaction(|t| analyses.iter().try_for_each(|a| t.put(a).map(|_| ())))
        .expect("store fixtures");
    analyses.iter().map(|a| a.doc.id.0.clone()).collect()
}

/// An app over the fixture corpus.
pub fn app(options: Options) -> (tempfile::TempDir, Router, Vec<String>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let ids = build_corpus(dir.path(), fixture_docs());
    add_narratives(dir.path(), &ids);
    let store = Store::open_existing(dir.path()).expect("reopen corpus");
    (dir, narrascope_server::app(store, options), ids)
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `error` message of a JSON error answer.
    pub fn error(&self) -> String {
        self.json()["error"]
            .as_str()
            .expect("error field")
            .to_string()
    }
}

pub async fn send(app: &Router, req: Request<Body>) -> Reply {
    let resp = app.clone().oneshot(req).await.expect("infallible");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = axum::body::to_bytes(resp.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

pub async fn get(app: &Router, uri: &str) -> Reply {
    send(app, Request::get(uri).body(Body::empty()).expect("request")).await
}

pub async fn post_json(app: &Router, uri: &str, json: &str) -> Reply {
    let req = Request::post(uri)
        .header("content-type", "application/json")
        .body(Body::from(json.to_string()))
        .expect("request");
    send(app, req).await
}

/// A catalog narrative with a parent, as the shipped catalogs hold them.
pub const CHILD: &str = "iraq-syria/us-fight-not-genuine/us-colludes-with-isis";
pub const PARENT: &str = "iraq-syria/us-fight-not-genuine";
/// A stored narrative id no catalog knows, carrying markup.
pub const HOSTILE_NARRATIVE: &str = "<img src=x onerror=\"document.title='pwned-narrative'\">/x";
/// The discovered narrative of [`add_narratives`].
pub const DISCOVERED: &str = "d-0123456789ab";

fn evidence(
    s: &narrascope_corpus::StoredDocument,
    sentence: usize,
    similarity: f32,
) -> narrascope_core::NarrativeEvidence {
    narrascope_core::NarrativeEvidence {
        sentence,
        span: s.doc.sentences[sentence].span,
        similarity: Some(similarity),
        exemplar: Some("en:0".into()),
        claim: None,
    }
}

/// Writes narrative matches, lineage links and a discovered narrative over the fixture
/// documents `ids` (fr, en, de, hostile): fr, en and de carry [`CHILD`] (the German one
/// first), the hostile document carries [`HOSTILE_NARRATIVE`], de → fr is a translation and
/// fr → en a rewrite, and the discovered narrative (with hostile label and sentence) has
/// en and the hostile document as members.
pub fn add_narratives(dir: &Path, ids: &[String]) {
    use narrascope_core::{DocId, NarrativeMatch};
    use narrascope_corpus::{DiscoveredNarrative, StoredLink};
    let mut store = Store::open_existing(dir).expect("open corpus");
    let docs: Vec<_> = ids
        .iter()
        .map(|id| store.get(&DocId(id.clone())).unwrap().expect("stored"))
        .collect();
    let m = |narrative: &str, score: f32, ev| NarrativeMatch {
        narrative: narrative.into(),
        score,
        evidence: ev,
    };
    let link = |s: usize, t: usize, kind: &str, lag: i64| StoredLink {
        source: ids[s].clone(),
        target: ids[t].clone(),
        kind: kind.into(),
        jaccard: Some(0.25),
        alignment: Some(0.8),
        lag_seconds: Some(lag * 86_400),
    };
    let discovered = DiscoveredNarrative {
        id: DISCOVERED.into(),
        label: "<script>document.title='pwned-label'</script> Q1 funds Q2".into(),
        documents: 2,
        data: serde_json::json!({
            "id": DISCOVERED, "key": "Q1 fund Q2", "negated": false,
            "documents": [ids[1], ids[3]], "languages": ["en"], "outlets": ["Northern Ledger"],
            "first_seen": "2024-05-12", "first_document": ids[1],
            "representatives": [{ "lang": "en", "doc_id": ids[3], "sentence": HOSTILE_TITLE }],
        }),
    };
    store
        .in_transaction(|t| {
            t.put_narratives(
                &docs[0].doc.id,
                "test",
                &[m(CHILD, 0.82, vec![evidence(&docs[0], 0, 0.82)])],
            )?;
            t.put_narratives(
                &docs[1].doc.id,
                "test",
                &[m(
                    CHILD,
                    0.71,
                    vec![evidence(&docs[1], 0, 0.71), evidence(&docs[1], 2, 0.66)],
                )],
            )?;
            t.put_narratives(
                &docs[2].doc.id,
                "test",
                &[m(CHILD, 0.64, vec![evidence(&docs[2], 1, 0.64)])],
            )?;
            t.put_narratives(
                &docs[3].doc.id,
                "test",
                &[m(HOSTILE_NARRATIVE, 0.9, vec![evidence(&docs[3], 1, 0.9)])],
            )?;
            t.replace_links(&[link(2, 0, "translation", 92), link(0, 1, "rewrite", 90)])?;
            t.replace_discovered(&[discovered])
        })
        .expect("store narratives");
}

/// The embedding model when installed (the test set-up installs it), else `None` with the
/// reason printed.
pub fn embedder() -> Option<narrascope_embed::Embedder> {
    match narrascope_embed::Embedder::load_or_install(&narrascope_embed::InstallOptions::default())
    {
        Ok(e) => Some(e),
        Err(e) => {
            eprintln!("skipping the semantic part: the embedding model is not available: {e}");
            None
        }
    }
}

/// Stores sentence and document vectors for every document of the corpus in `dir`, as
/// `narrascope vectors` does.
pub fn add_vectors(dir: &Path, e: &narrascope_embed::Embedder) {
    use narrascope_embed::quant::{STORAGE_MODEL, encode};
    let mut store = Store::open_existing(dir).expect("open corpus");
    for id in store.ids().expect("ids") {
        let d = store.get(&id).expect("read").expect("stored").doc;
        let texts: Vec<&str> = (0..d.sentences.len()).map(|i| d.sentence_text(i)).collect();
        let Some(v) = e.embed_documents(&[texts]).into_iter().next() else {
            continue;
        };
        let set = narrascope_corpus::VectorSet {
            model: STORAGE_MODEL.to_string(),
            sentences: v.sentences.iter().map(|s| encode(s).to_vec()).collect(),
            document: v.document.map(|d| encode(&d).to_vec()),
        };
        store
            .in_transaction(|t| t.put_vectors(&id, &set))
            .expect("store vectors");
    }
}
