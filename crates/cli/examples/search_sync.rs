//! Cost of bringing the semantic index up to date after a few new vectors:
//! `search_sync CORPUS [K]` (CORPUS is changed: use a copy). Takes the document vectors of
//! the last K documents (default 1000) out, trains the index anew without them, puts them
//! back and times the sync that appends them, once with the record of indexed numbers
//! (`search.ann.nums`) and once without it (every entry of the index read, as before).

use std::path::Path;
use std::time::Instant;

use narrascope_corpus::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).ok_or("usage: search_sync CORPUS [K]")?);
    let k: i64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let db = rusqlite::Connection::open(dir.join(narrascope_corpus::DB_FILE))?;
    let saved: Vec<(String, i64, String, String, Vec<u8>)> = db
        .prepare(
            "SELECT v.doc_id, v.seq, v.kind, v.model, v.data FROM vectors v
             JOIN search_docs s ON s.doc_id = v.doc_id
             WHERE v.kind = 'document' ORDER BY s.num DESC LIMIT ?1",
        )?
        .query_map([k], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for without_record in [false, true] {
        for (id, ..) in &saved {
            db.execute(
                "DELETE FROM vectors WHERE doc_id = ?1 AND kind = 'document'",
                [id],
            )?;
        }
        let mut store = Store::open_existing(dir)?;
        store.rebuild_semantic_index()?;
        for (id, seq, kind, model, data) in &saved {
            db.execute(
                "INSERT INTO vectors (doc_id, seq, kind, model, data) VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![id, seq, kind, model, data],
            )?;
        }
        if without_record {
            std::fs::remove_file(dir.join("search.ann.nums"))?;
        }
        let t = Instant::now();
        let r = store.sync_search(&mut |_, _| {})?;
        println!(
            "{} vectors appended to {} in {:.1} ms ({}; rewritten: {})",
            r.vectors,
            store.ann_stats()?.map_or(0, |s| s.vectors) - r.vectors,
            t.elapsed().as_secs_f64() * 1e3,
            if without_record {
                "without the record: every entry read"
            } else {
                "with the record"
            },
            r.retrained
        );
    }
    Ok(())
}
