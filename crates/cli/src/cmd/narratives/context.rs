//! What every `narratives` subcommand loads: the knowledge base and the narrative catalogs
//! (shipped, plus the user folders of `--kb` and `$NARRASCOPE_KB`).

use std::path::PathBuf;

use narrascope_kb::narratives::Catalogs;
use narrascope_kb::{Kb, KbPaths};

/// Where catalogs come from.
#[derive(Debug, Clone, clap::Args)]
pub struct KbArgs {
    /// A user knowledge-base folder (with `narratives/*.toml`) or a catalog file, layered
    /// over the shipped catalogs; repeatable.
    #[arg(long = "kb", value_name = "PATH")]
    pub kb: Vec<PathBuf>,
}

pub struct Context {
    pub kb: Kb,
    pub catalogs: Catalogs,
}

impl KbArgs {
    /// Loads the knowledge base and catalogs; catalog errors stop the run with every
    /// problem listed (warnings are printed unless `quiet`).
    pub fn load(&self, quiet: bool) -> anyhow::Result<Context> {
        let kb = Kb::shipped().map_err(|e| anyhow::anyhow!("loading the knowledge base: {e}"))?;
        let paths = KbPaths::discover(&self.kb);
        let (catalogs, mut issues) = Catalogs::load(&paths)
            .map_err(|e| anyhow::anyhow!("loading narrative catalogs: {e}"))?;
        issues.extend(catalogs.validate(&kb));
        let errors: Vec<String> = issues
            .iter()
            .filter(|i| i.is_error())
            .map(|i| i.to_string())
            .collect();
        if !errors.is_empty() {
            anyhow::bail!(
                "narrative catalogs have {} errors (see `narrascope kb check`):\n{}",
                errors.len(),
                errors.join("\n")
            );
        }
        if !quiet {
            for i in issues.iter().filter(|i| !i.is_error()) {
                eprintln!("warning: {i}");
            }
        }
        Ok(Context { kb, catalogs })
    }
}
