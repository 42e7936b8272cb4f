//! Reading genre-labelled articles in the SemEval-2023 Task 3 subtask-1 layout: a language
//! folder holds `train-labels-subtask-1.txt` (`article id <TAB> genre` per line) beside
//! `train-articles-subtask-1/article<ID>.txt`.

use std::fs;
use std::path::{Path, PathBuf};

use super::GENRES;

const LABELS: &str = "train-labels-subtask-1.txt";
const ARTICLES: &str = "train-articles-subtask-1";

/// One labelled article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// `<language folder>/<article id>`: the key of the held-aside split.
    pub id: String,
    /// ISO 639-1 code of the language (`ge` → `de`, `po` → `pl`).
    pub lang: String,
    pub text: String,
    pub genre: String,
}

/// The ISO code of a SemEval-2023 language folder.
pub fn iso_code(folder: &str) -> &str {
    match folder {
        "ge" => "de",
        "po" => "pl",
        other => other,
    }
}

/// Language folders under `root` (or `root` itself when it is one), sorted.
fn lang_dirs(root: &Path) -> Result<Vec<PathBuf>, String> {
    if root.join(LABELS).is_file() {
        return Ok(vec![root.to_path_buf()]);
    }
    let rd = fs::read_dir(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let mut dirs: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(LABELS).is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(format!(
            "{}: no `{LABELS}` here or in a folder below",
            root.display()
        ));
    }
    Ok(dirs)
}

/// Every labelled article under `root`. Articles without a text file are skipped and
/// counted in the second value.
pub fn read_dir(root: &Path) -> Result<(Vec<Article>, usize), String> {
    let mut out = Vec::new();
    let mut missing = 0;
    for dir in lang_dirs(root)? {
        let folder = dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("xx")
            .to_string();
        let labels_path = dir.join(LABELS);
        let labels = fs::read_to_string(&labels_path)
            .map_err(|e| format!("{}: {e}", labels_path.display()))?;
        for (n, line) in labels.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            let (id, genre) = line
                .split_once('\t')
                .map(|(a, b)| (a.trim(), b.trim()))
                .ok_or_else(|| {
                    format!(
                        "{}:{}: expected `id<TAB>genre`",
                        labels_path.display(),
                        n + 1
                    )
                })?;
            if !GENRES.contains(&genre) {
                return Err(format!(
                    "{}:{}: unknown genre `{genre}` (expected one of {})",
                    labels_path.display(),
                    n + 1,
                    GENRES.join(", ")
                ));
            }
            let path = dir.join(ARTICLES).join(format!("article{id}.txt"));
            let Ok(text) = fs::read_to_string(&path) else {
                missing += 1;
                continue;
            };
            out.push(Article {
                id: format!("{folder}/{id}"),
                lang: iso_code(&folder).to_string(),
                text,
                genre: genre.to_string(),
            });
        }
    }
    Ok((out, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_language_folder_and_names_bad_lines() {
        let root = std::env::temp_dir().join(format!("ns-genre-data-{}", std::process::id()));
        let dir = root.join("ge");
        fs::create_dir_all(dir.join(ARTICLES)).unwrap();
        fs::write(dir.join(LABELS), "11\topinion\n12\tsatire\n").unwrap();
        fs::write(dir.join(ARTICLES).join("article11.txt"), "Titel\n\nText.").unwrap();
        let (docs, missing) = read_dir(&root).unwrap();
        assert_eq!(missing, 1);
        assert_eq!(docs.len(), 1);
        assert_eq!(
            (docs[0].id.as_str(), docs[0].lang.as_str()),
            ("ge/11", "de")
        );
        fs::write(dir.join(LABELS), "11\tnews\n").unwrap();
        let e = read_dir(&dir).unwrap_err();
        assert!(
            e.contains("train-labels-subtask-1.txt:1") && e.contains("news"),
            "{e}"
        );
        assert!(read_dir(&root.join("nowhere")).is_err());
        fs::remove_dir_all(&root).unwrap();
    }
}
