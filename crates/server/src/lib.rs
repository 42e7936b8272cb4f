//! `narrascope serve`: the analyst's workbench. A JSON HTTP API over a corpus (documents,
//! statistics, analysis of pasted text) described by an OpenAPI 3 document, and a web UI
//! compiled into the binary that works offline.
//!
//! Documents are untrusted: the UI builds every piece of document text with `textContent`,
//! and every answer carries a strict Content-Security-Policy, so nothing a document holds can
//! run or load anything.

mod api;
mod assets;
mod cache;
mod error;
mod guard;
mod login;
mod narratives;
mod rhetoric;
mod search;
mod state;
mod view;
mod warm;

pub use api::{OPENAPI, routes};
pub use error::ApiError;
pub use guard::{CSP, TOKEN_COOKIE, check_token};
pub use state::{AppState, DEFAULT_MAX_BODY, Options};
pub use view::document_json;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use narrascope_corpus::Store;
use std::future::Future;
use std::net::SocketAddr;

/// The whole application: API, UI and the guards every request passes.
pub fn app(store: Store, options: Options) -> Router {
    app_with_state(AppState::new(store, options))
}

/// The whole application over `state` (kept by the caller to read its counters).
pub fn app_with_state(state: AppState) -> Router {
    let max_body = state.options().max_body;
    Router::new()
        .merge(api::router())
        .route("/", get(assets::index))
        .route("/assets/{name}", get(assets::asset))
        .route("/login", post(login::login))
        .fallback(|| async {
            error::error_response(StatusCode::NOT_FOUND, "no such page or endpoint")
        })
        .method_not_allowed_fallback(|| async {
            error::error_response(StatusCode::METHOD_NOT_ALLOWED, "method not allowed here")
        })
        .layer(DefaultBodyLimit::max(max_body))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::admit,
        ))
        .layer(axum::middleware::from_fn(guard::secure_headers))
        .with_state(state)
}

/// Refuses to listen beyond the loopback interface without a token.
pub fn check_bind(addr: SocketAddr, token: Option<&str>) -> Result<(), String> {
    match token {
        Some(t) => check_token(t),
        None if addr.ip().is_loopback() => Ok(()),
        None => Err(format!(
            "binding to {addr}, beyond this machine, needs --token or --token-file"
        )),
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets open requests finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // Without a handler there is nothing to wait for; SIGTERM still works.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Errors of [`run`].
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    Store(#[from] narrascope_corpus::StoreError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// Opens the corpus in `corpus`, listens on `bind` and serves until Ctrl-C or SIGTERM.
/// `ready` is called with the address actually bound (useful with port 0).
pub fn run(
    corpus: &std::path::Path,
    bind: SocketAddr,
    options: Options,
    ready: impl FnOnce(SocketAddr, &Store),
) -> Result<(), ServeError> {
    check_bind(bind, options.token.as_deref()).map_err(ServeError::Config)?;
    let store = Store::open_existing(corpus)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(bind)
            .await
            .map_err(|source| ServeError::Bind { addr: bind, source })?;
        let local = listener.local_addr()?;
        ready(local, &store);
        let state = AppState::new(store, options);
        tokio::spawn(warm::warm(state.clone()));
        serve(listener, app_with_state(state), shutdown_signal()).await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_is_open_without_token() {
        let lo: SocketAddr = "127.0.0.1:7878".parse().unwrap();
        let lo6: SocketAddr = "[::1]:7878".parse().unwrap();
        let any: SocketAddr = "0.0.0.0:7878".parse().unwrap();
        assert!(check_bind(lo, None).is_ok());
        assert!(check_bind(lo6, None).is_ok());
        assert!(check_bind(any, None).unwrap_err().contains("--token"));
        assert!(check_bind(any, Some("short")).is_err());
        assert!(check_bind(any, Some("a-long-enough-token")).is_ok());
    }
}
