mod common;
use common::*;
use std::time::{Duration, Instant};

/// A run killed with SIGKILL at an arbitrary moment leaves a corpus that opens cleanly,
/// and the next run completes it without duplicates.
#[test]
fn killed_ingest_resumes_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("c");
    let input = dir.path().join("docs.jsonl");
    let n = 6000;
    let mut data = String::new();
    for i in 0..n {
        data.push_str(&format!(
            "{{\"text\": \"Report number {i}. The council met on day {i} and discussed item {i} at length.\"}}\n"
        ));
    }
    std::fs::write(&input, data).unwrap();

    for delay_ms in [150u64, 600] {
        let mut child = bin()
            .args(["ingest", input.to_str().unwrap(), "--corpus"])
            .arg(&corpus)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let store = narrascope_corpus::Store::open(&corpus).expect("corpus opens after kill");
        store.check_integrity().expect("integrity after kill");
        let count = store.document_count().unwrap();
        assert!(count <= n, "{count}");
        if delay_ms == 150 {
            assert!(
                count < n,
                "the first run was not interrupted ({count} stored)"
            );
        }
    }

    let start = Instant::now();
    let o = run(&["ingest", input.to_str().unwrap()], &corpus);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let s = stats(&corpus);
    assert_eq!(s["documents"], n, "{s}");
    assert_eq!(s["sources"], n, "no source recorded twice: {s}");
    eprintln!("resume run took {:?}", start.elapsed());
}
