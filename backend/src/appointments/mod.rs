//! Appointments: reading them (each person sees only their own, staff only their clinic's),
//! and writing their status through the one transition table (`shared::appointment`). Every
//! change is an event row: who, when, from, to and why. The services that decide a change
//! (`booking::change`, the expiries, payments' settlement) write it through `record_change`,
//! so this module calls no domain above it.

use crate::accounts::auth::{Caller, Rule};
use crate::accounts::tenancy::ClinicScope;
use crate::db::{lock, Db, Lock};
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::schedule::Interval;
use shared::validation::trimmed_text;
use shared::{
    Appointment, AppointmentDetail, AppointmentScope, Change, ClinicId, Party, Role, RuleRefusal,
    UserId,
};

mod busy;
mod described;
mod history;
pub(crate) mod proposals;
mod row;
mod writes;

pub use busy::{busy_times, busy_times_of_range};
pub use described::visit_facts;
use history::events;
pub(crate) use history::{record_change, record_event, record_move};
pub use row::allowed_changes;
pub(crate) use row::{AppointmentRow, SELECT};
pub(crate) use writes::{
    expire_lapsed_holds, insert, set_doctor, set_request_deadline, set_time, NewAppointment,
};

pub(crate) type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The SQL of "this appointment holds its time at the instant bound as `$n`": a request or a
/// confirmed visit, or a hold whose payment time has not run out. The one place the rule is
/// written for the database; bookings, busy times and free slots all use it.
pub(crate) fn holds_its_time_at(n: usize) -> String {
    format!(
        "(status IN ('requested', 'confirmed') OR (status = 'held' AND hold_expires_at > ${n}))"
    )
}

/// How a caller stands to an appointment: its patient, or staff who may act on it (the
/// doctor, the clinic's secretaries and admins, platform admins). Anyone else gets "not
/// found", so ids of other people's appointments reveal nothing.
pub(crate) fn party_of(caller: &Caller, row: &AppointmentRow) -> Result<Party, AppError> {
    match caller.role {
        Role::Patient if caller.id.0 == row.patient_id => Ok(Party::Patient),
        Role::Doctor if caller.id.0 == row.doctor_id && caller.clinic_access => Ok(Party::Clinic),
        Role::Secretary | Role::ClinicAdmin | Role::PlatformAdmin => {
            caller.scope()?.check(ClinicId(row.clinic_id))?;
            Ok(Party::Clinic)
        }
        _ => Err(AppError::NotFound),
    }
}

pub(crate) fn refusal_error(refusal: RuleRefusal) -> AppError {
    AppError::Conflict(match refusal {
        RuleRefusal::InvalidTransition => ConflictCode::InvalidTransition,
        RuleRefusal::TooLateToChange => ConflictCode::TooLateToChange,
        RuleRefusal::RequestExpired => ConflictCode::RequestExpired,
        RuleRefusal::VisitNotStarted => ConflictCode::VisitNotStarted,
        RuleRefusal::VisitOver => ConflictCode::VisitOver,
    })
}

pub(crate) async fn fetch(db: &Db, id: i64) -> Result<AppointmentRow, AppError> {
    sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The appointment row inside a write transaction, locked against concurrent changes.
pub(crate) async fn fetch_locked(
    db: &Db,
    tx: &mut Tx,
    id: i64,
) -> Result<AppointmentRow, AppError> {
    lock(db, tx, Lock::Appointment(id)).await?;
    sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)
}

/// One appointment with its history, for someone who may see it.
pub async fn detail(
    db: &Db,
    caller: &Caller,
    id: i64,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    let row = fetch(db, id).await?;
    let party = party_of(caller, &row)?;
    let zone = row.zone()?;
    // Staff see which notifications went out; a patient sees their own in the bell.
    let notices = match party {
        Party::Clinic => crate::notify::notices::log(db, id, zone).await?,
        Party::Patient => Vec::new(),
    };
    Ok(AppointmentDetail {
        appointment: row.into_appointment(party, now)?,
        events: events(db, id, zone).await?,
        notices,
    })
}

/// The caller's appointments in one scope: a patient's own, a doctor's own, the clinic's for
/// its secretaries and admins.
pub async fn list(
    db: &Db,
    caller: &Caller,
    scope: AppointmentScope,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let (owner, value, party) = match caller.role {
        Role::Patient => ("a.patient_id = $1", caller.id.0, Party::Patient),
        Role::Doctor if caller.clinic_access => ("a.doctor_id = $1", caller.id.0, Party::Clinic),
        Role::Secretary | Role::ClinicAdmin => match caller.scope()? {
            ClinicScope::Clinic(clinic) => ("a.clinic_id = $1", clinic.0, Party::Clinic),
            ClinicScope::AllClinics => return Err(AppError::Forbidden),
        },
        _ => return Err(AppError::Forbidden),
    };
    let (filter, order) = match scope {
        AppointmentScope::Upcoming => (
            "a.status IN ('held', 'requested', 'confirmed') AND a.ends_at > $2",
            "a.starts_at ASC",
        ),
        AppointmentScope::Past => (
            "(a.status IN ('completed', 'no_show') OR \
              (a.status IN ('held', 'requested', 'confirmed') AND a.ends_at <= $2))",
            "a.starts_at DESC",
        ),
        AppointmentScope::Cancelled => (
            "a.status IN ('cancelled', 'refused', 'expired') AND a.created_at <= $2",
            "a.starts_at DESC",
        ),
        AppointmentScope::Requests => (
            "a.status = 'requested' AND a.request_expires_at > $2",
            "a.starts_at ASC",
        ),
        AppointmentScope::Proposals => (
            "a.status IN ('requested', 'confirmed') AND pr.expires_at > $2",
            "pr.expires_at ASC",
        ),
        AppointmentScope::All => ("a.created_at <= $2", "a.starts_at DESC"),
    };
    let rows: Vec<AppointmentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE {owner} AND {filter} ORDER BY {order}, a.id LIMIT 500"
    ))
    .bind(value)
    .bind(now.timestamp())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| row.into_appointment(party, now))
        .collect()
}

/// A doctor's (or a clinic's) appointments overlapping a span, for the calendar.
pub async fn in_span(
    db: &Db,
    doctor: UserId,
    span: Interval,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let rows: Vec<AppointmentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE a.doctor_id = $1 AND a.starts_at < $2 AND a.ends_at > $3 \
         AND a.status NOT IN ('expired') ORDER BY a.starts_at, a.id"
    ))
    .bind(doctor.0)
    .bind(span.end.timestamp())
    .bind(span.start.timestamp())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| row.into_appointment(Party::Clinic, now))
        .collect()
}

/// A patient's appointments over a span of time, as they see them.
pub async fn of_patient_in_span(
    db: &Db,
    caller: &Caller,
    span: Interval,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let rows: Vec<AppointmentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE a.patient_id = $1 AND a.starts_at < $2 AND a.ends_at > $3 \
         AND a.status NOT IN ('expired') ORDER BY a.starts_at, a.id"
    ))
    .bind(caller.id.0)
    .bind(span.end.timestamp())
    .bind(span.start.timestamp())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| row.into_appointment(Party::Patient, now))
        .collect()
}

/// Why a change is made: required when the clinic refuses or cancels (the patient is told),
/// optional for a patient's own cancellation.
pub fn parse_reason(change: Change, party: Party, raw: &str) -> Result<Option<String>, AppError> {
    let needed = party == Party::Clinic && matches!(change, Change::Refuse | Change::Cancel);
    if raw.trim().is_empty() && !needed {
        return Ok(None);
    }
    trimmed_text(raw, 3, 500)
        .map(Some)
        .map_err(|code| AppError::field("reason", code))
}

/// The caller must be able to see the appointment's clinic as staff (for staff pages).
pub fn require_staff(caller: &Caller) -> Result<(), AppError> {
    caller.require(Rule::Role(&[
        Role::Doctor,
        Role::Secretary,
        Role::ClinicAdmin,
        Role::PlatformAdmin,
    ]))
}

#[cfg(test)]
mod tests;
