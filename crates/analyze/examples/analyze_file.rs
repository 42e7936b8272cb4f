//! Prints the foundation analysis of one UTF-8 text file as JSON.
//!
//! cargo run -p narrascope-analyze --example analyze_file -- path/to/article.txt

use narrascope_core::{Format, Metadata, RawDocument, SourceRef};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: analyze_file <path>")?;
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
    let raw = RawDocument {
        source: SourceRef {
            path,
            locator: None,
            format: Format::Text,
        },
        text,
        meta: Metadata::default(),
    };
    let analysis = narrascope_analyze::analyze(raw)?;
    println!("{}", serde_json::to_string_pretty(&analysis)?);
    Ok(())
}
