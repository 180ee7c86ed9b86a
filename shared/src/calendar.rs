//! The working calendar of a doctor (and of the clinic's front desk): a day, a week or a
//! month of hours, time off and appointments, in the clinic's time zone.

use crate::appointment::AppointmentStatus;
use crate::appointment_detail::Appointment;
use crate::schedule::ExceptionKind;
use crate::time::LocalSlot;
use crate::validation::ValidationCode;
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CalendarView {
    Day,
    #[default]
    Week,
    Month,
}

impl CalendarView {
    pub const ALL: [CalendarView; 3] = [CalendarView::Day, CalendarView::Week, CalendarView::Month];

    pub fn as_str(self) -> &'static str {
        match self {
            CalendarView::Day => "day",
            CalendarView::Week => "week",
            CalendarView::Month => "month",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        match raw.trim() {
            "" => Ok(CalendarView::default()),
            "day" => Ok(CalendarView::Day),
            "week" => Ok(CalendarView::Week),
            "month" => Ok(CalendarView::Month),
            _ => Err(ValidationCode::NotAChoice),
        }
    }

    /// The days this view shows around `date`, both inclusive: the day; the week from Monday;
    /// the month from its first to its last day.
    pub fn range(self, date: NaiveDate) -> (NaiveDate, NaiveDate) {
        match self {
            CalendarView::Day => (date, date),
            CalendarView::Week => {
                let monday =
                    date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
                (monday, monday + Duration::days(6))
            }
            CalendarView::Month => {
                let first = date.with_day(1).unwrap_or(date);
                let last = first
                    .checked_add_months(Months::new(1))
                    .map(|next| next - Duration::days(1))
                    .unwrap_or(first);
                (first, last)
            }
        }
    }

    /// The date the "previous" and "next" buttons lead to.
    pub fn step(self, date: NaiveDate, forward: bool) -> NaiveDate {
        let moved = match self {
            CalendarView::Day => Some(date + Duration::days(if forward { 1 } else { -1 })),
            CalendarView::Week => Some(date + Duration::days(if forward { 7 } else { -7 })),
            CalendarView::Month => {
                let first = date.with_day(1).unwrap_or(date);
                if forward {
                    first.checked_add_months(Months::new(1))
                } else {
                    first.checked_sub_months(Months::new(1))
                }
            }
        };
        moved.unwrap_or(date)
    }
}

/// Time taken out of a day: time off or a holiday, over the whole day or some hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closure {
    pub kind: ExceptionKind,
    pub label: String,
    /// `HH:MM`, or `None` for the whole day.
    pub start: Option<String>,
    pub end: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarDay {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub date: NaiveDate,
    /// The slots of the doctor's hours that day (booked or not).
    pub slots: Vec<LocalSlot>,
    pub closures: Vec<Closure>,
    /// Appointments that day (expired holds left out), by start.
    pub appointments: Vec<Appointment>,
}

impl CalendarDay {
    /// The visits of the day: appointments that take place, took place or were missed
    /// (not those cancelled, refused or expired), by start.
    pub fn visits(&self) -> impl Iterator<Item = &Appointment> {
        self.appointments.iter().filter(|a| holds_its_slot(a))
    }

    /// The slots still ahead at `now` that no visit holds: past time is never offered, and
    /// a slot with a visit (even one that took place) shows the visit, not "free".
    pub fn free_slots(&self, now: DateTime<Utc>) -> impl Iterator<Item = &LocalSlot> {
        self.slots.iter().filter(move |slot| {
            slot.start > now
                && !self
                    .visits()
                    .any(|a| a.slot.start < slot.end && slot.start < a.slot.end)
        })
    }
}

/// Whether an appointment keeps its slot on the calendar: it is active, or it happened (or
/// was missed) there.
fn holds_its_slot(appointment: &Appointment) -> bool {
    appointment.status.is_active()
        || matches!(
            appointment.status,
            AppointmentStatus::Completed | AppointmentStatus::NoShow
        )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Calendar {
    pub view: CalendarView,
    /// The day the view was asked for.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub date: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub to: NaiveDate,
    /// The clinic's IANA zone, in which every date and time here is written.
    pub time_zone: String,
    pub utc_offset: String,
    /// Today in the clinic's zone.
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub today: NaiveDate,
    /// The instant the calendar was read: slots that have begun by then are not offered.
    pub now: DateTime<Utc>,
    pub days: Vec<CalendarDay>,
}

/// A calendar request, parsed at the edge: the view, and the date it is around (`None`:
/// today in the calendar's own time zone, which only the backend knows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarQuery {
    pub view: CalendarView,
    pub date: Option<NaiveDate>,
}

impl CalendarQuery {
    /// Both parts parsed; an empty view is a week, an empty date today.
    pub fn parse(view: &str, date: &str) -> Result<Self, crate::ValidationErrors> {
        let mut errors = crate::ValidationErrors::default();
        let view = errors.check("view", CalendarView::parse(view));
        let date = if date.trim().is_empty() {
            Some(None)
        } else {
            errors.check("date", crate::schedule::parse_date(date).map(Some))
        };
        match (view, date) {
            (Some(view), Some(date)) if errors.is_empty() => Ok(Self { view, date }),
            _ => Err(errors),
        }
    }

    /// The date the view is around, `today` when none was asked for.
    pub fn date_or(self, today: NaiveDate) -> NaiveDate {
        self.date.unwrap_or(today)
    }
}

/// The doctor whose calendar the desk asks for, by id (whether they are of the desk's
/// clinic is the backend's question).
pub fn parse_doctor(raw: &str) -> Result<crate::UserId, crate::ValidationErrors> {
    crate::UserId::parse_choice(raw).map_err(|code| crate::FieldError::new("doctor", code).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn each_view_covers_its_days() {
        let thursday = day("2026-11-26");
        assert_eq!(CalendarView::Day.range(thursday), (thursday, thursday));
        assert_eq!(
            CalendarView::Week.range(thursday),
            (day("2026-11-23"), day("2026-11-29"))
        );
        assert_eq!(
            CalendarView::Month.range(thursday),
            (day("2026-11-01"), day("2026-11-30"))
        );
        assert_eq!(
            CalendarView::Month.range(day("2028-02-10")),
            (day("2028-02-01"), day("2028-02-29")),
            "a leap February"
        );
        assert_eq!(
            CalendarView::Week.range(day("2026-11-23")).0,
            day("2026-11-23"),
            "a Monday starts its own week"
        );
    }

    #[test]
    fn stepping_moves_by_the_view() {
        let date = day("2026-01-31");
        assert_eq!(CalendarView::Day.step(date, true), day("2026-02-01"));
        assert_eq!(CalendarView::Week.step(date, false), day("2026-01-24"));
        assert_eq!(CalendarView::Month.step(date, true), day("2026-02-01"));
        assert_eq!(CalendarView::Month.step(date, false), day("2025-12-01"));
    }

    /// A slot of 2026-11-24 at `hour`:00 UTC, half an hour long.
    fn slot(hour: u32) -> LocalSlot {
        let start = day("2026-11-24").and_hms_opt(hour, 0, 0).unwrap().and_utc();
        LocalSlot::new(
            crate::schedule::Interval::new(start, start + Duration::minutes(30)),
            chrono_tz::UTC,
        )
    }

    fn visit_at(hour: u32, status: AppointmentStatus) -> Appointment {
        let slot = slot(hour);
        let at = crate::time::LocalTime::new(slot.start, chrono_tz::UTC);
        Appointment {
            id: i64::from(hour),
            clinic_id: crate::ClinicId(1),
            clinic_name: "Clinique du Lac".into(),
            phone: String::new(),
            doctor_id: crate::UserId(2),
            doctor_name: "Karim Ben Ali".into(),
            specialty: crate::Specialty {
                id: 1,
                slug: "cardiology".into(),
                name_en: "Cardiology".into(),
                name_fr: "Cardiologie".into(),
            },
            patient_id: crate::UserId(3),
            patient_name: "Amina Mansour".into(),
            slot,
            time_zone: "UTC".into(),
            status,
            reason: "Check-up".into(),
            status_reason: None,
            price: None,
            payment_mode: crate::PaymentMode::AtVisit,
            booking_mode: crate::BookingMode::Instant,
            hold_expires_at: None,
            request_expires_at: None,
            created_at: at.at,
            rescheduled_from: None,
            proposal: None,
            policy: crate::CancellationPolicy {
                notice_hours: 24,
                late_refund_percent: 0,
            },
            patient_deadline: at,
            refund_percent_now: None,
            allowed: crate::AllowedChanges::default(),
            rated: false,
            may_rate: false,
            visit_for: None,
            urgent: false,
        }
    }

    #[test]
    fn past_time_and_held_slots_are_never_free() {
        let now = day("2026-11-24").and_hms_opt(9, 15, 0).unwrap().and_utc();
        let day = CalendarDay {
            date: day("2026-11-24"),
            slots: (8..13).map(slot).collect(),
            closures: Vec::new(),
            appointments: vec![
                visit_at(10, AppointmentStatus::Completed),
                visit_at(11, AppointmentStatus::Cancelled),
                visit_at(12, AppointmentStatus::Confirmed),
            ],
        };
        let free: Vec<u32> = day
            .free_slots(now)
            .map(|s| s.start.format("%H").to_string().parse().unwrap())
            .collect();
        // 08:00 and 09:00 have begun; 10:00 took place; 11:00 was cancelled (free again);
        // 12:00 is booked.
        assert_eq!(free, [11]);
        let visits: Vec<AppointmentStatus> = day.visits().map(|a| a.status).collect();
        assert_eq!(
            visits,
            [AppointmentStatus::Completed, AppointmentStatus::Confirmed]
        );
    }

    #[test]
    fn views_parse_with_week_as_default() {
        assert_eq!(CalendarView::parse(""), Ok(CalendarView::Week));
        assert_eq!(CalendarView::parse("month"), Ok(CalendarView::Month));
        assert_eq!(CalendarView::parse("year"), Err(ValidationCode::NotAChoice));
    }

    #[test]
    fn a_calendar_request_defaults_to_this_week_and_names_what_it_refuses() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let query = CalendarQuery::parse("", "").unwrap();
        assert_eq!(
            (query.view, query.date_or(today)),
            (CalendarView::Week, today)
        );
        let query = CalendarQuery::parse("month", "2026-12-24").unwrap();
        assert_eq!(query.date_or(today).to_string(), "2026-12-24");
        let errors = CalendarQuery::parse("year", "someday").unwrap_err();
        assert_eq!(errors.for_field("view"), Some(&ValidationCode::NotAChoice));
        assert_eq!(errors.for_field("date"), Some(&ValidationCode::InvalidDate));
        assert_eq!(
            parse_doctor("dr").unwrap_err().for_field("doctor"),
            Some(&ValidationCode::NotAChoice)
        );
        assert_eq!(parse_doctor(" 12 "), Ok(crate::UserId(12)));
    }
}
