use narrascope_corpus::{Count, Store};

use super::OutputFormat;
use crate::Global;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// How many values to list per facet in text output.
    #[arg(long, default_value_t = 15)]
    top: usize,
}

fn section(title: &str, counts: &[Count], top: usize) {
    println!("{title}:");
    for c in counts.iter().take(top) {
        println!("  {:>7}  {}", c.count, c.value);
    }
    if counts.len() > top {
        println!("  … and {} more", counts.len() - top);
    }
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let store = Store::open_existing(&g.corpus)?;
    let s = store.stats()?;
    match args.format {
        OutputFormat::Json => println!("{}", serde_json::to_string_pretty(&s.to_json())?),
        OutputFormat::Text => {
            println!("Corpus {}", g.corpus.display());
            println!(
                "{} documents, {} sources, {} sentences, {} removals of debris",
                s.documents, s.sources, s.sentences, s.removals
            );
            if s.awaiting_analysis > 0 {
                println!(
                    "{} documents await actor and claim analysis (stored with `ingest --stages foundation`; run `narrascope reanalyze --pending`)",
                    s.awaiting_analysis
                );
            }
            section("By language", &s.by_language, args.top);
            section("By month", &s.by_month, usize::MAX);
            section("By outlet", &s.by_outlet, args.top);
            section("By format", &s.by_format, args.top);
            section("Debris removed, by rule", &s.removals_by_rule, args.top);
        }
    }
    Ok(crate::EXIT_OK)
}
