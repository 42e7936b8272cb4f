use narrascope_corpus::Store;
use narrascope_kb::narratives::Catalogs;
use std::sync::{Arc, Mutex};

use crate::error::ApiError;
use crate::guard::RateLimiter;

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
}

impl Default for Options {
    fn default() -> Self {
        Options {
            token: None,
            max_body: DEFAULT_MAX_BODY,
            rate_per_sec: 50.0,
            burst: 200,
        }
    }
}

/// What every handler shares: the corpus and the guard settings.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    store: Mutex<Store>,
    /// The analysis pipeline, built once: foundation stages, entity linking and claims.
    pipeline: narrascope_core::Pipeline,
    /// The shipped narrative catalogs: titles, descriptions and parents of narrative ids.
    catalogs: Catalogs,
    options: Options,
    limiter: RateLimiter,
}

impl AppState {
    pub fn new(store: Store, options: Options) -> Self {
        let limiter = RateLimiter::new(options.rate_per_sec, options.burst);
        AppState {
            inner: Arc::new(Inner {
                store: Mutex::new(store),
                pipeline: build_pipeline(),
                catalogs: Catalogs::shipped(),
                options,
                limiter,
            }),
        }
    }

    pub(crate) fn pipeline(&self) -> &narrascope_core::Pipeline {
        &self.inner.pipeline
    }

    pub(crate) fn catalogs(&self) -> &Catalogs {
        &self.inner.catalogs
    }

    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    pub(crate) fn limiter(&self) -> &RateLimiter {
        &self.inner.limiter
    }

    /// Runs `f` with the store on a blocking thread, so SQLite work never stalls the
    /// async workers.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            // A panic while holding the lock leaves the store usable: SQLite keeps it consistent.
            let mut store = state.inner.store.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut store)
        })
        .await
        .map_err(|e| ApiError::internal(format!("corpus task failed: {e}")))?
    }
}

/// The full pipeline over the shipped knowledge base; if that cannot be loaded, the
/// foundation stages alone, with a warning, so the workbench still serves documents.
fn build_pipeline() -> narrascope_core::Pipeline {
    let full = narrascope_kb::Kb::shipped()
        .map_err(|e| e.to_string())
        .and_then(|kb| narrascope_actors::full_pipeline(&kb).map_err(|e| e.to_string()));
    full.unwrap_or_else(|e| {
        eprintln!("warning: knowledge base unavailable, analysing without actors and claims: {e}");
        narrascope_analyze::foundation_pipeline()
    })
}
