//! The server functions' side of a request: who is calling (from the session cookie), the
//! address it came from, and the cookies, status and redirects of the answer. This is the only
//! place that reads Leptos's request context, so the backend never depends on Leptos.

use crate::backend::accounts::auth::{authenticate, Caller};
use crate::backend::accounts::sessions::{self, Audience, Claims};
use crate::backend::{self, AppState};
use crate::error::AppError;
use std::net::{IpAddr, SocketAddr};

async fn headers() -> Result<http::HeaderMap, AppError> {
    leptos_axum::extract().await.map_err(|e| {
        tracing::error!(error = %e, "could not read the request headers");
        AppError::Internal
    })
}

/// The caller of the current server function, from its session cookie, or 401.
pub async fn caller() -> Result<Caller, AppError> {
    optional_caller().await?.ok_or(AppError::Unauthorized)
}

/// The caller, or `None` for an anonymous visitor (or an expired session).
pub async fn optional_caller() -> Result<Option<Caller>, AppError> {
    let state = state()?;
    let headers = headers().await?;
    let Some(token) = sessions::token_from_cookies(&headers) else {
        return Ok(None);
    };
    match authenticate(&state, &token, Audience::Web, state.clock.now_unix()).await {
        Ok((caller, _)) => Ok(Some(caller)),
        Err(AppError::Unauthorized) => Ok(None),
        Err(other) => Err(other),
    }
}

/// The current browser session's claims, if its token is valid.
pub async fn current_session() -> Result<Option<Claims>, AppError> {
    let state = state()?;
    let headers = headers().await?;
    let now = state.clock.now_unix();
    Ok(sessions::token_from_cookies(&headers)
        .and_then(|token| sessions::decode(&state.settings.jwt_secret, &token, Audience::Web, now)))
}

/// The address the request came from, for rate limits (see `client_address`).
pub async fn client_ip() -> Option<IpAddr> {
    let state = state().ok()?;
    let peer = leptos_axum::extract::<axum::extract::ConnectInfo<SocketAddr>>()
        .await
        .ok()?
        .0
        .ip();
    let headers = headers().await.ok()?;
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    Some(backend::client_address::client_ip(
        peer,
        forwarded,
        &state.settings.trusted_proxies,
    ))
}

/// Stores a new browser session. Only called from actions (server functions the user
/// triggers), never while rendering a page, where a cookie would be lost.
pub fn set_session_cookie(state: &AppState, token: &str) {
    append_set_cookie(&sessions::session_cookie(
        token,
        state.settings.secure_cookies,
    ));
}

/// Marks this browser as one that signed in to `user` (see `device_cookie`).
pub fn set_device_cookie(state: &AppState, user: shared::UserId) {
    let value = backend::accounts::device_cookie::issue(&state.settings.jwt_secret, user);
    append_set_cookie(&format!(
        "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        backend::accounts::device_cookie::COOKIE,
        backend::accounts::device_cookie::MAX_AGE_SECONDS,
        if state.settings.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    ));
}

/// The device cookie this browser sent, if any (checked by `sign_in::log_in`).
pub async fn device_cookie() -> Option<String> {
    backend::accounts::device_cookie::from_headers(&headers().await.ok()?)
}

/// Whether the current call is a plain form post from a browser without JavaScript (it
/// accepts HTML), which must be answered with a page or a redirect, not with data.
pub fn from_plain_form() -> bool {
    // A POST, so that a page being rendered for a browser (whose GET accepts HTML too)
    // is not taken for a form.
    leptos::prelude::use_context::<http::request::Parts>().is_some_and(|parts| {
        parts.method == http::Method::POST
            && parts
                .headers
                .get(http::header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|accept| accept.contains("text/html"))
    })
}

/// Answers the current call with `303 See Other` to a local path: after a form posted
/// without JavaScript succeeds, the browser goes there with a GET.
pub fn see_other(path: &str) {
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        tracing::error!("no response to redirect");
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(path) {
        response.set_status(http::StatusCode::SEE_OTHER);
        response.insert_header(http::header::LOCATION, value);
    }
}

pub fn clear_session_cookie(state: &AppState) {
    append_set_cookie(&sessions::clearing_cookie(state.settings.secure_cookies));
}

fn append_set_cookie(value: &str) {
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        tracing::error!("no response to set a cookie on");
        return;
    };
    if let Ok(value) = http::HeaderValue::from_str(value) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

/// The state of the running server, from inside a server function.
pub fn state() -> Result<AppState, AppError> {
    leptos::prelude::use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the Leptos context");
        AppError::Internal
    })
}

/// The frame of a server function: runs its body and, when it fails, answers with the status
/// the REST API would give (see `super::with_status`). A server function reads as its body:
/// `answer(async { let (state, caller) = signed_in().await?; … }).await`.
pub async fn answer<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    super::with_status(body.await)
}

/// The server's state and the signed-in caller (or 401): what most bodies start with.
pub async fn signed_in() -> Result<(AppState, Caller), AppError> {
    Ok((state()?, caller().await?))
}
