//! `narrascope train techniques` and `narrascope eval semeval2023-techniques`: the
//! persuasion-technique model learned from SemEval-2023 Task 3 subtask-3 articles, scored
//! per paragraph as the task's scorer does.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args as ClapArgs;
use narrascope_kb::KbPaths;
use narrascope_learn::logreg::TrainConfig;
use narrascope_learn::split::Split;
use narrascope_learn::vectors::DocVectors;
use narrascope_rhetoric::semeval::{self, Article, Prepared, Report, TrainOptions};
use narrascope_rhetoric::{CueSet, Model, TechniqueDetector};

use crate::Global;
use crate::cmd::OutputFormat;
use crate::cmd::train::{DataArgs, parse_split};

const DEFAULT_MODEL: &str = "models/semeval2023-techniques.json";

#[derive(ClapArgs)]
pub struct TrainArgs {
    /// `data` folder of SemEval-2023 Task 3 (language folders holding
    /// `train-labels-subtask-3.txt`), or one language folder.
    #[command(flatten)]
    data: DataArgs,
    /// Which articles to learn from: train, heldout or all (20 % are held aside by a fixed
    /// hash of `<language folder>/<article id>`).
    #[arg(long, default_value = "train", value_parser = parse_split)]
    split: Split,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_MODEL)]
    out: PathBuf,
    /// L2 penalty of the logistic regressions (chosen by out-of-fold paragraph micro-F1 on
    /// the train split: 0.1 gave 0.404, 0.3 gave 0.401).
    #[arg(long, value_name = "X", default_value_t = 0.1)]
    l2: f32,
}

#[derive(ClapArgs)]
pub struct EvalArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Which articles to score: heldout, train or all.
    #[arg(long, default_value = "heldout", value_parser = parse_split)]
    split: Split,
    /// The technique model (from `narrascope train techniques`).
    #[arg(long, value_name = "FILE", default_value = DEFAULT_MODEL)]
    model: PathBuf,
    /// Score the knowledge-base cues alone (no model, no embedding).
    #[arg(long)]
    cues_only: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

/// The shipped cue files (from the shipped `kb/` folder when there is one), without user
/// layers, so that training and scoring do not depend on the environment.
fn shipped_cues() -> anyhow::Result<CueSet> {
    let paths = KbPaths {
        shipped: KbPaths::discover(&[]).shipped,
        user: Vec::new(),
    };
    Ok(CueSet::load(&paths)?)
}

fn read(g: &Global, data: &DataArgs, split: Split) -> anyhow::Result<Vec<Article>> {
    let mut d = semeval::read_dir(&data.data).map_err(anyhow::Error::msg)?;
    if !g.quiet && !d.missing.is_empty() {
        eprintln!(
            "{}: {} labelled articles have no text file and are skipped",
            data.data.display(),
            d.missing.len()
        );
    }
    if !g.quiet && !d.unknown_labels.is_empty() {
        let u: Vec<&str> = d.unknown_labels.iter().map(String::as_str).collect();
        eprintln!(
            "{}: unknown labels skipped: {}",
            data.data.display(),
            u.join(", ")
        );
    }
    d.articles.retain(|a| split.contains(&a.key));
    if d.articles.is_empty() {
        bail!("{}: no articles in split `{split}`", data.data.display());
    }
    Ok(d.articles)
}

fn embed(g: &Global, data: &DataArgs, articles: &[Article]) -> anyhow::Result<Vec<DocVectors>> {
    let docs: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.key.as_str(), a.text.as_str()))
        .collect();
    data.embed(g, "articles embedded", &docs)
}

fn prepare(articles: &[Article]) -> anyhow::Result<Vec<Prepared<'_>>> {
    articles
        .iter()
        .map(|a| semeval::prepare(a).map_err(anyhow::Error::msg))
        .collect()
}

pub fn train(g: &Global, a: TrainArgs) -> anyhow::Result<u8> {
    let cues = shipped_cues()?;
    let articles = read(g, &a.data, a.split)?;
    let vectors = embed(g, &a.data, &articles)?;
    let prepared = prepare(&articles)?;
    let opts = TrainOptions {
        logreg: TrainConfig {
            threads: a.data.threads,
            l2: a.l2,
            ..TrainConfig::default()
        },
        trained_on: format!(
            "SemEval-2023 Task 3 subtask 3, split {} ({} articles)",
            a.split,
            articles.len()
        ),
        ..TrainOptions::default()
    };
    let (model, r) = semeval::train(&prepared, &vectors, &cues, &opts);
    if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    model.save(&a.out)?;
    println!(
        "train: {} articles, {} sentences, {} techniques with a model ({} too rare: {}); \
         out-of-fold paragraph micro-F1 {:.3} at 0.5 -> {:.3} with tuned thresholds \
         ({} paragraphs); wrote {}",
        r.articles,
        r.sentences,
        r.techniques,
        r.skipped.len(),
        r.skipped.join(", "),
        r.before,
        r.after,
        r.paragraphs,
        a.out.display()
    );
    Ok(crate::EXIT_OK)
}

pub fn eval(g: &Global, a: EvalArgs) -> anyhow::Result<u8> {
    let model = if a.cues_only {
        None
    } else {
        Some(Model::load(&a.model)?)
    };
    let detector = TechniqueDetector::new(shipped_cues()?, model);
    let articles = read(g, &a.data, a.split)?;
    let vectors = match detector.model {
        Some(_) => Some(embed(g, &a.data, &articles)?),
        None => None,
    };
    let prepared = prepare(&articles)?;
    let report = semeval::evaluate(&detector, &prepared, vectors.as_deref());
    let cues = semeval::cue_precision(&detector, &prepared);
    let system = match a.cues_only {
        true => "cues only".to_string(),
        false => format!("model {} with cues", a.model.display()),
    };
    match a.format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "benchmark": "SemEval-2023 Task 3 subtask 3",
                "split": a.split.as_str(),
                "system": system,
                "report": report,
                "cues": cues.iter().map(|(id, n, ok)| serde_json::json!({
                    "cue": id, "paragraphs": n, "correct": ok,
                })).collect::<Vec<_>>(),
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        OutputFormat::Text => {
            print!("{}", render(&report, a.split, &system, articles.len()));
            println!(
                "\ncue precision (labelled paragraphs a cue fired in that carry its technique)"
            );
            for (id, n, ok) in cues.iter().filter(|c| c.1 > 0) {
                println!("{id:<40} {ok:>4}/{n:<4} {:.2}", *ok as f64 / *n as f64);
            }
        }
    }
    Ok(crate::EXIT_OK)
}

fn render(r: &Report, split: Split, system: &str, articles: usize) -> String {
    let mut s = format!(
        "SemEval-2023 Task 3 subtask 3, split {split} ({articles} articles), {system}\n\
         paragraph-level micro-averaged scores\n\
         {:<6} {:>6} {:>9} {:>6} {:>6} {:>6}\n",
        "lang", "paras", "precision", "recall", "F1", "pairs"
    );
    let mut row = |name: &str, c: &semeval::Counts| {
        let _ = writeln!(
            s,
            "{name:<6} {:>6} {:>9.3} {:>6.3} {:>6.3} {:>6}",
            c.paragraphs,
            c.precision(),
            c.recall(),
            c.f1(),
            c.tp + c.fn_
        );
    };
    for (lang, c) in &r.per_lang {
        row(lang, c);
    }
    row("all", &r.overall);
    s
}
