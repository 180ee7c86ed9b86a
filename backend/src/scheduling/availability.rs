//! A doctor's availability as they edit it: weekly hours, dated exceptions and booking rules,
//! stored in their own rows (the rules on the doctor's row, through `clinics::doctor_rows`).
//! It is read back as one `DoctorSchedule` by `schedule`.

use super::free_slots;
use crate::accounts::auth::{Caller, Rule};
use crate::clinics::doctor_rows;
use crate::db::Db;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::schedule::{Availability, AvailabilityForm, Window};
use shared::{ClinicId, Role, UserId};

pub use super::schedule::{load, load_clinic, load_range, DoctorSchedule};

/// The signed-in doctor's own availability, as the editor shows it.
pub async fn own(db: &Db, caller: &Caller) -> Result<AvailabilityForm, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    Ok(load(db, caller.id).await?.availability.to_form())
}

/// Replaces the signed-in doctor's whole availability, then refreshes the next free slot
/// the directory shows.
pub async fn save(
    db: &Db,
    caller: &Caller,
    availability: &Availability,
    now: DateTime<Utc>,
) -> Result<AvailabilityForm, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let schedule = load(db, caller.id).await?;
    store(db, &schedule, availability).await?;
    free_slots::refresh_next_free(db, caller.id, now).await?;
    Ok(load(db, caller.id).await?.availability.to_form())
}

/// The one-click "unavailable now" switch: hides every slot until switched back.
pub async fn set_unavailable(
    db: &Db,
    caller: &Caller,
    unavailable: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    if !doctor_rows::set_unavailable(&db.pool, caller.id, unavailable).await? {
        return Err(AppError::NotFound);
    }
    free_slots::refresh_next_free(db, caller.id, now).await
}

/// Writes an availability in one transaction: the booking rules on the doctor's row, the
/// weekly hours and exceptions replaced whole.
pub async fn store(
    db: &Db,
    schedule: &DoctorSchedule,
    availability: &Availability,
) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    store_in(&mut tx, schedule.doctor, schedule.clinic, availability).await?;
    tx.commit().await?;
    Ok(())
}

/// `store` inside a transaction the caller commits (demo seeding writes many at once).
pub async fn store_in(
    tx: &mut sqlx::AnyConnection,
    doctor: UserId,
    clinic: ClinicId,
    availability: &Availability,
) -> Result<(), AppError> {
    let (doctor, clinic) = (doctor.0, clinic.0);
    doctor_rows::set_booking_rules(
        &mut *tx,
        UserId(doctor),
        &availability.booking,
        availability.unavailable,
    )
    .await?;
    sqlx::query("DELETE FROM weekly_hours WHERE doctor_id = $1")
        .bind(doctor)
        .execute(&mut *tx)
        .await?;
    for rule in &availability.weekly {
        sqlx::query(
            "INSERT INTO weekly_hours (doctor_id, clinic_id, weekday, start_minute, end_minute, \
             slot_minutes, break_start, break_end) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(doctor)
        .bind(clinic)
        .bind(i64::from(rule.weekday.number_from_monday()))
        .bind(i64::from(rule.hours.start))
        .bind(i64::from(rule.hours.end))
        .bind(i64::from(rule.slot_minutes))
        .bind(rule.pause.map(|p| i64::from(p.start)))
        .bind(rule.pause.map(|p| i64::from(p.end)))
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("DELETE FROM availability_exceptions WHERE doctor_id = $1")
        .bind(doctor)
        .execute(&mut *tx)
        .await?;
    for exception in &availability.exceptions {
        sqlx::query(
            "INSERT INTO availability_exceptions (doctor_id, clinic_id, kind, first_day, \
             last_day, start_minute, end_minute, slot_minutes, label) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(doctor)
        .bind(clinic)
        .bind(exception.kind.as_str())
        .bind(exception.first_day.to_string())
        .bind(exception.last_day.to_string())
        .bind(exception.window.map(|w| i64::from(w.start)))
        .bind(exception.window.map(|w| i64::from(w.end)))
        .bind(exception.slot_minutes.map(i64::from))
        .bind(&exception.label)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The signed-in doctor's upcoming active appointments that fall in their time off or
/// holidays: after adding time off, the doctor cancels them with a reason, or keeps them.
pub async fn conflicts(
    db: &Db,
    caller: &Caller,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<shared::Appointment>, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let schedule = load(db, caller.id).await?;
    let last_day = schedule
        .availability
        .exceptions
        .iter()
        .filter(|e| e.kind.blocks())
        .map(|e| e.last_day)
        .max();
    let Some(last_day) = last_day else {
        return Ok(Vec::new());
    };
    let span = shared::schedule::Interval::new(
        now,
        shared::time::start_of_day(schedule.zone, last_day + chrono::Duration::days(1)),
    );
    if span.end <= span.start {
        return Ok(Vec::new());
    }
    let upcoming = crate::appointments::in_span(db, caller.id, span, now).await?;
    Ok(upcoming
        .into_iter()
        .filter(|a| a.status.is_active() && in_time_off(&schedule.availability, &a.slot))
        .collect())
}

/// Whether a slot, read on the clinic's wall clock, overlaps time off or a holiday.
pub fn in_time_off(availability: &Availability, slot: &shared::LocalSlot) -> bool {
    let minutes = |text: &str| shared::schedule::parse_time(text, true).unwrap_or_default();
    let start = minutes(&slot.time);
    let end = match minutes(&slot.end_time) {
        0 => 24 * 60,
        end => end,
    };
    let window = Window {
        start,
        end: end.max(start + 1),
    };
    availability
        .exceptions
        .iter()
        .filter(|e| e.kind.blocks() && e.covers(slot.date))
        .any(|e| e.window_or_whole_day().overlaps(window))
}
