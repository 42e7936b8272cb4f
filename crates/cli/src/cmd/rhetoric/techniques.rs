//! `narrascope techniques`: the persuasion techniques the corpus uses, by family, with
//! their spans and the evidence that fired.

use std::fmt::Write as _;

use serde_json::json;

use super::UpdateArgs;
use crate::Global;
use crate::cmd::OutputFormat;
use crate::cmd::actors::print_out;

#[derive(clap::Args)]
pub struct Args {
    /// Only this technique (`Loaded_Language`, `Doubt`…): list its spans.
    #[arg(long, value_name = "NAME")]
    technique: Option<String>,
    /// How many spans to list (with --technique), or example spans per technique.
    #[arg(long, default_value_t = 20)]
    limit: u64,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
    #[command(flatten)]
    update: UpdateArgs,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let store = super::open_updated(g, &args.update)?;
    if let Some(name) = &args.technique
        && narrascope_rhetoric::techniques::canonical(name).is_none()
    {
        anyhow::bail!(
            "unknown technique `{name}`; the techniques are: {}",
            narrascope_rhetoric::techniques::TECHNIQUES
                .iter()
                .map(|(t, _)| *t)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let name = args
        .technique
        .as_deref()
        .and_then(narrascope_rhetoric::techniques::canonical);
    let counts = store.technique_counts()?;
    let mut out = String::new();
    match (args.format, name) {
        (OutputFormat::Json, Some(t)) => {
            let hits = store.technique_hits(Some(t), args.limit)?;
            out = serde_json::to_string_pretty(&json!({ "technique": t, "spans": hits }))?;
            out.push('\n');
        }
        (OutputFormat::Json, None) => {
            out = serde_json::to_string_pretty(&json!({ "techniques": counts }))?;
            out.push('\n');
        }
        (OutputFormat::Text, Some(t)) => {
            let hits = store.technique_hits(Some(t), args.limit)?;
            let _ = writeln!(out, "{t}: {} spans", hits.len());
            for h in &hits {
                let _ = writeln!(
                    out,
                    "  {} {} [{}] {:.2} «{}» ({})",
                    h.doc_id,
                    h.outlet.as_deref().unwrap_or("-"),
                    h.lang.as_deref().unwrap_or("?"),
                    h.score,
                    crate::cmd::narratives::clip(&h.text, 100),
                    h.evidence.join(", ")
                );
            }
        }
        (OutputFormat::Text, None) => {
            if counts.is_empty() {
                out.push_str("No technique found in the corpus.\n");
            }
            for c in &counts {
                let _ = writeln!(
                    out,
                    "{:<40} {:<24} {:>5} docs {:>6} spans  {}",
                    c.technique,
                    c.family,
                    c.documents,
                    c.spans,
                    c.languages.join(",")
                );
            }
            if !counts.is_empty() && args.limit > 0 {
                out.push_str("\nStrongest spans:\n");
                for h in store.technique_hits(None, args.limit.min(10))? {
                    let _ = writeln!(
                        out,
                        "  {:<32} {} «{}»",
                        h.technique,
                        h.doc_id,
                        crate::cmd::narratives::clip(&h.text, 90)
                    );
                }
            }
        }
    }
    print_out(&out)?;
    Ok(crate::EXIT_OK)
}
