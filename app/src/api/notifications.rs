//! The bell: the signed-in person's notifications, and marking them read.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::notification::{MarkRead, NotificationList};

#[cfg(feature = "ssr")]
use crate::backend::{auth::request, notices, state};

/// The latest notifications, newest first, with the unread count.
#[server(endpoint = "notifications/list", input = GetUrl)]
pub async fn get_notifications() -> Result<NotificationList, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        notices::list(&state.db, &caller).await
    }
    .await;
    super::with_status(result)
}

/// Marks notifications read (the ones named, or all); answers the unread count left.
#[server(endpoint = "notifications/read", input = Json)]
pub async fn mark_notifications_read(which: MarkRead) -> Result<i64, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        notices::mark_read(&state.db, &caller, &which, chrono::Utc::now()).await
    }
    .await;
    super::with_status(result)
}
