//! `narrascope narratives promote ID --into FILE`: a discovered narrative becomes an
//! editable entry of a user catalog (created when missing), matched from then on.

use std::path::PathBuf;

use narrascope_corpus::Store;
use narrascope_kb::narratives::{NarrativeDef, Signature, SignaturePolarity, render_narrative};

use crate::Global;

#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The discovered narrative's id (`d-…`, from `narrascope narratives`).
    id: String,
    /// The user catalog file to append to (created with a `[catalog]` header if missing).
    #[arg(long, value_name = "FILE")]
    into: PathBuf,
    /// Catalog id used when the file is created.
    #[arg(long, value_name = "ID", default_value = "user")]
    catalog: String,
    /// Title of the new narrative (default: the discovered label).
    #[arg(long)]
    title: Option<String>,
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    let store = Store::open_existing(&g.corpus)?;
    let Some(d) = store.discovered()?.into_iter().find(|d| d.id == args.id) else {
        anyhow::bail!(
            "no discovered narrative {:?} (run `narrascope narratives` to list them)",
            args.id
        );
    };
    let existing = match std::fs::read_to_string(&args.into) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => anyhow::bail!("{}: {e}", args.into.display()),
    };
    let catalog = match &existing {
        Some(t) => catalog_id(t).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: not a catalog file (no [catalog] id)",
                args.into.display()
            )
        })?,
        None => args.catalog.clone(),
    };
    let slug = d.id.clone();
    let id = format!("{catalog}/{slug}");
    if existing
        .as_deref()
        .is_some_and(|t| t.contains(&format!("id = \"{slug}\"")))
    {
        anyhow::bail!("{}: already holds {slug}", args.into.display());
    }
    let polarity = match d.data["negated"].as_bool() {
        Some(true) => SignaturePolarity::Negated,
        _ => SignaturePolarity::Affirmed,
    };
    let mut signatures = Vec::new();
    for key in d.keys() {
        let mut parts = key.split(' ');
        if let (Some(s), Some(r), Some(o)) = (parts.next(), parts.next(), parts.next()) {
            signatures.push(Signature {
                subject: vec![s.to_string()],
                relation: vec![r.to_string()],
                object: vec![o.to_string()],
                polarity,
                weight: 0.8,
            });
        }
    }
    if signatures.is_empty() {
        anyhow::bail!("discovered narrative {} has no claim key", d.id);
    }
    let mut exemplars = std::collections::BTreeMap::new();
    for rep in d.data["representatives"].as_array().into_iter().flatten() {
        if let (Some(l), Some(t)) = (rep["lang"].as_str(), rep["sentence"].as_str())
            && l.len() == 2
        {
            exemplars
                .entry(l.to_string())
                .or_insert_with(Vec::new)
                .push(t.to_string());
        }
    }
    let def = NarrativeDef {
        id,
        label: None,
        title: args.title.clone().unwrap_or_else(|| d.label.clone()),
        description: format!(
            "Texts state that {} (promoted from a recurring claim; edit this description).",
            d.label
        ),
        parent: None,
        other: false,
        signatures,
        exemplars,
        keywords: Default::default(),
    };
    let mut text = existing.unwrap_or_else(|| {
        format!(
            "[catalog]\nid = \"{catalog}\"\ntitle = \"Narratives added by this team\"\ndescription = \"Promoted from narratives discovered in a corpus.\"\n"
        )
    });
    text.push('\n');
    text.push_str(&render_narrative(&def));
    if let Some(dir) = args.into.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&args.into, text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.into.display()))?;
    if !g.quiet {
        eprintln!(
            "promoted {} as {} into {}; pass `--kb {}` (or set NARRASCOPE_KB) to match it",
            d.id,
            def.id,
            args.into.display(),
            args.into.display()
        );
    }
    Ok(crate::EXIT_OK)
}

/// The `id` of a file's `[catalog]` table.
fn catalog_id(text: &str) -> Option<String> {
    let v: toml::Table = text.parse().ok()?;
    v.get("catalog")?.get("id")?.as_str().map(str::to_string)
}
