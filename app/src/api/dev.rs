//! Development helpers: the outbox of emails written when no SMTP server is configured.

use crate::error::AppError;
use leptos::prelude::*;

pub use shared::email::OutboxMail;

/// The newest emails. Only on a development server: in production the page does not exist.
#[server(endpoint = "dev/outbox", input = leptos::server_fn::codec::GetUrl)]
pub async fn outbox() -> Result<Vec<OutboxMail>, AppError> {
    crate::api::request::answer(async {
        let state = crate::api::request::state()?;
        if !state.settings.show_outbox {
            return Err(AppError::NotFound);
        }
        crate::backend::notify::mail::outbox(&state.db, 100).await
    })
    .await
}
