use narrascope_corpus::{ClaimQuery, Store};
use std::fmt::Write as _;

use super::OutputFormat;
use crate::Global;

#[derive(clap::Args)]
pub struct Args {
    /// Only claims with this entity (a knowledge-base id such as Q30) as subject or object.
    #[arg(long)]
    actor: Option<String>,
    /// Only claims with this relation (`arm`, `fund`, `support`, …).
    #[arg(long)]
    relation: Option<String>,
    /// How many claim keys to list.
    #[arg(long, default_value_t = 30)]
    top: usize,
    /// How many statements of each claim to show as evidence.
    #[arg(long, default_value_t = 3)]
    examples: usize,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let store = Store::open_existing(&g.corpus)?;
    let keys = store.claim_keys(&ClaimQuery {
        actor: args.actor.clone(),
        relation: args.relation.clone(),
        limit: args.top,
        examples: args.examples,
    })?;
    let mut out = String::new();
    match args.format {
        OutputFormat::Json => {
            out = serde_json::to_string_pretty(&keys)?;
            out.push('\n');
        }
        OutputFormat::Text => {
            let labels = super::actors::labels();
            let readable = |key: &str| -> String {
                key.split(' ')
                    .enumerate()
                    .map(|(i, part)| match (i % 2, labels.get(part)) {
                        (0, Some(l)) => format!("{l} [{part}]"),
                        _ => part.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            if keys.is_empty() {
                let _ = writeln!(out, "No claims match.");
            }
            for k in &keys {
                let _ = writeln!(
                    out,
                    "{}  ({} claims in {} documents; {})",
                    k.key,
                    k.claims,
                    k.documents,
                    k.langs.join(", ")
                );
                let _ = writeln!(out, "  {}", readable(&k.key));
                for e in &k.evidence {
                    let source = e
                        .source
                        .as_ref()
                        .map(|s| format!("; according to {s}"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  - {} [{}, {}{source}] {:?}",
                        &e.doc_id, e.polarity, e.modality, e.text
                    );
                }
            }
        }
    }
    super::actors::print_out(&out)?;
    Ok(crate::EXIT_OK)
}
