use crate::db_tests;
use crate::helpers::{spawn_app, spawn_app_with, Database};

db_tests!(
    every_response_carries_the_security_headers,
    hsts_is_sent_only_behind_https,
    page_policy_names_the_nonce_of_its_inline_scripts,
    each_page_gets_a_fresh_nonce,
    pages_are_compressed_for_clients_that_accept_it,
);

async fn every_response_carries_the_security_headers(db: Database) {
    let app = spawn_app(db).await;
    for path in [
        "/",
        "/doctors",
        "/health/live",
        "/api/v1/clinics",
        "/api/v1/openapi.json",
        "/api/v1/nothing-here",
        "/api/clinics/list",
        "/no/such/page",
        "/api/docs/",
        "/pkg/salus.css",
        "/pkg/missing.wasm",
        "/favicon.svg",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers
            .get("content-security-policy")
            .unwrap_or_else(|| panic!("{path} has a CSP"))
            .to_str()
            .unwrap();
        let script_src = csp
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .unwrap_or_else(|| panic!("{path}: a script-src directive in {csp}"));
        assert!(script_src.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
        assert!(!script_src.contains("'unsafe-inline'"), "{path}: {csp}");
        assert!(!script_src.contains("'unsafe-eval'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("object-src 'none'"), "{path}: {csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(
            headers["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            headers["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()"),
            "{path}"
        );
        assert!(
            headers.get("strict-transport-security").is_none(),
            "{path}: no HSTS over plain http"
        );
    }
    assert_eq!(app.get("/pkg/salus.css").await.status(), 200);
    assert_eq!(app.get("/favicon.svg").await.status(), 200);
}

async fn hsts_is_sent_only_behind_https(db: Database) {
    let app = spawn_app_with(db, &[("SALUS_PUBLIC_URL", "https://salus.example.org")]).await;
    for path in ["/", "/health/live", "/api/v1/clinics"] {
        let response = app.get(path).await;
        assert_eq!(
            response.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

fn nonce_of(csp: &str) -> String {
    let start = csp.find("'nonce-").expect("the page policy has a nonce") + "'nonce-".len();
    let end = csp[start..].find('\'').unwrap() + start;
    csp[start..end].to_owned()
}

async fn page_policy_names_the_nonce_of_its_inline_scripts(db: Database) {
    let app = spawn_app(db).await;
    let response = app.get("/").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = nonce_of(&csp);
    assert!(nonce.len() >= 16, "a nonce carries at least 128 bits");
    let html = response.text().await.unwrap();
    // leptos_i18n leaves an empty `<script></script>` placeholder; a script with no source
    // text never runs, so browsers do not hold it to the policy.
    let inline_scripts =
        html.matches("<script").count() - html.matches("<script></script>").count();
    assert!(inline_scripts > 0, "the page loads its hydration script");
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        inline_scripts,
        "every script carries the header's nonce"
    );
}

async fn each_page_gets_a_fresh_nonce(db: Database) {
    let app = spawn_app(db).await;
    let first = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let second = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(nonce_of(&first), nonce_of(&second));
}

async fn pages_are_compressed_for_clients_that_accept_it(db: Database) {
    let app = spawn_app(db).await;
    let response = app.page("/", &[("accept-encoding", "gzip")]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let response = app
        .client
        .get(app.url("/api/v1/openapi.json"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
}
