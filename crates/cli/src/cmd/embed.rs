//! `narrascope embed`: sentence vectors for lines (or JSONL records) read on stdin, written
//! as JSONL on stdout.

use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;

use anyhow::{Context, bail};
use narrascope_embed::{EmbedConfig, Embedder, InstallOptions, TokenizerMode};
use serde_json::{Map, Value, json};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Read JSONL records and embed their text field (see --field) instead of plain lines.
    #[arg(long)]
    jsonl: bool,
    /// The JSONL field holding the text; implies --jsonl.
    #[arg(long, value_name = "NAME")]
    field: Option<String>,
    /// Model directory (default: $NARRASCOPE_MODEL_DIR, else the user cache).
    #[arg(long)]
    model_dir: Option<PathBuf>,
    /// Never download the model; fail if it is not installed.
    #[arg(long)]
    offline: bool,
    /// Worker threads (0: one per core). Vectors do not depend on it.
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Records embedded per call.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Tokenize like C++ SentencePiece instead of the reference Python package.
    #[arg(long)]
    spm_compatible: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let jsonl = args.jsonl || args.field.is_some();
    let field = args.field.unwrap_or_else(|| "text".to_string());
    let opts = InstallOptions {
        model_dir: args.model_dir,
        offline: args.offline,
        quiet: false,
    };
    let config = EmbedConfig {
        threads: args.threads,
        mode: if args.spm_compatible {
            TokenizerMode::SpmCompatible
        } else {
            TokenizerMode::Package
        },
        ..EmbedConfig::default()
    };
    let embedder = Embedder::load_or_install_with(&opts, config)?;
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut pending: Vec<(Map<String, Value>, String)> = Vec::new();
    for (n, line) in stdin.lines().enumerate() {
        let line = line.with_context(|| format!("reading stdin line {}", n + 1))?;
        if jsonl {
            if line.trim().is_empty() {
                continue;
            }
            let obj: Map<String, Value> = serde_json::from_str(&line)
                .with_context(|| format!("stdin line {}: not a JSON object", n + 1))?;
            let Some(text) = obj.get(&field).and_then(Value::as_str) else {
                bail!("stdin line {}: no string field \"{field}\"", n + 1);
            };
            let text = text.to_string();
            pending.push((obj, text));
        } else {
            let mut obj = Map::new();
            obj.insert("line".into(), json!(n + 1));
            obj.insert("text".into(), json!(line));
            pending.push((obj, line));
        }
        if pending.len() >= args.batch.max(1) {
            flush(&embedder, &mut pending, &mut out)?;
        }
    }
    flush(&embedder, &mut pending, &mut out)?;
    out.flush().context("writing stdout")?;
    Ok(())
}

fn flush(
    e: &Embedder,
    pending: &mut Vec<(Map<String, Value>, String)>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let texts: Vec<&str> = pending.iter().map(|(_, t)| t.as_str()).collect();
    let vectors = e.embed(&texts);
    for ((mut obj, _), v) in pending.drain(..).zip(vectors) {
        obj.insert("embedding".into(), json!(v.as_slice()));
        serde_json::to_writer(&mut *out, &obj).context("writing stdout")?;
        out.write_all(b"\n").context("writing stdout")?;
    }
    Ok(())
}
