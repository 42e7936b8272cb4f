//! Corpus-wide answers (statistics, actors, narratives, techniques, sources) computed once per
//! state of the corpus. A request for a view already being computed waits for that result
//! instead of computing it again; any change to the corpus (a store through the API, or
//! another process writing the database) starts afresh.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde_json::Value;
use tokio::sync::OnceCell;

use crate::error::ApiError;

/// Most views kept at once; past it one is dropped for each new one (views are keyed by their
/// parameters, so a client walking pages must not grow the cache without bound).
const MAX_ENTRIES: usize = 512;

type Cell = Arc<OnceCell<Arc<Value>>>;

/// What identifies one state of the corpus: the server's own write count and the size and
/// modification time of the database and its write-ahead log (every commit touches one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Stamp {
    writes: u64,
    files: Vec<Option<(u64, SystemTime)>>,
}

pub(crate) struct ViewCache {
    files: Vec<PathBuf>,
    writes: AtomicU64,
    computed: AtomicU64,
    entries: Mutex<(Stamp, HashMap<String, Cell>)>,
}

impl ViewCache {
    pub(crate) fn new(dir: &Path) -> Self {
        let db = narrascope_corpus::DB_FILE;
        ViewCache {
            files: vec![dir.join(db), dir.join(format!("{db}-wal"))],
            writes: AtomicU64::new(0),
            computed: AtomicU64::new(0),
            entries: Mutex::new((Stamp::default(), HashMap::new())),
        }
    }

    fn stamp(&self) -> Stamp {
        let files = self
            .files
            .iter()
            .map(|f| {
                let m = std::fs::metadata(f).ok()?;
                Some((m.len(), m.modified().ok()?))
            })
            .collect();
        Stamp {
            writes: self.writes.load(Ordering::SeqCst),
            files,
        }
    }

    /// Marks the corpus as changed by this server.
    pub(crate) fn changed(&self) {
        self.writes.fetch_add(1, Ordering::SeqCst);
    }

    /// How many views were computed (not served from the cache) so far.
    pub(crate) fn computed(&self) -> u64 {
        self.computed.load(Ordering::SeqCst)
    }

    /// The view `key` for the current corpus: cached, awaited from a computation under way,
    /// or computed by `compute`. Errors are not kept: the next request tries again.
    pub(crate) async fn get<F, Fut>(&self, key: String, compute: F) -> Result<Arc<Value>, ApiError>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Value, ApiError>>,
    {
        let stamp = self.stamp();
        let cell = {
            let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            let (current, map) = &mut *guard;
            if *current != stamp {
                *current = stamp;
                map.clear();
            }
            if map.len() >= MAX_ENTRIES && !map.contains_key(&key) {
                // Any finished view: one under way has requests waiting on it.
                let done = map.iter().find(|(_, c)| c.initialized());
                if let Some(k) = done.map(|(k, _)| k.clone()) {
                    map.remove(&k);
                }
            }
            map.entry(key).or_default().clone()
        };
        let v = cell
            .get_or_try_init(|| async {
                self.computed.fetch_add(1, Ordering::SeqCst);
                compute().await.map(Arc::new)
            })
            .await?;
        Ok(v.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn caches_until_the_corpus_changes() {
        let dir = tempfile::tempdir().unwrap();
        let c = ViewCache::new(dir.path());
        let v = c.get("a".into(), || async { Ok(Value::from(1)) }).await;
        assert_eq!(*v.unwrap(), Value::from(1));
        let v = c.get("a".into(), || async { Ok(Value::from(2)) }).await;
        assert_eq!(
            (v.unwrap().as_ref().clone(), c.computed()),
            (Value::from(1), 1)
        );
        c.changed();
        let v = c.get("a".into(), || async { Ok(Value::from(3)) }).await;
        assert_eq!(
            (v.unwrap().as_ref().clone(), c.computed()),
            (Value::from(3), 2)
        );
        std::fs::write(dir.path().join(narrascope_corpus::DB_FILE), "x").unwrap();
        let v = c.get("a".into(), || async { Ok(Value::from(4)) }).await;
        assert_eq!(*v.unwrap(), Value::from(4));
    }

    #[tokio::test]
    async fn errors_are_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let c = ViewCache::new(dir.path());
        let e = c
            .get("a".into(), || async { Err(ApiError::internal("boom")) })
            .await;
        assert!(e.is_err());
        let v = c.get("a".into(), || async { Ok(Value::from(5)) }).await;
        assert_eq!(*v.unwrap(), Value::from(5));
    }

    #[tokio::test]
    async fn past_the_bound_old_views_make_room() {
        let dir = tempfile::tempdir().unwrap();
        let c = ViewCache::new(dir.path());
        for i in 0..MAX_ENTRIES + 10 {
            let v = c
                .get(i.to_string(), || async move { Ok(Value::from(i)) })
                .await;
            assert_eq!(*v.unwrap(), Value::from(i));
        }
        let len = c.entries.lock().unwrap().1.len();
        assert_eq!(len, MAX_ENTRIES);
    }
}
