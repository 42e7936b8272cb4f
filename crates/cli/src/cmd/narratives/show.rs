//! `narrascope narratives show ID`: one narrative with its documents, evidence, timeline
//! and the lineage links among its documents.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use narrascope_core::DocId;
use narrascope_corpus::NarrativeDocument;

use super::{OutputFormat, UpdateArgs, clip, open_updated};
use crate::Global;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// A catalog narrative id (`iraq-syria/us-fight-not-genuine`) or a discovered one
    /// (`d-…`).
    id: String,
    #[command(flatten)]
    update: UpdateArgs,
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let (store, ctx, _) = open_updated(g, &args.update)?;
    let def = ctx.catalogs.get(&args.id);
    let discovered = store.discovered()?.into_iter().find(|d| d.id == args.id);
    let docs: Vec<NarrativeDocument> = match (&def, &discovered) {
        (Some(_), _) => store.narrative_documents(&args.id)?,
        (None, Some(d)) => store.discovered_documents(d)?,
        (None, None) => anyhow::bail!(
            "no narrative {:?} in the loaded catalogs or among discovered ones (see `narrascope narratives`)",
            args.id
        ),
    };
    let ids: Vec<String> = docs.iter().map(|d| d.doc_id.clone()).collect();
    let links: Vec<_> = store
        .links(&ids)?
        .into_iter()
        .filter(|l| ids.contains(&l.source) && ids.contains(&l.target))
        .collect();
    if args.format == OutputFormat::Json {
        let v = serde_json::json!({
            "id": args.id,
            "definition": def,
            "discovered": discovered,
            "documents": docs,
            "links": links,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(crate::EXIT_OK);
    }
    let mut s = String::new();
    match (def, &discovered) {
        (Some(d), _) => {
            let _ = writeln!(s, "{}  {}\n  {}", d.id, d.title, d.description);
            if let Some(p) = &d.parent {
                let _ = writeln!(s, "  part of {p}");
            }
        }
        (None, Some(d)) => {
            let _ = writeln!(
                s,
                "{}  {} (discovered; claim key {})",
                d.id, d.label, d.data["key"]
            );
        }
        _ => {}
    }
    let _ = writeln!(s, "\n{} documents", docs.len());
    if let Some(first) = docs.iter().find(|d| d.date.is_some()).or(docs.first()) {
        let _ = writeln!(
            s,
            "First seen: {} in {} ({}, {})",
            first.date.as_deref().unwrap_or("undated"),
            first.doc_id,
            first.outlet.as_deref().unwrap_or("unknown outlet"),
            first.lang.as_deref().unwrap_or("?")
        );
    }
    let mut months: BTreeMap<String, usize> = BTreeMap::new();
    for d in &docs {
        let m = d
            .date
            .as_deref()
            .and_then(|x| x.get(..7))
            .unwrap_or("undated");
        *months.entry(m.to_string()).or_default() += 1;
    }
    let _ = writeln!(s, "\nTimeline:");
    for (m, n) in &months {
        let _ = writeln!(s, "  {m:<8} {n:>4} {}", "█".repeat((*n).min(60)));
    }
    let _ = writeln!(s, "\nDocuments and evidence:");
    for d in &docs {
        let _ = writeln!(
            s,
            "  {} {} · {} · {} · score {:.2}",
            d.date.as_deref().unwrap_or("undated"),
            d.doc_id,
            d.outlet.as_deref().unwrap_or("unknown outlet"),
            d.lang.as_deref().unwrap_or("?"),
            d.score
        );
        let stored = store.get(&DocId(d.doc_id.clone()))?;
        for e in &d.evidence {
            let text = stored
                .as_ref()
                .and_then(|x| e.span.slice(&x.doc.text))
                .unwrap_or("");
            let why = match (e.claim, e.similarity) {
                (Some(c), _) => {
                    let key = stored
                        .as_ref()
                        .and_then(|x| x.claims.get(c))
                        .map(|c| c.key.clone())
                        .unwrap_or_default();
                    format!("claim {key}")
                }
                (None, Some(sim)) => format!("similarity {sim:.2}"),
                _ => String::new(),
            };
            let _ = writeln!(s, "    - \"{}\" [{why}]", clip(text, 160));
        }
    }
    let _ = writeln!(s, "\nLineage among these documents: {} links", links.len());
    for l in &links {
        let lag = l
            .lag_seconds
            .map(|x| format!(", {} days later", x / 86_400))
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "  {} → {}  {} (word overlap {:.2}, aligned sentences {}){lag}",
            l.source,
            l.target,
            l.kind,
            l.jaccard.unwrap_or(0.0),
            l.alignment.map(|a| format!("{a:.2}")).unwrap_or("-".into())
        );
    }
    print!("{s}");
    Ok(crate::EXIT_OK)
}
