//! Live changes for open pages: a doctor's free slots changed, a person's notifications
//! changed. Streams (server-sent events) subscribe to this instance's hub; what happened on
//! another instance reaches it too.
//!
//! - On PostgreSQL a change is a `NOTIFY` on the `salus_live` channel. Each instance keeps one
//!   listening connection and fans what it hears out in memory, so every instance's streams
//!   learn of every change. A notice written inside a transaction (`announce_in`) is only
//!   delivered if and when the transaction commits.
//! - On SQLite (one instance) changes go straight to the in-process hub; new notifications
//!   are found by one query a few times a second (`notices::notified_since`, run by the
//!   worker), as the hub cannot be told at commit.

use crate::db::{Backend, Db};
use shared::error::AppError;
use shared::UserId;
use std::time::Duration;
use tokio::sync::broadcast;

/// The PostgreSQL channel every instance listens on.
const CHANNEL: &str = "salus_live";
/// Changes kept for a slow stream before it skips ahead (it then re-reads what it shows).
const BACKLOG: usize = 1024;

/// What changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// A doctor's free slots (a booking, a cancellation, an expiry, new hours…).
    Slots(UserId),
    /// A person's notifications (a new one, or some marked read).
    Notifications(UserId),
}

impl Change {
    fn to_payload(self) -> String {
        match self {
            Change::Slots(doctor) => format!("slots:{}", doctor.0),
            Change::Notifications(user) => format!("notifications:{}", user.0),
        }
    }

    fn from_payload(text: &str) -> Option<Self> {
        let (kind, id) = text.split_once(':')?;
        let id = UserId(id.parse().ok()?);
        match kind {
            "slots" => Some(Change::Slots(id)),
            "notifications" => Some(Change::Notifications(id)),
            _ => None,
        }
    }
}

/// This instance's hub of changes.
pub struct Live {
    hub: broadcast::Sender<Change>,
}

impl Default for Live {
    fn default() -> Self {
        Self {
            hub: broadcast::channel(BACKLOG).0,
        }
    }
}

impl Live {
    /// The changes from now on, as this instance hears them.
    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.hub.subscribe()
    }

    /// Tells every instance's streams of a change already committed.
    pub async fn announce(&self, db: &Db, change: Change) -> Result<(), AppError> {
        match db.backend {
            Backend::Postgres => {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(change.to_payload())
                    .execute(&db.pool)
                    .await?;
            }
            Backend::Sqlite => self.deliver(change),
        }
        Ok(())
    }

    /// Hands a change to this instance's streams (no one listening is fine).
    pub fn deliver(&self, change: Change) {
        let _ = self.hub.send(change);
    }
}

/// Inside a transaction: on PostgreSQL, a notice delivered to every instance if the
/// transaction commits. On SQLite nothing: the worker finds the committed rows.
pub async fn announce_in(
    connection: &mut sqlx::AnyConnection,
    change: Change,
) -> Result<(), AppError> {
    if connection.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(change.to_payload())
            .execute(connection)
            .await?;
    }
    Ok(())
}

/// On PostgreSQL: listens for every instance's changes and hands them to `live`, until the
/// task is aborted; a lost connection is opened again. Does nothing on SQLite.
pub async fn listen(database_url: String, backend: Backend, live: std::sync::Arc<Live>) {
    if backend != Backend::Postgres {
        return;
    }
    loop {
        match sqlx::postgres::PgListener::connect(&database_url).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => loop {
                    match listener.recv().await {
                        Ok(notice) => {
                            if let Some(change) = Change::from_payload(notice.payload()) {
                                live.deliver(change);
                            }
                        }
                        Err(error) => {
                            tracing::warn!(%error, "live changes: the listening connection failed");
                            break;
                        }
                    }
                },
                Err(error) => tracing::warn!(%error, "live changes: could not listen"),
            },
            Err(error) => tracing::warn!(%error, "live changes: could not connect to listen"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_back_from_their_notice() {
        for change in [Change::Slots(UserId(7)), Change::Notifications(UserId(42))] {
            assert_eq!(Change::from_payload(&change.to_payload()), Some(change));
        }
        assert_eq!(Change::from_payload("slots:x"), None);
        assert_eq!(Change::from_payload("other:1"), None);
        assert_eq!(Change::from_payload(""), None);
    }
}
