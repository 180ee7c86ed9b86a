//! Cross-site request forgery guard: a state-changing request (anything but GET, HEAD and
//! OPTIONS) that a browser sends from another site is refused before it reaches a handler.
//! Browsers always send `Origin` on such requests; tools that send none (curl, API clients
//! with bearer tokens, which cookies cannot forge) pass through.

use app::AppError;
use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The public origin (`scheme://host[:port]`), compared with what browsers send.
#[derive(Clone)]
pub struct PublicOrigin(pub String);

impl PublicOrigin {
    pub fn from_url(public_url: &str) -> Self {
        let url = public_url.trim_end_matches('/');
        let origin = match url.find("://") {
            Some(scheme_end) => match url[scheme_end + 3..].find('/') {
                Some(path) => &url[..scheme_end + 3 + path],
                None => url,
            },
            None => url,
        };
        Self(origin.to_ascii_lowercase())
    }
}

/// Whether a request with this `Origin` (and `Host`) comes from our own pages. The Host header
/// counts too, so a development server reached as `localhost` instead of `127.0.0.1` works;
/// a browser never lets a page on another site choose the Host of its request.
pub fn is_same_origin(public: &PublicOrigin, origin: &str, host: Option<&str>) -> bool {
    let origin = origin.trim().to_ascii_lowercase();
    if origin == public.0 {
        return true;
    }
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    matches!((authority, host), (Some(authority), Some(host)) if authority == host.to_ascii_lowercase())
}

pub async fn refuse_cross_site(
    State(public): State<PublicOrigin>,
    request: Request,
    next: Next,
) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let headers = request.headers();
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let cross_site = match headers.get(header::ORIGIN).map(|o| o.to_str()) {
            Some(Ok(origin)) => !is_same_origin(&public, origin, host),
            Some(Err(_)) => true,
            // No Origin: only a browser's own cross-site fetch metadata can still tell.
            None => headers
                .get("sec-fetch-site")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|site| site == "cross-site"),
        };
        if cross_site {
            tracing::warn!(path = %request.uri().path(), "refused a cross-site request");
            return AppError::Forbidden.into_response();
        }
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_origin_drops_paths_and_case() {
        assert_eq!(
            PublicOrigin::from_url("https://Salus.Example.org/app/").0,
            "https://salus.example.org"
        );
        assert_eq!(
            PublicOrigin::from_url("http://127.0.0.1:3000").0,
            "http://127.0.0.1:3000"
        );
    }

    #[test]
    fn only_our_own_origin_or_host_passes() {
        let public = PublicOrigin::from_url("http://127.0.0.1:3000");
        assert!(is_same_origin(&public, "http://127.0.0.1:3000", None));
        assert!(is_same_origin(
            &public,
            "http://localhost:3000",
            Some("localhost:3000")
        ));
        assert!(!is_same_origin(
            &public,
            "https://evil.example",
            Some("127.0.0.1:3000")
        ));
        assert!(!is_same_origin(&public, "null", Some("127.0.0.1:3000")));
        assert!(!is_same_origin(
            &public,
            "http://127.0.0.1:3001",
            Some("127.0.0.1:3000")
        ));
    }
}
