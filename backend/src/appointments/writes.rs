//! The appointment domain's writes that other domains ask for: a new appointment, lapsed
//! holds, a new time, a new doctor, a request's deadline. With `record_change` (the status),
//! these are the only code that writes the `appointments` table.

use super::{record_event, Tx};
use crate::jobs::{self, Task};
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::reason::EndReason;
use shared::schedule::Interval;
use shared::{AppointmentStatus, ClinicId, Currency, PaymentMode, UserId};

/// An appointment about to be stored.
pub(crate) struct NewAppointment {
    pub doctor: UserId,
    pub clinic: ClinicId,
    pub patient: UserId,
    pub slot: Interval,
    pub status: AppointmentStatus,
    pub reason: String,
    pub price_minor: Option<i64>,
    pub currency: Currency,
    pub payment_mode: PaymentMode,
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub request_expires_at: Option<DateTime<Utc>>,
    pub created_by: UserId,
    /// The patient's family member the visit is for.
    pub dependant: Option<i64>,
    /// Booked by the desk inside the notice or beyond the horizon.
    pub urgent: bool,
}

/// Stores a new appointment inside `tx` (its event and jobs are the caller's) and answers its
/// id. The partial unique index over a doctor's active starts is the last guard against a
/// double booking: breaking it is `SlotTaken`.
pub(crate) async fn insert(tx: &mut Tx, new: &NewAppointment, now: i64) -> Result<i64, AppError> {
    let id = sqlx::query_scalar(
        "INSERT INTO appointments (clinic_id, doctor_id, patient_id, starts_at, ends_at, status, \
         reason, price_minor, currency, payment_mode, hold_expires_at, request_expires_at, \
         created_by, created_at, updated_at, dependant_id, urgent) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16) \
         RETURNING id",
    )
    .bind(new.clinic.0)
    .bind(new.doctor.0)
    .bind(new.patient.0)
    .bind(new.slot.start.timestamp())
    .bind(new.slot.end.timestamp())
    .bind(new.status.as_str())
    .bind(&new.reason)
    .bind(new.price_minor)
    .bind(new.currency.code())
    .bind(new.payment_mode.as_str())
    .bind(new.hold_expires_at.map(|t| t.timestamp()))
    .bind(new.request_expires_at.map(|t| t.timestamp()))
    .bind(new.created_by.0)
    .bind(now)
    .bind(new.dependant)
    .bind(i64::from(new.urgent))
    .fetch_one(&mut **tx)
    .await
    .map_err(AppError::conflict_on_unique(ConflictCode::SlotTaken))?;
    let deadlines = [
        (new.hold_expires_at, Task::ExpireHold { appointment: id }),
        (
            new.request_expires_at,
            Task::ExpireRequest { appointment: id },
        ),
    ];
    for (deadline, expiry) in deadlines {
        if let Some(deadline) = deadline {
            queue_expiry(tx, &expiry, deadline, now).await?;
        }
    }
    Ok(id)
}

/// Marks the lapsed holds of a doctor or a patient `expired`, so they never block a slot.
pub(crate) async fn expire_lapsed_holds(
    tx: &mut Tx,
    doctor: UserId,
    patient: UserId,
    now: i64,
) -> Result<(), AppError> {
    let lapsed: Vec<(i64, i64)> = sqlx::query_as(
        "UPDATE appointments SET status = 'expired', status_reason = $1, updated_at = $2, \
         ended_by = 'salus' WHERE status = 'held' AND hold_expires_at <= $2 AND (doctor_id = $3 OR patient_id = $4) \
         RETURNING id, clinic_id",
    )
    .bind(EndReason::HoldExpired.as_str())
    .bind(now)
    .bind(doctor.0)
    .bind(patient.0)
    .fetch_all(&mut **tx)
    .await?;
    for (id, clinic) in lapsed {
        record_event(
            tx,
            id,
            ClinicId(clinic),
            None,
            Some(AppointmentStatus::Held),
            AppointmentStatus::Expired,
            Some(EndReason::HoldExpired.as_str()),
            now,
        )
        .await?;
    }
    Ok(())
}

/// Moves appointment `id` to `slot`; a request moved by its patient waits for the doctor
/// until `answer_by` (and expires then). The unique index over active starts refuses a slot
/// taken meanwhile.
pub(crate) async fn set_time(
    tx: &mut Tx,
    id: i64,
    slot: Interval,
    answer_by: Option<DateTime<Utc>>,
    now: i64,
) -> Result<(), AppError> {
    let change = sqlx::query(
        "UPDATE appointments SET starts_at = $1, ends_at = $2, \
         request_expires_at = COALESCE($3, request_expires_at), updated_at = $4 WHERE id = $5",
    )
    .bind(slot.start.timestamp())
    .bind(slot.end.timestamp())
    .bind(answer_by.map(|t| t.timestamp()))
    .bind(now)
    .bind(id);
    claim(tx, change).await?;
    match answer_by {
        Some(deadline) => {
            let expiry = Task::ExpireRequest { appointment: id };
            queue_expiry(tx, &expiry, deadline, now).await
        }
        None => Ok(()),
    }
}

/// Runs a change that gives an appointment a doctor's time: the unique index over active
/// starts refuses it when another appointment took that time meanwhile.
async fn claim<'q>(
    tx: &mut Tx,
    change: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> Result<(), AppError> {
    change
        .execute(&mut **tx)
        .await
        .map_err(AppError::conflict_on_unique(ConflictCode::SlotTaken))?;
    Ok(())
}

/// Gives appointment `id` to doctor `to`, at that doctor's price.
pub(crate) async fn set_doctor(
    tx: &mut Tx,
    id: i64,
    to: UserId,
    price_minor: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let change = sqlx::query(
        "UPDATE appointments SET doctor_id = $1, price_minor = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(to.0)
    .bind(price_minor)
    .bind(now)
    .bind(id);
    claim(tx, change).await
}

/// Sets the time by which the doctor must answer request `id`, and queues its expiry then.
pub(crate) async fn set_request_deadline(
    tx: &mut Tx,
    id: i64,
    deadline: DateTime<Utc>,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE appointments SET request_expires_at = $1 WHERE id = $2")
        .bind(deadline.timestamp())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    queue_expiry(tx, &Task::ExpireRequest { appointment: id }, deadline, now).await
}

/// Queues the job that ends a hold, a request or a proposal at its deadline, if still pending
/// then. Every write here that sets a deadline calls it, so no deadline is without its job.
pub(super) async fn queue_expiry(
    tx: &mut Tx,
    task: &Task,
    deadline: DateTime<Utc>,
    now: i64,
) -> Result<(), AppError> {
    jobs::enqueue(&mut **tx, task, deadline.timestamp(), None, now).await
}
