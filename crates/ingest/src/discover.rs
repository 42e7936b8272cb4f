//! Expanding the paths given on the command line into the inputs to read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::{Input, InputError};

/// Expands `paths` into inputs: files as they are, directories recursively (sorted by
/// name, hidden entries skipped, symbolic links followed with loops detected), `-` as
/// standard input. A file reached twice (e.g. through a link) is read once. Paths that
/// cannot be read become errors; the rest are still returned.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut push = |path: PathBuf, size: Option<u64>, inputs: &mut Vec<Input>| {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            inputs.push(Input { path, size });
        }
    };
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::stdin());
            continue;
        }
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError::new(
                    path.display().to_string(),
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        if !meta.is_dir() {
            push(path.clone(), Some(meta.len()), &mut inputs);
            continue;
        }
        let walker = WalkDir::new(path)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => {
                    let size = e.metadata().ok().map(|m| m.len());
                    push(e.into_path(), size, &mut inputs);
                }
                Err(e) => errors.push(walk_error(path, &e)),
            }
        }
    }
    (inputs, errors)
}

fn is_hidden(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn walk_error(root: &Path, e: &walkdir::Error) -> InputError {
    let at = e.path().unwrap_or(root).display().to_string();
    if let Some(ancestor) = e.loop_ancestor() {
        return InputError::new(
            at,
            format!(
                "symbolic link loop (points back to {}), not followed",
                ancestor.display()
            ),
        );
    }
    let msg = match e.io_error() {
        Some(io) => format!("cannot read: {io}"),
        None => format!("cannot read: {e}"),
    };
    InputError::new(at, msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_recursive_hidden_skipped_missing_reported() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/inner")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for f in ["b/inner/z.txt", "b/a.txt", "c.txt", ".hidden.txt", ".git/x"] {
            std::fs::write(root.join(f), "x").unwrap();
        }
        let missing = root.join("nope.txt");
        let (inputs, errors) = discover(&[
            root.to_path_buf(),
            missing.clone(),
            PathBuf::from("-"),
            root.join("c.txt"),
        ]);
        let names: Vec<String> = inputs
            .iter()
            .map(|i| {
                i.path
                    .strip_prefix(root)
                    .map_or("-".into(), |p| p.display().to_string())
            })
            .collect();
        assert_eq!(names, ["b/a.txt", "b/inner/z.txt", "c.txt", "-"]);
        assert_eq!(inputs[0].size, Some(1));
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .starts_with(&format!("{}: cannot read:", missing.display()))
        );
    }
}
