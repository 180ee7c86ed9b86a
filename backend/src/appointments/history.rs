//! An appointment's history: every change of status or time is an event row (who, when,
//! from, to and why), written in the transaction of the change, with the notices it causes.

use super::{proposals, refusal_error, AppointmentRow, Tx};
use crate::db::{instant, Db};
use crate::jobs::{self, Task};
use shared::error::AppError;
use shared::moves::{EventKind, MoveTimes};
use shared::schedule::Interval;
use shared::{
    AppointmentEvent, AppointmentStatus, ClinicId, LocalSlot, LocalTime, PaymentMode, RuleRefusal,
    UserId,
};

/// One line of an appointment's history, as stored.
#[derive(sqlx::FromRow)]
struct EventRow {
    created_at: i64,
    first_name: Option<String>,
    last_name: Option<String>,
    kind: String,
    from_status: Option<String>,
    to_status: Option<String>,
    data: Option<String>,
    reason: Option<String>,
}

pub(super) async fn events(
    db: &Db,
    id: i64,
    zone: chrono_tz::Tz,
) -> Result<Vec<AppointmentEvent>, AppError> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.created_at, u.first_name, u.last_name, e.kind, e.from_status, e.to_status, \
             e.data, e.reason FROM appointment_events e LEFT JOIN users u ON u.id = e.actor_id \
             WHERE e.appointment_id = $1 ORDER BY e.created_at, e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let status = |raw: Option<&str>| {
        raw.map(AppointmentStatus::parse)
            .transpose()
            .map_err(|_| AppError::Internal)
    };
    let slot = |times: Option<[i64; 2]>| -> Result<Option<LocalSlot>, AppError> {
        times
            .map(|[start, end]| {
                Ok(LocalSlot::new(
                    Interval::new(instant(start)?, instant(end)?),
                    zone,
                ))
            })
            .transpose()
    };
    rows.into_iter()
        .map(|row| {
            let times: MoveTimes = match row.data.as_deref() {
                Some(data) => serde_json::from_str(data).map_err(|_| AppError::Internal)?,
                None => MoveTimes::default(),
            };
            Ok(AppointmentEvent {
                at: LocalTime::new(instant(row.created_at)?, zone),
                actor_name: row.first_name.map(|first| {
                    format!("{first} {}", row.last_name.unwrap_or_default())
                        .trim()
                        .to_owned()
                }),
                kind: EventKind::parse(&row.kind).ok_or(AppError::Internal)?,
                from: status(row.from_status.as_deref())?,
                to: status(row.to_status.as_deref())?,
                moved_from: slot(times.from)?,
                moved_to: slot(times.to)?,
                reason: row.reason,
            })
        })
        .collect()
}

/// Writes a status change and its event inside `tx`. The update names the old status, so a
/// change that lost a race to another changes nothing and is refused.
pub(crate) async fn record_change(
    tx: &mut Tx,
    row: &AppointmentRow,
    to: AppointmentStatus,
    actor: Option<UserId>,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let from = row.status()?;
    if !AppointmentStatus::may_become(Some(from), to) {
        return Err(refusal_error(RuleRefusal::InvalidTransition));
    }
    // An ending is recorded with who made it and when, for its money (`payment::decide`).
    let (ended_by, inside_window) = if to.is_final() {
        let inside = row
            .policy()
            .inside_window(instant(row.starts_at)?, instant(now)?);
        (Some(row.ender(actor).as_str()), i64::from(inside))
    } else {
        (None, 0)
    };
    let changed = sqlx::query(
        "UPDATE appointments SET status = $1, status_reason = COALESCE($2, status_reason), \
         updated_at = $3, ended_by = $6, ended_inside_window = $7 WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .bind(row.id)
    .bind(from.as_str())
    .bind(ended_by)
    .bind(inside_window)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(refusal_error(RuleRefusal::InvalidTransition));
    }
    if !to.is_active() {
        // A visit that will not take place has no other time to move to.
        if let Some(proposal) = proposals::take(tx, row.id).await? {
            record_move(
                tx,
                row,
                EventKind::MoveWithdrawn,
                actor,
                proposal.times(),
                None,
                now,
            )
            .await?;
        }
    }
    if row.payment_mode == PaymentMode::Online.as_str() {
        // Stripe follows the status: capture, release or refund (see `payments::settle`).
        jobs::enqueue(
            &mut **tx,
            &Task::SettlePayment {
                appointment: row.id,
            },
            now,
            None,
            now,
        )
        .await?;
    }
    if to == AppointmentStatus::Completed {
        // The patient is invited to rate the visit, once it is written.
        jobs::enqueue(
            &mut **tx,
            &Task::InviteRating {
                appointment: row.id,
            },
            now,
            None,
            now,
        )
        .await?;
    }
    record_event(
        tx,
        row.id,
        ClinicId(row.clinic_id),
        actor,
        Some(from),
        to,
        reason,
        now,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_event(
    tx: &mut Tx,
    appointment: i64,
    clinic: ClinicId,
    actor: Option<UserId>,
    from: Option<AppointmentStatus>,
    to: AppointmentStatus,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    crate::notify::notices::on_change(tx, appointment, from, to, actor, reason, now).await?;
    sqlx::query(
        "INSERT INTO appointment_events (appointment_id, clinic_id, actor_id, from_status, \
         to_status, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(appointment)
    .bind(clinic.0)
    .bind(actor.map(|a| a.0))
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes one step of a move (`kind` is not `Status`) and tells whom it concerns, inside
/// `tx`.
pub(crate) async fn record_move(
    tx: &mut Tx,
    row: &AppointmentRow,
    kind: EventKind,
    actor: Option<UserId>,
    times: MoveTimes,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    crate::notify::notices::on_move(tx, row.id, kind, actor, now).await?;
    let data = serde_json::to_string(&times).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO appointment_events (appointment_id, clinic_id, actor_id, kind, data, \
         reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(row.id)
    .bind(row.clinic_id)
    .bind(actor.map(|a| a.0))
    .bind(kind.as_str())
    .bind(data)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
