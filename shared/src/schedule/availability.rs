//! What a doctor says about their time: weekly hours, dated exceptions and booking rules, as
//! submitted (`AvailabilityForm`, raw text so every refused field can be named) and as parsed
//! (`Availability`, which cannot hold a bad value).

use crate::validation::ValidationCode;
use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// Minutes since local midnight, as wall-clock time in the clinic's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Window {
    pub start: u16,
    /// Exclusive; 1440 is midnight at the end of the day ("24:00").
    pub end: u16,
}

impl Window {
    pub const WHOLE_DAY: Window = Window {
        start: 0,
        end: 24 * 60,
    };

    pub fn overlaps(self, other: Window) -> bool {
        self.start < other.end && other.start < self.end
    }

    pub fn contains(self, other: Window) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    pub fn minutes(self) -> u16 {
        self.end - self.start
    }
}

/// Hours on one weekday: one interval, its slot length and an optional break inside it.
/// Several intervals on one day are several rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyHours {
    pub weekday: Weekday,
    pub hours: Window,
    pub slot_minutes: u16,
    pub pause: Option<Window>,
}

impl WeeklyHours {
    /// The bookable parts of the interval: around the break, if there is one.
    pub fn working_windows(&self) -> Vec<Window> {
        match self.pause {
            None => vec![self.hours],
            Some(pause) => [
                Window {
                    start: self.hours.start,
                    end: pause.start,
                },
                Window {
                    start: pause.end,
                    end: self.hours.end,
                },
            ]
            .into_iter()
            .filter(|w| w.end > w.start)
            .collect(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ExceptionKind {
    /// No slots: leave, a conference, a half day off.
    TimeOff,
    /// Hours on a date beyond the weekly ones.
    ExtraHours,
    /// A public holiday: no slots, named for patients.
    Holiday,
}

impl ExceptionKind {
    pub const ALL: [ExceptionKind; 3] = [
        ExceptionKind::TimeOff,
        ExceptionKind::ExtraHours,
        ExceptionKind::Holiday,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExceptionKind::TimeOff => "time_off",
            ExceptionKind::ExtraHours => "extra_hours",
            ExceptionKind::Holiday => "holiday",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        match raw.trim() {
            "" => Err(ValidationCode::Required),
            text => Self::ALL
                .into_iter()
                .find(|kind| kind.as_str() == text)
                .ok_or(ValidationCode::NotAChoice),
        }
    }

    /// Whether the exception removes time (rather than adding it).
    pub fn blocks(self) -> bool {
        !matches!(self, ExceptionKind::ExtraHours)
    }
}

/// A dated change to the weekly hours, over one day or a range of days (both inclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub kind: ExceptionKind,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// The same hours on each day of the range; `None` means the whole day (time off and
    /// holidays only: extra hours always say when).
    pub window: Option<Window>,
    /// Extra hours only; `None` takes the doctor's consultation length.
    pub slot_minutes: Option<u16>,
    pub label: String,
}

impl Exception {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.first_day <= day && day <= self.last_day
    }

    pub fn window_or_whole_day(&self) -> Window {
        self.window.unwrap_or(Window::WHOLE_DAY)
    }
}

/// When patients may book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingRules {
    /// No slot starts sooner than this after now.
    pub min_notice_minutes: i64,
    /// No slot starts later than this many days after now.
    pub horizon_days: i64,
    /// Free time kept before and after every appointment.
    pub buffer_minutes: i64,
}

impl Default for BookingRules {
    fn default() -> Self {
        Self {
            min_notice_minutes: 2 * 60,
            horizon_days: 60,
            buffer_minutes: 0,
        }
    }
}

/// A doctor's whole availability.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Availability {
    pub weekly: Vec<WeeklyHours>,
    pub exceptions: Vec<Exception>,
    pub booking: BookingRules,
    /// The one-click "unavailable now" switch: no slot at all while on.
    pub unavailable: bool,
}

mod form;

pub use form::{
    parse_date, parse_time, parse_weekday, time_text, weekday_code, AvailabilityForm,
    BookingRulesForm, ExceptionForm, WeeklyHoursForm,
};

#[cfg(test)]
mod tests;
