//! Options and bookkeeping shared by the commands that read sources.

use anyhow::Context;
use narrascope_core::Format;
use narrascope_ingest::{DEFAULT_MAX_BYTES, FieldMap, IngestOptions};

#[derive(clap::Args)]
pub struct SourceArgs {
    /// Largest input accepted, in bytes (per file; per line, row or record in containers).
    #[arg(long, default_value_t = DEFAULT_MAX_BYTES)]
    max_bytes: u64,
    /// Which JSONL keys / CSV columns hold text and metadata, e.g.
    /// `text=body,title=headline,date=published,url=link,lang=language,source=outlet`.
    /// Defaults: text|content|body, title|headline, url|link, date|published, lang|language, source|outlet.
    #[arg(long)]
    field: Option<String>,
    /// Read every input as this format instead of detecting it
    /// (text, markdown, html, jsonl, csv, warc, feed, telegram).
    #[arg(long = "input-format", value_parser = parse_format)]
    input_format: Option<Format>,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::parse(s).ok_or_else(|| {
        let names: Vec<_> = Format::ALL.iter().map(|f| f.as_str()).collect();
        format!("unknown format '{s}' (one of: {})", names.join(", "))
    })
}

impl SourceArgs {
    pub fn options(&self) -> anyhow::Result<IngestOptions> {
        let fields = match &self.field {
            Some(spec) => FieldMap::parse(spec)
                .map_err(anyhow::Error::msg)
                .with_context(|| format!("--field '{spec}'"))?,
            None => FieldMap::default(),
        };
        Ok(IngestOptions {
            max_bytes: self.max_bytes,
            fields,
            format: self.input_format,
        })
    }
}

/// Expands `paths` into inputs, reporting the ones that cannot be read, and makes the
/// progress bar over their total size.
pub fn discover_inputs(
    paths: &[std::path::PathBuf],
    quiet: bool,
) -> (Vec<narrascope_ingest::Input>, Tally, indicatif::ProgressBar) {
    let (inputs, errors) = narrascope_ingest::discover(paths);
    let mut tally = Tally::default();
    for e in errors {
        tally.error(&e.to_string());
    }
    let total: u64 = inputs.iter().filter_map(|i| i.size).sum();
    let bar = crate::progress::bar(total, quiet);
    (inputs, tally, bar)
}

/// Counts of what a run did; failures are reported on stderr as they happen.
#[derive(Default)]
pub struct Tally {
    pub new: u64,
    pub duplicate: u64,
    pub unchanged: u64,
    /// Stored before by the foundation stages only, analysed by this run.
    pub completed: u64,
    pub ok: u64,
    pub skipped: u64,
    pub failed: u64,
}

impl Tally {
    pub fn error(&mut self, message: &str) {
        self.failed += 1;
        eprintln!("error: {message}");
    }

    pub fn skip(&mut self, input: &str, reason: &str) {
        self.skipped += 1;
        tracing::info!("skipped {input}: {reason}");
    }

    pub fn exit_code(&self) -> u8 {
        if self.failed > 0 {
            crate::EXIT_SOME_FAILED
        } else {
            crate::EXIT_OK
        }
    }
}
