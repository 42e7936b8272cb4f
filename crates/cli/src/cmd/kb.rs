//! `narrascope kb`: check the knowledge base, import names from Wikidata.

use std::collections::HashSet;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use narrascope_kb::{EntityType, KbPaths, check, wikidata};

#[derive(Debug, Args)]
pub struct KbArgs {
    #[command(subcommand)]
    pub command: KbCommand,
}

#[derive(Debug, Subcommand)]
pub enum KbCommand {
    /// Validate the knowledge base: the shipped files plus your own layered over them.
    ///
    /// Reports duplicate ids, forms shared by several entities (unless listed under
    /// `ambiguous` in each), malformed ids and QIDs, unknown types and languages.
    /// Exits non-zero when there is an error.
    Check {
        /// A folder (or file) of your own entity files; repeatable. `NARRASCOPE_KB` adds more.
        #[arg(long = "kb", value_name = "DIR")]
        kb: Vec<PathBuf>,
    },
    /// Write labels and aliases from a Wikidata JSON dump (plain or gzip) to a KB file.
    ImportWikidata(ImportArgs),
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The dump: one entity per line, as Wikidata publishes it.
    #[arg(value_name = "DUMP")]
    pub dump: PathBuf,
    /// Entity ids to import (comma-separated or repeated), e.g. Q30,Q794.
    #[arg(long, value_delimiter = ',', required_unless_present = "types")]
    pub ids: Vec<String>,
    /// Import every entity whose P31 ("instance of") is one of these classes, e.g. Q5.
    #[arg(long, value_delimiter = ',')]
    pub types: Vec<String>,
    /// Languages to keep.
    #[arg(long, value_delimiter = ',', default_value = "en,fr,es,de,it,pt,ru,ar")]
    pub langs: Vec<String>,
    /// The entity type to write (guessed from P31 when absent), e.g. person, state.
    #[arg(long = "kind", value_name = "TYPE")]
    pub kind: Option<String>,
    /// The KB file to write.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(args: KbArgs) -> anyhow::Result<()> {
    match args.command {
        KbCommand::Check { kb } => {
            let paths = KbPaths::discover(&kb);
            let report = check(&paths)?;
            print!("{}", report.render());
            if report.errors() > 0 {
                bail!("knowledge base has {} errors", report.errors());
            }
            Ok(())
        }
        KbCommand::ImportWikidata(a) => import(a),
    }
}

fn import(a: ImportArgs) -> anyhow::Result<()> {
    for id in a.ids.iter().chain(&a.types) {
        if !narrascope_kb::is_qid(id) {
            bail!("{id:?} is not a Wikidata id like Q30");
        }
    }
    let kind = match &a.kind {
        Some(k) => Some(EntityType::parse(k).with_context(|| format!("unknown type {k:?}"))?),
        None => None,
    };
    let opts = wikidata::ImportOptions {
        ids: a.ids.into_iter().collect::<HashSet<_>>(),
        types: a.types.into_iter().collect(),
        langs: a.langs,
        kind,
    };
    let reader = wikidata::open_dump(&a.dump)?;
    let (file, stats) =
        wikidata::import(reader, &opts).with_context(|| format!("reading {}", a.dump.display()))?;
    let text = wikidata::to_toml(&file)?;
    std::fs::write(&a.out, text).with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!(
        "{}: {} lines read, {} entities written to {}",
        a.dump.display(),
        stats.lines,
        stats.imported,
        a.out.display()
    );
    if let Some(n) = stats.first_bad_line {
        eprintln!(
            "warning: {} lines were not valid JSON (first: line {n})",
            stats.bad_lines
        );
    }
    Ok(())
}
