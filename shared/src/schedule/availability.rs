//! What a doctor says about their time: weekly hours, dated exceptions and booking rules, as
//! submitted (`AvailabilityForm`, raw text so every refused field can be named) and as parsed
//! (`Availability`, which cannot hold a bad value).

use crate::forms::lenient_text;
use crate::validation::{trimmed_text, ValidationCode, ValidationErrors};
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

// ---- The submitted form -----------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(weekday: &str, start: &str, end: &str) -> WeeklyHoursForm {
        WeeklyHoursForm {
            weekday: weekday.into(),
            start: start.into(),
            end: end.into(),
            slot_minutes: "30".into(),
            ..Default::default()
        }
    }

    fn form(weekly: Vec<WeeklyHoursForm>, exceptions: Vec<ExceptionForm>) -> AvailabilityForm {
        AvailabilityForm {
            weekly,
            exceptions,
            ..Default::default()
        }
    }

    fn field_codes(errors: &ValidationErrors) -> Vec<(String, ValidationCode)> {
        errors
            .errors
            .iter()
            .map(|e| (e.field.clone(), e.code.clone()))
            .collect()
    }

    #[test]
    fn the_lengths_offered_are_each_rules_own() {
        let mut short = rule("tuesday", "14:00", "16:00");
        short.slot_minutes = "20".into();
        let availability = Availability::parse(&form(
            vec![
                rule("monday", "09:00", "12:00"),
                short,
                rule("wednesday", "09:00", "12:00"),
            ],
            vec![],
        ))
        .unwrap();
        assert_eq!(availability.slot_lengths(), [20, 30]);
    }

    #[test]
    fn times_are_wall_clock_minutes() {
        assert_eq!(parse_time("09:00", false), Ok(540));
        assert_eq!(parse_time("9:05", false), Ok(545));
        assert_eq!(parse_time("24:00", true), Ok(1440));
        assert_eq!(parse_time("24:00", false), Err(ValidationCode::InvalidTime));
        assert_eq!(parse_time("12:60", false), Err(ValidationCode::InvalidTime));
        assert_eq!(parse_time("noon", false), Err(ValidationCode::InvalidTime));
        assert_eq!(parse_time("1:2", false), Err(ValidationCode::InvalidTime));
        assert_eq!(parse_time("", false), Err(ValidationCode::Required));
        assert_eq!(time_text(545), "09:05");
    }

    #[test]
    fn a_valid_week_parses_and_round_trips_through_its_form() {
        let mut morning = rule("mon", "09:00", "13:00");
        morning.break_start = "11:00".into();
        morning.break_end = "11:15".into();
        let submitted = form(
            vec![rule("tue", "14:00", "18:00"), morning],
            vec![ExceptionForm {
                kind: "time_off".into(),
                first_day: "2026-12-24".into(),
                last_day: "2026-12-26".into(),
                label: "Christmas".into(),
                ..Default::default()
            }],
        );
        let parsed = Availability::parse(&submitted).unwrap();
        assert_eq!(parsed.weekly.len(), 2);
        assert_eq!(
            parsed.weekly[1].working_windows(),
            vec![
                Window {
                    start: 540,
                    end: 660
                },
                Window {
                    start: 675,
                    end: 780
                }
            ]
        );
        assert_eq!(parsed.exceptions[0].window, None, "a whole-day time off");
        let again = Availability::parse(&parsed.to_form()).unwrap();
        assert_eq!(again.exceptions, parsed.exceptions);
        assert_eq!(again.booking, parsed.booking);
        assert_eq!(
            again.to_form().weekly[0].weekday,
            "mon",
            "sorted by weekday"
        );
    }

    #[test]
    fn every_refused_field_is_named_by_its_row() {
        let submitted = form(
            vec![
                rule("mon", "09:00", "12:00"),
                rule("mon", "11:00", "13:00"),
                rule("fun", "18:00", "17:00"),
            ],
            vec![ExceptionForm {
                kind: "extra_hours".into(),
                first_day: "2026-02-30".into(),
                ..Default::default()
            }],
        );
        let errors = Availability::parse(&submitted).unwrap_err();
        let codes = field_codes(&errors);
        assert!(codes.contains(&("weekly[1].start".into(), ValidationCode::OverlapsOtherHours)));
        assert!(codes.contains(&("weekly[2].weekday".into(), ValidationCode::NotAChoice)));
        assert!(codes.contains(&("weekly[2].end".into(), ValidationCode::EndNotAfterStart)));
        assert!(codes.contains(&(
            "exceptions[0].first_day".into(),
            ValidationCode::InvalidDate
        )));
        assert!(
            codes.contains(&("exceptions[0].start".into(), ValidationCode::Required)),
            "extra hours must say when"
        );
    }

    #[test]
    fn a_break_must_sit_inside_the_hours_and_leave_room_for_a_slot() {
        let mut outside = rule("mon", "09:00", "12:00");
        outside.break_start = "12:00".into();
        outside.break_end = "13:00".into();
        let errors = Availability::parse(&form(vec![outside], vec![])).unwrap_err();
        assert_eq!(
            errors.for_field("weekly[0].break_start"),
            Some(&ValidationCode::BreakOutsideHours)
        );
        let mut short = rule("mon", "09:00", "09:20");
        short.slot_minutes = "30".into();
        let errors = Availability::parse(&form(vec![short], vec![])).unwrap_err();
        assert_eq!(
            errors.for_field("weekly[0].slot_minutes"),
            Some(&ValidationCode::LongerThanHours)
        );
    }

    #[test]
    fn booking_rules_and_ranges_are_bounded() {
        let mut submitted = form(
            vec![],
            vec![ExceptionForm {
                kind: "holiday".into(),
                first_day: "2026-01-10".into(),
                last_day: "2026-01-01".into(),
                ..Default::default()
            }],
        );
        submitted.booking.horizon_days = "0".into();
        submitted.booking.buffer_minutes = "lots".into();
        let errors = Availability::parse(&submitted).unwrap_err();
        assert_eq!(
            errors.for_field("exceptions[0].last_day"),
            Some(&ValidationCode::EndNotAfterStart)
        );
        assert_eq!(
            errors.for_field("booking.horizon_days"),
            Some(&ValidationCode::OutOfRange { min: 1, max: 365 })
        );
        assert_eq!(
            errors.for_field("booking.buffer_minutes"),
            Some(&ValidationCode::NotANumber)
        );
        let too_long = form(
            vec![],
            vec![ExceptionForm {
                kind: "time_off".into(),
                first_day: "2026-01-01".into(),
                last_day: "2027-06-01".into(),
                ..Default::default()
            }],
        );
        assert_eq!(
            Availability::parse(&too_long)
                .unwrap_err()
                .for_field("exceptions[0].last_day"),
            Some(&ValidationCode::RangeTooLong { max_days: 366 })
        );
        let crowded = form(
            vec![rule("mon", "09:00", "10:00"); MAX_WEEKLY_RULES + 1],
            vec![],
        );
        assert_eq!(
            Availability::parse(&crowded)
                .unwrap_err()
                .for_field("weekly"),
            Some(&ValidationCode::TooMany { max: 70 })
        );
    }

    #[test]
    fn numbers_may_be_sent_as_json_numbers_or_text() {
        let json = serde_json::json!({
            "weekly": [{"weekday": "fri", "start": "08:00", "end": "10:00", "slot_minutes": 20}],
            "exceptions": [],
            "booking": {"min_notice_hours": 0, "horizon_days": "30", "buffer_minutes": 5},
            "unavailable": false
        });
        let submitted: AvailabilityForm = serde_json::from_value(json).unwrap();
        let parsed = Availability::parse(&submitted).unwrap();
        assert_eq!(parsed.weekly[0].slot_minutes, 20);
        assert_eq!(parsed.booking.buffer_minutes, 5);
        assert_eq!(parsed.booking.min_notice_minutes, 0);
    }

    #[test]
    fn a_body_missing_a_part_of_the_schedule_is_refused_not_emptied() {
        for json in [
            serde_json::json!({}),
            serde_json::json!([]),
            serde_json::json!({"weekly": [], "exceptions": [], "booking": BookingRulesForm::default()}),
        ] {
            assert!(
                serde_json::from_value::<AvailabilityForm>(json.clone()).is_err(),
                "{json}"
            );
        }
    }
}
