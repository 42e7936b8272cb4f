//! The narrative overview: catalog narratives with their documents and evidence,
//! lineage, and discovered candidates.

use std::collections::HashMap;

use narrascope_corpus::{NarrativeCount, Store};

use super::{OutputFormat, UpdateArgs, clip, context::Context, open_updated};
use crate::Global;

#[derive(Debug, Clone, clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub update: UpdateArgs,
    /// Only narratives of this catalog (`iraq-syria`, `semeval2025`, …).
    #[arg(long, value_name = "ID")]
    pub catalog: Option<String>,
    /// Documents listed under each top-level narrative.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub documents: usize,
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

pub fn run(g: &Global, args: ListArgs) -> anyhow::Result<u8> {
    let (store, ctx, _) = open_updated(g, &args.update)?;
    let counts: Vec<NarrativeCount> = store
        .narrative_counts()?
        .into_iter()
        .filter(|c| match &args.catalog {
            Some(cat) => c.narrative.starts_with(&format!("{cat}/")),
            None => true,
        })
        .collect();
    let links = store.links(&[])?;
    let discovered = store.discovered()?;
    if args.format == OutputFormat::Json {
        let v = serde_json::json!({
            "documents": store.document_count()?,
            "narratives": counts.iter().map(|c| {
                let def = ctx.catalogs.get(&c.narrative);
                serde_json::json!({
                    "id": c.narrative,
                    "title": def.map(|d| d.title.clone()),
                    "parent": def.and_then(|d| d.parent.clone()),
                    "documents": c.documents,
                    "languages": c.languages,
                    "outlets": c.outlets,
                    "first_date": c.first_date,
                    "last_date": c.last_date,
                })
            }).collect::<Vec<_>>(),
            "links": links,
            "discovered": discovered,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(crate::EXIT_OK);
    }
    print!("{}", render(&store, &ctx, &counts, args.documents)?);
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for l in &links {
        *kinds.entry(l.kind.as_str()).or_default() += 1;
    }
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort();
    let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    println!(
        "Lineage: {} links between documents{}",
        links.len(),
        match kinds.is_empty() {
            true => String::new(),
            false => format!(" ({})", kinds.join(", ")),
        }
    );
    for l in links.iter().take(10) {
        let lag = l
            .lag_seconds
            .map(|s| format!(", {} days later", s / 86_400))
            .unwrap_or_default();
        println!(
            "  {} → {}  {}{lag}",
            describe(&store, &l.source)?,
            describe(&store, &l.target)?,
            l.kind.replace('_', " ")
        );
    }
    println!();
    println!(
        "Discovered: {} recurring claims no catalog narrative covers",
        discovered.len()
    );
    for d in discovered.iter().take(10) {
        let langs = d.data["languages"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .unwrap_or_default();
        println!(
            "  {}  {}  ({} documents; {langs})",
            d.id, d.label, d.documents
        );
        if let Some(r) = d.data["representatives"].as_array().and_then(|a| a.first()) {
            println!(
                "      \"{}\"",
                clip(r["sentence"].as_str().unwrap_or(""), 110)
            );
        }
    }
    if discovered.len() > 10 {
        println!(
            "  … {} more (`--format json` lists all)",
            discovered.len() - 10
        );
    }
    Ok(crate::EXIT_OK)
}

/// `id12 (outlet, lang, date)` for a one-line mention of a document.
fn describe(store: &Store, id: &str) -> anyhow::Result<String> {
    let Some(d) = store.get(&narrascope_core::DocId(id.to_string()))? else {
        return Ok(short(id).to_string());
    };
    let facts: Vec<String> = [
        d.doc.meta.outlet.clone(),
        d.doc.lang.as_ref().map(|l| l.code.clone()),
        d.doc.meta.date.as_ref().map(|x| x.value.clone()),
    ]
    .into_iter()
    .flatten()
    .collect();
    Ok(format!("{} ({})", short(id), facts.join(", ")))
}

fn short(id: &str) -> &str {
    id.get(..12).unwrap_or(id)
}

/// Top-level narratives with their documents and best evidence, children summarised.
fn render(
    store: &Store,
    ctx: &Context,
    counts: &[NarrativeCount],
    per: usize,
) -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let mut s = String::new();
    let total = store.document_count()?;
    let _ = writeln!(
        s,
        "Narratives in {total} documents ({} catalog narratives loaded)\n",
        ctx.catalogs.len()
    );
    if counts.is_empty() {
        let _ = writeln!(s, "No document matches a catalog narrative.\n");
    }
    let by_id: HashMap<&str, &NarrativeCount> =
        counts.iter().map(|c| (c.narrative.as_str(), c)).collect();
    for c in counts {
        let def = ctx.catalogs.get(&c.narrative);
        if def.is_some_and(|d| d.parent.is_some()) {
            continue;
        }
        let title = def
            .map(|d| d.title.as_str())
            .unwrap_or("(not in the loaded catalogs)");
        let _ = writeln!(s, "{}  {title}", c.narrative);
        let _ = writeln!(s, "  {}", facts(c));
        for d in store.narrative_documents(&c.narrative)?.iter().take(per) {
            let doc = store.get(&narrascope_core::DocId(d.doc_id.clone()))?;
            let ev = d.evidence.first().and_then(|e| {
                doc.as_ref()
                    .and_then(|x| e.span.slice(&x.doc.text).map(|t| t.to_string()))
            });
            let _ = writeln!(
                s,
                "  {} {} {:<12} [{:.2}] {}",
                d.date.as_deref().unwrap_or("undated   "),
                short(&d.doc_id),
                clip(d.outlet.as_deref().or(d.lang.as_deref()).unwrap_or("-"), 12),
                d.score,
                ev.map(|t| format!("\"{}\"", clip(&t, 90)))
                    .unwrap_or_default()
            );
        }
        for child in ctx.catalogs.children(&c.narrative) {
            if let Some(cc) = by_id.get(child.id.as_str()) {
                let _ = writeln!(s, "  └ {}  {}", child.id, child.title);
                let _ = writeln!(s, "      {}", facts(cc));
            }
        }
        let _ = writeln!(s);
    }
    Ok(s)
}

fn facts(c: &NarrativeCount) -> String {
    let span = match (&c.first_date, &c.last_date) {
        (Some(a), Some(b)) if a != b => format!("; first seen {a}, last {b}"),
        (Some(a), _) => format!("; first seen {a}"),
        _ => String::new(),
    };
    format!(
        "{} documents · languages {} · {} outlets{span}",
        c.documents,
        if c.languages.is_empty() {
            "-".into()
        } else {
            c.languages.join(", ")
        },
        c.outlets.len()
    )
}
