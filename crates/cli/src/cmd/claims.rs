use narrascope_corpus::{ClaimQuery, Store};
use std::fmt::Write as _;

use super::OutputFormat;
use crate::Global;

#[derive(clap::Args)]
pub struct Args {
    /// Only claims with this actor as subject or object: a knowledge-base id (`Q30`,
    /// `ns:reuters`, matched exactly) or a name or alias (`United States`, `Daech`).
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
    let actor = match &args.actor {
        Some(a) => Some(resolve_actor(&narrascope_kb::Kb::shipped()?, a)?),
        None => None,
    };
    let keys = store.claim_keys(&ClaimQuery {
        actor,
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

/// The entity id `actor` names (see [`narrascope_kb::Kb::resolve_actor`]).
pub(crate) fn resolve_actor(kb: &narrascope_kb::Kb, actor: &str) -> anyhow::Result<String> {
    kb.resolve_actor(actor)
        .map_err(|e| anyhow::anyhow!("--actor: {e}"))
}

#[cfg(test)]
mod tests {
    use super::resolve_actor;

    #[test]
    fn actors_resolve_to_exact_ids() {
        let kb = narrascope_kb::Kb::shipped().expect("shipped kb");
        let r = |s: &str| resolve_actor(&kb, s).ok();
        assert_eq!(r("Q30").as_deref(), Some("Q30"));
        assert_eq!(r("united states").as_deref(), Some("Q30"));
        assert_eq!(r("Daech").as_deref(), Some("Q2429253"));
        assert_eq!(r("ns:reuters").as_deref(), Some("ns:reuters"));
        // ids outside the knowledge base pass through; other strings are errors
        assert_eq!(r("Q999999999").as_deref(), Some("Q999999999"));
        assert_eq!(r("ns:not-in-kb").as_deref(), Some("ns:not-in-kb"));
        assert!(r("Zorblaxia").is_none());
        assert!(r("Q30x").is_none());
    }
}
