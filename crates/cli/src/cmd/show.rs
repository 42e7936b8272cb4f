use anyhow::Context;
use narrascope_corpus::Store;

use super::OutputFormat;
use crate::Global;

#[derive(clap::Args)]
pub struct Args {
    /// Document id (16 hex characters) or an unambiguous prefix of it.
    id: String,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    /// Also print the raw text as the source gave it (text format).
    #[arg(long)]
    raw: bool,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let store = Store::open_existing(&g.corpus)?;
    let id = store.resolve_id(&args.id)?.with_context(|| {
        format!(
            "no document with id '{}' in {}",
            args.id,
            g.corpus.display()
        )
    })?;
    let stored = store
        .get(&id)?
        .with_context(|| format!("document {id} vanished while reading"))?;
    let rhetoric = store.rhetoric_of(&id)?.unwrap_or_default();
    match args.format {
        OutputFormat::Json => {
            let mut v = serde_json::to_value(&stored.doc)?;
            v["sources"] = serde_json::to_value(&stored.sources)?;
            v["ingested_at"] = stored.ingested_at.clone().into();
            v["vectors"] = store.vector_count_of(&id)?.into();
            v["mentions"] = serde_json::to_value(&stored.mentions)?;
            v["claims"] = serde_json::to_value(&stored.claims)?;
            v["narratives"] = serde_json::to_value(store.narratives_of(&id)?)?;
            v["techniques"] = serde_json::to_value(&rhetoric.techniques)?;
            v["framings"] = serde_json::to_value(&rhetoric.framings)?;
            v["cited_sources"] = serde_json::to_value(&rhetoric.sources)?;
            v["provenance"] = serde_json::to_value(&rhetoric.provenance)?;
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        OutputFormat::Text => {
            let mut a = narrascope_core::Analysis::of(stored.doc.clone());
            a.mentions = stored.mentions.clone();
            a.claims = stored.claims.clone();
            a.narratives = store.narratives_of(&id)?;
            a.techniques = rhetoric.techniques;
            a.framings = rhetoric.framings;
            a.sources = rhetoric.sources;
            a.provenance = rhetoric.provenance;
            print!("{}", crate::report::analysis(&a));
            println!("Sources:");
            for s in &stored.sources {
                println!("  {s} [{}]", s.format);
            }
            println!("Ingested: {}", stored.ingested_at);
            println!();
            println!("{}", stored.doc.text);
            if args.raw {
                println!("\n--- raw ---\n{}", stored.doc.raw);
            }
        }
    }
    Ok(crate::EXIT_OK)
}
