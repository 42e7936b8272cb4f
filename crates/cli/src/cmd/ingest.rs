use narrascope_core::Analysis;
use narrascope_corpus::{PutOutcome, Store};
use narrascope_ingest::{IngestOptions, Item, read_input};
use std::path::PathBuf;

use super::sources::{SourceArgs, Tally};
use crate::Global;

mod queue;
use queue::{Analysed, Queue};

/// Documents written per transaction: a killed run loses at most this many (twice this many
/// with more than one thread), and the next run redoes them.
const BATCH: usize = 256;

/// Which analysis stages run before a document is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Stages {
    /// Every stage: the foundation stages, entity linking and claims.
    All,
    /// The foundation stages only (decode, normalise and clean, text metadata, language,
    /// segmentation, identity).
    Foundation,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to read (directories recursively), or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    source: SourceArgs,
    /// Analysis stages to run before storing. With `foundation`, documents are stored
    /// sooner but without their actor and claim layers (no mentions, claims, actor or claim
    /// facets, and no rhetoric or narratives built on them); they await analysis until
    /// `narrascope reanalyze --pending` (or `--all`) adds those layers, giving the same
    /// result as `all`. `narrascope stats` counts the documents still awaiting it.
    #[arg(long, value_enum, default_value = "all")]
    stages: Stages,
    /// Threads analysing documents (default: every core this process may run on). One
    /// thread stores them, in input order, so the corpus is the same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
    /// Also embed the sentences of each new document and store its vectors (much slower;
    /// `narrascope vectors` can do it later instead). Installs the model on first use.
    #[arg(long)]
    embed: bool,
    #[command(flatten)]
    model: super::vectors::ModelArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let opts: IngestOptions = args.source.options()?;
    if args.embed && args.stages == Stages::Foundation {
        anyhow::bail!(
            "--embed runs the rhetoric detectors, which need every stage: drop --embed, or use --stages all"
        );
    }
    let mut store = Store::open(&g.corpus)?;
    let pipeline = match args.stages {
        Stages::All => super::analyze::pipeline()?,
        Stages::Foundation => narrascope_analyze::foundation_pipeline(),
    };
    let embedder = match args.embed {
        true => Some(args.model.load(0, g.quiet)?),
        false => None,
    };
    // with vectors at hand, rhetoric and provenance run now; otherwise `narrascope
    // techniques` / `sources` run them later, over every core
    let detectors = match args.embed {
        true => Some(super::rhetoric::Detectors::shipped()?),
        false => None,
    };
    let mut embedded = super::vectors::Embedded::default();
    let mut emb = (
        embedder.as_ref(),
        &mut embedded,
        detectors.as_ref(),
        args.stages,
    );
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let (inputs, tally, bar) = super::sources::discover_inputs(&args.paths, g.quiet);
    // counted by the reader (read errors, skips) and by the store (analysis errors, outcomes)
    let tally = std::cell::RefCell::new(tally);
    let mut queue = Queue::new(&pipeline, threads, BATCH);
    let mut store_batch = |batch: Vec<Analysed>| -> anyhow::Result<()> {
        let mut pending: Vec<Analysis> = Vec::with_capacity(batch.len());
        let mut tally = tally.borrow_mut();
        for a in batch {
            match a {
                Ok(a) => pending.push(a),
                Err(e) => tally.error(&e),
            }
        }
        flush(&mut store, &mut pending, &mut tally, &mut emb)
    };
    let mut fatal: Option<anyhow::Error> = None;
    for input in &inputs {
        bar.set_message(input.name());
        read_input(input, &opts, &mut |item| {
            if fatal.is_some() {
                return;
            }
            match item {
                Item::Doc(raw) => {
                    if let Err(e) = queue.push(raw, &mut store_batch) {
                        fatal = Some(e);
                    }
                }
                Item::Error(e) => tally.borrow_mut().error(&e.to_string()),
                Item::Skipped { input, reason } => tally.borrow_mut().skip(&input, &reason),
            }
        });
        if let Some(e) = fatal.take() {
            bar.finish_and_clear();
            return Err(e);
        }
        bar.inc(input.size.unwrap_or(0));
    }
    queue.finish(&mut store_batch)?;
    let tally = tally.into_inner();
    bar.finish_and_clear();
    if args.embed {
        // vectors were stored: the search indexes catch up now (appending to the semantic
        // index), so that no separate step is needed; a run killed here leaves the new
        // documents flagged, and the next search or ingest indexes them
        super::search::sync(&mut store, g.quiet)?;
    }
    if args.embed && !g.quiet {
        eprintln!(
            "ingest: embedded {} documents ({} sentence vectors, {} document vectors)",
            embedded.documents, embedded.sentence_vectors, embedded.document_vectors
        );
    }
    if !g.quiet {
        eprintln!(
            "ingest: {} inputs; {} new documents, {} duplicates recorded as extra sources, {} already stored{}, {} skipped, {} failed; corpus {} now holds {} documents",
            inputs.len(),
            tally.new,
            tally.duplicate,
            tally.unchanged,
            match tally.completed {
                0 => String::new(),
                n => format!(", {n} stored before without analysis and analysed now"),
            },
            tally.skipped,
            tally.failed,
            g.corpus.display(),
            store.document_count()?
        );
    }
    Ok(tally.exit_code())
}

/// The embedder and rhetoric detectors (with `--embed`), the count of what it embedded, and
/// the stages the documents went through.
type Embedding<'a> = (
    Option<&'a narrascope_embed::Embedder>,
    &'a mut super::vectors::Embedded,
    Option<&'a super::rhetoric::Detectors>,
    Stages,
);

fn flush(
    store: &mut Store,
    pending: &mut Vec<Analysis>,
    tally: &mut Tally,
    emb: &mut Embedding<'_>,
) -> anyhow::Result<()> {
    if pending.is_empty() {
        return Ok(());
    }
    let vectors = match emb.0 {
        Some(e) => {
            let docs: Vec<_> = pending.iter().map(|a| &a.doc).collect();
            super::vectors::embed_missing(store, e, &docs, emb.1)?
        }
        None => Default::default(),
    };
    if let Some(d) = emb.2 {
        // documents embedded just now; the others keep what is stored
        for a in pending.iter_mut() {
            if let Some(set) = vectors.get(&a.doc.id.0) {
                let (sentences, document) = super::rhetoric::decode_set(set);
                d.run(a, Some(&sentences), document.as_ref());
            }
        }
    }
    let outcomes = store.in_transaction(|t| {
        pending
            .iter()
            .map(|a| {
                let outcome = match emb.3 {
                    Stages::All => t.put(a)?,
                    Stages::Foundation => t.put_foundation(a)?,
                };
                let v = vectors.get(&a.doc.id.0);
                if let Some(v) = v {
                    t.put_vectors(&a.doc.id, v)?;
                }
                if let (Some(d), Some(v)) = (emb.2, v) {
                    let with_vectors = !v.sentences.is_empty() || v.document.is_some();
                    let r = super::rhetoric::rhetoric_of(a);
                    t.put_rhetoric(&a.doc.id, &d.recorded(with_vectors), &r)?;
                }
                Ok(outcome)
            })
            .collect::<Result<Vec<_>, narrascope_corpus::StoreError>>()
    })?;
    for o in outcomes {
        match o {
            PutOutcome::New => tally.new += 1,
            PutOutcome::Duplicate => tally.duplicate += 1,
            PutOutcome::Unchanged => tally.unchanged += 1,
            PutOutcome::Completed => tally.completed += 1,
        }
    }
    pending.clear();
    Ok(())
}
