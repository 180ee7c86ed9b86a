//! The doctor's working calendar: for each day of a view, the slots of their hours and the
//! time taken off, in the clinic's time zone.

use crate::accounts::auth::{Caller, Rule};
use crate::appointments;
use crate::db::Db;
use crate::scheduling::availability::{self, DoctorSchedule};
use chrono::{DateTime, NaiveDate, Utc};
use shared::calendar::CalendarQuery;
use shared::error::AppError;
use shared::schedule::{self, Interval};
use shared::time::{start_of_day, utc_offset};
use shared::{
    Appointment, Calendar, CalendarDay, CalendarView, Closure, LocalSlot, Role, UserId,
    ValidationCode,
};

/// One day of a schedule: its slots, what is closed, and its appointments.
fn day_of(schedule: &DoctorSchedule, date: NaiveDate, appointments: &[Appointment]) -> CalendarDay {
    let availability = &schedule.availability;
    let slots = schedule::day_slots(
        availability,
        schedule.zone,
        date,
        schedule.consultation_minutes,
    );
    let closures = availability
        .exceptions
        .iter()
        .filter(|e| e.kind.blocks() && e.covers(date))
        .map(|e| Closure {
            kind: e.kind,
            label: e.label.clone(),
            start: e.window.map(|w| schedule::time_text(w.start)),
            end: e.window.map(|w| schedule::time_text(w.end)),
        })
        .collect();
    CalendarDay {
        date,
        slots: slots
            .into_iter()
            .map(|slot| LocalSlot::new(slot, schedule.zone))
            .collect(),
        closures,
        appointments: appointments
            .iter()
            .filter(|a| a.slot.date == date)
            .cloned()
            .collect(),
    }
}

/// The signed-in doctor's calendar for a day, week or month around `date`.
pub async fn doctor_calendar(
    db: &Db,
    caller: &Caller,
    query: CalendarQuery,
    now: DateTime<Utc>,
) -> Result<Calendar, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let schedule = availability::load(db, caller.id).await?;
    calendar_of(db, caller.id, &schedule, query, now).await
}

/// A doctor's calendar for their clinic's front desk (secretaries and clinic admins).
pub async fn clinic_calendar(
    db: &Db,
    caller: &Caller,
    doctor: UserId,
    query: CalendarQuery,
    now: DateTime<Utc>,
) -> Result<Calendar, AppError> {
    caller.require(Rule::Role(&[Role::Secretary, Role::ClinicAdmin]))?;
    let scope = caller.scope()?;
    let refused = || AppError::field("doctor", ValidationCode::NotAChoice);
    let schedule = match availability::load(db, doctor).await {
        Err(AppError::NotFound) => return Err(refused()),
        other => other?,
    };
    if !scope.allows(schedule.clinic) {
        return Err(refused());
    }
    calendar_of(db, doctor, &schedule, query, now).await
}

async fn calendar_of(
    db: &Db,
    doctor: UserId,
    schedule: &DoctorSchedule,
    query: CalendarQuery,
    now: DateTime<Utc>,
) -> Result<Calendar, AppError> {
    let today = now.with_timezone(&schedule.zone).date_naive();
    let (view, date) = (query.view, query.date_or(today));
    let (from, to) = view.range(date);
    let span = Interval::new(
        start_of_day(schedule.zone, from),
        start_of_day(schedule.zone, to + chrono::Duration::days(1)),
    );
    let appointments = appointments::in_span(db, doctor, span, now).await?;
    Ok(Calendar {
        view,
        date,
        from,
        to,
        time_zone: schedule.zone.name().to_owned(),
        utc_offset: utc_offset(schedule.zone, start_of_day(schedule.zone, from)),
        today,
        now,
        days: from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|d| day_of(schedule, d, &appointments))
            .collect(),
    })
}

/// The signed-in patient's month: their appointments (family members' included) on the days
/// of the month around `date` (`None`: this month), each on its clinic's local date.
pub async fn patient_calendar(
    db: &Db,
    caller: &Caller,
    date: Option<NaiveDate>,
    now: DateTime<Utc>,
) -> Result<Calendar, AppError> {
    caller.require(Rule::Role(&[Role::Patient]))?;
    // The zone of the patient's latest clinic frames "today"; each visit keeps its own.
    let zone_name: Option<String> = sqlx::query_scalar(
        "SELECT c.time_zone FROM appointments a JOIN clinics c ON c.id = a.clinic_id \
         WHERE a.patient_id = $1 ORDER BY a.starts_at DESC LIMIT 1",
    )
    .bind(caller.id.0)
    .fetch_optional(&db.pool)
    .await?;
    let zone: chrono_tz::Tz = zone_name
        .and_then(|name| name.parse().ok())
        .unwrap_or(chrono_tz::UTC);
    let today = now.with_timezone(&zone).date_naive();
    let (view, date) = (CalendarView::Month, date.unwrap_or(today));
    let (from, to) = view.range(date);
    // A day of margin each side covers every zone's offset; the local date decides.
    let span = Interval::new(
        start_of_day(chrono_tz::UTC, from - chrono::Duration::days(1)),
        start_of_day(chrono_tz::UTC, to + chrono::Duration::days(2)),
    );
    let appointments: Vec<Appointment> = appointments::of_patient_in_span(db, caller, span, now)
        .await?
        .into_iter()
        .filter(|a| a.slot.date >= from && a.slot.date <= to)
        .collect();
    Ok(Calendar {
        view,
        date,
        from,
        to,
        time_zone: zone.name().to_owned(),
        utc_offset: utc_offset(zone, start_of_day(zone, from)),
        today,
        now,
        days: from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|d| CalendarDay {
                date: d,
                slots: Vec::new(),
                closures: Vec::new(),
                appointments: appointments
                    .iter()
                    .filter(|a| a.slot.date == d)
                    .cloned()
                    .collect(),
            })
            .collect(),
    })
}
