//! Shared by the benchmark examples: labelled multilingual documents from ../shared/datasets
//! (read at run time, never copied), up to `per_lang` per language, in a fixed order.

use std::path::{Path, PathBuf};

pub struct LabelledDoc {
    pub id: String,
    pub lang: &'static str,
    pub text: String,
}

pub fn datasets_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/datasets")
}

fn sources() -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    for (dir, code) in [
        ("en", "en"),
        ("fr", "fr"),
        ("ge", "de"),
        ("it", "it"),
        ("po", "pl"),
        ("ru", "ru"),
    ] {
        v.push((
            code,
            format!("semeval2023-task3/data/{dir}/train-articles-subtask-2"),
        ));
    }
    for (name, file, code) in [
        ("Bulgarian", "bulgarian_raw-documents", "bg"),
        ("English", "raw-documents", "en"),
        ("Hindi", "hindi_raw-documents", "hi"),
        ("Portuguese", "portuguese_raw-documents", "pt"),
        ("Russian", "russian_raw-documents", "ru"),
    ] {
        v.push((
            code,
            format!(
                "semeval2025-task10/dec4-release-subtask2_ipanos7/Semeval-Task10-{name}/data/{file}"
            ),
        ));
    }
    v
}

/// Documents per source folder, sorted by file name; `None` when the datasets are absent.
pub fn load(per_source: usize) -> Option<Vec<LabelledDoc>> {
    let root = datasets_dir();
    if !root.is_dir() {
        eprintln!("skipping: {} not found", root.display());
        return None;
    }
    let mut docs = Vec::new();
    for (lang, rel) in sources() {
        let dir = root.join(&rel);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("note: {} not found", dir.display());
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .take(per_source)
        {
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let id = format!(
                "{rel}/{}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or("")
            );
            docs.push(LabelledDoc { id, lang, text });
        }
    }
    Some(docs)
}
