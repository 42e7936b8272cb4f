//! `narrascope eval semeval2025-narratives`: samples-F1 of narrative and sub-narrative
//! predictions on the SemEval-2025 Task 10 subtask-2 data, per language and overall, scored
//! as the task's official scorer does.

use std::fmt::Write as _;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args as ClapArgs, Subcommand};
use narrascope_core::{Format, Metadata, RawDocument, SourceRef};
use narrascope_embed::quant::STORAGE_MODEL;
use narrascope_kb::Kb;
use narrascope_kb::narratives::{Catalogs, NarrativeDef};
use narrascope_narratives::classifier::Classifier;
use narrascope_narratives::classifier::hierarchy::{self, Decoded};
use narrascope_narratives::exemplars::ExemplarIndex;
use narrascope_narratives::matcher::{MatchConfig, Matcher};
use narrascope_narratives::semeval::{self, Classes, Report, Scored, Split};

use crate::Global;
use crate::cmd::OutputFormat;
use crate::cmd::train::{DataArgs, Loaded, input, load, parse_split};

#[derive(ClapArgs)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand)]
enum What {
    /// Narrative and sub-narrative samples-F1 on SemEval-2025 Task 10 subtask-2 data.
    #[command(name = "semeval2025-narratives")]
    Semeval2025Narratives(SemevalArgs),
    /// Genre macro-F1 and accuracy on SemEval-2023 Task 3 subtask-1 articles.
    #[command(name = "semeval2023-genre")]
    Semeval2023Genre(crate::cmd::genre::EvalArgs),
    /// Paragraph-level technique micro-F1 on SemEval-2023 Task 3 subtask-3 articles.
    #[command(name = "semeval2023-techniques")]
    Semeval2023Techniques(crate::cmd::techniques_semeval::EvalArgs),
    /// Entity-framing exact match, fine-role micro-F1 and main-role accuracy on SemEval-2025
    /// Task 10 subtask-1 mentions.
    #[command(name = "semeval2025-roles")]
    Semeval2025Roles(crate::cmd::roles::EvalArgs),
}

#[derive(ClapArgs)]
struct SemevalArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Which documents to score: heldout, train or all.
    #[arg(long, default_value = "heldout", value_parser = parse_split)]
    split: Split,
    /// The trained classifier (from `narrascope train narratives`).
    #[arg(
        long = "model",
        value_name = "FILE",
        default_value = "models/semeval2025-narratives.json"
    )]
    classifier: PathBuf,
    /// Score the catalog matcher on the shipped `semeval2025` catalog instead of a trained
    /// classifier (no training data used).
    #[arg(long)]
    zero_shot: bool,
    /// With `--zero-shot`: the matcher's similarity midpoint to use for the catalog instead
    /// of its calibrated one (for calibration sweeps on the train split).
    #[arg(long, value_name = "X", requires = "zero_shot")]
    midpoint: Option<f32>,
    /// Score the trivial baseline that answers `Other` for every document.
    #[arg(long, conflicts_with = "zero_shot")]
    all_other: bool,
    /// Also write the predictions in the task's TSV format (id, narratives, sub-narratives).
    #[arg(long, value_name = "FILE")]
    predictions: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    match args.what {
        What::Semeval2025Narratives(a) => semeval2025(g, a),
        What::Semeval2023Genre(a) => crate::cmd::genre::eval(g, a),
        What::Semeval2023Techniques(a) => crate::cmd::techniques_semeval::eval(g, a),
        What::Semeval2025Roles(a) => crate::cmd::roles::eval(g, a),
    }
}

fn semeval2025(g: &Global, a: SemevalArgs) -> anyhow::Result<u8> {
    // Check the model file before the slow part.
    let classifier = if a.zero_shot || a.all_other {
        None
    } else {
        Some(Classifier::load(&a.classifier)?)
    };
    let loaded = load(g, &a.data, a.split)?;
    let (predictions, system) = match &classifier {
        Some(c) => (
            (0..loaded.dataset.docs.len())
                .map(|i| c.decode(&input(&loaded, i)))
                .collect::<Vec<_>>(),
            format!("classifier {}", a.classifier.display()),
        ),
        None if a.all_other => (
            vec![hierarchy::decode(&[]); loaded.dataset.docs.len()],
            "baseline: `Other` for every document".to_string(),
        ),
        None => (
            zero_shot(g, &a.data, &loaded, a.midpoint)?,
            "zero-shot catalog matcher (semeval2025 catalog)".to_string(),
        ),
    };
    let pn: Vec<Vec<String>> = predictions.iter().map(Decoded::narrative_labels).collect();
    let ps: Vec<Vec<String>> = predictions
        .iter()
        .map(Decoded::subnarrative_labels)
        .collect();
    let docs = &loaded.dataset.docs;
    let scored: Vec<Scored<'_>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| Scored {
            lang: &d.lang,
            gold_narratives: &d.gold.narratives,
            gold_subnarratives: &d.gold.subnarratives,
            pred_narratives: &pn[i],
            pred_subnarratives: &ps[i],
        })
        .collect();
    let classes = Classes {
        narratives: loaded.dataset.narrative_classes.clone(),
        subnarratives: loaded.dataset.subnarrative_classes.clone(),
    };
    let report = semeval::score(&scored, &classes);
    if let Some(path) = &a.predictions {
        let mut tsv = String::new();
        for (i, d) in docs.iter().enumerate() {
            let _ = writeln!(tsv, "{}\t{}\t{}", d.id, pn[i].join(";"), ps[i].join(";"));
        }
        std::fs::write(path, tsv).with_context(|| format!("cannot write {}", path.display()))?;
    }
    match a.format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "benchmark": "SemEval-2025 Task 10 subtask 2",
                "split": a.split.as_str(),
                "system": system,
                "report": report,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        OutputFormat::Text => print!("{}", render(&report, a.split, &system)),
    }
    Ok(crate::EXIT_OK)
}

fn render(r: &Report, split: Split, system: &str) -> String {
    let mut s = format!(
        "SemEval-2025 Task 10 subtask 2, split {split}, {system}\n\
         samples-F1 (standard deviation)\n\
         {:<6} {:>5}  {:<16} {:<16}\n",
        "lang", "docs", "narratives", "sub-narratives"
    );
    let mut row = |name: &str, g: &semeval::GroupScore| {
        let _ = writeln!(
            s,
            "{name:<6} {:>5}  {:.3} ({:.3})    {:.3} ({:.3})",
            g.docs, g.narratives.mean, g.narratives.std, g.subnarratives.mean, g.subnarratives.std
        );
    };
    for (lang, g) in &r.per_lang {
        row(lang, g);
    }
    row("all", &r.overall);
    s
}

/// Predictions of the catalog matcher: matched narrative ids mapped to their task labels.
fn zero_shot(
    g: &Global,
    data: &DataArgs,
    loaded: &Loaded,
    midpoint: Option<f32>,
) -> anyhow::Result<Vec<Decoded>> {
    let catalogs = Catalogs::shipped();
    let defs: Vec<NarrativeDef> = catalogs
        .iter()
        .filter(|d| d.id.starts_with("semeval2025/") && d.label.is_some())
        .cloned()
        .collect();
    if defs.is_empty() {
        anyhow::bail!("the shipped narrative catalogs have no `semeval2025` catalog");
    }
    let embedder = data.model.load(data.threads, g.quiet)?;
    let refs: Vec<&NarrativeDef> = defs.iter().collect();
    let index = ExemplarIndex::build(&refs, &embedder, STORAGE_MODEL, None);
    let mut matcher =
        Matcher::new(defs.clone(), index, MatchConfig::default()).with_catalog_midpoints(&catalogs);
    if let Some(m) = midpoint {
        matcher.set_midpoint("semeval2025/", m);
    }
    let kb = Kb::shipped().map_err(|e| anyhow::anyhow!("loading the knowledge base: {e}"))?;
    let mut out = Vec::with_capacity(loaded.dataset.docs.len());
    for (d, v) in loaded.dataset.docs.iter().zip(&loaded.vectors) {
        let raw = RawDocument {
            source: SourceRef {
                path: d.id.clone(),
                locator: None,
                format: Format::Text,
            },
            text: d.text.clone(),
            meta: Metadata::default(),
        };
        let analysis =
            narrascope_analyze::analyze(raw).map_err(|e| anyhow::anyhow!("{}: {e}", d.id))?;
        let sentences: Vec<&[f32]> = v.sentences.iter().map(|s| s.as_slice()).collect();
        let matches = matcher.match_document(&analysis, &sentences, &kb);
        let scored: Vec<hierarchy::Scored<'_>> = matches
            .iter()
            .filter_map(|m| {
                let def = defs.iter().find(|x| x.id == m.narrative)?;
                let parent = def
                    .parent
                    .as_ref()
                    .and_then(|p| defs.iter().find(|x| &x.id == p))
                    .and_then(|p| p.label.as_deref());
                Some(hierarchy::Scored {
                    label: def.label.as_deref()?,
                    parent,
                    probability: m.score,
                    threshold: 0.0,
                })
            })
            .filter(|s| !(s.parent.is_some() && s.label.ends_with(": Other")))
            .collect();
        out.push(hierarchy::decode(&scored));
    }
    Ok(out)
}
