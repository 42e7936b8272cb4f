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
//! not compared: the pipeline's offsets are into normalised text). The entity files are
//! read from disk (`$NARRASCOPE_KB_HOME/entities`, else `kb/entities` under the current
//! folder), so edits count without a rebuild and an older copy can be measured alike.
//! Reported per language:
//! found by a linked mention, and found by any mention (unlinked names included).
//!
//! With `--misses N` (after the two folders) the N most frequent gold mentions of each
//! language that no linked mention found are printed to standard error with their counts,
//! to show which names the knowledge base lacks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use narrascope_core::{Analysis, Format, Metadata, RawDocument, SourceRef};
use narrascope_kb::{Kb, key, load_dir};

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

/// The words of a folded mention: punctuation and a possessive `'s` are not part of a
/// word, so a gold span that takes in a closing quote or bracket (`Украйна“`, `Байдън)`),
/// joins an initial (`М.Саакашвили`) or keeps a possessive (`Russia's`, found as `Russia`
/// by design) still compares word by word.
fn words_of(s: &str) -> Vec<&str> {
    s.split(|c: char| !(c.is_alphanumeric() || c == '\'' || is_mark(c)))
        .map(|w| w.strip_suffix("'s").unwrap_or(w).trim_matches('\''))
        .filter(|w| !w.is_empty())
        .collect()
}

/// Combining marks inside words (Devanagari vowel signs, virama, nukta).
fn is_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{900}'..='\u{903}' | '\u{93a}'..='\u{94f}' | '\u{951}'..='\u{957}' | '\u{962}'..='\u{963}')
}

/// The words of `a` appear, in order and adjacent, among the words of `b`.
fn words_within(a: &str, b: &str) -> bool {
    let (a, b) = (words_of(a), words_of(b));
    !a.is_empty() && a.len() <= b.len() && b.windows(a.len()).any(|w| w == a.as_slice())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: semeval_mentions ANNOTATIONS_ROOT DOCUMENTS_ROOT [--misses N]".into());
    }
    let misses_shown: usize = match args.get(3).map(String::as_str) {
        Some("--misses") => args
            .get(4)
            .and_then(|n| n.parse().ok())
            .ok_or("--misses needs a number")?,
        Some(other) => return Err(format!("unknown argument {other}").into()),
        None => 0,
    };
    let (ann_root, doc_root) = (Path::new(&args[1]), Path::new(&args[2]));
    // the entity files on disk: `$NARRASCOPE_KB_HOME/entities`, else `./kb/entities`
    let home =
        std::env::var_os("NARRASCOPE_KB_HOME").map_or_else(|| PathBuf::from("kb"), PathBuf::from);
    let entities = home.join("entities");
    eprintln!("knowledge base: {}", entities.display());
    let kb = Kb::from_layers(&[load_dir(&entities)?])?.0;
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
        let mut missed: BTreeMap<String, (usize, usize)> = BTreeMap::new();
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
                if words_of(&g).is_empty() {
                    continue;
                }
                total += 1;
                let hits: Vec<bool> = found
                    .iter()
                    .filter(|(s, _)| words_within(s, &g) || words_within(&g, s))
                    .map(|(_, l)| *l)
                    .collect();
                any += usize::from(!hits.is_empty());
                let is_linked = hits.iter().any(|l| *l);
                linked += usize::from(is_linked);
                if !is_linked {
                    let e = missed.entry(g).or_default();
                    e.0 += 1;
                    e.1 += usize::from(!hits.is_empty());
                }
            }
        }
        let mut missed: Vec<_> = missed.into_iter().collect();
        missed.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(&b.0)));
        for (surface, (n, unlinked)) in missed.iter().take(misses_shown) {
            eprintln!("{lang} missed {n:>3} (as unlinked {unlinked:>3})  {surface}");
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
