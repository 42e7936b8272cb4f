//! Reading SemEval-2023 Task 3 subtask-3 data: per language folder, paragraph labels
//! (`<part>-labels-subtask-3.txt`: article, 1-based line, techniques), span labels
//! (`<part>-labels-subtask-3-spans/`: article, technique, start, end in characters) and the
//! articles (`<part>-articles-subtask-3/article<ID>.txt`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::techniques::canonical;

/// One labelled article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The language folder's name (`en`, `fr`, `ge`, `it`, `po`, `ru`).
    pub lang: String,
    pub id: String,
    /// `<lang>/<id>`: the key of the held-aside split.
    pub key: String,
    pub text: String,
    /// Gold paragraphs: 1-based line and technique indices.
    pub paragraphs: Vec<(usize, Vec<usize>)>,
    /// Gold spans: technique index and character range.
    pub spans: Vec<(usize, usize, usize)>,
}

/// Everything read from a data folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub articles: Vec<Article>,
    /// Labels that name no known technique (skipped).
    pub unknown_labels: BTreeSet<String>,
    /// Labelled articles without a text file (skipped).
    pub missing: Vec<String>,
}

fn io(p: &Path) -> impl FnOnce(std::io::Error) -> String + '_ {
    move |e| format!("{}: {e}", p.display())
}

/// Reads `dir`: one language folder or a folder holding several.
pub fn read_dir(dir: &Path) -> Result<Dataset, String> {
    let mut langs: Vec<PathBuf> = Vec::new();
    if label_files(dir)?.is_empty() {
        for e in std::fs::read_dir(dir).map_err(io(dir))? {
            let p = e.map_err(io(dir))?.path();
            if p.is_dir() && !label_files(&p)?.is_empty() {
                langs.push(p);
            }
        }
    } else {
        langs.push(dir.to_path_buf());
    }
    langs.sort();
    if langs.is_empty() {
        return Err(format!(
            "{}: no `*-labels-subtask-3.txt` file here or in its sub-folders",
            dir.display()
        ));
    }
    let mut out = Dataset::default();
    for l in langs {
        read_lang(&l, &mut out)?;
    }
    Ok(out)
}

fn label_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut v = Vec::new();
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    for e in std::fs::read_dir(dir).map_err(io(dir))? {
        let p = e.map_err(io(dir))?.path();
        if p.is_file()
            && p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with("-labels-subtask-3.txt"))
        {
            v.push(p);
        }
    }
    v.sort();
    Ok(v)
}

fn techniques_of(list: &str, unknown: &mut BTreeSet<String>) -> Vec<usize> {
    let mut v: Vec<usize> = list
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(
            |s| match canonical(s).and_then(crate::techniques::index_of) {
                Some(i) => Some(i),
                None => {
                    unknown.insert(s.to_string());
                    None
                }
            },
        )
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn read_lang(dir: &Path, out: &mut Dataset) -> Result<(), String> {
    let lang = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("xx")
        .to_string();
    for labels in label_files(dir)? {
        let name = labels.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let part = name.trim_end_matches("-labels-subtask-3.txt");
        let text = std::fs::read_to_string(&labels).map_err(io(&labels))?;
        let mut paras: BTreeMap<String, Vec<(usize, Vec<usize>)>> = BTreeMap::new();
        for (n, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let mut f = line.split('\t');
            let (id, no) = (f.next().unwrap_or("").trim(), f.next().unwrap_or("").trim());
            let no: usize = no.parse().map_err(|_| {
                format!(
                    "{}:{}: bad paragraph number {no:?}",
                    labels.display(),
                    n + 1
                )
            })?;
            let t = techniques_of(f.next().unwrap_or(""), &mut out.unknown_labels);
            paras.entry(id.to_string()).or_default().push((no, t));
        }
        let spans_dir = dir.join(format!("{part}-labels-subtask-3-spans"));
        let articles_dir = dir.join(format!("{part}-articles-subtask-3"));
        for (id, paragraphs) in paras {
            let path = articles_dir.join(format!("article{id}.txt"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                out.missing.push(format!("{lang}/{id}"));
                continue;
            };
            let spans = read_spans(
                &spans_dir.join(format!("article{id}-labels-subtask-3.txt")),
                &mut out.unknown_labels,
            )?;
            out.articles.push(Article {
                key: format!("{lang}/{id}"),
                lang: lang.clone(),
                id,
                text,
                paragraphs,
                spans,
            });
        }
    }
    Ok(())
}

/// Span labels of one article; an absent file means none.
fn read_spans(
    p: &Path,
    unknown: &mut BTreeSet<String>,
) -> Result<Vec<(usize, usize, usize)>, String> {
    let Ok(text) = std::fs::read_to_string(p) else {
        return Ok(Vec::new());
    };
    let mut v = Vec::new();
    for (n, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        let num = |i: usize| -> Result<usize, String> {
            f.get(i)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| format!("{}:{}: bad span line", p.display(), n + 1))
        };
        let (start, end) = (num(2)?, num(3)?);
        if let Some(&t) = techniques_of(f.get(1).copied().unwrap_or(""), unknown).first() {
            v.push((t, start, end.max(start)));
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_hand_made_folder() {
        let root = std::env::temp_dir().join(format!("ns-rh-read-{}", std::process::id()));
        let en = root.join("en");
        std::fs::create_dir_all(en.join("train-articles-subtask-3")).unwrap();
        std::fs::create_dir_all(en.join("train-labels-subtask-3-spans")).unwrap();
        std::fs::write(
            en.join("train-labels-subtask-3.txt"),
            "7\t1\t\n7\t3\tDoubt,Appeal_to_Fear-Prejudi-čce,Bogus\n8\t1\tSlogans\n",
        )
        .unwrap();
        std::fs::write(
            en.join("train-articles-subtask-3/article7.txt"),
            "Title\n\nBody here.\n",
        )
        .unwrap();
        std::fs::write(
            en.join("train-labels-subtask-3-spans/article7-labels-subtask-3.txt"),
            "7\tDoubt\t7\t11\n",
        )
        .unwrap();
        let d = read_dir(&root).unwrap();
        assert_eq!(d.articles.len(), 1);
        let a = &d.articles[0];
        assert_eq!((a.key.as_str(), a.paragraphs.len()), ("en/7", 2));
        assert_eq!(a.paragraphs[1], (3, vec![3, 19]));
        assert_eq!(a.spans, vec![(19, 7, 11)]);
        assert_eq!(d.missing, vec!["en/8".to_string()]);
        assert!(d.unknown_labels.contains("Bogus"));
        std::fs::write(en.join("train-labels-subtask-3.txt"), "7\tx\tDoubt\n").unwrap();
        let e = read_dir(&root).unwrap_err();
        assert!(e.contains("train-labels-subtask-3.txt:1"), "{e}");
        assert!(read_dir(&root.join("nope")).is_err());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
