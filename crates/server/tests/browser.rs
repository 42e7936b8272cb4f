//! The workbench in headless chromium, driven by playwright-core (tests/browser/run.cjs).
//! tests/browser/setup.sh installs Debian's chromium and playwright-core when missing; when
//! that is impossible (no node, no root, no registry) the test says why and skips.

mod common;

use narrascope_core::Metadata;
use narrascope_corpus::Store;
use narrascope_server::Options;
use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The cargo target directory this test binary was built into (target/debug/deps/…).
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| manifest().join("../../target"))
}

/// Plain-text documents: the shared seeds when present, else the demo corpus's text files.
fn text_documents() -> Vec<narrascope_core::RawDocument> {
    let seeds = manifest().join("../../../shared/seeds");
    let dir = if seeds.is_dir() {
        seeds
    } else {
        eprintln!("note: {} not found; using the demo corpus", seeds.display());
        manifest().join("../../demo")
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    paths.sort();
    paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(common::raw(
                &p.display().to_string(),
                &text,
                Metadata::default(),
            ))
        })
        .collect()
}

#[test]
fn workbench_in_headless_chromium() {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("skipping: node not found");
        return;
    }
    let target = target_dir();
    let node_dir = target.join("browser-node");
    let setup = Command::new("bash")
        .arg(manifest().join("tests/browser/setup.sh"))
        .arg(&node_dir)
        .status();
    if !setup.is_ok_and(|s| s.success()) {
        eprintln!(
            "skipping: browser set-up failed (chromium or playwright-core unavailable; see above)"
        );
        return;
    }

    let corpus = tempfile::tempdir().unwrap();
    let mut docs = common::fixture_docs();
    docs.extend(text_documents());
    // The hand-built corpus with rhetoric adds three documents.
    let count = docs.len() + 3;
    let ids = common::build_corpus(corpus.path(), docs);
    common::add_narratives(corpus.path(), &ids);
    common::rhetoric::build(corpus.path());
    let embedder = common::embedder();
    if let Some(e) = &embedder {
        common::add_vectors(corpus.path(), e);
    }
    let (doc_id, hostile_id) = (ids[0].clone(), ids[3].clone());

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let store = Store::open_existing(corpus.path()).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(narrascope_server::serve(
        listener,
        narrascope_server::app(store, Options::default()),
        async {
            let _ = stopped.await;
        },
    ));

    let shots = target.join("screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let out = Command::new("node")
        .arg(manifest().join("tests/browser/run.cjs"))
        .args([
            &url,
            &shots.display().to_string(),
            &doc_id,
            &hostile_id,
            &count.to_string(),
        ])
        .args([common::CHILD, common::DISCOVERED, common::HOSTILE_NARRATIVE])
        .args(["Q30", common::rhetoric::DOC_EN])
        .arg(if embedder.is_some() { "yes" } else { "no" })
        .env("NARRASCOPE_NODE_MODULES", node_dir.join("node_modules"))
        .output()
        .expect("run node");
    let _ = stop.send(());
    let _ = rt.block_on(server);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser checks failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("browser checks passed"), "{stdout}");
    for name in [
        "dashboard.png",
        "documents.png",
        "document.png",
        "hostile.png",
        "analyze.png",
        "narratives.png",
        "narrative.png",
        "narrative-hostile.png",
        "actors.png",
        "actor.png",
        "rhetoric-document.png",
        "techniques.png",
        "sources.png",
        "search.png",
    ] {
        let len = std::fs::metadata(shots.join(name))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(
            len > 10_000,
            "screenshot {name} missing or blank ({len} bytes)"
        );
    }
    eprintln!("screenshots in {}", shots.display());
}
