mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{app, get, send};
use narrascope_server::{CSP, Options};
use std::io::{Read, Write};

const TOKEN: &str = "s3cret-token-for-tests";

fn with_token() -> Options {
    Options {
        token: Some(TOKEN.into()),
        ..Options::default()
    }
}

fn req(uri: &str, header: Option<(&str, &str)>) -> Request<Body> {
    let mut b = Request::get(uri);
    if let Some((k, v)) = header {
        b = b.header(k, v);
    }
    b.body(Body::empty()).unwrap()
}

#[tokio::test]
async fn token_is_required_when_set() {
    let (_dir, app, _) = app(with_token());
    let r = get(&app, "/api/stats").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(r.error().contains("token"));
    assert_eq!(r.header("www-authenticate"), "Bearer");
    assert_eq!(r.header("content-security-policy"), CSP);
    let wrong = send(
        &app,
        req(
            "/api/stats",
            Some(("authorization", "Bearer s3cret-token-for-tests-")),
        ),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let ok = send(
        &app,
        req(
            "/api/stats",
            Some(("authorization", &format!("Bearer {TOKEN}"))),
        ),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json()["documents"], 4);
    // Static files are guarded too.
    assert_eq!(
        get(&app, "/assets/app.js").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn browsers_log_in_with_a_cookie() {
    let (_dir, app, _) = app(with_token());
    let page = send(&app, req("/", Some(("accept", "text/html")))).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    assert!(page.header("content-type").starts_with("text/html"));
    assert!(String::from_utf8_lossy(&page.body).contains("action=\"/login\""));

    let login = |token: &str| {
        Request::post("/login")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(format!("token={token}")))
            .unwrap()
    };
    let bad = send(&app, login("nope")).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert!(bad.header("set-cookie").is_empty());
    let good = send(&app, login(TOKEN)).await;
    assert_eq!(good.status, StatusCode::SEE_OTHER);
    let cookie = good.header("set-cookie").to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let pair = cookie.split(';').next().unwrap().to_string();
    let r = send(&app, req("/api/stats", Some(("cookie", &pair)))).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn rate_limit_answers_429() {
    let (_dir, app, _) = app(Options {
        rate_per_sec: 0.001,
        burst: 3,
        ..Options::default()
    });
    for _ in 0..3 {
        assert_eq!(get(&app, "/api/stats").await.status, StatusCode::OK);
    }
    let r = get(&app, "/api/stats").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.header("retry-after"), "1");
    assert!(r.error().contains("too many requests"));
}

#[tokio::test]
async fn pages_carry_security_headers() {
    let (_dir, app, _) = app(Options::default());
    let index = get(&app, "/").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.header("content-type").starts_with("text/html"));
    let csp = index.header("content-security-policy");
    assert!(
        csp.contains("default-src 'self'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{csp}"
    );
    assert_eq!(index.header("x-content-type-options"), "nosniff");
    assert_eq!(index.header("x-frame-options"), "DENY");
    let html = String::from_utf8_lossy(&index.body).to_string();
    assert!(
        !html.contains("<script>") && !html.contains(" style="),
        "no inline script or style"
    );

    let missing = get(&app, "/api/nothing-here").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.error().contains("no such"));
    assert_eq!(missing.header("content-security-policy"), CSP);
    assert_eq!(
        get(&app, "/assets/nope.js").await.status,
        StatusCode::NOT_FOUND
    );
    let wrong = send(
        &app,
        Request::delete("/api/stats").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong.error().contains("method"));
}

/// Every script and stylesheet the UI refers to is served, with the right type.
#[tokio::test]
async fn ui_references_resolve() {
    let (_dir, app, _) = app(Options::default());
    let mut queue = vec!["/".to_string()];
    let mut seen = Vec::new();
    while let Some(uri) = queue.pop() {
        if seen.contains(&uri) {
            continue;
        }
        let r = get(&app, &uri).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        let body = String::from_utf8_lossy(&r.body).to_string();
        if uri.ends_with(".js") {
            assert!(
                r.header("content-type").starts_with("text/javascript"),
                "{uri}"
            );
            assert!(
                !body.contains("innerHTML") && !body.contains("eval("),
                "{uri} builds DOM from text only"
            );
        }
        for marker in ["href=\"/assets/", "src=\"/assets/", "from './"] {
            for part in body.split(marker).skip(1) {
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
                    .collect();
                queue.push(format!("/assets/{name}"));
            }
        }
        seen.push(uri);
    }
    assert!(seen.len() >= 9, "{seen:?}");
}

/// The real listener: serves over loopback TCP and stops when asked.
#[test]
fn serves_on_loopback_and_shuts_down() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (_dir, app, _) = app(Options::default());
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = rt.spawn(narrascope_server::serve(listener, app, async {
        let _ = stopped.await;
    }));
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(std::time::Duration::from_secs(20)))
        .unwrap();
    s.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"documents\":4"), "{answer}");
    stop.send(()).unwrap();
    let done = rt
        .block_on(async { tokio::time::timeout(std::time::Duration::from_secs(10), server).await });
    assert!(matches!(done, Ok(Ok(Ok(())))), "server stopped cleanly");
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "no longer listening"
    );
}
