//! `narrascope vectors`: embeds every stored document that has no vectors yet, and the
//! embedding step shared with `narrascope ingest --embed`.
//!
//! Each document gets one vector per sentence and one pooled document vector, stored int8
//! encoded (`narrascope_embed::quant`) under the name [`STORAGE_MODEL`]. Work is committed in
//! chunks, so a killed run loses at most one chunk and the next run continues from there.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use narrascope_core::Document;
use narrascope_corpus::{Store, VectorSet};
use narrascope_embed::quant::{STORAGE_MODEL, encode};
use narrascope_embed::{EmbedConfig, Embedder, InstallOptions};

use crate::Global;

/// Sentences embedded (and documents committed) per chunk.
const CHUNK_SENTENCES: usize = 512;

/// Where the embedding model comes from.
#[derive(Debug, Clone, clap::Args)]
pub struct ModelArgs {
    /// Never install the embedding model; fail if it is not installed.
    #[arg(long)]
    pub offline: bool,
    /// Model directory (default: $NARRASCOPE_MODEL_DIR, else the user cache).
    #[arg(long, value_name = "DIR")]
    pub model_dir: Option<PathBuf>,
}

impl ModelArgs {
    /// Loads the model, installing it first (announced on stderr) unless `--offline`.
    pub fn load(&self, threads: usize, quiet: bool) -> anyhow::Result<Embedder> {
        let opts = InstallOptions {
            model_dir: self.model_dir.clone(),
            offline: self.offline,
            quiet,
        };
        let config = EmbedConfig {
            threads,
            ..EmbedConfig::default()
        };
        Ok(Embedder::load_or_install_with(&opts, config)?)
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Embed at most N documents in this run.
    #[arg(long, value_name = "N")]
    limit: Option<u64>,
    #[command(flatten)]
    model: ModelArgs,
    /// Worker threads (0: one per core). Vectors do not depend on it.
    #[arg(long, value_name = "N", default_value_t = 0)]
    threads: usize,
}

/// What an embedding run produced.
#[derive(Debug, Default, Clone, Copy)]
pub struct Embedded {
    pub documents: u64,
    pub sentence_vectors: u64,
    pub document_vectors: u64,
}

impl Embedded {
    fn add(&mut self, sets: &[VectorSet]) {
        for s in sets {
            self.documents += 1;
            self.sentence_vectors += s.sentences.len() as u64;
            self.document_vectors += u64::from(s.document.is_some());
        }
    }
}

/// Embeds documents in one batch across documents: encoded sentence vectors plus the
/// pooled document vector of each.
pub fn embed_documents(e: &Embedder, docs: &[&Document]) -> Vec<VectorSet> {
    let texts: Vec<Vec<&str>> = docs
        .iter()
        .map(|d| (0..d.sentences.len()).map(|i| d.sentence_text(i)).collect())
        .collect();
    e.embed_documents(&texts)
        .into_iter()
        .map(|v| VectorSet {
            model: STORAGE_MODEL.to_string(),
            sentences: v.sentences.iter().map(|s| encode(s).to_vec()).collect(),
            document: v.document.map(|d| encode(&d).to_vec()),
        })
        .collect()
}

/// Vectors for those of `docs` that have sentences and no stored vectors yet, by document id
/// (each id embedded once).
pub fn embed_missing(
    store: &Store,
    e: &Embedder,
    docs: &[&Document],
    tally: &mut Embedded,
) -> anyhow::Result<HashMap<String, VectorSet>> {
    let mut todo: Vec<&Document> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for d in docs {
        if !d.sentences.is_empty()
            && seen.insert(d.id.0.as_str())
            && !store.has_vectors(&d.id, STORAGE_MODEL)?
        {
            todo.push(d);
        }
    }
    let sets = embed_documents(e, &todo);
    tally.add(&sets);
    Ok(todo.iter().map(|d| d.id.0.clone()).zip(sets).collect())
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&g.corpus)?;
    let pending = store.documents_without_vectors(STORAGE_MODEL, args.limit.unwrap_or(u64::MAX))?;
    let mut done = Embedded::default();
    if !pending.is_empty() {
        let embedder = args.model.load(args.threads, g.quiet)?;
        let bar = bar(pending.len() as u64, g.quiet);
        let mut chunk: Vec<Document> = Vec::new();
        let mut sentences = 0;
        for (i, id) in pending.iter().enumerate() {
            // A document deleted since the listing is simply skipped.
            if let Some(s) = store.get(id)? {
                sentences += s.doc.sentences.len();
                chunk.push(s.doc);
            }
            if sentences >= CHUNK_SENTENCES || i + 1 == pending.len() {
                let n = chunk.len() as u64;
                write_chunk(&mut store, &embedder, &chunk, &mut done)?;
                bar.inc(n.max(1));
                chunk.clear();
                sentences = 0;
            }
        }
        bar.finish_and_clear();
    }
    // the stored vectors join the semantic index now (appended when it exists)
    super::search::sync(&mut store, g.quiet)?;
    let c = store.vector_counts()?;
    println!(
        "vectors: embedded {} documents ({} sentence vectors, {} document vectors) with {STORAGE_MODEL}; \
         corpus {} has vectors for {} of {} documents ({} sentence vectors, {} document vectors, {} bytes)",
        done.documents,
        done.sentence_vectors,
        done.document_vectors,
        g.corpus.display(),
        c.documents,
        store.document_count()?,
        c.sentence_vectors,
        c.document_vectors,
        c.bytes
    );
    Ok(crate::EXIT_OK)
}

fn write_chunk(
    store: &mut Store,
    e: &Embedder,
    chunk: &[Document],
    done: &mut Embedded,
) -> anyhow::Result<()> {
    let docs: Vec<&Document> = chunk.iter().collect();
    let sets = embed_documents(e, &docs);
    store.in_transaction(|t| {
        chunk
            .iter()
            .zip(&sets)
            .try_for_each(|(d, s)| t.put_vectors(&d.id, s))
    })?;
    done.add(&sets);
    Ok(())
}

/// A document-count progress bar on stderr, hidden when it is not a terminal or with `--quiet`.
fn bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
    }
    let pb = ProgressBar::new(total);
    pb.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} documents ({per_sec}, {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    pb
}
