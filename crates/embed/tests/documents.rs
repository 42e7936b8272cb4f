//! Embedding many documents in one batch gives the same vectors as one document at a time.

mod common;

use common::embedder;
use narrascope_embed::{EmbedConfig, quant};

#[test]
fn batched_documents_match_single_documents() {
    let Some(e) = embedder(EmbedConfig::default()) else {
        return;
    };
    let docs: Vec<Vec<&str>> = vec![
        vec![
            "The harbour reopened on Monday.",
            "Ships queued outside for hours.",
        ],
        vec![],
        vec!["Le port a rouvert lundi."],
        vec![
            "Der Hafen wurde am Montag wieder geöffnet.",
            "",
            "Viele Schiffe warteten.",
        ],
    ];
    let batched = e.embed_documents(&docs);
    assert_eq!(batched.len(), docs.len());
    for (d, b) in docs.iter().zip(&batched) {
        assert_eq!(b.sentences, e.embed(d), "{d:?}");
        assert_eq!(b.document, e.embed_document(d), "{d:?}");
    }
    assert!(batched[1].document.is_none() && batched[1].sentences.is_empty());
    // A one-sentence document's vector is that sentence's vector.
    let single = batched[2].document.expect("pooled");
    assert!(quant::cosine(&single, &batched[2].sentences[0]) > 0.99999);
}
