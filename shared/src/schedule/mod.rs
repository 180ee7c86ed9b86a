//! Scheduling: a doctor's availability (weekly hours, dated exceptions, booking rules) and the
//! pure engine that turns it into free slots. Nothing here reads the clock or a database:
//! `now` and the busy times are passed in, so every rule is tested at any moment (a DST
//! night, 23:59 the day before).

mod availability;
mod slots;

pub use availability::{parse_date, parse_time, parse_weekday, time_text, weekday_code};
pub use availability::{
    Availability, AvailabilityForm, BookingRules, BookingRulesForm, Exception, ExceptionForm,
    ExceptionKind, WeeklyHours, WeeklyHoursForm, Window,
};
pub use slots::{day_slots, free_slots, next_free_slot, offered_slots, BusyTimes, Interval};
