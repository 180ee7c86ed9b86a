//! The appointment side of the background jobs: holds and requests that lapse become
//! `expired`, and the worker's dispatch of every job kind.

use super::{fetch_locked, record_change};
use crate::backend::db::{begin_write, now_unix, Db};
use crate::backend::free_slots;
use crate::backend::jobs::{self, Job, Task};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use shared::AppointmentStatus;

pub(crate) const EXPIRED_HOLD: &str = "The payment was not completed in time.";
pub(crate) const EXPIRED_REQUEST: &str = "The doctor did not answer in time.";

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
        EXPIRED_HOLD
    } else {
        EXPIRED_REQUEST
    };
    record_change(
        &mut tx,
        &row,
        AppointmentStatus::Expired,
        None,
        Some(reason),
        now.timestamp(),
    )
    .await?;
    tx.commit().await?;
    free_slots::refresh_next_free(db, row.doctor(), now).await
}

/// Runs one claimed job.
pub async fn run_job(
    state: &crate::backend::AppState,
    job: &Job,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let db = &state.db;
    match &job.task {
        Task::ExpireHold { appointment } => {
            // Stripe first: a card authorised at the last second keeps the booking.
            if crate::backend::payments::before_hold_expires(state, *appointment, now).await? {
                expire(db, *appointment, AppointmentStatus::Held, now).await?;
            }
            crate::backend::payments::settle(state, *appointment, now).await
        }
        Task::ExpireRequest { appointment } => {
            expire(db, *appointment, AppointmentStatus::Requested, now).await
        }
        Task::LapseProposal { appointment } => {
            crate::backend::bookings::lapse_proposal(db, *appointment, now).await
        }
        Task::RefreshNextFree => free_slots::refresh_due(db, now).await.map(|_| ()),
        Task::SettlePayment { appointment } => {
            crate::backend::payments::settle(state, *appointment, now).await
        }
        Task::InviteRating { appointment } => {
            crate::backend::feedback::invite(state, *appointment, now).await
        }
        Task::Notify { notification } => {
            crate::backend::notices::deliver(state, job, *notification, now).await
        }
        Task::Remind { appointment } => {
            crate::backend::notices::remind(db, *appointment, now).await
        }
    }
}

/// Queues the recurring next-free refresh unless one is already waiting.
pub async fn schedule_refresh(db: &Db) -> Result<(), AppError> {
    let now = now_unix();
    jobs::enqueue(
        &db.pool,
        &Task::RefreshNextFree,
        now,
        Some("refresh_next_free"),
        now,
    )
    .await
}
