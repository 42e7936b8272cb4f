//! The `narrascope` command-line tool.

mod cmd;
mod progress;
mod report;
mod report_rhetoric;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit status when every input was processed.
pub const EXIT_OK: u8 = 0;
/// Exit status when the run finished but some inputs failed (each was reported).
pub const EXIT_SOME_FAILED: u8 = 1;
/// Exit status for a fatal error (corpus unusable, bad option value).
pub const EXIT_FATAL: u8 = 3;

const EXIT_CODES: &str = "Exit status:
  0  everything succeeded
  1  the run finished, but some inputs failed (each failure was reported on stderr)
  2  the command line was invalid
  3  a fatal error stopped the run (for example the corpus could not be opened)";

/// narrascope reconstructs actors, claims, narratives, rhetoric and provenance from texts in
/// any language, every finding pointing at its evidence. It describes what texts claim; it
/// never decides what is true.
#[derive(Parser)]
#[command(name = "narrascope", version, after_help = EXIT_CODES, propagate_version = true)]
pub struct Cli {
    /// Corpus directory (SQLite database and index files).
    #[arg(
        long,
        global = true,
        env = "NARRASCOPE_CORPUS",
        default_value = "narrascope-corpus"
    )]
    corpus: PathBuf,
    /// More log output on stderr (-v info, -vv debug, -vvv trace).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "quiet")]
    verbose: u8,
    /// Only errors on stderr; no progress bars or summaries.
    #[arg(short, long, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read sources, analyse each document and store it in the corpus.
    Ingest(cmd::ingest::Args),
    /// Analyse sources and print the results without storing them (a streaming stage with
    /// `--format jsonl -`).
    Analyze(cmd::analyze::Args),
    /// Print one stored document.
    Show(cmd::show::Args),
    /// Analyse stored documents again with the current pipeline and rewrite their layers.
    Reanalyze(cmd::reanalyze::Args),
    /// Summarise the corpus: documents by language, month, outlet and format.
    Stats(cmd::stats::Args),
    /// List the most-mentioned actors, the names they were seen under, and unlinked names.
    Actors(cmd::actors::Args),
    /// List the claims made about actors, most frequent first, with their evidence.
    Claims(cmd::claims::Args),
    /// Narratives the corpus carries (catalog matches with evidence, lineage links,
    /// discovered candidates); `show` one, `promote` a discovered one.
    Narratives(cmd::narratives::Args),
    /// Serve the local workbench: web UI and JSON API over the corpus.
    Serve(cmd::serve::Args),
    /// Install or inspect the multilingual sentence-embedding model.
    Model(cmd::model::Args),
    /// Embed lines (or JSONL records) from stdin; writes JSONL vectors to stdout.
    Embed(cmd::embed::Args),
    /// Embed every stored document that has no vectors yet (resumable).
    Vectors(cmd::vectors::Args),
    /// Persuasion techniques the corpus uses, by family, with their spans and evidence.
    Techniques(cmd::rhetoric::techniques::Args),
    /// Sources the corpus cites (outlets, agencies, officials), who cites them, and the
    /// documents that look machine-translated.
    Sources(cmd::rhetoric::cited::Args),
    /// Search the corpus: full text, semantic (any language) or hybrid, with filters and facets.
    Search(cmd::search::Args),
    /// Check the knowledge base, or extend it from a Wikidata dump.
    Kb(cmd::kb::KbArgs),
    /// Train a model from labelled data (`train narratives`).
    Train(cmd::train::Args),
    /// Score narrascope on a benchmark (`eval semeval2025-narratives`).
    Eval(cmd::eval::Args),
    /// Print a shell completion script.
    Completions(cmd::completions::Args),
}

/// Settings every command shares.
pub struct Global {
    pub corpus: PathBuf,
    pub quiet: bool,
}

fn init_logging(verbose: u8, quiet: bool) {
    let level = match (quiet, verbose) {
        (true, _) => tracing::Level::ERROR,
        (false, 0) => tracing::Level::WARN,
        (false, 1) => tracing::Level::INFO,
        (false, 2) => tracing::Level::DEBUG,
        _ => tracing::Level::TRACE,
    };
    tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_target(false)
        .without_time()
        .init();
}

/// Output piped into a program that stops reading early (`narrascope stats | head`) ends
/// this process quietly, as other command-line tools do, instead of failing to print.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    init_logging(cli.verbose, cli.quiet);
    let global = Global {
        corpus: cli.corpus,
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Ingest(a) => cmd::ingest::run(&global, a),
        Command::Analyze(a) => cmd::analyze::run(&global, a),
        Command::Show(a) => cmd::show::run(&global, a),
        Command::Reanalyze(a) => cmd::reanalyze::run(&global, a),
        Command::Stats(a) => cmd::stats::run(&global, a),
        Command::Actors(a) => cmd::actors::run(&global, a),
        Command::Claims(a) => cmd::claims::run(&global, a),
        Command::Narratives(a) => cmd::narratives::run(&global, a),
        Command::Serve(a) => cmd::serve::run(&global, a),
        Command::Model(a) => cmd::model::run(a).map(|()| EXIT_OK),
        Command::Embed(a) => cmd::embed::run(a).map(|()| EXIT_OK),
        Command::Kb(a) => cmd::kb::run(a).map(|()| EXIT_OK),
        Command::Train(a) => cmd::train::run(&global, a),
        Command::Eval(a) => cmd::eval::run(&global, a),
        Command::Vectors(a) => cmd::vectors::run(&global, a),
        Command::Search(a) => cmd::search::run(&global, a),
        Command::Techniques(a) => cmd::rhetoric::techniques::run(&global, a),
        Command::Sources(a) => cmd::rhetoric::cited::run(&global, a),
        Command::Completions(a) => cmd::completions::run(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_FATAL)
        }
    }
}
