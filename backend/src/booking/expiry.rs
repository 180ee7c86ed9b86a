//! The booking side of the background jobs: holds and requests that lapse become
//! `expired` (the worker in `server` dispatches each job kind to its domain).

use crate::appointments::{fetch_locked, record_change};
use crate::db::{begin_write, Db};
use crate::jobs::{self, Task};
use crate::scheduling::free_slots;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::reason::EndReason;
use shared::AppointmentStatus;

/// Runs an expiry job: a hold not paid, or a request not answered, by its deadline becomes
/// `expired`. A job that finds the appointment changed since does nothing.
pub async fn expire(
    db: &Db,
    id: i64,
    what: AppointmentStatus,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut tx = begin_write(db).await?;
    let row = match fetch_locked(db, &mut tx, id).await {
        Ok(row) => row,
        Err(AppError::NotFound) => return Ok(()),
        Err(other) => return Err(other),
    };
    let deadline = match what {
        AppointmentStatus::Held => row.hold_expires_at,
        _ => row.request_expires_at,
    };
    let due = row.status()? == what && deadline.is_some_and(|d| d <= now.timestamp());
    if !due {
        return Ok(());
    }
    let reason = if what == AppointmentStatus::Held {
        EndReason::HoldExpired
    } else {
        EndReason::RequestUnanswered
    };
    record_change(
        &mut tx,
        &row,
        AppointmentStatus::Expired,
        None,
        Some(reason.as_str()),
        now.timestamp(),
    )
    .await?;
    free_slots::mark_changed(&mut tx, row.doctor()).await?;
    tx.commit().await?;
    Ok(())
}

/// Queues the recurring next-free refresh unless one is already waiting.
pub async fn schedule_refresh(db: &Db, now: DateTime<Utc>) -> Result<(), AppError> {
    let now = now.timestamp();
    jobs::enqueue(
        &db.pool,
        &Task::RefreshNextFree,
        now,
        Some("refresh_next_free"),
        now,
    )
    .await
}
