//! Runs the cited-source and trace finders over documents and reports how many are flagged
//! as machine-translated and how fast the two finders are.
//!
//! `cargo run --release -p narrascope-provenance --example provenance_scan -- PATH...`
//! (files or folders, any format ingest reads). The time covers `SourceFinder::find` and
//! `TraceFinder::find` on one thread, after ingest, foundation analysis and linking.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use narrascope_ingest::{IngestOptions, Item, discover, read_path};
use narrascope_kb::Kb;
use narrascope_provenance::{MT_THRESHOLD, SourceFinder, TraceFinder};

fn main() -> Result<(), String> {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        return Err("usage: provenance_scan PATH...".into());
    }
    let kb = Kb::shipped().map_err(|e| e.to_string())?;
    let linker = narrascope_actors::Linker::new(&kb).map_err(|e| e.to_string())?;
    let sources = SourceFinder::shipped(&kb).map_err(|e| e.to_string())?;
    let traces = TraceFinder::shipped().map_err(|e| e.to_string())?;
    let (inputs, errors) = discover(&paths);
    for e in errors {
        eprintln!("{e}");
    }
    let mut analyses = Vec::new();
    for input in inputs {
        read_path(&input.path, &IngestOptions::default(), &mut |item| {
            if let Item::Doc(raw) = item
                && let Ok(mut a) = narrascope_analyze::analyze(raw)
            {
                a.mentions = linker.link(&a.doc);
                analyses.push(a);
            }
        });
    }
    let (mut flagged, mut cited, mut elapsed) = (0, 0, Duration::ZERO);
    let runs = 5;
    for run in 0..runs {
        let start = Instant::now();
        for a in &analyses {
            let s = sources.find(a);
            let p = traces.find(a);
            if run == 0 {
                cited += s.len();
                if p.machine_translated >= MT_THRESHOLD {
                    flagged += 1;
                    let kinds: Vec<&str> = p
                        .traces
                        .iter()
                        .filter(|t| t.weight > 0.0)
                        .map(|t| t.kind.as_str())
                        .collect();
                    println!(
                        "flagged {:.2} {} {kinds:?}",
                        p.machine_translated, a.doc.source
                    );
                }
            }
        }
        elapsed += start.elapsed();
    }
    let t = Instant::now();
    for a in &analyses {
        sources.find(a);
    }
    let sources_only = t.elapsed().as_secs_f64() * 1000.0;
    let n = analyses.len();
    let per_run = elapsed.as_secs_f64() / runs as f64;
    println!(
        "{n} documents, {flagged} flagged machine-translated ({:.1} %), {cited} cited sources; \
         sources+traces {:.1} ms per pass (sources alone {sources_only:.1} ms), \
         {:.0} documents/s on one core",
        100.0 * flagged as f64 / n.max(1) as f64,
        per_run * 1000.0,
        n as f64 / per_run.max(1e-9)
    );
    Ok(())
}
