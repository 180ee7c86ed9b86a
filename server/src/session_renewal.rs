//! Keeps a browser session alive while it is used: a request carrying a valid session cookie
//! older than a few minutes gets a fresh one in its response. A session left idle expires.
//! Done here, around the whole request, because a cookie set while a page renders would be lost.

use app::backend::auth::authenticate;
use app::backend::db::now_unix;
use app::backend::sessions::{self, Audience};
use app::backend::AppState;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub async fn renew_session(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    // Static files and API calls with bearer tokens need no renewal.
    let path = request.uri().path();
    let skip =
        path.starts_with("/pkg/") || path.starts_with("/api/v1/") || path.starts_with("/media/");
    let token = (!skip)
        .then(|| sessions::token_from_cookies(request.headers()))
        .flatten();
    let renewed = match token {
        Some(token) => renewal(&state, &token).await,
        None => None,
    };
    let mut response = next.run(request).await;
    // An action that set or cleared the session itself (login, logout) has the last word.
    if let Some(cookie) = renewed {
        if !response.headers().contains_key(header::SET_COOKIE) {
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
        }
    }
    response
}

async fn renewal(state: &AppState, token: &str) -> Option<String> {
    let now = now_unix();
    let (caller, claims) = authenticate(state, token, Audience::Web, now).await.ok()?;
    if !claims.due_for_renewal(now) {
        return None;
    }
    let fresh = sessions::renew(
        &state.settings.jwt_secret,
        &claims,
        caller.token_version,
        now,
    )
    .ok()?;
    Some(sessions::session_cookie(
        &fresh,
        state.settings.secure_cookies,
    ))
}
