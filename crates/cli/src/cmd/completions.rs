use clap::CommandFactory;

/// Print a completion script for a shell, e.g. `narrascope completions bash > ~/.local/share/bash-completion/completions/narrascope`.
#[derive(clap::Args)]
pub struct Args {
    shell: clap_complete::Shell,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut cmd = crate::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "narrascope", &mut std::io::stdout());
    Ok(crate::EXIT_OK)
}
