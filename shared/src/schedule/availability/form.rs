//! The availability a doctor submits (`AvailabilityForm`: raw text, so every refused field
//! can be named) and its parsing into an `Availability`. One coherent thing over 400 lines:
//! the form's four parts and the rules that parse each, read together.

use super::{Availability, BookingRules, Exception, ExceptionKind, WeeklyHours, Window};
use crate::validation::lenient_text;
use crate::validation::{trimmed_text, ValidationCode, ValidationErrors};
use chrono::{NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeeklyHoursForm {
    /// `mon`, `tue`, `wed`, `thu`, `fri`, `sat` or `sun`.
    #[cfg_attr(feature = "openapi", schema(example = "mon"))]
    pub weekday: String,
    /// `HH:MM`, local time in the clinic's zone.
    #[cfg_attr(feature = "openapi", schema(example = "09:00"))]
    pub start: String,
    /// `HH:MM`; `24:00` is midnight at the end of the day.
    #[cfg_attr(feature = "openapi", schema(example = "12:30"))]
    pub end: String,
    /// Minutes, 5 to 240.
    #[serde(deserialize_with = "lenient_text")]
    #[cfg_attr(feature = "openapi", schema(example = "30"))]
    pub slot_minutes: String,
    /// Optional break inside the hours, `HH:MM` (both or neither). Inside one rule an absent
    /// optional part means "none": the rule as a whole is what the client sends.
    #[serde(default)]
    pub break_start: String,
    #[serde(default)]
    pub break_end: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExceptionForm {
    /// `time_off`, `extra_hours` or `holiday`.
    pub kind: String,
    /// `YYYY-MM-DD`, the clinic's local date.
    pub first_day: String,
    /// `YYYY-MM-DD`; empty (or absent) means the same day as `first_day`.
    #[serde(default)]
    pub last_day: String,
    /// `HH:MM`; empty (with `end`) means the whole day. Required for extra hours.
    #[serde(default)]
    pub start: String,
    #[serde(default)]
    pub end: String,
    /// Extra hours only; empty takes the consultation length.
    #[serde(default, deserialize_with = "lenient_text")]
    pub slot_minutes: String,
    /// A note, e.g. the holiday's name (shown to the doctor and staff).
    #[serde(default)]
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingRulesForm {
    /// Hours, 0 to 720.
    #[serde(deserialize_with = "lenient_text")]
    pub min_notice_hours: String,
    /// Days, 1 to 365.
    #[serde(deserialize_with = "lenient_text")]
    pub horizon_days: String,
    /// Minutes, 0 to 120.
    #[serde(deserialize_with = "lenient_text")]
    pub buffer_minutes: String,
}

impl Default for BookingRulesForm {
    fn default() -> Self {
        BookingRules::default().into()
    }
}

/// A whole availability as the editor and `PUT /api/v1/me/availability` send it; `GET`
/// answers the same shape, so a client can edit and send back what it read. Every field is
/// required: a PUT replaces the whole schedule, so an absent field is a mistake to refuse
/// (422, named), never "empty" (which would wipe the hours). Clearing is an explicit `[]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AvailabilityForm {
    pub weekly: Vec<WeeklyHoursForm>,
    pub exceptions: Vec<ExceptionForm>,
    pub booking: BookingRulesForm,
    pub unavailable: bool,
}

pub const MAX_WEEKLY_RULES: usize = 70;
pub const MAX_EXCEPTIONS: usize = 300;
pub const MAX_EXCEPTION_DAYS: i64 = 366;
pub const SLOT_MINUTES: (i64, i64) = (5, 240);

/// `HH:MM` (or `H:MM`) to minutes since midnight; `24:00` only where an end is meant.
pub fn parse_time(raw: &str, is_end: bool) -> Result<u16, ValidationCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationCode::Required);
    }
    let (hours, minutes) = raw.split_once(':').ok_or(ValidationCode::InvalidTime)?;
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(hours) || minutes.len() != 2 || !digits(minutes) {
        return Err(ValidationCode::InvalidTime);
    }
    let (hours, minutes): (u16, u16) = (
        hours.parse().map_err(|_| ValidationCode::InvalidTime)?,
        minutes.parse().map_err(|_| ValidationCode::InvalidTime)?,
    );
    match (hours, minutes) {
        (24, 0) if is_end => Ok(24 * 60),
        (0..=23, 0..=59) => Ok(hours * 60 + minutes),
        _ => Err(ValidationCode::InvalidTime),
    }
}

/// Minutes since midnight as `HH:MM`.
pub fn time_text(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

pub fn parse_weekday(raw: &str) -> Result<Weekday, ValidationCode> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" => Err(ValidationCode::Required),
        "mon" | "monday" => Ok(Weekday::Mon),
        "tue" | "tuesday" => Ok(Weekday::Tue),
        "wed" | "wednesday" => Ok(Weekday::Wed),
        "thu" | "thursday" => Ok(Weekday::Thu),
        "fri" | "friday" => Ok(Weekday::Fri),
        "sat" | "saturday" => Ok(Weekday::Sat),
        "sun" | "sunday" => Ok(Weekday::Sun),
        _ => Err(ValidationCode::NotAChoice),
    }
}

pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

fn parse_number(raw: &str, (min, max): (i64, i64)) -> Result<i64, ValidationCode> {
    crate::account::parse_bounded(raw, min, max)
}

pub fn parse_date(raw: &str) -> Result<NaiveDate, ValidationCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationCode::Required);
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| ValidationCode::InvalidDate)
}

/// Parses `start`..`end` into a window, naming the field at fault.
fn parse_window(
    errors: &mut ValidationErrors,
    prefix: &str,
    (start_field, start): (&str, &str),
    (end_field, end): (&str, &str),
) -> Option<Window> {
    let start = errors.check(&format!("{prefix}.{start_field}"), parse_time(start, false));
    let end = errors.check(&format!("{prefix}.{end_field}"), parse_time(end, true));
    let (start, end) = (start?, end?);
    if end <= start {
        errors.add(
            &format!("{prefix}.{end_field}"),
            ValidationCode::EndNotAfterStart,
        );
        return None;
    }
    Some(Window { start, end })
}

impl WeeklyHoursForm {
    fn parse(&self, errors: &mut ValidationErrors, prefix: &str) -> Option<WeeklyHours> {
        let weekday = errors.check(&format!("{prefix}.weekday"), parse_weekday(&self.weekday));
        let hours = parse_window(errors, prefix, ("start", &self.start), ("end", &self.end));
        let slot_minutes = errors.check(
            &format!("{prefix}.slot_minutes"),
            parse_number(&self.slot_minutes, SLOT_MINUTES),
        );
        let pause = match (self.break_start.trim(), self.break_end.trim()) {
            ("", "") => Some(None),
            _ => parse_window(
                errors,
                prefix,
                ("break_start", &self.break_start),
                ("break_end", &self.break_end),
            )
            .map(Some),
        };
        let (weekday, hours, slot_minutes, pause) = (weekday?, hours?, slot_minutes?, pause?);
        let slot_minutes = slot_minutes as u16;
        if let Some(pause) = pause {
            if !hours.contains(pause) || pause == hours {
                errors.add(
                    &format!("{prefix}.break_start"),
                    ValidationCode::BreakOutsideHours,
                );
                return None;
            }
        }
        let rule = WeeklyHours {
            weekday,
            hours,
            slot_minutes,
            pause,
        };
        if rule
            .working_windows()
            .iter()
            .all(|w| w.minutes() < slot_minutes)
        {
            errors.add(
                &format!("{prefix}.slot_minutes"),
                ValidationCode::LongerThanHours,
            );
            return None;
        }
        Some(rule)
    }
}

impl ExceptionForm {
    fn parse(&self, errors: &mut ValidationErrors, prefix: &str) -> Option<Exception> {
        let kind = errors.check(&format!("{prefix}.kind"), ExceptionKind::parse(&self.kind));
        let first_day = errors.check(&format!("{prefix}.first_day"), parse_date(&self.first_day));
        let last_day = if self.last_day.trim().is_empty() {
            first_day
        } else {
            errors.check(&format!("{prefix}.last_day"), parse_date(&self.last_day))
        };
        let label = if self.label.trim().is_empty() {
            Some(String::new())
        } else {
            errors.check(&format!("{prefix}.label"), trimmed_text(&self.label, 1, 80))
        };
        let whole_day = self.start.trim().is_empty() && self.end.trim().is_empty();
        let extra = kind == Some(ExceptionKind::ExtraHours);
        let window = if whole_day && !extra {
            Some(None)
        } else {
            parse_window(errors, prefix, ("start", &self.start), ("end", &self.end)).map(Some)
        };
        let slot_minutes = if !extra || self.slot_minutes.trim().is_empty() {
            Some(None)
        } else {
            errors
                .check(
                    &format!("{prefix}.slot_minutes"),
                    parse_number(&self.slot_minutes, SLOT_MINUTES),
                )
                .map(|m| Some(m as u16))
        };
        let (kind, first_day, last_day, label, window, slot_minutes) =
            (kind?, first_day?, last_day?, label?, window?, slot_minutes?);
        if last_day < first_day {
            errors.add(
                &format!("{prefix}.last_day"),
                ValidationCode::EndNotAfterStart,
            );
            return None;
        }
        if (last_day - first_day).num_days() >= MAX_EXCEPTION_DAYS {
            errors.add(
                &format!("{prefix}.last_day"),
                ValidationCode::RangeTooLong {
                    max_days: MAX_EXCEPTION_DAYS as u32,
                },
            );
            return None;
        }
        Some(Exception {
            kind,
            first_day,
            last_day,
            window,
            slot_minutes,
            label,
        })
    }
}

impl BookingRulesForm {
    fn parse(&self, errors: &mut ValidationErrors) -> Option<BookingRules> {
        let notice = errors.check(
            "booking.min_notice_hours",
            parse_number(&self.min_notice_hours, (0, 720)),
        );
        let horizon = errors.check(
            "booking.horizon_days",
            parse_number(&self.horizon_days, (1, 365)),
        );
        let buffer = errors.check(
            "booking.buffer_minutes",
            parse_number(&self.buffer_minutes, (0, 120)),
        );
        Some(BookingRules {
            min_notice_minutes: notice? * 60,
            horizon_days: horizon?,
            buffer_minutes: buffer?,
        })
    }
}

impl From<BookingRules> for BookingRulesForm {
    fn from(rules: BookingRules) -> Self {
        Self {
            min_notice_hours: (rules.min_notice_minutes / 60).to_string(),
            horizon_days: rules.horizon_days.to_string(),
            buffer_minutes: rules.buffer_minutes.to_string(),
        }
    }
}

impl Availability {
    /// The consultation lengths the weekly hours offer, shortest first, each once: what a
    /// patient reads beside the slots ("20-minute consultation"), true to every rule.
    pub fn slot_lengths(&self) -> Vec<u16> {
        let mut lengths: Vec<u16> = self.weekly.iter().map(|rule| rule.slot_minutes).collect();
        lengths.sort_unstable();
        lengths.dedup();
        lengths
    }

    /// Parses a whole submitted availability and reports every refused field, named like
    /// `weekly[2].end` or `exceptions[0].first_day`.
    pub fn parse(form: &AvailabilityForm) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        if form.weekly.len() > MAX_WEEKLY_RULES {
            errors.add(
                "weekly",
                ValidationCode::TooMany {
                    max: MAX_WEEKLY_RULES as u32,
                },
            );
        }
        if form.exceptions.len() > MAX_EXCEPTIONS {
            errors.add(
                "exceptions",
                ValidationCode::TooMany {
                    max: MAX_EXCEPTIONS as u32,
                },
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let weekly: Vec<Option<WeeklyHours>> = form
            .weekly
            .iter()
            .enumerate()
            .map(|(i, rule)| rule.parse(&mut errors, &format!("weekly[{i}]")))
            .collect();
        check_no_overlap(&mut errors, &weekly);
        let exceptions: Vec<Option<Exception>> = form
            .exceptions
            .iter()
            .enumerate()
            .map(|(i, exception)| exception.parse(&mut errors, &format!("exceptions[{i}]")))
            .collect();
        let booking = form.booking.parse(&mut errors);
        match booking {
            Some(booking) if errors.is_empty() => Ok(Availability {
                weekly: weekly.into_iter().flatten().collect(),
                exceptions: exceptions.into_iter().flatten().collect(),
                booking,
                unavailable: form.unavailable,
            }),
            _ => Err(errors),
        }
    }

    /// The form that parses back to this availability.
    pub fn to_form(&self) -> AvailabilityForm {
        let mut weekly: Vec<&WeeklyHours> = self.weekly.iter().collect();
        weekly.sort_by_key(|rule| (rule.weekday.num_days_from_monday(), rule.hours));
        AvailabilityForm {
            weekly: weekly
                .into_iter()
                .map(|rule| WeeklyHoursForm {
                    weekday: weekday_code(rule.weekday).to_owned(),
                    start: time_text(rule.hours.start),
                    end: time_text(rule.hours.end),
                    slot_minutes: rule.slot_minutes.to_string(),
                    break_start: rule.pause.map(|p| time_text(p.start)).unwrap_or_default(),
                    break_end: rule.pause.map(|p| time_text(p.end)).unwrap_or_default(),
                })
                .collect(),
            exceptions: self
                .exceptions
                .iter()
                .map(|exception| ExceptionForm {
                    kind: exception.kind.as_str().to_owned(),
                    first_day: exception.first_day.to_string(),
                    last_day: exception.last_day.to_string(),
                    start: exception
                        .window
                        .map(|w| time_text(w.start))
                        .unwrap_or_default(),
                    end: exception
                        .window
                        .map(|w| time_text(w.end))
                        .unwrap_or_default(),
                    slot_minutes: exception
                        .slot_minutes
                        .map(|m| m.to_string())
                        .unwrap_or_default(),
                    label: exception.label.clone(),
                })
                .collect(),
            booking: self.booking.into(),
            unavailable: self.unavailable,
        }
    }
}

/// Two intervals on one weekday may not overlap: the slots would collide.
fn check_no_overlap(errors: &mut ValidationErrors, weekly: &[Option<WeeklyHours>]) {
    for (i, rule) in weekly.iter().enumerate() {
        let Some(rule) = rule else { continue };
        let clash = weekly[..i]
            .iter()
            .flatten()
            .any(|earlier| earlier.weekday == rule.weekday && earlier.hours.overlaps(rule.hours));
        if clash {
            errors.add(
                &format!("weekly[{i}].start"),
                ValidationCode::OverlapsOtherHours,
            );
        }
    }
}
