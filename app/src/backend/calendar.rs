//! The doctor's working calendar: for each day of a view, the slots of their hours and the
//! time taken off, in the clinic's time zone.

use super::appointments;
use super::auth::{Caller, Rule};
use super::availability::{self, DoctorSchedule};
use super::db::Db;
use super::free_slots::{start_of_day, utc_offset};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use shared::schedule::{self, parse_date, Interval};
use shared::{
    Appointment, Calendar, CalendarDay, CalendarView, Closure, LocalSlot, Role, ValidationErrors,
};

/// Reads the view and date of a calendar request; an empty date means today.
pub fn parse_request(
    view: &str,
    date: &str,
    today: NaiveDate,
) -> Result<(CalendarView, NaiveDate), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let view = errors.check("view", CalendarView::parse(view));
    let date = if date.trim().is_empty() {
        Some(today)
    } else {
        errors.check("date", parse_date(date))
    };
    match (view, date) {
        (Some(view), Some(date)) => Ok((view, date)),
        _ => Err(errors),
    }
}

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
    view: &str,
    date: &str,
    now: DateTime<Utc>,
) -> Result<Calendar, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let schedule = availability::load(db, caller.id).await?;
    let today = now.with_timezone(&schedule.zone).date_naive();
    let (view, date) = parse_request(view, date, today)?;
    let (from, to) = view.range(date);
    let span = Interval::new(
        start_of_day(schedule.zone, from),
        start_of_day(schedule.zone, to + chrono::Duration::days(1)),
    );
    let appointments = appointments::in_span(db, caller.id, span, now).await?;
    Ok(Calendar {
        view,
        date,
        from,
        to,
        time_zone: schedule.zone.name().to_owned(),
        utc_offset: utc_offset(schedule.zone, start_of_day(schedule.zone, from)),
        today,
        days: from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|d| day_of(&schedule, d, &appointments))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ValidationCode;

    #[test]
    fn a_calendar_request_defaults_to_this_week() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(
            parse_request("", "", today),
            Ok((CalendarView::Week, today))
        );
        let errors = parse_request("year", "someday", today).unwrap_err();
        assert_eq!(errors.for_field("view"), Some(&ValidationCode::NotAChoice));
        assert_eq!(errors.for_field("date"), Some(&ValidationCode::InvalidDate));
    }
}
