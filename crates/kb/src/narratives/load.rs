//! Where catalogs come from: the shipped `kb/narratives/` folder (on disk or compiled in) and
//! users' folders or single catalog files layered after it.

use std::path::Path;

use super::Catalogs;
use super::model::Catalog;
use super::raw::load_source;
use crate::KbError;
use crate::raw::Source;
use crate::sources::{KbPaths, is_catalog_text};
use crate::validate::Issue;

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../../kb/", $name)))),*]
    };
}

/// The shipped catalog files, compiled in so that an installed binary works alone.
pub(super) const SHIPPED: &[(&str, &str)] =
    shipped!("narratives/iraq-syria.toml", "narratives/semeval2025.toml",);

fn io(p: &Path) -> impl FnOnce(std::io::Error) -> KbError {
    let path = p.display().to_string();
    move |source| KbError::Io { path, source }
}

fn read(p: &Path) -> Result<Source, KbError> {
    Ok(Source {
        name: p.display().to_string(),
        text: std::fs::read_to_string(p).map_err(io(p))?,
    })
}

/// The `*.toml` files directly inside `dir`, sorted.
fn toml_files(dir: &Path) -> Result<Vec<Source>, KbError> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let p = entry.map_err(io(dir))?.path();
        if p.is_file() && p.extension().is_some_and(|e| e == "toml") {
            paths.push(p);
        }
    }
    paths.sort();
    paths.iter().map(|p| read(p)).collect()
}

/// The catalog files of one user path: `<dir>/narratives/*.toml` for a folder, the file
/// itself when it is a single file holding a `[catalog]` table.
fn user_sources(path: &Path) -> Result<Vec<Source>, KbError> {
    if path.is_file() {
        let src = read(path)?;
        return Ok(if is_catalog_text(&src.text) {
            vec![src]
        } else {
            Vec::new()
        });
    }
    if !path.exists() {
        return Err(io(path)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file or folder",
        )));
    }
    let dir = path.join("narratives");
    if dir.is_dir() {
        toml_files(&dir)
    } else {
        Ok(Vec::new())
    }
}

fn shipped_sources() -> Vec<Source> {
    crate::sources::compiled_in(SHIPPED)
}

impl Catalogs {
    /// The compiled-in shipped catalogs. They are checked by the crate's tests to parse.
    pub fn shipped() -> Catalogs {
        let catalogs = shipped_sources()
            .iter()
            .filter_map(|s| load_source(s).ok())
            .collect();
        Catalogs { catalogs }
    }

    /// Reads the shipped folder's `narratives/*.toml` (or the compiled-in copy when there
    /// is no shipped folder or it has no `narratives/` folder), then each user folder's
    /// `narratives/*.toml` and each user path that is a single catalog file. A catalog whose
    /// id is already loaded is skipped and reported as an error issue.
    pub fn load(paths: &KbPaths) -> Result<(Catalogs, Vec<Issue>), KbError> {
        let mut sources = match &paths.shipped {
            Some(d) if d.join("narratives").is_dir() => toml_files(&d.join("narratives"))?,
            _ => shipped_sources(),
        };
        for u in &paths.user {
            sources.extend(user_sources(u)?);
        }
        Catalogs::from_sources(&sources)
    }

    /// Parses `sources` in order; see [`Catalogs::load`].
    pub fn from_sources(sources: &[Source]) -> Result<(Catalogs, Vec<Issue>), KbError> {
        let mut catalogs: Vec<Catalog> = Vec::new();
        let mut issues = Vec::new();
        for src in sources {
            let c = load_source(src)?;
            if let Some(first) = catalogs.iter().find(|k| k.id == c.id) {
                issues.push(Issue::error(
                    &src.name,
                    None,
                    format!(
                        "catalog {:?} is already defined in {}; catalogs may not be redefined, give yours another id",
                        c.id, first.file
                    ),
                ));
                continue;
            }
            catalogs.push(c);
        }
        Ok((Catalogs { catalogs }, issues))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ns-cat-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    const MINE: &str = "[catalog]\nid = \"mine\"\ntitle = \"Mine\"\n\
        [[narrative]]\nid = \"n\"\ntitle = \"N\"\ndescription = \"d\"\nexemplars.en = [\"s\"]\n";

    #[test]
    fn embedded_copy_matches_the_shipped_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb/narratives");
        let name = |s: &str| s.rsplit('/').next().unwrap_or("").to_string();
        let mut disk: Vec<_> = toml_files(&dir)
            .unwrap()
            .into_iter()
            .map(|s| (name(&s.name), s.text))
            .collect();
        let mut emb: Vec<_> = SHIPPED
            .iter()
            .map(|(n, t)| (name(n), t.to_string()))
            .collect();
        disk.sort();
        emb.sort();
        assert_eq!(
            disk, emb,
            "a file under kb/narratives/ is missing from SHIPPED"
        );
    }

    #[test]
    fn user_folders_and_single_files_layer_after_the_shipped_catalogs() {
        let dir = tmp("layer");
        std::fs::create_dir_all(dir.join("narratives")).unwrap();
        std::fs::write(dir.join("narratives/mine.toml"), MINE).unwrap();
        let single = dir.join("single.toml");
        std::fs::write(&single, MINE.replace("\"mine\"", "\"solo\"")).unwrap();
        let entities = dir.join("ents.toml");
        std::fs::write(&entities, "[[entity]]\nid = \"ns:x\"\ntype = \"place\"\n").unwrap();
        let paths = KbPaths {
            shipped: None,
            user: vec![dir.clone(), single, entities],
        };
        let (cats, issues) = Catalogs::load(&paths).unwrap();
        assert!(issues.is_empty(), "{issues:?}");
        let ids: Vec<_> = cats.catalogs.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["iraq-syria", "semeval2025", "mine", "solo"]);
        assert_eq!(cats.get("solo/n").map(|n| n.title.as_str()), Some("N"));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn redefining_a_catalog_is_an_error_issue() {
        let dir = tmp("redef");
        std::fs::create_dir_all(dir.join("narratives")).unwrap();
        let text = MINE.replace("\"mine\"", "\"iraq-syria\"");
        std::fs::write(dir.join("narratives/again.toml"), text).unwrap();
        let paths = KbPaths {
            shipped: None,
            user: vec![dir.clone()],
        };
        let (cats, issues) = Catalogs::load(&paths).unwrap();
        assert_eq!(issues.len(), 1, "{issues:?}");
        assert!(issues[0].is_error());
        assert!(issues[0].file.ends_with("again.toml"));
        assert!(issues[0].message.contains("kb/narratives/iraq-syria.toml"));
        assert_eq!(cats.catalogs.len(), 2);
        assert!(cats.get("iraq-syria/n").is_none());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn bad_files_and_missing_paths_are_errors_naming_them() {
        let dir = tmp("bad");
        std::fs::create_dir_all(dir.join("narratives")).unwrap();
        std::fs::write(dir.join("narratives/broken.toml"), "[catalog]\nid = 3\n").unwrap();
        let paths = KbPaths {
            shipped: None,
            user: vec![dir.clone()],
        };
        let e = Catalogs::load(&paths).unwrap_err().to_string();
        assert!(e.contains("broken.toml"), "{e}");
        let missing = KbPaths {
            shipped: None,
            user: vec![PathBuf::from("/nonexistent/narr")],
        };
        let e = Catalogs::load(&missing).unwrap_err().to_string();
        assert!(e.contains("/nonexistent/narr"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
