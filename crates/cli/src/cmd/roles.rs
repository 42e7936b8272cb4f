//! `narrascope train roles` and `narrascope eval semeval2025-roles`: the entity-framing
//! model learned from and scored on SemEval-2025 Task 10 subtask-1 data (entity mentions
//! with main and fine roles), with the 20 % held-aside split the narrative classifier uses.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::Args as ClapArgs;
use narrascope_core::Analysis;
use narrascope_embed::Vector;
use narrascope_framing::data::{self, RoleDoc};
use narrascope_framing::features::FeatureSpec;
use narrascope_framing::prepare::{PreparedDoc, prepare_all};
use narrascope_framing::score::{Pair, Report, report};
use narrascope_framing::taxonomy::{FINE_ROLES, MAIN_ROLES};
use narrascope_framing::train::{Example, TrainOptions, aggregate, train as fit};
use narrascope_framing::{RoleModel, RoleProbs};
use narrascope_kb::Kb;
use narrascope_narratives::classifier::TrainConfig;
use narrascope_narratives::semeval::Split;

use crate::Global;
use crate::cmd::OutputFormat;
use crate::cmd::train::{DataArgs, LANGS, parse_split};

#[derive(ClapArgs)]
pub struct TrainArgs {
    /// A folder holding `subtask-1-annotations.txt` files and the `*raw-documents*` folders
    /// of the December release (e.g. the task's data folder above both releases).
    #[command(flatten)]
    data: DataArgs,
    /// Which documents to learn from: train, heldout or all.
    #[arg(long, default_value = "train", value_parser = parse_split)]
    split: Split,
    #[arg(
        long,
        value_name = "FILE",
        default_value = "models/semeval2025-roles.json"
    )]
    out: PathBuf,
    /// L2 penalty of the logistic regressions.
    #[arg(long, value_name = "X", default_value_t = 1.0)]
    l2: f32,
    /// Leave the document's mean sentence vector out of the features.
    #[arg(long)]
    no_document_mean: bool,
}

#[derive(ClapArgs)]
pub struct EvalArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Which documents to score: heldout, train or all.
    #[arg(long, default_value = "heldout", value_parser = parse_split)]
    split: Split,
    /// The role model (default: the shipped one).
    #[arg(long = "model", value_name = "FILE")]
    role_model: Option<PathBuf>,
    /// Decide each mention alone instead of averaging over the actor's mentions.
    #[arg(long)]
    per_mention: bool,
    /// Score the baseline answering `Antagonist` / `Foreign Adversary` for every mention.
    #[arg(long)]
    majority: bool,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

struct Loaded {
    docs: Vec<RoleDoc>,
    sentences: Vec<Vec<Vector>>,
    prepared: Vec<(Analysis, PreparedDoc)>,
}

fn load(g: &Global, a: &DataArgs, split: Split, spec: &FeatureSpec) -> anyhow::Result<Loaded> {
    let mut ds = data::read_dir(&a.data)?;
    if !ds.missing.is_empty() && !g.quiet {
        eprintln!(
            "{}: {} annotated documents have no text file and are skipped",
            a.data.display(),
            ds.missing.len()
        );
    }
    ds.docs.retain(|d| split.contains(&d.id));
    if ds.docs.is_empty() {
        bail!("{}: no documents in split `{split}`", a.data.display());
    }
    let pairs: Vec<(&str, &str)> = ds
        .docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let vectors = a.embed(g, "documents embedded", &pairs)?;
    let sentences: Vec<Vec<Vector>> = vectors.into_iter().map(|v| v.sentences).collect();
    let kb = Kb::shipped().map_err(|e| anyhow::anyhow!("loading the knowledge base: {e}"))?;
    let pipeline = narrascope_actors::full_pipeline(&kb)?;
    let prepared = prepare_all(&pipeline, &ds.docs, &sentences, spec, a.threads)
        .map_err(anyhow::Error::msg)?;
    let approx: usize = prepared.iter().map(|p| p.1.approximate).sum();
    if approx > 0 && !g.quiet {
        eprintln!("{approx} mentions not found in the normalised text were placed by position");
    }
    Ok(Loaded {
        docs: ds.docs,
        sentences,
        prepared,
    })
}

pub fn train(g: &Global, a: TrainArgs) -> anyhow::Result<u8> {
    let spec = FeatureSpec {
        langs: LANGS.iter().map(|s| s.to_string()).collect(),
        technique_families: Vec::new(),
        document_mean: !a.no_document_mean,
    };
    let l = load(g, &a.data, a.split, &spec)?;
    let examples: Vec<Example> = l.prepared.into_iter().flat_map(|p| p.1.examples).collect();
    let opts = TrainOptions {
        logreg: TrainConfig {
            threads: a.data.threads,
            l2: a.l2,
            ..TrainConfig::default()
        },
        spec,
        folds: 5,
        trained_on: format!(
            "SemEval-2025 Task 10 subtask 1, split {} ({} documents, {} mentions)",
            a.split,
            l.docs.len(),
            examples.len()
        ),
    };
    let (model, r) = fit(&examples, &opts);
    if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    model.save(&a.out)?;
    println!(
        "train: {} mentions in {} documents; out-of-fold exact match {:.3} -> {:.3}, \
         fine micro-F1 {:.3} -> {:.3}, main accuracy {:.3} -> {:.3} after tuning; wrote {}",
        r.examples,
        l.docs.len(),
        r.before.exact_match,
        r.after.exact_match,
        r.before.micro_f1,
        r.after.micro_f1,
        r.before.main_accuracy,
        r.after.main_accuracy,
        a.out.display()
    );
    Ok(crate::EXIT_OK)
}

pub fn eval(g: &Global, a: EvalArgs) -> anyhow::Result<u8> {
    let model = match &a.role_model {
        Some(p) => RoleModel::load(p)?,
        None => RoleModel::shipped()?,
    };
    let l = load(g, &a.data, a.split, &model.spec)?;
    let examples: Vec<&Example> = l.prepared.iter().flat_map(|p| &p.1.examples).collect();
    let owned: Vec<Example> = examples.iter().map(|e| (*e).clone()).collect();
    let mut probs: Vec<RoleProbs> = owned
        .iter()
        .map(|e| model.probabilities(&e.features))
        .collect();
    if !a.per_mention {
        probs = aggregate(&owned, &probs);
    }
    let names = |f: &[usize]| {
        f.iter()
            .map(|&k| FINE_ROLES[k].0.to_string())
            .collect::<Vec<_>>()
    };
    let decided: Vec<(&str, Vec<String>)> = probs
        .iter()
        .map(|p| match a.majority {
            true => ("Antagonist", vec!["Foreign Adversary".to_string()]),
            false => {
                let d = model.decide(p);
                (MAIN_ROLES[d.main], names(&d.fine))
            }
        })
        .collect();
    let gold: Vec<Vec<String>> = owned.iter().map(|e| names(&e.fine)).collect();
    let pairs: Vec<Pair<'_>> = owned
        .iter()
        .zip(&decided)
        .zip(&gold)
        .map(|((e, (m, f)), gf)| Pair {
            lang: &e.lang,
            gold_main: MAIN_ROLES[e.main],
            gold_fine: gf,
            pred_main: m,
            pred_fine: f,
        })
        .collect();
    let r = report(&pairs);
    // Framing speed once vectors exist: every linked actor of every document, one thread.
    let t = Instant::now();
    let mut framings = 0;
    for ((an, _), v) in l.prepared.iter().zip(&l.sentences) {
        framings += model.frame(an, Some(v)).len();
    }
    let secs = t.elapsed().as_secs_f64().max(1e-9);
    let system = match (a.majority, a.per_mention) {
        (true, _) => "baseline: Antagonist / Foreign Adversary".to_string(),
        (false, pm) => format!(
            "role model {}{}",
            a.role_model
                .as_ref()
                .map_or("(shipped)".into(), |p| p.display().to_string()),
            if pm {
                ", per mention"
            } else {
                ", averaged per actor"
            }
        ),
    };
    match a.format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "benchmark": "SemEval-2025 Task 10 subtask 1",
                "split": a.split.as_str(),
                "system": system,
                "report": r,
                "framing": {"documents": l.docs.len(), "framings": framings, "seconds": secs},
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        OutputFormat::Text => {
            print!("{}", render(&r, a.split, &system));
            println!(
                "framing {} documents ({framings} actors) on one thread: {:.4} s, {:.0} documents/s",
                l.docs.len(),
                secs,
                l.docs.len() as f64 / secs
            );
        }
    }
    Ok(crate::EXIT_OK)
}

fn render(r: &Report, split: Split, system: &str) -> String {
    let mut s = format!(
        "SemEval-2025 Task 10 subtask 1, split {split}, {system}\n\
         {:<6} {:>8}  {:>6}  {:>7} {:>7} {:>7}  {:>7}\n",
        "lang", "mentions", "EMR", "micro-P", "micro-R", "micro-F1", "main-acc"
    );
    let mut row = |name: &str, x: &narrascope_framing::score::Scores| {
        let _ = writeln!(
            s,
            "{name:<6} {:>8}  {:>6.3}  {:>7.3} {:>7.3} {:>7.3}   {:>7.3}",
            x.mentions,
            x.exact_match,
            x.micro_precision,
            x.micro_recall,
            x.micro_f1,
            x.main_accuracy
        );
    };
    for (lang, x) in &r.per_lang {
        row(lang, x);
    }
    row("all", &r.overall);
    s
}
