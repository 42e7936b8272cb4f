//! Where knowledge-base files come from: the shipped files (on disk or compiled into the
//! binary) and users' folders layered over them.

use std::path::{Path, PathBuf};

use crate::KbError;
use crate::kb::{Kb, Layer};
use crate::raw::Source;
use crate::validate::Issue;

macro_rules! shipped {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../kb/", $name)))),*]
    };
}

/// The shipped entity files, compiled in so that an installed binary works alone.
const SHIPPED: &[(&str, &str)] = shipped!(
    "entities/armed-groups.toml",
    "entities/leaders.toml",
    "entities/media.toml",
    "entities/middle-east.toml",
    "entities/organisations.toml",
    "entities/powers-and-alliances.toml",
    "entities/russia-ukraine.toml",
);

/// The shipped relation lexicon, compiled in.
pub const SHIPPED_RELATIONS: &str = include_str!("../../../kb/relations.toml");

/// The compiled-in copy of the shipped entity files.
pub fn shipped_files() -> Layer {
    compiled_in(SHIPPED)
}

/// Compiled-in files (path under `kb/`, text) as sources named `kb/<path>`.
pub(crate) fn compiled_in(files: &[(&str, &str)]) -> Vec<Source> {
    files
        .iter()
        .map(|(name, text)| Source {
            name: format!("kb/{name}"),
            text: text.to_string(),
        })
        .collect()
}

/// The folders a knowledge base is read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KbPaths {
    /// The shipped folder on disk, or `None` for the compiled-in copy.
    pub shipped: Option<PathBuf>,
    /// User folders (or single files), layered over the shipped files in order.
    pub user: Vec<PathBuf>,
}

fn has_entities(dir: &Path) -> bool {
    dir.join("entities").is_dir()
}

impl KbPaths {
    /// The shipped folder is the first of: `$NARRASCOPE_KB_HOME`; `./kb`; `kb/` beside the
    /// executable; the workspace's `kb/` this crate was compiled from; else the compiled-in
    /// copy. User layers are `user_dirs` followed by the paths in `$NARRASCOPE_KB`
    /// (separated like `PATH`).
    pub fn discover(user_dirs: &[PathBuf]) -> KbPaths {
        let env_home = std::env::var_os("NARRASCOPE_KB_HOME").map(PathBuf::from);
        let exe_kb = std::env::current_exe()
            .ok()
            .and_then(|p| p.parent().map(|d| d.join("kb")));
        let dev = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb");
        let shipped = env_home
            .into_iter()
            .chain([PathBuf::from("kb")])
            .chain(exe_kb)
            .chain([dev])
            .find(|d| has_entities(d));
        let mut user = user_dirs.to_vec();
        if let Some(v) = std::env::var_os("NARRASCOPE_KB") {
            user.extend(std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()));
        }
        KbPaths { shipped, user }
    }

    /// The shipped files only, from the compiled-in copy.
    pub fn embedded() -> KbPaths {
        KbPaths::default()
    }

    /// Reads every layer.
    pub fn layers(&self) -> Result<Vec<Layer>, KbError> {
        let mut layers = vec![match &self.shipped {
            Some(d) => load_dir(d)?,
            None => shipped_files(),
        }];
        for u in &self.user {
            layers.push(load_dir(u)?);
        }
        Ok(layers)
    }

    /// A one-line description of where the layers come from.
    pub fn describe(&self) -> String {
        let base = match &self.shipped {
            Some(d) => d.display().to_string(),
            None => "built-in".to_string(),
        };
        let mut s = format!("shipped: {base}");
        for u in &self.user {
            s.push_str(&format!("; user: {}", u.display()));
        }
        s
    }
}

impl Kb {
    /// Loads and merges the layers named by `paths`.
    pub fn load(paths: &KbPaths) -> Result<(Kb, Vec<Issue>), KbError> {
        Kb::from_layers(&paths.layers()?)
    }

    /// The compiled-in shipped knowledge base. The checks across entities are left to
    /// `narrascope kb check` and the tests that keep the shipped files clean.
    pub fn shipped() -> Result<Kb, KbError> {
        Ok(Kb::merge_layers(&[shipped_files()])?.0)
    }
}

/// Whether `text` is a narrative catalog (a TOML document with a top-level `catalog` table).
pub(crate) fn is_catalog_text(text: &str) -> bool {
    text.parse::<toml::Table>()
        .is_ok_and(|t| t.get("catalog").is_some_and(toml::Value::is_table))
}

/// The entity files under `path` (recursively, sorted; `relations.toml` files and
/// `narratives/`, `techniques/`, `sources/` and `traces/` folders excluded), or `path`
/// itself when it is a file that is not a narrative catalog.
pub fn load_dir(path: &Path) -> Result<Layer, KbError> {
    let io = |p: &Path| {
        let p = p.display().to_string();
        move |source| KbError::Io { path: p, source }
    };
    if path.is_file() {
        let text = std::fs::read_to_string(path).map_err(io(path))?;
        if is_catalog_text(&text) {
            return Ok(Vec::new());
        }
        return Ok(vec![Source {
            name: path.display().to_string(),
            text,
        }]);
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).map_err(io(&d))? {
            let p = entry.map_err(io(&d))?.path();
            if p.is_dir() {
                // Catalogs, technique cues, citation cues and translation-trace word lists
                // have loaders of their own.
                const OWN_LOADERS: [&str; 4] = ["narratives", "techniques", "sources", "traces"];
                if p.file_name()
                    .is_none_or(|n| !OWN_LOADERS.iter().any(|o| n == *o))
                {
                    stack.push(p);
                }
            } else if p.extension().is_some_and(|e| e == "toml")
                && p.file_name().is_some_and(|n| n != "relations.toml")
            {
                files.push(p);
            }
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).map_err(io(&p))?;
            Ok(Source {
                name: p.display().to_string(),
                text,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_copy_lists_every_shipped_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb");
        let on_disk = load_dir(&dir).unwrap();
        let mut disk: Vec<_> = on_disk
            .iter()
            .map(|s| {
                (
                    s.name.rsplit("kb/").next().unwrap_or("").to_string(),
                    s.text.clone(),
                )
            })
            .collect();
        disk.sort();
        let mut emb: Vec<_> = SHIPPED
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        emb.sort();
        assert_eq!(
            disk.len(),
            emb.len(),
            "a file under kb/ is missing from SHIPPED"
        );
        assert_eq!(disk, emb);
    }

    #[test]
    fn missing_user_folder_is_an_error_naming_it() {
        let p = KbPaths {
            shipped: None,
            user: vec![PathBuf::from("/nonexistent/kb-folder")],
        };
        let e = p.layers().unwrap_err().to_string();
        assert!(e.contains("/nonexistent/kb-folder"), "{e}");
        assert!(p.describe().contains("built-in"));
    }
}
