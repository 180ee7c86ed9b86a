//! The bell over the API: `/api/v1/notifications` (list), `/api/v1/notifications/read`, and
//! the live unread count as server-sent events, at `/api/v1/notifications/stream` (bearer
//! token) and `/notifications/stream` for the signed-in browser (session cookie; an
//! `EventSource` cannot send headers).

use super::caller::{ApiCaller, WebCaller};
use super::Json;
use crate::state::ServerState;
use app::AppError;
use axum::extract::State;
use axum::response::sse::{Event, KeepAlive, Sse};
use backend::accounts::auth::Caller;
use backend::db::Db;
use backend::notify::notices;
use futures::{Stream, StreamExt};
use shared::notification::{MarkRead, NotificationList};
use shared::UserId;
use std::convert::Infallible;
use std::time::Duration;
use tokio::time::Instant;

/// How often an open stream looks for news. Polling the database (one indexed count) rather
/// than an in-process signal keeps it right with several server instances.
const POLL_EVERY: Duration = Duration::from_secs(2);
/// A stream ends after this long; the browser reconnects on its own, and the session is
/// checked again then (a signed-out or disabled account gets no more events).
const STREAM_FOR: Duration = Duration::from_secs(300);

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
    notices::mark_read(&state.app.db, caller.id, &which, state.app.clock.now())
        .await
        .map(|unread| axum::Json(Unread { unread }))
}

/// Server-sent events: an `unread` event with `{"unread": n, "latest": id}` at once, then
/// whenever either changes.
#[utoipa::path(get, path = "/api/v1/notifications/stream", tag = "notifications", security(("bearer" = [])),
    responses((status = 200, description = "text/event-stream of `unread` events", content_type = "text/event-stream"),
        (status = 401, description = "Not signed in")))]
pub async fn stream(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    events(state.app.db.clone(), caller)
}

/// The same stream for the browser's bell.
pub async fn stream_for_browser(
    State(state): State<ServerState>,
    WebCaller(caller): WebCaller,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    events(state.app.db.clone(), caller)
}

/// What the bell shows: the unread count and the newest notification.
async fn news(db: &Db, user: UserId) -> Result<(i64, i64), AppError> {
    let unread = notices::unread_count(db, user).await?;
    let latest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(id) FROM notifications WHERE user_id = $1")
            .bind(user.0)
            .fetch_one(&db.pool)
            .await?;
    Ok((unread, latest.unwrap_or(0)))
}

fn events(db: Db, caller: Caller) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let until = Instant::now() + STREAM_FOR;
    let stream = futures::stream::unfold(None, move |last: Option<(i64, i64)>| {
        let db = db.clone();
        async move {
            let mut first = last.is_none();
            loop {
                if !first {
                    tokio::time::sleep(POLL_EVERY).await;
                }
                first = false;
                if Instant::now() >= until {
                    return None;
                }
                let now = match news(&db, caller.id).await {
                    Ok(now) => now,
                    Err(error) => {
                        tracing::warn!(%error, "notification stream stopped");
                        return None;
                    }
                };
                if Some(now) != last {
                    let data = serde_json::json!({ "unread": now.0, "latest": now.1 });
                    let event = Event::default().event("unread").data(data.to_string());
                    return Some((Ok(event), Some(now)));
                }
            }
        }
    });
    // Counted as open until the client goes or the stream ends.
    let open = crate::metrics::OpenStream::open();
    let stream = stream.inspect(move |_| {
        let _ = &open;
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}
