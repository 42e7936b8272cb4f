use narrascope_core::{Analysis, Pipeline};
use narrascope_ingest::{IngestOptions, Item, read_input, read_jsonl_line};
use serde_json::json;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use super::sources::SourceArgs;
use crate::Global;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// A readable report per document.
    Text,
    /// One JSON array of analyses.
    Json,
    /// One JSON object per line. With `-` as the only path, stdin is read as JSONL
    /// documents and every input line gives exactly one output line (a result or an
    /// error record), so the command can run as a streaming stage.
    Jsonl,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories to analyse, or `-` for stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    #[command(flatten)]
    source: SourceArgs,
    /// Also embed each document's sentences, so that the trained technique, role and genre
    /// models run too (without it only cues do). Installs the model on first use.
    #[arg(long)]
    embed: bool,
    #[command(flatten)]
    model: super::vectors::ModelArgs,
}

/// The rhetoric and provenance detectors, with the embedder when `--embed` is given.
struct Rhetoric {
    detectors: super::rhetoric::Detectors,
    embedder: Option<narrascope_embed::Embedder>,
}

impl Rhetoric {
    fn load(args: &Args, quiet: bool) -> anyhow::Result<Rhetoric> {
        Ok(Rhetoric {
            detectors: super::rhetoric::Detectors::shipped()?,
            embedder: match args.embed {
                true => Some(args.model.load(0, quiet)?),
                false => None,
            },
        })
    }

    fn apply(&self, a: &mut Analysis) {
        let (sentences, document) = match &self.embedder {
            Some(e) if !a.doc.sentences.is_empty() => super::vectors::embed_documents(e, &[&a.doc])
                .first()
                .map(super::rhetoric::decode_set)
                .unwrap_or_default(),
            _ => Default::default(),
        };
        let s = (!sentences.is_empty()).then_some(sentences.as_slice());
        self.detectors.run(a, s, document.as_ref());
    }
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let opts = args.source.options()?;
    let pipeline = pipeline()?;
    let rhetoric = Rhetoric::load(&args, g.quiet)?;
    if args.format == Format::Jsonl && args.paths.len() == 1 && args.paths[0].as_os_str() == "-" {
        return stream(&opts, &pipeline, &rhetoric);
    }
    let (inputs, mut tally, bar) = super::sources::discover_inputs(&args.paths, g.quiet);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut all: Vec<serde_json::Value> = Vec::new();
    let mut write_err: Option<std::io::Error> = None;
    for input in &inputs {
        read_input(input, &opts, &mut |item| match item {
            Item::Doc(raw) => {
                let name = raw.source.to_string();
                let mut a = Analysis::new(raw);
                match pipeline.run(&mut a) {
                    Ok(()) => {
                        rhetoric.apply(&mut a);
                        tally.ok += 1;
                        let r = emit(&mut out, args.format, &a, &mut all);
                        if let (Err(e), None) = (r, &write_err) {
                            write_err = Some(e);
                        }
                    }
                    Err(e) => tally.error(&format!("{name}: {e}")),
                }
            }
            Item::Error(e) => tally.error(&e.to_string()),
            Item::Skipped { input, reason } => tally.skip(&input, &reason),
        });
        bar.inc(input.size.unwrap_or(0));
        if let Some(e) = write_err.take() {
            return Err(e.into());
        }
    }
    bar.finish_and_clear();
    if args.format == Format::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
    }
    if !g.quiet {
        eprintln!(
            "analyze: {} documents analysed, {} skipped, {} failed",
            tally.ok, tally.skipped, tally.failed
        );
    }
    Ok(tally.exit_code())
}

/// The full analysis pipeline (foundation stages, actor linking, claims) over the shipped
/// knowledge base. Built once per run: loading the knowledge base and building the linker's
/// automata take far longer than analysing one document.
pub(crate) fn pipeline() -> anyhow::Result<Pipeline> {
    let kb = narrascope_kb::Kb::shipped()
        .map_err(|e| anyhow::anyhow!("loading the shipped knowledge base: {e}"))?;
    narrascope_actors::full_pipeline(&kb)
        .map_err(|e| anyhow::anyhow!("building the analysis pipeline: {e}"))
}

fn emit(
    out: &mut impl Write,
    format: Format,
    a: &Analysis,
    all: &mut Vec<serde_json::Value>,
) -> std::io::Result<()> {
    match format {
        Format::Text => writeln!(out, "{}", crate::report::analysis(a)),
        Format::Json => {
            all.push(serde_json::to_value(a).map_err(std::io::Error::other)?);
            Ok(())
        }
        Format::Jsonl => writeln!(
            out,
            "{}",
            serde_json::to_string(a).map_err(std::io::Error::other)?
        ),
    }
}

/// The streaming stage: JSONL in, one JSONL line out per input line. A line that cannot be
/// read or analysed becomes an error record and the stream goes on.
fn stream(opts: &IngestOptions, pipeline: &Pipeline, rhetoric: &Rhetoric) -> anyhow::Result<u8> {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for (i, line) in stdin.lock().lines().enumerate() {
        let lineno = i + 1;
        let record = match line {
            Err(e) => {
                failed = true;
                json!({"line": lineno, "error": format!("-: line {lineno}: cannot read: {e}")})
            }
            Ok(line) => match read_jsonl_line(&line, lineno, "-", opts)
                .map_err(|e| e.to_string())
                .and_then(|raw| {
                    let mut a = Analysis::new(raw);
                    match pipeline.run(&mut a) {
                        Ok(()) => {
                            rhetoric.apply(&mut a);
                            Ok(a)
                        }
                        Err(e) => Err(format!("-: line {lineno}: {e}")),
                    }
                }) {
                Ok(a) => json!({"line": lineno, "analysis": a}),
                Err(message) => {
                    failed = true;
                    json!({"line": lineno, "error": message})
                }
            },
        };
        writeln!(out, "{record}")?;
        // Each result is visible downstream as soon as it is ready.
        out.flush()?;
    }
    Ok(if failed {
        crate::EXIT_SOME_FAILED
    } else {
        crate::EXIT_OK
    })
}
