//! Reader for the SemEval-2025 Task 10 subtask-2 layout.
//!
//! A language folder holds `subtask-2-annotations.txt` (`doc_id TAB narratives TAB
//! subnarratives`, labels separated by `;`, `Other` when none) next to a folder whose name
//! contains `raw-documents` (`raw-documents`, `bulgarian_raw-documents`, …) with one text file
//! per document, and usually the class lists `subtask2_narratives.txt` and
//! `subtask2_subnarratives.txt`. [`read_dir`] accepts such a folder or any folder above
//! several of them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The annotation file of a language folder.
pub const ANNOTATIONS: &str = "subtask-2-annotations.txt";
/// The narrative class list.
pub const NARRATIVE_CLASSES: &str = "subtask2_narratives.txt";
/// The sub-narrative class list.
pub const SUBNARRATIVE_CLASSES: &str = "subtask2_subnarratives.txt";

/// How deep [`read_dir`] looks below the given folder for language folders.
const MAX_DEPTH: usize = 5;

/// The languages of the task, by code, with the words that name them in folder names.
const LANGS: [(&str, &[&str]); 5] = [
    ("en", &["en", "english"]),
    ("bg", &["bg", "bulgarian"]),
    ("hi", &["hi", "hindi"]),
    ("pt", &["pt", "portuguese"]),
    ("ru", &["ru", "russian"]),
];

/// The gold labels of one document: narratives and sub-narratives as written in the file
/// (order kept, duplicates removed).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Gold {
    pub narratives: Vec<String>,
    pub subnarratives: Vec<String>,
}

/// One annotated document.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledDoc {
    /// The file name, as the annotation file names it (`EN_CC_100013.txt`).
    pub id: String,
    /// Language code (`en`, `bg`, `hi`, `pt`, `ru`), from the id or else the folder names;
    /// `und` when neither says.
    pub lang: String,
    pub text: String,
    pub gold: Gold,
}

/// Everything read from a data folder.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// Documents sorted by id.
    pub docs: Vec<LabelledDoc>,
    /// The narrative classes from `subtask2_narratives.txt`, when a folder had one.
    pub narrative_classes: Option<Vec<String>>,
    /// The sub-narrative classes from `subtask2_subnarratives.txt`, when a folder had one.
    pub subnarrative_classes: Option<Vec<String>>,
    /// Annotated documents whose text file does not exist (skipped).
    pub missing: Vec<String>,
    /// Documents seen again in a later folder (the first one read is kept).
    pub duplicates: Vec<String>,
}

/// A data folder that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{path}: {error}")]
    Io { path: String, error: std::io::Error },
    #[error(
        "{0}: no SemEval subtask-2 data here (expected `{ANNOTATIONS}` next to a `*raw-documents*` folder, in this folder or below it)"
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

/// Reads every language folder at or below `root`.
pub fn read_dir(root: &Path) -> Result<Dataset, ReadError> {
    if !root.is_dir() {
        let what = if root.exists() {
            "not a folder"
        } else {
            "no such folder"
        };
        return Err(ReadError::Io {
            path: root.display().to_string(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, what),
        });
    }
    let mut folders = Vec::new();
    find_folders(root, 0, &mut folders)?;
    if folders.is_empty() {
        return Err(ReadError::NoData(root.display().to_string()));
    }
    let mut out = Dataset::default();
    let mut seen = BTreeSet::new();
    for (dir, raw) in folders {
        read_folder(&dir, &raw, &mut out, &mut seen)?;
    }
    out.docs.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Language folders (annotation file plus raw-documents folder) at or below `dir`, sorted.
fn find_folders(
    dir: &Path,
    depth: usize,
    out: &mut Vec<(PathBuf, PathBuf)>,
) -> Result<(), ReadError> {
    let mut subdirs: Vec<PathBuf> = Vec::new();
    for entry in fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            subdirs.push(path);
        }
    }
    subdirs.sort();
    if dir.join(ANNOTATIONS).is_file() {
        let raw = subdirs.iter().find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.contains("raw-documents"))
        });
        if let Some(raw) = raw {
            out.push((dir.to_path_buf(), raw.clone()));
            return Ok(());
        }
    }
    if depth < MAX_DEPTH {
        for sub in subdirs {
            find_folders(&sub, depth + 1, out)?;
        }
    }
    Ok(())
}

fn read_folder(
    dir: &Path,
    raw: &Path,
    out: &mut Dataset,
    seen: &mut BTreeSet<String>,
) -> Result<(), ReadError> {
    let path = dir.join(ANNOTATIONS);
    let text = fs::read(&path).map_err(io(&path))?;
    let text = String::from_utf8_lossy(&text);
    let folder_lang = lang_of_path(dir);
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(ReadError::Format {
                path: path.display().to_string(),
                line: i + 1,
                message: format!("expected 3 tab-separated columns, found {}", cols.len()),
            });
        }
        let id = cols[0].trim().to_string();
        if !seen.insert(id.clone()) {
            out.duplicates.push(id);
            continue;
        }
        let file = raw.join(&id);
        let body = match fs::read(&file) {
            Ok(b) => String::from_utf8_lossy(&b).into_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                out.missing.push(id);
                continue;
            }
            Err(e) => return Err(io(&file)(e)),
        };
        let lang = lang_of_id(&id).or(folder_lang).unwrap_or("und").to_string();
        out.docs.push(LabelledDoc {
            id,
            lang,
            text: body,
            gold: Gold {
                narratives: split_labels(cols[1]),
                subnarratives: split_labels(cols[2]),
            },
        });
    }
    if out.narrative_classes.is_none() {
        out.narrative_classes = read_classes(&dir.join(NARRATIVE_CLASSES))?;
    }
    if out.subnarrative_classes.is_none() {
        out.subnarrative_classes = read_classes(&dir.join(SUBNARRATIVE_CLASSES))?;
    }
    Ok(())
}

/// A `;`-separated label list, trimmed, empty items and repeats dropped, order kept.
pub fn split_labels(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in s.split(';').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.iter().any(|o| o == l) {
            out.push(l.to_string());
        }
    }
    out
}

/// A class list file (one label a line), `None` when the file does not exist.
fn read_classes(path: &Path) -> Result<Option<Vec<String>>, ReadError> {
    match fs::read_to_string(path) {
        Ok(s) => Ok(Some(
            s.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io(path)(e)),
    }
}

/// The language a document id names: a token `EN`, `BG`, … between `_`, `-` or `.`.
pub fn lang_of_id(id: &str) -> Option<&'static str> {
    id.split(['_', '-', '.']).find_map(|tok| {
        LANGS
            .iter()
            .find(|(code, _)| tok.eq_ignore_ascii_case(code))
            .map(|(code, _)| *code)
    })
}

/// The language a folder path names (`Semeval-Task10-Bulgarian`, `EN`), nearest folder first.
fn lang_of_path(dir: &Path) -> Option<&'static str> {
    dir.ancestors().find_map(|p| {
        let name = p.file_name()?.to_str()?.to_lowercase();
        name.split(['_', '-', '.', ' ']).find_map(|tok| {
            LANGS
                .iter()
                .find(|(_, words)| words.contains(&tok))
                .map(|(code, _)| *code)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_from_ids_and_folders() {
        assert_eq!(lang_of_id("EN_CC_100013.txt"), Some("en"));
        assert_eq!(lang_of_id("A7_URW_BG_4793.txt"), Some("bg"));
        assert_eq!(lang_of_id("RU-URW-1093.txt"), Some("ru"));
        assert_eq!(lang_of_id("article_12.txt"), None);
        assert_eq!(
            lang_of_path(Path::new("/d/Semeval-Task10-Hindi/data")),
            Some("hi")
        );
        assert_eq!(lang_of_path(Path::new("/d/train/PT")), Some("pt"));
    }

    #[test]
    fn labels_are_split_trimmed_and_deduplicated() {
        assert_eq!(
            split_labels("URW: A; URW: B;URW: A;"),
            vec!["URW: A".to_string(), "URW: B".to_string()]
        );
        assert!(split_labels("").is_empty());
    }

    #[test]
    fn reads_a_folder_tree() {
        let tmp = std::env::temp_dir().join(format!("ns-semeval-read-{}", std::process::id()));
        let lang = tmp.join("Semeval-Task10-Portuguese/data");
        fs::create_dir_all(lang.join("portuguese_raw-documents")).unwrap();
        fs::write(
            lang.join(ANNOTATIONS),
            "PT_1.txt\tCC: A;CC: A\tCC: A: x\r\nPT_2.txt\tOther\tOther\r\nPT_9.txt\tOther\tOther\r\n",
        )
        .unwrap();
        fs::write(lang.join("portuguese_raw-documents/PT_1.txt"), "Um texto.").unwrap();
        fs::write(lang.join("portuguese_raw-documents/PT_2.txt"), "Outro.").unwrap();
        fs::write(lang.join(NARRATIVE_CLASSES), "CC: A\nOther").unwrap();
        let d = read_dir(&tmp).unwrap();
        assert_eq!(d.docs.len(), 2);
        assert_eq!(d.missing, vec!["PT_9.txt".to_string()]);
        assert_eq!(d.docs[0].lang, "pt");
        assert_eq!(d.docs[0].gold.narratives, vec!["CC: A".to_string()]);
        assert_eq!(d.docs[1].text, "Outro.");
        assert_eq!(d.narrative_classes.as_deref().map(<[String]>::len), Some(2));
        assert!(d.subnarrative_classes.is_none());
        let err = read_dir(&lang.join("portuguese_raw-documents")).unwrap_err();
        assert!(err.to_string().contains("portuguese_raw-documents"));
        fs::remove_dir_all(&tmp).unwrap();
    }

    #[test]
    fn reads_the_shared_data() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/datasets/semeval2025-task10/dec4-release-subtask2_ipanos7");
        if !root.is_dir() {
            eprintln!("skipping: {} not found", root.display());
            return;
        }
        let d = read_dir(&root).unwrap();
        for lang in ["en", "bg", "hi", "pt", "ru"] {
            let n = d.docs.iter().filter(|x| x.lang == lang).count();
            assert!(n > 100, "{lang}: {n} documents");
        }
        assert!(d.docs.iter().all(|x| !x.gold.narratives.is_empty()));
        let classes = d.narrative_classes.unwrap();
        assert!(classes.iter().any(|c| c == "Other"));
        assert!(d.subnarrative_classes.unwrap().len() > classes.len());
    }
}
