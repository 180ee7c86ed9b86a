//! Reads the browser session once per request, around the whole request: a page is rendered
//! with the signed-in account already known (no asynchronous read while rendering), and a
//! session older than a few minutes gets a fresh cookie in the response, so one left idle
//! expires while one in use does not. Done here because a cookie set while a page renders
//! would be lost.

use app::components::session::PageSession;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use backend::accounts::auth::authenticate;
use backend::accounts::sessions::{self, Audience};
use backend::AppState;
use shared::account::SignedInUser;

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
    let mut request = request;
    let caller = match &token {
        Some(token) => authenticate(&state, token, Audience::Web, state.clock.now_unix())
            .await
            .ok(),
        None => None,
    };
    let renewed = match (&token, &caller) {
        (Some(_), Some((caller, claims))) => renewal(&state, caller, claims),
        _ => None,
    };
    let mut clear_refused_form = None;
    let mut personal_page = false;
    if is_page(&request) {
        let user = match caller {
            Some((caller, _)) => signed_in_user(&state, caller.id).await,
            None => None,
        };
        personal_page = user.is_some();
        request.extensions_mut().insert(PageSession(user));
        if let Some((form, clear)) = crate::refused_form::take(request.headers()) {
            request.extensions_mut().insert(form);
            clear_refused_form = Some(clear);
        }
    }
    let mut response = next.run(request).await;
    // An action that set or cleared the session itself (login, logout) has the last word.
    let sets_own_cookie = response.headers().contains_key(header::SET_COOKIE);
    let headers = response.headers_mut();
    if let Some(cookie) = renewed.filter(|_| !sets_own_cookie) {
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    if let Some(clear) = clear_refused_form {
        headers.append(header::SET_COOKIE, clear);
    }
    // A page rendered for a signed-in account (its name in the header, its data) is never
    // kept by a shared cache, nor shown again from the browser's cache after logging out.
    if personal_page {
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        headers.append(header::VARY, HeaderValue::from_static("Cookie"));
    }
    response
}

fn renewal(
    state: &AppState,
    caller: &backend::accounts::auth::Caller,
    claims: &sessions::Claims,
) -> Option<String> {
    let now = state.clock.now_unix();
    if !claims.due_for_renewal(now) {
        return None;
    }
    let fresh = sessions::renew(
        &state.settings.jwt_secret,
        claims,
        caller.token_version,
        now,
    )
    .ok()?;
    Some(sessions::session_cookie(
        &fresh,
        state.settings.secure_cookies,
    ))
}

/// A page asked for by a browser (not a file, an API call or a server function).
fn is_page(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == axum::http::Method::GET
        && ![
            "/api/",
            "/pkg/",
            "/media/",
            "/health/",
            "/webhooks/",
            "/notifications/stream",
        ]
        .iter()
        .any(|prefix| path.starts_with(prefix))
}

/// The account a page is rendered for, with its unread count. A failure to read it (the
/// database is down) renders the page as for a visitor rather than failing it.
async fn signed_in_user(state: &AppState, user: shared::UserId) -> Option<SignedInUser> {
    let me = backend::accounts::users::me(&state.db, user).await;
    let unread = backend::notify::notices::unread_count(&state.db, user).await;
    match (me, unread) {
        (Ok(me), Ok(unread)) => Some(SignedInUser { me, unread }),
        (Err(error), _) | (_, Err(error)) => {
            tracing::warn!(%error, "could not read the signed-in account for a page");
            None
        }
    }
}
