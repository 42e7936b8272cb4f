//! Prints the raw matcher scores of every stored document for every shipped narrative,
//! as JSONL, for threshold calibration (EVAL.md):
//! `cargo run --release -p narrascope-narratives --example scores -- CORPUS_DIR > scores.jsonl`

use narrascope_core::{Analysis, DocId};
use narrascope_corpus::Store;
use narrascope_embed::quant::{STORAGE_MODEL, decode};
use narrascope_embed::{Embedder, InstallOptions};
use narrascope_kb::Kb;
use narrascope_kb::narratives::{Catalogs, NarrativeDef};
use narrascope_narratives::exemplars::{ExemplarIndex, normalise};
use narrascope_narratives::matcher::{MatchConfig, Matcher};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: scores CORPUS_DIR")?;
    let store = Store::open_existing(std::path::Path::new(&dir))?;
    let kb = Kb::shipped()?;
    let defs: Vec<NarrativeDef> = Catalogs::shipped().iter().cloned().collect();
    let refs: Vec<&NarrativeDef> = defs.iter().collect();
    let embedder = Embedder::load_or_install(&InstallOptions::default())?;
    let index = ExemplarIndex::build(&refs, &embedder, STORAGE_MODEL, None);
    let matcher = Matcher::new(defs, index, MatchConfig::default());
    for id in store.ids()? {
        let Some(s) = store.get(&id)? else { continue };
        let vectors: Vec<Vec<f32>> = store
            .vectors_of(&DocId(id.0.clone()))?
            .map(|set| {
                set.sentences
                    .iter()
                    .filter_map(|b| decode(b))
                    .map(|v| {
                        let mut v = v.to_vec();
                        normalise(&mut v);
                        v
                    })
                    .collect()
            })
            .unwrap_or_default();
        let rows: Vec<&[f32]> = vectors.iter().map(Vec::as_slice).collect();
        let mut a = Analysis::of(s.doc);
        a.mentions = s.mentions;
        a.claims = s.claims;
        let scores = matcher.scores(&a, &rows, &kb);
        let row: serde_json::Map<String, serde_json::Value> = matcher
            .defs()
            .iter()
            .zip(&scores)
            .map(|(d, s)| {
                (
                    d.id.clone(),
                    serde_json::json!([s.similarity, s.p_claims, s.top1]),
                )
            })
            .collect();
        let name = s.sources.first().map(|x| x.to_string()).unwrap_or_default();
        println!(
            "{}",
            serde_json::json!({"id": id.0, "source": name, "lang": a.doc.lang.map(|l| l.code), "scores": row})
        );
    }
    Ok(())
}
