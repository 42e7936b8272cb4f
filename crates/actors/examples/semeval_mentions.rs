//! Mention recall on the SemEval-2025 Task 10 subtask-1 entity annotations (EVAL.md).
//!
//! `cargo run --release -p narrascope-actors --example semeval_mentions -- ANNOTATIONS_ROOT DOCUMENTS_ROOT`
//!
//! ANNOTATIONS_ROOT holds `<LANG>/subtask-1-annotations.txt` (doc id, mention, start, end,
//! roles); DOCUMENTS_ROOT holds, per language, a folder whose name contains
//! `raw-documents` under `Semeval-Task10-<Language>/data/`. Each document runs through the
//! full pipeline; a gold mention counts as found when the document has a mention whose
//! folded words equal, contain or are contained in the folded gold words (whole
//! words, in order) (offsets are
//! not compared: the pipeline's offsets are into normalised text). Reported per language:
//! found by a linked mention, and found by any mention (unlinked names included).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use narrascope_core::{Analysis, Format, Metadata, RawDocument, SourceRef};
use narrascope_kb::{Kb, key};

fn docs_dir(root: &Path, lang: &str) -> Option<PathBuf> {
    let name = match lang {
        "EN" => "English",
        "BG" => "Bulgarian",
        "HI" => "Hindi",
        "PT" => "Portuguese",
        "RU" => "Russian",
        _ => return None,
    };
    let data = root.join(format!("Semeval-Task10-{name}/data"));
    std::fs::read_dir(&data)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.is_dir() && p.to_string_lossy().contains("raw-documents"))
}

/// The words of `a` appear, in order and adjacent, among the words of `b`.
fn words_within(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    !a.is_empty() && a.len() <= b.len() && b.windows(a.len()).any(|w| w == a.as_slice())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: semeval_mentions ANNOTATIONS_ROOT DOCUMENTS_ROOT".into());
    }
    let (ann_root, doc_root) = (Path::new(&args[1]), Path::new(&args[2]));
    let kb = Kb::shipped()?;
    let pipeline = narrascope_actors::full_pipeline(&kb)?;
    println!("| lang | gold mentions | documents | found (linked) | found (any mention) |");
    println!("|---|---:|---:|---:|---:|");
    for lang in ["BG", "EN", "HI", "PT", "RU"] {
        let ann = ann_root.join(lang).join("subtask-1-annotations.txt");
        let Ok(text) = std::fs::read_to_string(&ann) else {
            eprintln!("{}: not found, skipped", ann.display());
            continue;
        };
        let Some(dir) = docs_dir(doc_root, lang) else {
            eprintln!("{lang}: no documents folder under {}", doc_root.display());
            continue;
        };
        let mut gold: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for line in text.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() >= 2 {
                gold.entry(cols[0].to_string())
                    .or_default()
                    .push(cols[1].to_string());
            }
        }
        let (mut total, mut linked, mut any, mut docs) = (0usize, 0usize, 0usize, 0usize);
        for (doc, mentions) in &gold {
            let Ok(raw) = std::fs::read_to_string(dir.join(doc)) else {
                continue;
            };
            docs += 1;
            let mut a = Analysis::new(RawDocument {
                source: SourceRef {
                    path: doc.clone(),
                    locator: None,
                    format: Format::Text,
                },
                text: raw,
                meta: Metadata::default(),
            });
            pipeline.run(&mut a)?;
            let found: Vec<(String, bool)> = a
                .mentions
                .iter()
                .map(|m| (key(&m.surface, false), m.entity.is_some()))
                .collect();
            for g in mentions {
                let g = key(g, false);
                if g.is_empty() {
                    continue;
                }
                total += 1;
                let hits: Vec<bool> = found
                    .iter()
                    .filter(|(s, _)| words_within(s, &g) || words_within(&g, s))
                    .map(|(_, l)| *l)
                    .collect();
                any += usize::from(!hits.is_empty());
                linked += usize::from(hits.iter().any(|l| *l));
            }
        }
        let pct = |n: usize| 100.0 * n as f64 / total.max(1) as f64;
        println!(
            "| {} | {total} | {docs} | {:.1} % | {:.1} % |",
            lang.to_lowercase(),
            pct(linked),
            pct(any)
        );
    }
    Ok(())
}
