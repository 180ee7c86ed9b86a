//! The bell: the signed-in person's notifications, and marking them read.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{GetUrl, Json};
use shared::notification::{MarkRead, NotificationList};

#[cfg(feature = "ssr")]
use crate::api::request::{answer, signed_in};
#[cfg(feature = "ssr")]
use crate::backend::notify::notices;

/// The latest notifications, newest first, with the unread count.
#[server(endpoint = "notifications/list", input = GetUrl)]
pub async fn get_notifications() -> Result<NotificationList, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        notices::list(&state.db, caller.id).await
    })
    .await
}

/// Marks notifications read (the ones named, or all); answers the unread count left.
#[server(endpoint = "notifications/read", input = Json)]
pub async fn mark_notifications_read(which: MarkRead) -> Result<i64, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        notices::mark_read(&state, caller.id, &which, state.clock.now()).await
    })
    .await
}
