use narrascope_corpus::{Store, SurfaceCount};
use serde_json::json;
use std::fmt::Write as _;

use super::OutputFormat;
use crate::Global;

#[derive(clap::Args)]
pub struct Args {
    /// How many actors (and unlinked names) to list.
    #[arg(long, default_value_t = 20)]
    top: usize,
    /// Only this actor: a knowledge-base id (`Q30`, matched exactly) or a name or alias.
    #[arg(long)]
    actor: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

/// `ISIS (en) ×12, Daech (fr) ×7`: at most `max` forms.
fn surfaces_line(surfaces: &[SurfaceCount], max: usize) -> String {
    let mut parts: Vec<String> = surfaces
        .iter()
        .take(max)
        .map(|s| {
            let lang = s.lang.as_deref().unwrap_or("?");
            format!("{} ({lang}) ×{}", s.surface, s.count)
        })
        .collect();
    if surfaces.len() > max {
        parts.push(format!("… {} more", surfaces.len() - max));
    }
    parts.join(", ")
}

/// The display labels of the shipped knowledge base; ids without one print bare.
pub(crate) fn labels() -> std::collections::HashMap<String, String> {
    narrascope_kb::Kb::shipped()
        .map(|kb| {
            kb.entities()
                .iter()
                .map(|e| (e.id.clone(), e.label.clone()))
                .collect()
        })
        .unwrap_or_default()
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let store = Store::open_existing(&g.corpus)?;
    let (actors, unlinked) = match &args.actor {
        Some(a) => {
            let id = super::claims::resolve_actor(&narrascope_kb::Kb::shipped()?, a)?;
            let mut all = store.top_actors(0)?;
            all.retain(|x| x.entity == id);
            (all, Vec::new())
        }
        None => (store.top_actors(args.top)?, store.unlinked(args.top)?),
    };
    let labels = labels();
    let label = |id: &str| labels.get(id).cloned().unwrap_or_default();
    let mut out = String::new();
    match args.format {
        OutputFormat::Json => {
            let actors: Vec<_> = actors
                .iter()
                .map(|a| {
                    let mut v = serde_json::to_value(a).unwrap_or_default();
                    v["label"] = json!(label(&a.entity));
                    v
                })
                .collect();
            let v = json!({"actors": actors, "unlinked": unlinked});
            out = serde_json::to_string_pretty(&v)?;
            out.push('\n');
        }
        OutputFormat::Text => {
            let _ = writeln!(out, "Actors, most mentioned first:");
            if actors.is_empty() {
                let _ = writeln!(out, "  none (ingest documents first)");
            }
            for a in &actors {
                let _ = writeln!(
                    out,
                    "  {:>7}  {} {}  in {} documents",
                    a.mentions,
                    a.entity,
                    label(&a.entity),
                    a.documents
                );
                let _ = writeln!(out, "           seen as: {}", surfaces_line(&a.surfaces, 8));
            }
            let _ = writeln!(out, "Unlinked names, most frequent first:");
            if unlinked.is_empty() {
                let _ = writeln!(out, "  none");
            }
            for u in &unlinked {
                let _ = writeln!(
                    out,
                    "  {:>7}  {}  in {} documents",
                    u.count, u.surface, u.documents
                );
            }
        }
    }
    print_out(&out)?;
    Ok(crate::EXIT_OK)
}

/// Writes `out` to stdout; a reader that stops early (`| head`) is not an error.
pub(crate) fn print_out(out: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}
