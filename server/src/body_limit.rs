//! Request body limits, per route, decided before a body is read: a `Content-Length` over the
//! limit is refused at once, and a body sent without one is cut off as soon as it passes it.
//! The refusal is a 413 in the caller's own format: the API's error JSON for REST clients
//! and for the web app's script, a page for a browser posting a form without JavaScript.
//! Nothing of a refused body is kept; up to 16 MB of it is read and dropped first, because a
//! client still sending would otherwise see a broken connection instead of the answer.

use app::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use backend::accounts::photos;
use http_body_util::{BodyExt, Limited};

/// Forms, server functions and JSON bodies: the largest real one (a full availability with
/// 70 weekly rules and 300 dated exceptions) is well under 100 KB.
pub const DEFAULT_LIMIT: usize = 256 * 1024;
/// A photo upload: the photo's own limit plus room for the multipart envelope.
pub const PHOTO_LIMIT: usize = photos::MAX_UPLOAD_BYTES + 64 * 1024;
/// Stripe's webhook events are a few KB.
pub const WEBHOOK_LIMIT: usize = 64 * 1024;

/// The limit of the route a request is for.
pub fn limit_for(path: &str) -> usize {
    match path {
        "/api/v1/me/photo" | "/account/photo" => PHOTO_LIMIT,
        "/webhooks/stripe" => WEBHOOK_LIMIT,
        _ => DEFAULT_LIMIT,
    }
}

/// Refuses a body over its route's limit before it is read, then hands on a body that is
/// known to fit.
pub async fn limit_bodies(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let limit = limit_for(request.uri().path());
    let announced = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if announced.is_some_and(|length| length > limit as u64) {
        let (parts, body) = request.into_parts();
        if announced.is_some_and(|length| length <= DRAIN_LIMIT as u64) {
            drain(body).await;
        }
        return too_large(parts.uri.path(), &parts.headers, limit);
    }
    let (parts, mut body) = request.into_parts();
    let mut kept = Vec::new();
    while let Some(frame) = body.frame().await {
        let Ok(frame) = frame else {
            // The client went away or sent a broken body: nothing to answer it with.
            return StatusCode::BAD_REQUEST.into_response();
        };
        if let Ok(data) = frame.into_data() {
            if kept.len() + data.len() > limit {
                drain(body).await;
                return too_large(parts.uri.path(), &parts.headers, limit);
            }
            kept.extend_from_slice(&data);
        }
    }
    let body = axum::body::Bytes::from(kept);
    next.run(Request::from_parts(parts, Body::from(body))).await
}

/// Beyond this much, a refused body is not even drained: the connection is simply closed.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// Reads and drops the rest of a refused body (up to [`DRAIN_LIMIT`]), so that an ordinary
/// client, still sending, reads the 413 instead of a broken connection. Nothing is kept.
async fn drain(body: Body) {
    let mut rest = Limited::new(body, DRAIN_LIMIT);
    while let Some(Ok(_)) = rest.frame().await {}
}

/// The 413, said the way the caller reads answers.
fn too_large(path: &str, headers: &HeaderMap, limit: usize) -> Response {
    let error = AppError::PayloadTooLarge {
        limit_bytes: limit as u64,
    };
    let wants_page = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    let from_script_or_client = path.starts_with("/api/") || path.starts_with("/webhooks/");
    if from_script_or_client && !wants_page {
        return error.into_response();
    }
    let french = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|cookies| cookies.contains("i18n_pref_locale=fr"));
    (StatusCode::PAYLOAD_TOO_LARGE, Html(page(french, limit))).into_response()
}

/// A small page for a form posted without JavaScript: what happened and a way back.
fn page(french: bool, limit: usize) -> String {
    let kb = limit / 1024;
    let (lang, title, text, back) = if french {
        (
            "fr",
            "Envoi trop volumineux",
            format!("Ce que vous avez envoyé est trop volumineux : au plus {kb} Ko ici."),
            "Revenir à l'accueil",
        )
    } else {
        (
            "en",
            "Request too large",
            format!("What you sent is too large: at most {kb} KB here."),
            "Back to the home page",
        )
    };
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Salus</title></head><body><main><h1>{title}</h1><p>{text}</p>\
         <p><a href=\"/\">{back}</a></p></main></body></html>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_route_has_its_limit() {
        assert_eq!(limit_for("/api/v1/me/photo"), PHOTO_LIMIT);
        assert_eq!(limit_for("/account/photo"), PHOTO_LIMIT);
        assert_eq!(limit_for("/webhooks/stripe"), WEBHOOK_LIMIT);
        assert_eq!(limit_for("/api/auth/log_in"), DEFAULT_LIMIT);
        assert_eq!(limit_for("/api/v1/me/availability"), DEFAULT_LIMIT);
    }

    #[test]
    fn the_page_says_it_in_the_readers_language() {
        assert!(page(true, DEFAULT_LIMIT).contains("au plus 256 Ko"));
        assert!(page(false, DEFAULT_LIMIT).contains("at most 256 KB"));
    }
}
