//! Stores vectors for every document of a generated corpus (see `search_corpus`) without
//! embedding each document: the distinct sentences of `pool.txt` are embedded once (cached
//! in `pool.vec` beside it), and each document's sentence vectors are looked up by sentence
//! text; sentences the segmenter cut differently are embedded on the spot. Document vectors
//! are pooled exactly as `narrascope vectors` pools them (token-count weights), so the
//! stored vectors equal what `narrascope vectors` would store.
//!
//! `cargo run --release -p narrascope-cli --example search_vectors -- CORPUS POOL_TXT`

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;

use narrascope_corpus::{Store, VectorSet};
use narrascope_embed::quant::{STORAGE_MODEL, encode};
use narrascope_embed::{Embedder, InstallOptions, Vector, pool};

type Cache = HashMap<String, (Vector, f32)>;

fn weight(e: &Embedder, s: &str) -> f32 {
    e.tokenize(s).len().saturating_sub(2).max(1) as f32
}

fn embed_into(e: &Embedder, texts: &[String], cache: &mut Cache) {
    for chunk in texts.chunks(512) {
        let refs: Vec<&str> = chunk.iter().map(String::as_str).collect();
        for (t, v) in chunk.iter().zip(e.embed(&refs)) {
            cache.insert(t.clone(), (v, weight(e, t)));
        }
    }
}

/// The pool's vectors, from `pool.vec` when it matches `pool.txt`, else embedded and saved.
fn load_pool(e: &Embedder, pool_txt: &Path) -> Result<Cache, Box<dyn std::error::Error>> {
    let lines: Vec<String> = std::fs::read_to_string(pool_txt)?
        .lines()
        .map(str::to_string)
        .collect();
    let vec_path = pool_txt.with_extension("vec");
    let mut cache = Cache::new();
    if let Ok(mut f) = std::fs::File::open(&vec_path) {
        let mut b = Vec::new();
        f.read_to_end(&mut b)?;
        if b.len() == lines.len() * 512 * 4 {
            for (l, chunk) in lines.iter().zip(b.chunks_exact(2048)) {
                let mut v = [0f32; 512];
                for (o, c) in v.iter_mut().zip(chunk.chunks_exact(4)) {
                    *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                }
                cache.insert(l.clone(), (v, weight(e, l)));
            }
            return Ok(cache);
        }
    }
    let t = std::time::Instant::now();
    embed_into(e, &lines, &mut cache);
    eprintln!(
        "embedded {} pool sentences in {:.1} s",
        lines.len(),
        t.elapsed().as_secs_f64()
    );
    let mut f = std::io::BufWriter::new(std::fs::File::create(&vec_path)?);
    for l in &lines {
        for x in cache[l].0 {
            f.write_all(&x.to_le_bytes())?;
        }
    }
    Ok(cache)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(corpus), Some(pool_txt)) = (args.get(1), args.get(2)) else {
        return Err("usage: search_vectors CORPUS POOL_TXT".into());
    };
    let e = Embedder::load_or_install(&InstallOptions::default())?;
    let mut cache = load_pool(&e, Path::new(pool_txt))?;
    let pooled = cache.len();
    let mut store = Store::open_existing(Path::new(corpus))?;
    let t = std::time::Instant::now();
    let (mut docs, mut extra) = (0u64, 0usize);
    loop {
        let ids = store.documents_without_vectors(STORAGE_MODEL, 2000)?;
        if ids.is_empty() {
            break;
        }
        let mut sets = Vec::new();
        for id in &ids {
            let Some(d) = store.get(id)? else { continue };
            let texts: Vec<String> = (0..d.doc.sentences.len())
                .map(|i| d.doc.sentence_text(i).to_string())
                .collect();
            let missing: Vec<String> = texts
                .iter()
                .filter(|s| !cache.contains_key(*s))
                .cloned()
                .collect();
            extra += missing.len();
            embed_into(&e, &missing, &mut cache);
            let (vs, ws): (Vec<Vector>, Vec<f32>) = texts.iter().map(|s| cache[s]).unzip();
            sets.push((
                id.clone(),
                VectorSet {
                    model: STORAGE_MODEL.to_string(),
                    sentences: vs.iter().map(|v| encode(v).to_vec()).collect(),
                    document: pool(&vs, &ws).map(|v| encode(&v).to_vec()),
                },
            ));
        }
        store.in_transaction(|t| sets.iter().try_for_each(|(id, s)| t.put_vectors(id, s)))?;
        docs += sets.len() as u64;
        eprint!("\rvectors stored for {docs} documents");
    }
    eprintln!(
        "\nstored vectors of {docs} documents in {:.1} s; {pooled} pool sentences, {extra} sentences embedded on the spot",
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
