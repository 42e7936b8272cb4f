//! What search needs beyond a read connection: the embedding model (loaded on the first
//! semantic query, never installed by the server) and one writer at a time bringing the
//! search indexes up to date with the stored documents.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use narrascope_corpus::Store;
use narrascope_embed::{EmbedConfig, Embedder, InstallOptions};

use crate::error::ApiError;
use axum::http::StatusCode;

/// The search side of the server state.
pub(crate) struct SearchSupport {
    model_dir: Option<PathBuf>,
    embedder: OnceLock<Result<Arc<Embedder>, String>>,
    syncing: Mutex<()>,
}

impl SearchSupport {
    pub(crate) fn new(model_dir: Option<PathBuf>) -> Self {
        SearchSupport {
            model_dir,
            embedder: OnceLock::new(),
            syncing: Mutex::new(()),
        }
    }

    /// The embedding model, loaded once (blocking: call from a blocking thread). A missing
    /// model is answered with 503 and how to install it.
    pub(crate) fn embedder(&self) -> Result<Arc<Embedder>, ApiError> {
        let loaded = self.embedder.get_or_init(|| {
            let opts = InstallOptions {
                model_dir: self.model_dir.clone(),
                offline: true,
                quiet: true,
            };
            let config = EmbedConfig {
                threads: 1,
                ..EmbedConfig::default()
            };
            Embedder::load_or_install_with(&opts, config)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        });
        loaded.clone().map_err(|e| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "semantic search needs the embedding model, which could not be loaded ({e}); \
                     `narrascope vectors` installs it"
                ),
            )
        })
    }

    /// Indexes documents and vectors stored since the last sync, unless another request is
    /// doing it already (its search then uses the index as it stands). Returns how many
    /// documents and vectors still wait to be indexed.
    pub(crate) fn sync(&self, store: &mut Store) -> Result<u64, ApiError> {
        let pending = |s: &Store| -> Result<u64, ApiError> {
            Ok(s.search_fts_pending()? + s.search_ann_pending()?)
        };
        // Without an index file (a corpus from before the current index format, or one never
        // searched) a sync writes it from the stored vectors even when nothing is flagged.
        let indexed = store.dir().join(narrascope_corpus::ANN_FILE).exists();
        if indexed && pending(store)? == 0 {
            return Ok(0);
        }
        let Ok(_guard) = self.syncing.try_lock() else {
            return pending(store);
        };
        store.sync_search(&mut |_, _| {})?;
        pending(store)
    }
}
