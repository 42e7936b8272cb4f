pub mod actors;
pub mod analyze;
pub mod claims;
pub mod completions;
pub mod embed;
pub mod eval;
pub mod genre;
pub mod ingest;
pub mod kb;
pub mod model;
pub mod narratives;
pub mod reanalyze;
pub mod rhetoric;
pub mod roles;
pub mod search;
pub mod serve;
pub mod show;
mod sources;
pub mod stats;
pub mod techniques_semeval;
pub mod train;
pub mod vectors;

/// Output formats shared by the reporting commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// A readable report.
    Text,
    /// One JSON document.
    Json,
}
