//! `ns_bm25(search_fts, w_title, w_body)`: the BM25 score of a full-text match (higher is
//! better), registered with FTS5 as an auxiliary function on every connection of a store.
//!
//! It scores like FTS5's own `bm25()` (k1 = 1.2, b = 0.75, per-column weights on the term
//! frequencies, document length in tokens over all columns, IDF from the number of rows
//! holding each phrase, floored at 1e-6) with one difference in where a document's length
//! comes from: from the in-memory table of lengths the store hands over in a [`LengthSlot`]
//! when it has one, instead of a B-tree lookup per match in FTS5's size table. Those
//! lookups, and the page reads behind them, were the larger part of ranking a big result
//! set. Rows the table does not cover fall back to FTS5's lookup, so the score is the same
//! either way as long as the table is current (the store reloads it after any change).

use std::ffi::{c_int, c_void};
use std::ptr;
use std::sync::{Arc, Mutex};

use rusqlite::ffi;

use super::doc_table::DocRow;

/// The rows of the in-memory document table (see `doc_table`), indexed by full-text row
/// id; shared with the auxiliary function, which takes a snapshot of it when a query
/// starts.
pub(crate) type LengthSlot = Mutex<Option<Arc<[DocRow]>>>;

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What one query computes once: IDF per phrase, mean document length, the lengths.
struct QueryData {
    idf: Vec<f64>,
    avgdl: f64,
    freq: Vec<f64>,
    lengths: Option<Arc<[DocRow]>>,
}

/// Registers `ns_bm25` on `conn`, reading document lengths from `slot`.
pub(crate) fn register(conn: &rusqlite::Connection, slot: Arc<LengthSlot>) -> crate::Result<()> {
    let fail = |what: &str| crate::StoreError::Data(format!("full-text ranking: {what}"));
    // SAFETY: the handle is valid while `conn` lives; the statement is finalised before
    // returning, and the pointer it fills is only read after a successful step.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
        if ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        ) != ffi::SQLITE_OK
        {
            return Err(fail("FTS5 is not available"));
        }
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        let step = ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        if step != ffi::SQLITE_ROW || api.is_null() || (*api).iVersion < 2 {
            return Err(fail("no FTS5 extension interface"));
        }
        let Some(create) = (*api).xCreateFunction else {
            return Err(fail("no FTS5 function registration"));
        };
        let data = Arc::into_raw(slot) as *mut c_void;
        if create(
            api,
            c"ns_bm25".as_ptr(),
            data,
            Some(ns_bm25),
            Some(drop_slot),
        ) != ffi::SQLITE_OK
        {
            drop_slot(data);
            return Err(fail("cannot register ns_bm25"));
        }
    }
    Ok(())
}

/// The code returned when FTS5 lacks a function of its extension interface.
const MISSING: c_int = ffi::SQLITE_MISUSE;

/// An SQLite return code as a result.
fn ok(rc: c_int) -> Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

unsafe extern "C" fn drop_slot(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: `p` came from `Arc::into_raw` in `register`, and FTS5 drops it once.
        drop(unsafe { Arc::from_raw(p as *const LengthSlot) });
    }
}

unsafe extern "C" fn drop_query_data(p: *mut c_void) {
    if !p.is_null() {
        // SAFETY: `p` came from `Box::into_raw` in `query_data`, and FTS5 drops it once.
        drop(unsafe { Box::from_raw(p as *mut QueryData) });
    }
}

unsafe extern "C" fn count_row(
    _: *const ffi::Fts5ExtensionApi,
    _: *mut ffi::Fts5Context,
    n: *mut c_void,
) -> c_int {
    // SAFETY: `n` is the `i64` counter `query_data` passes to `xQueryPhrase`.
    unsafe { *(n as *mut i64) += 1 };
    ffi::SQLITE_OK
}

/// The query's data, computed on its first row and kept by FTS5 until the query ends.
///
/// # Safety
/// `api` and `fts` are the pointers FTS5 passed to the auxiliary function.
unsafe fn query_data(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
) -> Result<*mut QueryData, c_int> {
    // SAFETY (whole block): FTS5 guarantees the context for the duration of the call.
    unsafe {
        let get = api.xGetAuxdata.ok_or(MISSING)?;
        let have = get(fts, 0) as *mut QueryData;
        if !have.is_null() {
            return Ok(have);
        }
        let phrases = api.xPhraseCount.ok_or(MISSING)?(fts).max(0) as usize;
        let (mut rows, mut tokens) = (0i64, 0i64);
        ok(api.xRowCount.ok_or(MISSING)?(fts, &mut rows))?;
        ok(api.xColumnTotalSize.ok_or(MISSING)?(fts, -1, &mut tokens))?;
        let mut idf = Vec::with_capacity(phrases);
        for i in 0..phrases {
            let mut hits = 0i64;
            let query = api.xQueryPhrase.ok_or(MISSING)?;
            ok(query(
                fts,
                i as c_int,
                (&mut hits as *mut i64).cast(),
                Some(count_row),
            ))?;
            let v = (((rows - hits) as f64 + 0.5) / (hits as f64 + 0.5)).ln();
            idf.push(if v > 0.0 { v } else { 1e-6 });
        }
        let user = api.xUserData.ok_or(MISSING)?(fts) as *const LengthSlot;
        let lengths = user
            .as_ref()
            .and_then(|s| s.lock().ok().and_then(|g| g.clone()));
        let data = Box::into_raw(Box::new(QueryData {
            idf,
            avgdl: tokens as f64 / rows as f64,
            freq: vec![0.0; phrases],
            lengths,
        }));
        ok(api.xSetAuxdata.ok_or(MISSING)?(
            fts,
            data.cast(),
            Some(drop_query_data),
        ))?;
        Ok(data)
    }
}

/// The score of the current row, or an SQLite error code.
///
/// # Safety
/// As for [`query_data`]; `vals` holds `n` values.
unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    n: c_int,
    vals: *mut *mut ffi::sqlite3_value,
) -> Result<f64, c_int> {
    // SAFETY (whole block): as documented for the function.
    unsafe {
        let data = &mut *query_data(api, fts)?;
        let mut weights = [1.0f64; 8];
        for (i, w) in weights.iter_mut().enumerate().take(n.max(0) as usize) {
            *w = ffi::sqlite3_value_double(*vals.add(i));
        }
        data.freq.iter_mut().for_each(|f| *f = 0.0);
        let mut inst = 0;
        ok(api.xInstCount.ok_or(MISSING)?(fts, &mut inst))?;
        let xinst = api.xInst.ok_or(MISSING)?;
        for i in 0..inst {
            let (mut p, mut c, mut o) = (0, 0, 0);
            ok(xinst(fts, i, &mut p, &mut c, &mut o))?;
            let w = if c < n {
                weights.get(c as usize).copied().unwrap_or(1.0)
            } else {
                1.0
            };
            if let Some(f) = data.freq.get_mut(p as usize) {
                *f += w;
            }
        }
        let row = api.xRowid.ok_or(MISSING)?(fts);
        let known = data
            .lengths
            .as_ref()
            .and_then(|l| usize::try_from(row).ok().and_then(|r| l.get(r)))
            .filter(|r| r.present)
            .map(|r| r.len);
        let len = match known {
            Some(l) => f64::from(l),
            None => {
                let mut t = 0;
                ok(api.xColumnSize.ok_or(MISSING)?(fts, -1, &mut t))?;
                f64::from(t)
            }
        };
        let norm = K1 * (1.0 - B + B * len / data.avgdl);
        Ok(data
            .idf
            .iter()
            .zip(&data.freq)
            .map(|(idf, f)| idf * ((f * (K1 + 1.0)) / (f + norm)))
            .sum())
    }
}

unsafe extern "C" fn ns_bm25(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n: c_int,
    vals: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 passes a valid interface, context and `n` values for this call.
    unsafe {
        let Some(api) = api.as_ref() else {
            ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_MISUSE);
            return;
        };
        match score(api, fts, n, vals) {
            Ok(s) => ffi::sqlite3_result_double(ctx, s),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}
