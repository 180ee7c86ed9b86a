//! Development helpers: the outbox of emails written when no SMTP server is configured.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub language: String,
    pub created_at: i64,
    pub sent: bool,
    pub error: Option<String>,
}

/// The newest emails. Only on a development server: in production the page does not exist.
#[server(endpoint = "dev/outbox", input = leptos::server_fn::codec::GetUrl)]
pub async fn outbox() -> Result<Vec<OutboxMail>, AppError> {
    crate::api::request::answer(async {
        let state = crate::api::request::state()?;
        if !state.settings.show_outbox {
            return Err(AppError::NotFound);
        }
        let rows = crate::backend::notify::mail::outbox(&state.db, 100).await?;
        Ok(rows
            .into_iter()
            .map(|row| OutboxMail {
                id: row.id,
                recipient: row.recipient,
                subject: row.subject,
                body: row.body,
                language: row.language,
                created_at: row.created_at,
                sent: row.sent_at.is_some(),
                error: row.last_error,
            })
            .collect())
    })
    .await
}
