//! Builds a large corpus for the narrative benchmarks from a small embedded one, without
//! embedding anything again: each new document samples sentences (and their stored
//! vectors) from the source corpus — most from one source document, some from others —
//! with an outlet and a date drawn at random. Deterministic for a given seed.
//!
//! `cargo run --release -p narrascope-narratives --example synth_corpus -- SRC DST N [SEED]`

use std::collections::HashMap;
use std::path::Path;

use narrascope_core::{
    Analysis, DateInfo, DateOrigin, DocId, Format, Metadata, RawDocument, SourceRef,
};
use narrascope_corpus::{Store, VectorSet};

/// SplitMix64: small, fast, reproducible.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

struct Source {
    sentences: Vec<(String, Vec<u8>)>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        return Err("usage: synth_corpus SRC DST N [SEED]".into());
    }
    let src = Store::open_existing(Path::new(&args[1]))?;
    let mut dst = Store::open(Path::new(&args[2]))?;
    let n: usize = args[3].parse()?;
    let mut rng = Rng(args.get(4).and_then(|s| s.parse().ok()).unwrap_or(7));
    let kb = narrascope_kb::Kb::shipped()?;
    let pipeline = narrascope_actors::full_pipeline(&kb)?;
    let mut sources: Vec<Source> = Vec::new();
    let mut model = String::new();
    for id in src.ids()? {
        let (Some(s), Some(v)) = (src.get(&id)?, src.vectors_of(&id)?) else {
            continue;
        };
        if v.sentences.len() != s.doc.sentences.len() || s.doc.sentences.len() < 4 {
            continue;
        }
        model = v.model.clone();
        let sentences = (0..s.doc.sentences.len())
            .map(|i| (s.doc.sentence_text(i).to_string(), v.sentences[i].clone()))
            .collect();
        sources.push(Source { sentences });
    }
    if sources.is_empty() {
        return Err("the source corpus has no documents with vectors".into());
    }
    let outlets: Vec<String> = (0..200).map(|i| format!("Outlet {i:03}")).collect();
    let mut pending: Vec<(Analysis, VectorSet)> = Vec::new();
    let start = std::time::Instant::now();
    for k in 0..n {
        let main = rng.below(sources.len());
        let len = 8 + rng.below(16);
        let mut picked: Vec<&(String, Vec<u8>)> = Vec::with_capacity(len);
        for _ in 0..len {
            let from = if rng.below(10) < 7 {
                main
            } else {
                rng.below(sources.len())
            };
            let s = &sources[from].sentences;
            picked.push(&s[rng.below(s.len())]);
        }
        let text = picked
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n\n");
        let vectors: HashMap<&str, &Vec<u8>> =
            picked.iter().map(|(t, v)| (t.as_str(), v)).collect();
        let day = rng.below(3 * 365);
        let date = DateInfo::from_parts(
            2022 + (day / 365) as i32,
            Some((day % 365 / 31 + 1).min(12) as u32),
            Some((day % 28 + 1) as u32),
            DateOrigin::Source {
                field: "synthetic".into(),
            },
        );
        let raw = RawDocument {
            source: SourceRef {
                path: format!("synthetic/{k:07}"),
                locator: None,
                format: Format::Text,
            },
            text,
            meta: Metadata {
                outlet: Some(outlets[rng.below(outlets.len())].clone()),
                date: Some(date),
                ..Metadata::default()
            },
        };
        let mut a = Analysis::new(raw);
        pipeline.run(&mut a)?;
        // sentences as segmented here; a sentence the segmenter split differently has no
        // stored vector, and the document then goes without vectors
        let set: Option<Vec<Vec<u8>>> = (0..a.doc.sentences.len())
            .map(|i| vectors.get(a.doc.sentence_text(i)).map(|v| (*v).clone()))
            .collect();
        let sentences = set.unwrap_or_default();
        let document = mean_vector(&sentences);
        let set = VectorSet {
            model: model.clone(),
            sentences,
            document,
        };
        pending.push((a, set));
        if pending.len() == 1000 || k + 1 == n {
            dst.in_transaction(|t| {
                for (a, v) in &pending {
                    t.put(a)?;
                    if !v.sentences.is_empty() {
                        t.put_vectors(&DocId(a.doc.id.0.clone()), v)?;
                    }
                }
                Ok(())
            })?;
            pending.clear();
            eprint!(
                "\r{} documents ({:.0} s)",
                k + 1,
                start.elapsed().as_secs_f64()
            );
        }
    }
    eprintln!();
    Ok(())
}

/// The normalised mean of encoded sentence vectors, encoded (a stand-in for the pooled
/// document vector).
fn mean_vector(sentences: &[Vec<u8>]) -> Option<Vec<u8>> {
    use narrascope_embed::quant::{decode, encode};
    let mut acc = [0.0f32; 512];
    for v in sentences.iter().filter_map(|b| decode(b)) {
        acc.iter_mut().zip(v.iter()).for_each(|(a, x)| *a += x);
    }
    let norm = acc.iter().map(|x| x * x).sum::<f32>().sqrt();
    (norm > 0.0).then(|| {
        acc.iter_mut().for_each(|x| *x /= norm);
        encode(&acc).to_vec()
    })
}
