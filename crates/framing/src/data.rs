//! Reader for the SemEval-2025 Task 10 subtask-1 data: `subtask-1-annotations.txt` files
//! (`doc_id TAB mention TAB start TAB end TAB main_role TAB fine_role…`, offsets in
//! characters of the raw file read without newline translation, end inclusive) and the
//! documents they point at, found in any `*raw-documents*` folder below the same root.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use narrascope_narratives::semeval::lang_of_id;

/// The annotation file name.
pub const ANNOTATIONS: &str = "subtask-1-annotations.txt";
/// How deep [`read_dir`] looks for annotation files and document folders.
const MAX_DEPTH: usize = 6;

/// One annotated mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    /// The mention as the annotation writes it (double quotes removed, as the scorer does).
    pub surface: String,
    /// Character offsets into the raw document, `end` inclusive (as in the file).
    pub start: usize,
    pub end: usize,
    pub main_role: String,
    /// In file order.
    pub fine_roles: Vec<String>,
}

/// One document with its annotated mentions.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleDoc {
    pub id: String,
    /// `en`, `bg`, `hi`, `pt`, `ru`, or `und`.
    pub lang: String,
    /// The raw text (UTF-8, newlines as in the file).
    pub text: String,
    pub mentions: Vec<GoldMention>,
}

/// Everything read from a data folder.
#[derive(Debug, Clone, Default)]
pub struct RoleDataset {
    /// Documents sorted by id.
    pub docs: Vec<RoleDoc>,
    /// Annotated documents without a text file (skipped).
    pub missing: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error(
        "{0}: no SemEval subtask-1 data here (expected `{ANNOTATIONS}` files and `*raw-documents*` folders at or below it)"
    )]
    NoData(String),
    #[error("{path} line {line}: {message}")]
    Format {
        path: String,
        line: usize,
        message: String,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ReadError + '_ {
    move |error| ReadError::Io {
        path: path.display().to_string(),
        error,
    }
}

/// Parses one annotation file: `(doc id, mention)` in file order. `path` names it in errors.
pub fn parse_annotations(text: &str, path: &str) -> Result<Vec<(String, GoldMention)>, ReadError> {
    let mut out = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| ReadError::Format {
            path: path.to_string(),
            line: i + 1,
            message,
        };
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() < 6 {
            return Err(err(format!(
                "expected at least 6 tab-separated columns, found {}",
                cols.len()
            )));
        }
        let num = |s: &str| {
            s.parse::<usize>()
                .map_err(|_| err(format!("`{s}` is not an offset")))
        };
        let (start, end) = (num(cols[2])?, num(cols[3])?);
        if end < start {
            return Err(err(format!("end {end} before start {start}")));
        }
        out.push((
            cols[0].to_string(),
            GoldMention {
                surface: cols[1].replace('"', ""),
                start,
                end,
                main_role: cols[4].to_string(),
                fine_roles: cols[5..]
                    .iter()
                    .filter(|r| !r.is_empty())
                    .map(|r| r.to_string())
                    .collect(),
            },
        ));
    }
    Ok(out)
}

/// The byte range in `raw` of a mention given by character offsets (`end` inclusive). When
/// the text there is not the mention, the nearest occurrence of the mention within a few
/// characters is taken (a handful of annotations are off by one to three characters);
/// `None` when there is none.
pub fn raw_span(raw: &str, m: &GoldMention) -> Option<(usize, usize)> {
    let byte_of = |c: usize| {
        raw.char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(raw.len()))
            .nth(c)
    };
    let (s, e) = (byte_of(m.start)?, byte_of(m.end + 1)?);
    if raw[s..e] == m.surface || raw[s..e].replace('"', "") == m.surface {
        return Some((s, e));
    }
    if m.surface.is_empty() {
        return None;
    }
    let slack = 16;
    let lo = byte_of(m.start.saturating_sub(slack)).unwrap_or(0);
    let hi = byte_of(m.end + 1 + slack).unwrap_or(raw.len());
    raw[lo..hi]
        .match_indices(m.surface.as_str())
        .map(|(i, _)| lo + i)
        .min_by_key(|&b| b.abs_diff(s))
        .map(|b| (b, b + m.surface.len()))
}

/// Reads every annotation file at or below `root` and the documents they name.
pub fn read_dir(root: &Path) -> Result<RoleDataset, ReadError> {
    if !root.is_dir() {
        return Err(io(root)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such folder",
        )));
    }
    let (mut ann, mut raw_dirs) = (Vec::new(), Vec::new());
    walk(root, 0, &mut ann, &mut raw_dirs)?;
    if ann.is_empty() || raw_dirs.is_empty() {
        return Err(ReadError::NoData(root.display().to_string()));
    }
    // Document files by name; the first folder in path order wins.
    let mut files: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in &raw_dirs {
        for entry in fs::read_dir(dir).map_err(io(dir))? {
            let p = entry.map_err(io(dir))?.path();
            if let Some(name) = p.file_name().and_then(|n| n.to_str()) {
                files.entry(name.to_string()).or_insert(p);
            }
        }
    }
    let mut by_doc: BTreeMap<String, Vec<GoldMention>> = BTreeMap::new();
    for path in &ann {
        let bytes = fs::read(path).map_err(io(path))?;
        let text = String::from_utf8_lossy(&bytes);
        for (id, m) in parse_annotations(&text, &path.display().to_string())? {
            let list = by_doc.entry(id).or_default();
            if !list.contains(&m) {
                list.push(m);
            }
        }
    }
    let mut out = RoleDataset::default();
    for (id, mentions) in by_doc {
        let Some(file) = files.get(&id) else {
            out.missing.push(id);
            continue;
        };
        let bytes = fs::read(file).map_err(io(file))?;
        out.docs.push(RoleDoc {
            lang: lang_of_id(&id).unwrap_or("und").to_string(),
            id,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            mentions,
        });
    }
    Ok(out)
}

fn walk(
    dir: &Path,
    depth: usize,
    ann: &mut Vec<PathBuf>,
    raw: &mut Vec<PathBuf>,
) -> Result<(), ReadError> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if name.contains("raw-documents") {
                raw.push(p);
            } else if depth < MAX_DEPTH {
                walk(&p, depth + 1, ann, raw)?;
            }
        } else if name == ANNOTATIONS {
            ann.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
