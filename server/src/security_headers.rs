//! Security headers on every response, whatever produced it (page, API, file, error).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use backend::security::content_security_policy;

/// Swagger UI styles its widgets with inline `style` attributes; only its pages get
/// `'unsafe-inline'` for styles (never for scripts).
fn docs_policy() -> String {
    content_security_policy(None, None)
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
}

pub async fn add_security_headers(request: Request, next: Next) -> Response {
    let is_docs = request.uri().path().starts_with("/api/docs");
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Pages set their own policy naming the nonce of their inline scripts (see app::shell);
    // everything else gets the strict one.
    if is_docs {
        insert(headers, header::CONTENT_SECURITY_POLICY, &docs_policy());
    } else if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        insert(
            headers,
            header::CONTENT_SECURITY_POLICY,
            &content_security_policy(None, None),
        );
    }
    insert(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    insert(headers, header::X_FRAME_OPTIONS, "DENY");
    insert(
        headers,
        header::REFERRER_POLICY,
        "strict-origin-when-cross-origin",
    );
    insert(
        headers,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(self)",
    );
    insert(
        headers,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    response
}

fn insert(headers: &mut axum::http::HeaderMap, name: header::HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(name, value);
    }
}

/// HSTS only makes sense, and is only honoured, over HTTPS.
pub async fn add_hsts(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000; includeSubDomains"),
    );
    response
}
