//! `narrascope train narratives`: learns the narrative classifier from documents labelled in
//! the SemEval-2025 Task 10 subtask-2 layout, and the data loading `eval` shares.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args as ClapArgs, Subcommand};
use narrascope_narratives::classifier::{
    self, DocInput, DocVectors, Example, TrainOptions, VectorCache,
};
use narrascope_narratives::semeval::{self, Dataset, Split};

use crate::Global;
use crate::cmd::vectors::ModelArgs;

/// The languages of the one-hot feature block.
pub const LANGS: [&str; 5] = ["en", "bg", "hi", "pt", "ru"];

#[derive(ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Train the narrative classifier from labelled documents (SemEval-2025 Task 10
    /// subtask-2 layout: `subtask-2-annotations.txt` next to a `*raw-documents*` folder).
    Narratives(NarrativesArgs),
    /// Train the genre model (reporting, opinion, satire) from SemEval-2023 Task 3
    /// subtask-1 articles.
    Genre(crate::cmd::genre::TrainArgs),
    /// Train the persuasion-technique model from SemEval-2023 Task 3 subtask-3 articles.
    Techniques(crate::cmd::techniques_semeval::TrainArgs),
    /// Train the entity-framing role model from SemEval-2025 Task 10 subtask-1 mentions.
    Roles(crate::cmd::roles::TrainArgs),
}

/// Where the labelled data and its cached vectors are.
#[derive(Debug, Clone, ClapArgs)]
pub struct DataArgs {
    /// A language folder of the benchmark, or a folder above several.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// Folder for cached sentence vectors (default: the user cache, narrascope/features).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    #[command(flatten)]
    pub model: ModelArgs,
    /// Worker threads (0: one per core).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

#[derive(ClapArgs)]
struct NarrativesArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Which documents to learn from: train, heldout or all (20 % are held aside by a
    /// fixed hash of the document id).
    #[arg(long, default_value = "train", value_parser = parse_split)]
    split: Split,
    /// Where to write the model.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "models/semeval2025-narratives.json"
    )]
    out: PathBuf,
    /// Add the component-wise maximum over sentence vectors to the features.
    #[arg(long)]
    max_pool: bool,
}

pub fn parse_split(s: &str) -> Result<Split, String> {
    s.parse()
}

/// The documents of one split with their sentence vectors.
pub struct Loaded {
    pub dataset: Dataset,
    pub vectors: Vec<DocVectors>,
}

impl DataArgs {
    /// Sentence and document vectors of `(id, text)` documents, from the cache folder where
    /// present, embedded (and cached) otherwise, with progress counted in `what`.
    pub fn embed(
        &self,
        g: &Global,
        what: &str,
        docs: &[(&str, &str)],
    ) -> anyhow::Result<Vec<DocVectors>> {
        let cache = match &self.cache {
            Some(dir) => Some(VectorCache::new(dir)),
            None => VectorCache::default_dir().map(VectorCache::new),
        };
        let embedder = self.model.load(self.threads, g.quiet)?;
        let bar = crate::progress::counter(what, g.quiet);
        bar.set_length(docs.len() as u64);
        let vectors =
            classifier::embed_all(&embedder, docs, cache.as_ref(), &mut |n| bar.inc(n as u64))
                .map_err(anyhow::Error::msg)?;
        bar.finish_and_clear();
        Ok(vectors)
    }
}

/// Reads the data folder, keeps the documents of `split` and embeds them (cached).
pub fn load(g: &Global, args: &DataArgs, split: Split) -> anyhow::Result<Loaded> {
    let mut dataset = semeval::read_dir(&args.data)?;
    if !dataset.missing.is_empty() && !g.quiet {
        eprintln!(
            "{}: {} annotated documents have no text file and are skipped",
            args.data.display(),
            dataset.missing.len()
        );
    }
    dataset.docs.retain(|d| split.contains(&d.id));
    if dataset.docs.is_empty() {
        bail!("{}: no documents in split `{split}`", args.data.display());
    }
    let docs: Vec<(&str, &str)> = dataset
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let vectors = args.embed(g, "documents embedded", &docs)?;
    Ok(Loaded { dataset, vectors })
}

/// The classifier input of document `i`.
pub fn input(l: &Loaded, i: usize) -> DocInput<'_> {
    DocInput {
        vectors: &l.vectors[i],
        lang: &l.dataset.docs[i].lang,
        exemplar_sims: None,
    }
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    match args.what {
        What::Narratives(a) => narratives(g, a),
        What::Genre(a) => crate::cmd::genre::train(g, a),
        What::Techniques(a) => crate::cmd::techniques_semeval::train(g, a),
        What::Roles(a) => crate::cmd::roles::train(g, a),
    }
}

fn narratives(g: &Global, a: NarrativesArgs) -> anyhow::Result<u8> {
    let loaded = load(g, &a.data, a.split)?;
    let examples: Vec<Example<'_>> = loaded
        .dataset
        .docs
        .iter()
        .enumerate()
        .map(|(i, d)| Example {
            id: &d.id,
            input: input(&loaded, i),
            narratives: &d.gold.narratives,
            subnarratives: &d.gold.subnarratives,
        })
        .collect();
    let opts = TrainOptions {
        max_pool: a.max_pool,
        langs: LANGS.iter().map(|s| s.to_string()).collect(),
        logreg: classifier::TrainConfig {
            threads: a.data.threads,
            ..classifier::TrainConfig::default()
        },
        trained_on: format!(
            "SemEval-2025 Task 10 subtask 2, split {} ({} documents)",
            a.split,
            examples.len()
        ),
        ..TrainOptions::default()
    };
    let (model, report) = classifier::train(&examples, &opts);
    write_model(&model, &a.out)?;
    println!(
        "train: {} documents, {} labels with a model ({} too rare), thresholds tuned on \
         out-of-fold probabilities of {} documents (objective {:.3} -> {:.3}); wrote {}",
        report.documents,
        report.labels,
        report.skipped_labels.len(),
        report.validation_documents,
        report.validation_before,
        report.validation_after,
        a.out.display()
    );
    Ok(crate::EXIT_OK)
}

fn write_model(model: &classifier::Classifier, out: &Path) -> anyhow::Result<()> {
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    model.save(out)?;
    Ok(())
}
