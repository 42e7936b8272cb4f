//! `narrascope sources`: the outlets, agencies and officials the corpus cites, which
//! outlets cite them, and the documents that look machine-translated.

use std::fmt::Write as _;

use serde_json::json;

use super::UpdateArgs;
use crate::Global;
use crate::cmd::OutputFormat;
use crate::cmd::actors::{labels, print_out};

#[derive(clap::Args)]
pub struct Args {
    /// How many cited sources (and graph edges) to list.
    #[arg(long, default_value_t = 30)]
    limit: u64,
    /// Documents whose machine-translation score reaches this are listed as translated.
    #[arg(long, default_value_t = 0.5, value_name = "SCORE")]
    translated_at: f32,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    #[command(flatten)]
    update: UpdateArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    if !(0.0..=1.0).contains(&args.translated_at) {
        anyhow::bail!("--translated-at {} is outside 0..=1", args.translated_at);
    }
    let store = super::open_updated(g, &args.update)?;
    let sources = store.source_counts(args.limit)?;
    let edges = store.source_edges(args.limit)?;
    let translated = store.translated_documents(args.translated_at, args.limit)?;
    let labels = labels();
    let label = |id: &str| labels.get(id).cloned();
    let mut out = String::new();
    match args.format {
        OutputFormat::Json => {
            let sources: Vec<_> = sources
                .iter()
                .map(|s| {
                    let mut v = json!(s);
                    v["label"] = json!(s.entity.as_deref().and_then(label));
                    v
                })
                .collect();
            out = serde_json::to_string_pretty(&json!({
                "sources": sources,
                "graph": edges,
                "machine_translated": translated,
            }))?;
            out.push('\n');
        }
        OutputFormat::Text => {
            out.push_str("Cited sources:\n");
            if sources.is_empty() {
                out.push_str("  none found\n");
            }
            for s in &sources {
                let shown = match s.entity.as_deref() {
                    Some(e) => format!("{} [{e}]", label(e).unwrap_or_else(|| s.name.clone())),
                    None => s.name.clone(),
                };
                let _ = writeln!(
                    out,
                    "  {shown:<40} {:<12} {:>4} docs {:>4} citations  cited by: {}",
                    s.kind,
                    s.documents,
                    s.citations,
                    if s.cited_by.is_empty() {
                        "-".to_string()
                    } else {
                        s.cited_by.join(", ")
                    }
                );
            }
            let _ = writeln!(
                out,
                "\nMachine-translated (score ≥ {:.2}):",
                args.translated_at
            );
            if translated.is_empty() {
                out.push_str("  none\n");
            }
            for t in &translated {
                let _ = writeln!(
                    out,
                    "  {} {:.2} {} [{}] {} traces  {}",
                    t.doc_id,
                    t.machine_translated,
                    t.outlet.as_deref().unwrap_or("-"),
                    t.lang.as_deref().unwrap_or("?"),
                    t.traces,
                    crate::cmd::narratives::clip(t.title.as_deref().unwrap_or(""), 60)
                );
            }
        }
    }
    print_out(&out)?;
    Ok(crate::EXIT_OK)
}
