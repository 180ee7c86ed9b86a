//! The new times patients propose for confirmed visits (`appointment_proposals`): the only
//! code that writes that table. A proposal holds its slot like a booking (the overlap checks
//! count it, a unique index guards it) until the doctor answers or its deadline passes; the
//! rules of a move are in `booking::moves` and `shared::moves`.

use super::{AppointmentRow, Tx};
use crate::db::instant;
use crate::jobs::Task;
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::moves::MoveTimes;
use shared::schedule::Interval;
use shared::UserId;

/// A proposal as stored.
#[derive(sqlx::FromRow, Debug, Clone, Copy)]
pub(crate) struct Proposal {
    pub starts_at: i64,
    pub ends_at: i64,
    pub expires_at: i64,
}

impl Proposal {
    pub fn slot(&self) -> Result<Interval, AppError> {
        Ok(Interval::new(
            instant(self.starts_at)?,
            instant(self.ends_at)?,
        ))
    }

    /// The proposed time, for the history.
    pub fn times(&self) -> MoveTimes {
        MoveTimes {
            from: None,
            to: Some([self.starts_at, self.ends_at]),
            expires_at: Some(self.expires_at),
        }
    }
}

/// Stores a proposal of `slot` for `row`, answered by `expires_at`. The caller holds the
/// doctor's lock and has checked the slot is free; the unique index answers "slot taken" to
/// a proposal that slipped past.
pub(crate) async fn insert(
    tx: &mut Tx,
    row: &AppointmentRow,
    slot: Interval,
    expires_at: DateTime<Utc>,
    by: UserId,
    now: i64,
) -> Result<Proposal, AppError> {
    sqlx::query(
        "INSERT INTO appointment_proposals (appointment_id, clinic_id, doctor_id, starts_at, \
         ends_at, expires_at, proposed_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(row.id)
    .bind(row.clinic_id)
    .bind(row.doctor_id)
    .bind(slot.start.timestamp())
    .bind(slot.end.timestamp())
    .bind(expires_at.timestamp())
    .bind(by.0)
    .bind(now)
    .execute(&mut **tx)
    .await
    .map_err(AppError::conflict_on_unique(ConflictCode::SlotTaken))?;
    let lapse = Task::LapseProposal {
        appointment: row.id,
    };
    super::writes::queue_expiry(tx, &lapse, expires_at, now).await?;
    Ok(Proposal {
        starts_at: slot.start.timestamp(),
        ends_at: slot.end.timestamp(),
        expires_at: expires_at.timestamp(),
    })
}

/// Removes and returns the proposal of `appointment`, if there is one.
pub(crate) async fn take(tx: &mut Tx, appointment: i64) -> Result<Option<Proposal>, AppError> {
    Ok(sqlx::query_as(
        "DELETE FROM appointment_proposals WHERE appointment_id = $1 \
         RETURNING starts_at, ends_at, expires_at",
    )
    .bind(appointment)
    .fetch_optional(&mut **tx)
    .await?)
}
