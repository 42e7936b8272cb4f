use narrascope_corpus::Store;
use narrascope_kb::narratives::Catalogs;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;
use std::sync::{Arc, Mutex, TryLockError};

use crate::cache::ViewCache;
use crate::error::ApiError;
use crate::guard::RateLimiter;
use crate::search::SearchSupport;

/// Connections to the corpus the server keeps: a slow query (corpus statistics) then never
/// holds up a quick one (one document), and SQLite reads run on every core. The first is kept
/// for lookups by id ([`AppState::with_lookup`]); the others serve everything.
const CONNECTIONS: usize = 4;

/// Default largest request body: 10 MiB.
pub const DEFAULT_MAX_BODY: usize = 10 * 1024 * 1024;

/// How the server guards itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// When set, every request must carry it (`Authorization: Bearer TOKEN`, or the cookie the
    /// login form sets).
    pub token: Option<String>,
    /// Largest request body in bytes; larger bodies get 413.
    pub max_body: usize,
    /// Requests per second each client may make on average.
    pub rate_per_sec: f64,
    /// Requests a client may make in a burst above the average.
    pub burst: u32,
    /// Where the embedding model for semantic search is installed (default: where
    /// `narrascope vectors` installs it). The server never installs it.
    pub model_dir: Option<std::path::PathBuf>,
    /// User knowledge-base folders (or catalog files) layered over the shipped narrative
    /// catalogs, as `narrascope narratives --kb` takes them; `$NARRASCOPE_KB` adds more.
    pub kb: Vec<std::path::PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            token: None,
            max_body: DEFAULT_MAX_BODY,
            rate_per_sec: 50.0,
            burst: 200,
            model_dir: None,
            kb: Vec::new(),
        }
    }
}

/// What every handler shares: the corpus and the guard settings.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    /// The corpus, once per connection (SQLite in WAL mode: readers never block each other).
    stores: Vec<Mutex<Store>>,
    next: AtomicUsize,
    /// The analysis pipeline, built once: foundation stages, entity linking and claims.
    pipeline: narrascope_core::Pipeline,
    /// The shipped narrative catalogs: titles, descriptions and parents of narrative ids.
    catalogs: Catalogs,
    /// The shipped knowledge base, for actor labels and types (`None` when it failed to load).
    kb: Option<narrascope_kb::Kb>,
    options: Options,
    limiter: RateLimiter,
    views: ViewCache,
    search: SearchSupport,
    /// Extra time every corpus-wide computation takes (tests only: [`AppState::slow_views`]).
    delay_ms: AtomicU64,
}

impl AppState {
    pub fn new(store: Store, options: Options) -> Self {
        let limiter = RateLimiter::new(options.rate_per_sec, options.burst);
        let (pipeline, kb) = build_pipeline();
        // More connections are a speed-up only: when one cannot be opened, fewer serve.
        let dir = store.dir().to_path_buf();
        let more = (1..CONNECTIONS).filter_map(|_| Store::open_existing(&dir).ok());
        let stores: Vec<Mutex<Store>> =
            std::iter::once(store).chain(more).map(Mutex::new).collect();
        AppState {
            inner: Arc::new(Inner {
                stores,
                next: AtomicUsize::new(0),
                pipeline,
                catalogs: load_catalogs(&options.kb),
                kb,
                limiter,
                views: ViewCache::new(&dir),
                search: SearchSupport::new(options.model_dir.clone()),
                options,
                delay_ms: AtomicU64::new(0),
            }),
        }
    }

    pub(crate) fn pipeline(&self) -> &narrascope_core::Pipeline {
        &self.inner.pipeline
    }

    pub(crate) fn catalogs(&self) -> &Catalogs {
        &self.inner.catalogs
    }

    /// The knowledge-base entity `id` (an entity id or a QID), when the shipped KB knows it.
    pub(crate) fn entity(&self, id: &str) -> Option<&narrascope_kb::Entity> {
        self.inner.kb.as_ref().and_then(|kb| kb.get(id))
    }

    /// The entity id a user's `actor` names (see `Kb::resolve_actor`); as given when the KB
    /// is unavailable.
    pub(crate) fn resolve_actor(&self, actor: &str) -> Result<String, String> {
        match &self.inner.kb {
            Some(kb) => kb.resolve_actor(actor),
            None => Ok(actor.trim().to_string()),
        }
    }

    pub(crate) fn search(&self) -> &SearchSupport {
        &self.inner.search
    }

    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    pub(crate) fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// Runs `f` with a free connection to the store other than the one kept for lookups
    /// (the first free one from a rotating start, else the one at the start) on a blocking
    /// thread, so SQLite work never stalls the async workers.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let n = self.inner.stores.len();
        let pool: Vec<usize> = if n > 1 { (1..n).collect() } else { vec![0] };
        self.run_on(pool, f).await
    }

    /// Like [`AppState::with_store`] for a quick lookup by id: the kept connection first,
    /// then any free one, so a lookup never queues behind corpus-wide scans.
    pub(crate) async fn with_lookup<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        self.run_on((0..self.inner.stores.len()).collect(), f).await
    }

    async fn run_on<T, F>(&self, pool: Vec<usize>, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let stores = &state.inner.stores;
            let turn = state.inner.next.fetch_add(1, Ordering::Relaxed);
            // Lookups (pool starting at 0) try the kept connection first.
            let start = if pool[0] == 0 { 0 } else { turn % pool.len() };
            for k in 0..pool.len() {
                match stores[pool[(start + k) % pool.len()]].try_lock() {
                    Ok(mut store) => return f(&mut store),
                    // A panic while holding the lock leaves the store usable: SQLite keeps
                    // it consistent.
                    Err(TryLockError::Poisoned(p)) => return f(&mut p.into_inner()),
                    Err(TryLockError::WouldBlock) => {}
                }
            }
            let mut store = stores[pool[start]]
                .lock()
                .unwrap_or_else(|p| p.into_inner());
            f(&mut store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("corpus task failed: {e}")))?
    }

    /// The corpus-wide view `key`, computed by `f` on a scan connection at most once per
    /// state of the corpus (see [`crate::cache`]).
    pub(crate) async fn view<F>(&self, key: String, f: F) -> Result<Arc<Value>, ApiError>
    where
        F: FnOnce(&mut Store) -> Result<Value, ApiError> + Send + 'static,
    {
        let delay = Duration::from_millis(self.inner.delay_ms.load(Ordering::Relaxed));
        self.inner
            .views
            .get(key, || {
                self.with_store(move |s| {
                    std::thread::sleep(delay);
                    f(s)
                })
            })
            .await
    }

    /// Marks the corpus as changed: every cached view is computed afresh.
    pub(crate) fn corpus_changed(&self) {
        self.inner.views.changed();
    }

    /// How many corpus-wide views were computed rather than served from the cache.
    pub fn views_computed(&self) -> u64 {
        self.inner.views.computed()
    }

    /// Makes every corpus-wide computation take `extra` longer, holding its connection
    /// (for tests of waiting and of lookups during slow views).
    pub fn slow_views(&self, extra: Duration) {
        let ms = u64::try_from(extra.as_millis()).unwrap_or(u64::MAX);
        self.inner.delay_ms.store(ms, Ordering::Relaxed);
    }
}

/// The shipped narrative catalogs with the user layers `kb` (and `$NARRASCOPE_KB`) over
/// them; the shipped ones alone, with a warning, when a layer cannot be read.
fn load_catalogs(kb: &[std::path::PathBuf]) -> Catalogs {
    let paths = narrascope_kb::KbPaths::discover(kb);
    match Catalogs::load(&paths) {
        Ok((catalogs, issues)) => {
            for i in issues.iter().filter(|i| i.is_error()) {
                eprintln!("warning: narrative catalogs: {i}");
            }
            catalogs
        }
        Err(e) => {
            eprintln!("warning: narrative catalogs: {e}; serving the shipped catalogs only");
            Catalogs::shipped()
        }
    }
}

/// The full pipeline over the shipped knowledge base (kept for actor labels); if that cannot
/// be loaded, the foundation stages alone, with a warning, so the workbench still serves
/// documents.
fn build_pipeline() -> (narrascope_core::Pipeline, Option<narrascope_kb::Kb>) {
    let full = narrascope_kb::Kb::shipped()
        .map_err(|e| e.to_string())
        .and_then(|kb| {
            let p = narrascope_actors::full_pipeline(&kb).map_err(|e| e.to_string())?;
            Ok((p, Some(kb)))
        });
    full.unwrap_or_else(|e| {
        eprintln!("warning: knowledge base unavailable, analysing without actors and claims: {e}");
        (narrascope_analyze::foundation_pipeline(), None)
    })
}
