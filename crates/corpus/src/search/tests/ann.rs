use super::*;

/// A deterministic pseudo-random unit vector near centre `c` of 40, stored int8.
fn code(c: u32, i: u32) -> Vec<u8> {
    let mut x = u64::from(i).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut v = [0f32; 512];
    for (k, o) in v.iter_mut().enumerate() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let centre = if (k as u32 * 7 + c * 13) % 40 < 3 {
            1.0
        } else {
            0.0
        };
        *o = centre + ((x % 1000) as f32 / 1000.0 - 0.5) * 0.6;
    }
    crate::search::vecmath::normalise(&mut v);
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    let scale = max / 127.0;
    let mut out = scale.to_le_bytes().to_vec();
    out.extend(v.iter().map(|x| (x / scale).round() as i8 as u8));
    out
}

#[test]
fn semantic_index_recall_and_incremental_insert() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let n = 6000u32;
    let docs: Vec<Analysis> = (0..n)
        .map(|i| doc(i + 100, "en", "o", "2024-01-01", "t", "word.", &[]))
        .collect();
    put_with_vectors(&mut store, &docs, 0..5000, 0);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(r.retrained && r.vectors == 5000, "{r:?}");
    let stats = store.ann_stats().unwrap().unwrap();
    assert_eq!((stats.vectors, stats.trained), (5000, 5000));
    let bytes = stats.bytes;
    put_with_vectors(&mut store, &docs, 5000..n, 0);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(
        !r.retrained && r.vectors == 1000,
        "incremental insert, no training: {r:?}"
    );
    let grown = store.ann_stats().unwrap().unwrap();
    assert_eq!((grown.vectors, grown.trained), (u64::from(n), 5000));
    assert_eq!(grown.bytes - bytes, 1000 * crate::search::ann::ENTRY as u64);
    let (mut found, mut total) = (0, 0);
    for q in 0..50u32 {
        let mut v = [0f32; 512];
        crate::search::vecmath::decode_into(&code(q % 40, 90_000 + q), &mut v);
        let exact: Vec<i64> = store
            .nearest(&v, 10, Some(usize::MAX))
            .unwrap()
            .into_iter()
            .map(|x| x.0)
            .collect();
        let approx: Vec<i64> = store
            .nearest(&v, 10, None)
            .unwrap()
            .into_iter()
            .map(|x| x.0)
            .collect();
        found += approx.iter().filter(|x| exact.contains(x)).count();
        total += exact.len();
    }
    let recall = found as f64 / total as f64;
    eprintln!("recall@10 against exact search: {recall:.3}");
    assert!(recall >= 0.95, "recall@10 {recall}");
    // a vector inserted after training is its own nearest neighbour
    let mut v = [0f32; 512];
    crate::search::vecmath::decode_into(&code(5999 % 40, 5999), &mut v);
    let top = store.nearest(&v, 1, None).unwrap();
    let num: i64 = store
        .conn
        .query_row(
            "SELECT num FROM search_docs WHERE doc_id = ?1",
            [&docs[5999].doc.id.0],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(top[0].0, num);
}

#[test]
fn interrupted_appends_and_replaced_vectors_leave_one_entry_each() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let docs: Vec<Analysis> = (0..300u32)
        .map(|i| doc(i + 100, "en", "o", "2024-01-01", "t", "word.", &[]))
        .collect();
    put_with_vectors(&mut store, &docs, 0..200, 0);
    store.sync_search(&mut |_, _| {}).unwrap();
    // an append cut short: half an entry at the end of the file
    let path = dir.path().join(crate::search::ANN_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend(vec![7u8; crate::search::ann::ENTRY / 2]);
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(store.ann_stats().unwrap().unwrap().vectors, 200);
    put_with_vectors(&mut store, &docs, 200..300, 0);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(!r.retrained && r.vectors == 100, "{r:?}");
    let stats = store.ann_stats().unwrap().unwrap();
    assert_eq!(stats.vectors, 300);
    // re-embedded documents replace their entries
    store
        .conn
        .execute("DELETE FROM vectors WHERE doc_id = ?1", [&docs[5].doc.id.0])
        .unwrap();
    put_with_vectors(&mut store, &docs, 5..6, 77_777);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert_eq!(r.vectors, 1);
    assert_eq!(store.ann_stats().unwrap().unwrap().vectors, 300);
    let mut v = [0f32; 512];
    crate::search::vecmath::decode_into(&code(5, 5 + 77_777), &mut v);
    let all = store.nearest(&v, 300, Some(usize::MAX)).unwrap();
    let nums: std::collections::HashSet<i64> = all.iter().map(|x| x.0).collect();
    assert_eq!(nums.len(), 300, "one entry per document");
    assert!(all[0].1 > 0.99, "the new vector is stored: {:?}", all[0]);
}

/// Stores documents `range` of `docs` with document vectors (varied by `salt`).
fn put_with_vectors(store: &mut Store, docs: &[Analysis], range: std::ops::Range<u32>, salt: u32) {
    store
        .in_transaction(|t| {
            for i in range {
                let a = &docs[i as usize];
                t.put(a)?;
                t.put_vectors(
                    &a.doc.id,
                    &VectorSet {
                        model: "m".into(),
                        sentences: vec![],
                        document: Some(code(i % 40, i + salt)),
                    },
                )?;
            }
            Ok(())
        })
        .unwrap();
}

/// Re-embeds document `i` and syncs; asserts one entry per document and the new vector.
fn reembed_and_check(store: &mut Store, docs: &[Analysis], i: u32, salt: u32, total: usize) {
    store
        .conn
        .execute(
            "DELETE FROM vectors WHERE doc_id = ?1",
            [&docs[i as usize].doc.id.0],
        )
        .unwrap();
    put_with_vectors(store, docs, i..i + 1, salt);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(
        r.retrained && r.vectors == 1,
        "a replaced vector rewrites: {r:?}"
    );
    let mut v = [0f32; 512];
    crate::search::vecmath::decode_into(&code(i % 40, i + salt), &mut v);
    let all = store.nearest(&v, total + 10, Some(usize::MAX)).unwrap();
    let nums: std::collections::HashSet<i64> = all.iter().map(|x| x.0).collect();
    assert_eq!(
        (all.len(), nums.len()),
        (total, total),
        "one entry per document"
    );
    assert!(all[0].1 > 0.99, "the new vector is stored: {:?}", all[0]);
}

#[test]
fn the_record_of_indexed_numbers_survives_crashes_and_old_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let docs: Vec<Analysis> = (0..400u32)
        .map(|i| doc(i + 100, "en", "o", "2024-01-01", "t", "word.", &[]))
        .collect();
    let record = dir.path().join(crate::search::ann_nums::NUMS_FILE);
    put_with_vectors(&mut store, &docs, 0..200, 0);
    store.sync_search(&mut |_, _| {}).unwrap();
    let before = std::fs::read(&record).unwrap();
    put_with_vectors(&mut store, &docs, 200..300, 0);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(!r.retrained && r.vectors == 100, "appended: {r:?}");
    assert_ne!(
        std::fs::read(&record).unwrap(),
        before,
        "the record follows appends"
    );
    // a crash after the append, before the record moved: entries past it are read
    std::fs::write(&record, &before).unwrap();
    reembed_and_check(&mut store, &docs, 250, 5_000, 300);
    // no record at all: every entry is read, and the record is written again
    std::fs::remove_file(&record).unwrap();
    put_with_vectors(&mut store, &docs, 300..350, 0);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(!r.retrained && r.vectors == 50, "{r:?}");
    assert!(record.exists());
    reembed_and_check(&mut store, &docs, 320, 6_000, 350);
    // an index file of an earlier version (generation 0) is rewritten once, with a record
    let path = dir.path().join(crate::search::ANN_FILE);
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[12..16].copy_from_slice(&[0; 4]);
    std::fs::write(&path, &bytes).unwrap();
    std::fs::remove_file(&record).unwrap();
    put_with_vectors(&mut store, &docs, 350..360, 0);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(r.retrained && r.vectors == 10, "{r:?}");
    assert!(record.exists());
    put_with_vectors(&mut store, &docs, 360..400, 0);
    let r = store.sync_search(&mut |_, _| {}).unwrap();
    assert!(!r.retrained && r.vectors == 40, "appends again: {r:?}");
    reembed_and_check(&mut store, &docs, 3, 7_000, 400);
}

#[test]
fn a_semantic_hit_shows_the_sentence_nearest_to_the_query() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path()).unwrap();
    let a = doc(
        1,
        "en",
        "o",
        "2024-01-01",
        "t",
        "First sentence here. Second one there. Third at the end.",
        &[],
    );
    store
        .in_transaction(|t| {
            t.put(&a)?;
            t.put_vectors(
                &a.doc.id,
                &VectorSet {
                    model: "m".into(),
                    sentences: vec![code(1, 1), code(7, 2), code(20, 3)],
                    document: Some(code(7, 4)),
                },
            )
        })
        .unwrap();
    store.sync_search(&mut |_, _| {}).unwrap();
    let b = code(7, 99);
    let scale = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let q: Vec<f32> = b[4..].iter().map(|x| f32::from(*x as i8) * scale).collect();
    let req = SearchRequest {
        mode: SearchMode::Semantic,
        ..Default::default()
    };
    let r = store.search(&req, Some(&q)).unwrap();
    let hit = &r.hits[0];
    let second = a.doc.sentences[1].span;
    let at = hit.snippet_span.start;
    let shown = hit.highlights[0];
    assert_eq!(
        (shown.start + at, shown.end + at),
        (second.start, second.end),
        "{hit:?}"
    );
}
