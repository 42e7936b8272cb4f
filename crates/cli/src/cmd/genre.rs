//! `narrascope train genre` and `narrascope eval semeval2023-genre`: the genre model
//! (reporting, opinion, satire) learned from SemEval-2023 Task 3 subtask-1 articles.

use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args as ClapArgs;
use narrascope_provenance::genre::train::{self, Example, Scores};
use narrascope_provenance::genre::{GenreModel, data};
use narrascope_provenance::vectors::DocVectors;

use crate::Global;
use crate::cmd::OutputFormat;
use crate::cmd::train::{DataArgs, parse_split};
use narrascope_provenance::split::Split;

/// The languages of the one-hot block (ISO codes of the SemEval-2023 folders).
const LANGS: [&str; 6] = ["en", "fr", "de", "it", "pl", "ru"];
const DEFAULT_MODEL: &str = "models/semeval2023-genre.json";

#[derive(ClapArgs)]
pub struct TrainArgs {
    /// `data` folder of SemEval-2023 Task 3 (language folders holding
    /// `train-labels-subtask-1.txt`), or one language folder.
    #[command(flatten)]
    data: DataArgs,
    /// Which articles to learn from: train, heldout or all (20 % are held aside by a fixed
    /// hash of `<language folder>/<article id>`).
    #[arg(long, default_value = "train", value_parser = parse_split)]
    split: Split,
    /// Where to write the model.
    #[arg(long, value_name = "FILE", default_value = DEFAULT_MODEL)]
    out: PathBuf,
}

#[derive(ClapArgs)]
pub struct EvalArgs {
    #[command(flatten)]
    data: DataArgs,
    /// Which articles to score: heldout, train or all.
    #[arg(long, default_value = "heldout", value_parser = parse_split)]
    split: Split,
    /// The genre model (from `narrascope train genre`).
    #[arg(long, value_name = "FILE", default_value = DEFAULT_MODEL)]
    model: PathBuf,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

struct Loaded {
    articles: Vec<data::Article>,
    vectors: Vec<DocVectors>,
}

fn load(g: &Global, args: &DataArgs, split: Split) -> anyhow::Result<Loaded> {
    let (mut articles, missing) = data::read_dir(&args.data).map_err(anyhow::Error::msg)?;
    if missing > 0 && !g.quiet {
        eprintln!(
            "{}: {missing} labelled articles have no text file and are skipped",
            args.data.display()
        );
    }
    articles.retain(|a| split.contains(&a.id));
    if articles.is_empty() {
        bail!("{}: no articles in split `{split}`", args.data.display());
    }
    let docs: Vec<(&str, &str)> = articles
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str()))
        .collect();
    let vectors = args.embed(g, "articles embedded", &docs)?;
    Ok(Loaded { articles, vectors })
}

fn vector(v: &DocVectors) -> &[f32] {
    v.document.as_ref().map_or(&[], |d| d.as_slice())
}

pub fn train(g: &Global, a: TrainArgs) -> anyhow::Result<u8> {
    let l = load(g, &a.data, a.split)?;
    let examples: Vec<Example<'_>> = l
        .articles
        .iter()
        .zip(&l.vectors)
        .map(|(d, v)| Example {
            id: &d.id,
            vector: vector(v),
            text: &d.text,
            lang: &d.lang,
            genre: &d.genre,
        })
        .collect();
    let langs: Vec<String> = LANGS.iter().map(|s| s.to_string()).collect();
    let trained_on = format!(
        "SemEval-2023 Task 3 subtask 1, split {} ({} articles)",
        a.split,
        examples.len()
    );
    let (model, report) = train::train(&examples, &langs, a.data.threads, &trained_on);
    if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    model.save(&a.out)?;
    let grid: Vec<String> = report
        .cv_macro_f1
        .iter()
        .map(|((l2, p), f)| format!("l2 {l2} power {p}: {f:.3}"))
        .collect();
    println!(
        "train: {} articles; cross-validated macro-F1 {}; chose l2 {} power {}; wrote {}",
        report.documents,
        grid.join(", "),
        report.chosen.0,
        report.chosen.1,
        a.out.display()
    );
    Ok(crate::EXIT_OK)
}

pub fn eval(g: &Global, a: EvalArgs) -> anyhow::Result<u8> {
    let model = GenreModel::load(&a.model)?;
    let l = load(g, &a.data, a.split)?;
    let preds: Vec<String> = l
        .articles
        .iter()
        .zip(&l.vectors)
        .map(|(d, v)| model.predict(vector(v), &d.text, &d.lang).label)
        .collect();
    let triples: Vec<(&str, &str, &str)> = l
        .articles
        .iter()
        .zip(&preds)
        .map(|(d, p)| (d.lang.as_str(), d.genre.as_str(), p.as_str()))
        .collect();
    let scores = train::score(&triples);
    match a.format {
        OutputFormat::Json => {
            let v = serde_json::json!({
                "benchmark": "SemEval-2023 Task 3 subtask 1",
                "split": a.split.as_str(),
                "model": a.model.display().to_string(),
                "scores": scores,
            });
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        OutputFormat::Text => print!(
            "{}",
            render(&scores, a.split, &a.model.display().to_string())
        ),
    }
    Ok(crate::EXIT_OK)
}

fn render(s: &Scores, split: Split, model: &str) -> String {
    let mut out = format!(
        "SemEval-2023 Task 3 subtask 1 (genre), split {split}, model {model}\n{:<6} {:>5}  {:>8}  {:>8}\n",
        "lang", "docs", "macro-F1", "accuracy"
    );
    let rows = s
        .per_lang
        .iter()
        .map(|(l, g)| (l.as_str(), g))
        .chain([("all", &s.overall)]);
    for (lang, g) in rows {
        out.push_str(&format!(
            "{lang:<6} {:>5}  {:>8.3}  {:>8.3}\n",
            g.docs, g.macro_f1, g.accuracy
        ));
    }
    out
}
