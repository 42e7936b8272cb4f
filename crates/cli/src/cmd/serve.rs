use anyhow::Context;
use std::net::SocketAddr;
use std::path::PathBuf;

use crate::Global;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on. Anything but a loopback address needs --token or --token-file.
    #[arg(long, default_value = "127.0.0.1:7878")]
    bind: SocketAddr,
    /// Access token every request must carry (Authorization: Bearer TOKEN); at least 16
    /// characters. Prefer --token-file or the environment: command lines are visible to
    /// other users of the machine.
    #[arg(
        long,
        env = "NARRASCOPE_TOKEN",
        hide_env_values = true,
        conflicts_with = "token_file"
    )]
    token: Option<String>,
    /// File whose first line is the access token.
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Largest request body accepted, in MiB (an uploaded file to analyse).
    #[arg(long, default_value_t = 10)]
    max_body_mib: usize,
    /// Requests per second each client may make on average.
    #[arg(long, default_value_t = 50.0)]
    rate: f64,
    /// Requests each client may make in a burst above the average.
    #[arg(long, default_value_t = 200)]
    burst: u32,
    /// Embedding model directory for semantic search (default: $NARRASCOPE_MODEL_DIR, else
    /// where `narrascope vectors` installs it). The server never installs the model.
    #[arg(long, value_name = "DIR")]
    model_dir: Option<PathBuf>,
    /// A user knowledge-base folder (with `narratives/*.toml`) or a catalog file whose
    /// narratives the workbench names, layered over the shipped catalogs; repeatable.
    #[arg(long = "kb", value_name = "PATH")]
    kb: Vec<PathBuf>,
}

fn token(args: &Args) -> anyhow::Result<Option<String>> {
    let Some(path) = &args.token_file else {
        return Ok(args.token.clone());
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read token file {}", path.display()))?;
    let first = text.lines().next().unwrap_or("").trim();
    anyhow::ensure!(!first.is_empty(), "token file {} is empty", path.display());
    Ok(Some(first.to_string()))
}

pub fn run(g: &Global, args: Args) -> anyhow::Result<u8> {
    anyhow::ensure!(
        args.rate.is_finite() && args.rate > 0.0,
        "--rate must be a positive number of requests per second"
    );
    let options = narrascope_server::Options {
        token: token(&args)?,
        max_body: args.max_body_mib.saturating_mul(1024 * 1024),
        rate_per_sec: args.rate,
        burst: args.burst,
        model_dir: args.model_dir.clone(),
        kb: args.kb.clone(),
    };
    let quiet = g.quiet;
    let corpus = g.corpus.display().to_string();
    narrascope_server::run(&g.corpus, args.bind, options, |addr, store| {
        // The URL goes to stdout even with --quiet: it is what the command is for.
        println!("narrascope serve: http://{addr}/");
        if !quiet {
            let n = store
                .document_count()
                .map_or_else(|e| format!("? ({e})"), |n| n.to_string());
            eprintln!(
                "corpus {corpus}: {n} documents; API description at http://{addr}/api/openapi.json; Ctrl-C stops"
            );
        }
    })?;
    if !quiet {
        eprintln!("narrascope serve: stopped");
    }
    Ok(crate::EXIT_OK)
}
