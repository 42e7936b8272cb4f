//! `reanalyze`: run the current analysis pipeline again on stored documents, from their
//! stored raw text, source and metadata, and rewrite what is derived from them.

use narrascope_core::{Analysis, DocId};
use narrascope_corpus::{Reanalysed, Store};
use std::path::Path;

use crate::Global;

/// Documents rewritten per transaction: a killed run loses at most this many.
const BATCH: usize = 256;
/// Where an `--all` run records the last document it committed, inside the corpus
/// directory; a run that finds it goes on after that document, and removes it at the end.
const PROGRESS_FILE: &str = "reanalyze.progress";

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["all", "pending", "ids"]))]
pub struct Args {
    /// Re-analyse every stored document (resuming an interrupted `--all` run).
    #[arg(long)]
    all: bool,
    /// Analyse the documents awaiting analysis: those stored by `ingest --stages
    /// foundation` and not analysed since. A run that was interrupted is simply run again.
    #[arg(long)]
    pending: bool,
    /// Documents to re-analyse (ids or unambiguous id prefixes).
    ids: Vec<String>,
}

#[derive(Default)]
struct Tally {
    done: u64,
    text_changed: Vec<String>,
    failed: u64,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let mut store = Store::open_existing(&g.corpus)?;
    let pipeline = super::analyze::pipeline()?;
    let mut tally = Tally::default();
    if args.all {
        let progress = g.corpus.join(PROGRESS_FILE);
        let after = read_progress(&progress)?;
        if let Some(a) = &after
            && !g.quiet
        {
            eprintln!("reanalyze: resuming after document {a}");
        }
        let bar = crate::progress::counter("documents re-analysed", g.quiet);
        bar.set_length(store.document_count()?);
        let mut walk = Walk {
            store: &mut store,
            pipeline: &pipeline,
            tally: &mut tally,
            bar: &bar,
        };
        walk.run(after, Store::ids_after, |last| {
            std::fs::write(&progress, last)
                .map_err(|e| anyhow::anyhow!("writing {}: {e}", progress.display()))
        })?;
        if progress.exists() {
            std::fs::remove_file(&progress)
                .map_err(|e| anyhow::anyhow!("removing {}: {e}", progress.display()))?;
        }
    } else if args.pending {
        let bar = crate::progress::counter("documents analysed", g.quiet);
        bar.set_length(store.pending_count()?);
        let mut walk = Walk {
            store: &mut store,
            pipeline: &pipeline,
            tally: &mut tally,
            bar: &bar,
        };
        // the cursor moves past documents that failed, which stay pending
        walk.run(None, Store::pending_ids_after, |_| Ok(()))?;
    } else {
        let mut ids = Vec::with_capacity(args.ids.len());
        for id in &args.ids {
            match store.resolve_id(id)? {
                Some(d) => ids.push(d),
                None => anyhow::bail!("no stored document with id {id}"),
            }
        }
        for chunk in ids.chunks(BATCH) {
            batch(&mut store, &pipeline, chunk, &mut tally)?;
        }
    }
    if !g.quiet {
        eprintln!(
            "reanalyze: {} documents re-analysed, {} failed; {} whose normalised text changed kept their id{}",
            tally.done,
            tally.failed,
            tally.text_changed.len(),
            match tally.text_changed.as_slice() {
                [] => String::new(),
                ids => format!(" ({})", ids.join(", ")),
            }
        );
    }
    Ok(if tally.failed > 0 {
        crate::EXIT_SOME_FAILED
    } else {
        crate::EXIT_OK
    })
}

/// Batches of stored documents taken in id order after a cursor, analysed again.
struct Walk<'a> {
    store: &'a mut Store,
    pipeline: &'a narrascope_core::Pipeline,
    tally: &'a mut Tally,
    bar: &'a indicatif::ProgressBar,
}

impl Walk<'_> {
    /// Re-analyses the batches `next` lists after `after` until it lists none, calling
    /// `done` with the last id of each batch once it is stored; then clears the bar.
    fn run(
        &mut self,
        mut after: Option<String>,
        next: impl Fn(&Store, Option<&str>, usize) -> narrascope_corpus::Result<Vec<DocId>>,
        mut done: impl FnMut(&str) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        loop {
            let ids = next(self.store, after.as_deref(), BATCH)?;
            let Some(last) = ids.last() else {
                break;
            };
            let last = last.0.clone();
            batch(self.store, self.pipeline, &ids, self.tally)?;
            done(&last)?;
            self.bar.inc(ids.len() as u64);
            after = Some(last);
        }
        self.bar.finish_and_clear();
        Ok(())
    }
}

fn read_progress(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(s) => Ok(Some(s.trim().to_string()).filter(|s| !s.is_empty())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("reading {}: {e}", path.display())),
    }
}

/// Analyses `ids` again and rewrites them in one transaction.
fn batch(
    store: &mut Store,
    pipeline: &narrascope_core::Pipeline,
    ids: &[DocId],
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let mut done: Vec<(DocId, Analysis)> = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(raw) = store.raw_document(id)? else {
            continue;
        };
        let mut a = Analysis::new(raw);
        match pipeline.run(&mut a) {
            Ok(()) => done.push((id.clone(), a)),
            Err(e) => {
                tally.failed += 1;
                eprintln!("reanalyze: document {id}: {e}");
            }
        }
    }
    let outcomes = store.in_transaction(|t| {
        done.iter()
            .map(|(id, a)| t.replace_analysis(id, a))
            .collect::<Result<Vec<_>, _>>()
    })?;
    for ((id, _), o) in done.iter().zip(outcomes) {
        match o {
            Reanalysed::Same => tally.done += 1,
            Reanalysed::TextChanged => {
                tally.done += 1;
                tally.text_changed.push(id.0.clone());
            }
            Reanalysed::Missing => {}
        }
    }
    Ok(())
}
