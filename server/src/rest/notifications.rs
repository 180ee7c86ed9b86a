//! The bell over the API: `/api/v1/notifications` (list), `/api/v1/notifications/read`, and
//! the live unread count as server-sent events, at `/api/v1/notifications/stream` (bearer
//! token) and `/notifications/stream` for the signed-in browser (session cookie; an
//! `EventSource` cannot send headers).

use super::caller::{ApiCaller, ClientIp, WebCaller};
use super::Json;
use crate::live_streams::watch;
use crate::state::ServerState;
use app::AppError;
use axum::extract::State;
use axum::response::sse::{Event, Sse};
use backend::accounts::auth::Caller;
use backend::db::Db;
use backend::live::Change;
use backend::notify::notices;
use futures::Stream;
use shared::notification::{MarkRead, NotificationList};
use shared::UserId;
use std::convert::Infallible;

/// The caller's latest notifications, newest first, and the unread count.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "The latest 30 notifications", body = NotificationList),
        (status = 401, description = "Not signed in")))]
pub async fn list(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<NotificationList>, AppError> {
    notices::list(&state.app.db, caller.id)
        .await
        .map(axum::Json)
}

/// The unread count left after marking.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Unread {
    pub unread: i64,
}

/// Marks the caller's notifications read: `{"ids": [..]}` or `{"all": true}`. Ids of other
/// people's notifications are ignored.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications", security(("bearer" = [])),
    request_body = MarkRead,
    responses((status = 200, description = "Marked; the unread count left", body = Unread),
        (status = 422, description = "More than 200 ids")))]
pub async fn mark_read(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(which): Json<MarkRead>,
) -> Result<axum::Json<Unread>, AppError> {
    notices::mark_read(&state.app, caller.id, &which, state.app.clock.now())
        .await
        .map(|unread| axum::Json(Unread { unread }))
}

/// Server-sent events: an `unread` event with `{"unread": n, "latest": id}` at once, then
/// whenever either changes (within a second, whichever instance made the change).
#[utoipa::path(get, path = "/api/v1/notifications/stream", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "text/event-stream of `unread` events", content_type = "text/event-stream"),
        (status = 401, description = "Not signed in"),
        (status = 429, description = "Too many open streams for this person or address")))]
pub async fn stream(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    ClientIp(ip): ClientIp,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    events(&state, caller, ip)
}

/// The same stream for the browser's bell.
pub async fn stream_for_browser(
    State(state): State<ServerState>,
    WebCaller(caller): WebCaller,
    ClientIp(ip): ClientIp,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    events(&state, caller, ip)
}

/// What the bell shows: the unread count and the newest notification.
#[derive(serde::Serialize, PartialEq)]
struct News {
    unread: i64,
    latest: i64,
}

async fn news(db: &Db, user: UserId) -> Result<News, AppError> {
    let unread = notices::unread_count(db, user).await?;
    let latest = notices::latest_id(db, user).await?;
    Ok(News { unread, latest })
}

fn events(
    state: &ServerState,
    caller: Caller,
    ip: Option<std::net::IpAddr>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let permit = state
        .streams
        .open(ip, Some(caller.id), "notification_streams_open")?;
    let db = state.app.db.clone();
    let user = caller.id;
    Ok(watch(
        &state.app.live,
        move |change| change == Change::Notifications(user),
        move || {
            let db = db.clone();
            async move { news(&db, user).await }
        },
        "unread",
        permit,
    ))
}
