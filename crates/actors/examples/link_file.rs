//! Prints the mentions found in text files: `cargo run --example link_file -- FILE…`.

use narrascope_actors::{Linker, unlinked_counts};
use narrascope_core::{Document, Format, Metadata, RawDocument, SourceRef};
use narrascope_kb::Kb;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let kb = Kb::shipped()?;
    let linker = Linker::new(&kb)?;
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let doc = Document::from_raw(RawDocument {
            source: SourceRef {
                path: path.clone(),
                locator: None,
                format: Format::Text,
            },
            text,
            meta: Metadata::default(),
        });
        let mentions = linker.link(&doc);
        println!("== {path}");
        let mut seen = std::collections::BTreeSet::new();
        for m in &mentions {
            let target = match (&m.entity, m.candidates.is_empty()) {
                (Some(e), _) => e.clone(),
                (None, false) => format!("? {}", m.candidates.join(" | ")),
                (None, true) => continue,
            };
            if seen.insert((m.surface.clone(), target.clone())) {
                println!("{:?}\t{target}\t{:?}", m.surface, m.kind);
            }
        }
        for (s, n) in unlinked_counts(&mentions) {
            println!("unlinked\t{s}\t{n}");
        }
    }
    Ok(())
}
