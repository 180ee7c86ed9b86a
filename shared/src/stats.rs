//! Statistics of a practice and of a clinic. The database sums and counts per 15-minute UTC
//! bucket (every time zone's offset is a multiple of 15 minutes, so a bucket never straddles a
//! local day or hour); this module places the buckets into the clinic's local days, weeks,
//! months and hours, so a DST change or a zone far from UTC groups visits where the clinic
//! lives them. Rates and averages are kept as integer parts and wholes.
//!
//! One coherent thing over 400 lines: the figures of a practice and a clinic, placed into local
//! days by one set of rules.

use crate::validation::{ValidationCode, ValidationErrors};
use crate::{AppointmentStatus, Currency, Language, Money, RatingSummary, UserId};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Serialize};

/// The width of the database's time buckets.
pub const BUCKET_SECONDS: i64 = 900;
/// How many weeks or months the doctor's charts show.
pub const DOCTOR_SPANS: usize = 12;
/// The longest clinic report.
pub const MAX_REPORT_DAYS: i64 = 366;
/// The clinic report's default length, ending today.
pub const DEFAULT_REPORT_DAYS: i64 = 30;

/// Which statuses hold a doctor's time: a visit booked, done or missed.
pub fn holds_time(status: AppointmentStatus) -> bool {
    matches!(
        status,
        AppointmentStatus::Confirmed | AppointmentStatus::Completed | AppointmentStatus::NoShow
    )
}

/// A share kept as two integers, so it is exact and says what it was computed from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    pub part: i64,
    pub whole: i64,
}

impl Rate {
    pub fn new(part: i64, whole: i64) -> Self {
        Self { part, whole }
    }

    /// Tenths of a percent, rounded half up; `None` when there is nothing to divide.
    pub fn per_mille(self) -> Option<i64> {
        (self.whole > 0).then(|| (self.part * 2000 + self.whole) / (self.whole * 2))
    }

    /// "12.5 %" / "12,5 %", or "–" when there is nothing to divide.
    pub fn text(self, language: Language) -> String {
        match self.per_mille() {
            None => "–".to_owned(),
            Some(tenths) => format!("{} %", decimal(tenths, language)),
        }
    }

    /// "12.5", for a CSV file ("" when there is nothing to divide).
    pub fn plain(self) -> String {
        self.per_mille()
            .map(|tenths| decimal(tenths, Language::En))
            .unwrap_or_default()
    }
}

fn decimal(tenths: i64, language: Language) -> String {
    let separator = match language {
        Language::En => '.',
        Language::Fr => ',',
    };
    format!("{}{separator}{}", tenths / 10, tenths % 10)
}

/// Appointments per status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusCounts {
    pub held: i64,
    pub requested: i64,
    pub confirmed: i64,
    pub completed: i64,
    pub no_show: i64,
    pub cancelled: i64,
    pub refused: i64,
    pub expired: i64,
}

impl StatusCounts {
    pub fn add(&mut self, status: AppointmentStatus, count: i64) {
        let slot = match status {
            AppointmentStatus::Held => &mut self.held,
            AppointmentStatus::Requested => &mut self.requested,
            AppointmentStatus::Confirmed => &mut self.confirmed,
            AppointmentStatus::Completed => &mut self.completed,
            AppointmentStatus::NoShow => &mut self.no_show,
            AppointmentStatus::Cancelled => &mut self.cancelled,
            AppointmentStatus::Refused => &mut self.refused,
            AppointmentStatus::Expired => &mut self.expired,
        };
        *slot += count;
    }

    /// Every status with its count, in the order of an appointment's life.
    pub fn each(&self) -> [(AppointmentStatus, i64); 8] {
        [
            (AppointmentStatus::Held, self.held),
            (AppointmentStatus::Requested, self.requested),
            (AppointmentStatus::Confirmed, self.confirmed),
            (AppointmentStatus::Completed, self.completed),
            (AppointmentStatus::NoShow, self.no_show),
            (AppointmentStatus::Cancelled, self.cancelled),
            (AppointmentStatus::Refused, self.refused),
            (AppointmentStatus::Expired, self.expired),
        ]
    }

    pub fn total(&self) -> i64 {
        self.each().iter().map(|(_, n)| n).sum()
    }

    /// Cancelled among the appointments that were agreed (confirmed, done, missed or
    /// cancelled); refused requests and lapsed holds were never agreed.
    pub fn cancellation_rate(&self) -> Rate {
        Rate::new(
            self.cancelled,
            self.confirmed + self.completed + self.no_show + self.cancelled,
        )
    }

    /// Missed among the visits that took place or should have.
    pub fn no_show_rate(&self) -> Rate {
        Rate::new(self.no_show, self.completed + self.no_show)
    }
}

/// Appointments of one 15-minute bucket (unix seconds / `BUCKET_SECONDS`) and one status, as
/// the database counts them; `seconds` is their booked length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppointmentBucket {
    pub bucket: i64,
    pub status: AppointmentStatus,
    pub count: i64,
    pub seconds: i64,
}

/// Sums of one bucket: money (captured, refunded) or ratings (sum of stars, count).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SumBucket {
    pub bucket: i64,
    pub first: i64,
    pub second: i64,
}

/// The local time of a bucket's start.
fn local(bucket: i64, zone: chrono_tz::Tz) -> Option<DateTime<chrono_tz::Tz>> {
    DateTime::<Utc>::from_timestamp(bucket * BUCKET_SECONDS, 0).map(|t| t.with_timezone(&zone))
}

/// Weeks or months.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StatsGrain {
    #[default]
    Week,
    Month,
}

impl StatsGrain {
    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        match raw.trim() {
            "" | "week" => Ok(Self::Week),
            "month" => Ok(Self::Month),
            _ => Err(ValidationCode::NotAChoice),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Week => "week",
            Self::Month => "month",
        }
    }

    /// The first day of the span holding `day` (weeks start on Monday).
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => day - Duration::days(i64::from(day.weekday().num_days_from_monday())),
            Self::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of the next span.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Self::Week => start + Duration::days(7),
            Self::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start),
        }
    }

    /// The first days of the `count` spans ending with the one holding `today`, oldest first.
    pub fn spans(self, today: NaiveDate, count: usize) -> Vec<NaiveDate> {
        let mut starts = vec![self.start_of(today)];
        while starts.len() < count {
            let first = starts[0];
            let previous = match self {
                Self::Week => first - Duration::days(7),
                Self::Month => first
                    .checked_sub_months(chrono::Months::new(1))
                    .unwrap_or(first),
            };
            starts.insert(0, previous);
        }
        starts
    }
}

/// One week or month of a doctor's practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorStatsRow {
    /// The span's first local day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-23"))]
    pub from: NaiveDate,
    /// Appointments by status, by the visit's local date.
    pub counts: StatusCounts,
    pub cancellation: Rate,
    pub no_show: Rate,
    /// Payments captured minus refunds, in the clinic's currency.
    pub net: Money,
    /// The average of the ratings of this span's visits.
    pub rating: Option<RatingSummary>,
}

/// A doctor's statistics over the last `DOCTOR_SPANS` weeks or months.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorStats {
    pub grain: StatsGrain,
    pub time_zone: String,
    /// Oldest first, every span present (zeros included), so charts have a steady axis.
    pub rows: Vec<DoctorStatsRow>,
    pub totals: StatusCounts,
    pub cancellation: Rate,
    pub no_show: Rate,
    pub net: Money,
    pub rating: Option<RatingSummary>,
}

/// The inputs of a doctor's statistics, as the database sums them.
pub struct DoctorFigures<'a> {
    pub appointments: &'a [AppointmentBucket],
    /// (captured, refunded) per bucket of the visit.
    pub payments: &'a [SumBucket],
    /// (sum of stars, count) per bucket of the visit.
    pub ratings: &'a [SumBucket],
}

/// Places the buckets into spans of the clinic's local calendar.
pub fn doctor_stats(
    grain: StatsGrain,
    zone: chrono_tz::Tz,
    currency: Currency,
    today: NaiveDate,
    figures: &DoctorFigures<'_>,
) -> DoctorStats {
    let starts = grain.spans(today, DOCTOR_SPANS);
    let span_of = |bucket: i64| {
        let day = local(bucket, zone)?.date_naive();
        let start = grain.start_of(day);
        starts.iter().position(|s| *s == start)
    };
    let mut counts = vec![StatusCounts::default(); starts.len()];
    let mut money = vec![0i64; starts.len()];
    let mut stars = vec![(0i64, 0i64); starts.len()];
    for row in figures.appointments {
        if let Some(i) = span_of(row.bucket) {
            counts[i].add(row.status, row.count);
        }
    }
    for row in figures.payments {
        if let Some(i) = span_of(row.bucket) {
            money[i] += row.first - row.second;
        }
    }
    for row in figures.ratings {
        if let Some(i) = span_of(row.bucket) {
            stars[i].0 += row.first;
            stars[i].1 += row.second;
        }
    }
    let rows: Vec<DoctorStatsRow> = starts
        .iter()
        .enumerate()
        .map(|(i, from)| DoctorStatsRow {
            from: *from,
            counts: counts[i],
            cancellation: counts[i].cancellation_rate(),
            no_show: counts[i].no_show_rate(),
            net: Money::new(money[i], currency),
            rating: RatingSummary::from_totals(stars[i].0, stars[i].1),
        })
        .collect();
    let mut totals = StatusCounts::default();
    for row in &rows {
        for (status, n) in row.counts.each() {
            totals.add(status, n);
        }
    }
    let (sum, count) = stars
        .iter()
        .fold((0, 0), |(s, c), (rs, rc)| (s + rs, c + rc));
    DoctorStats {
        grain,
        time_zone: zone.name().to_owned(),
        cancellation: totals.cancellation_rate(),
        no_show: totals.no_show_rate(),
        net: Money::new(money.iter().sum(), currency),
        rating: RatingSummary::from_totals(sum, count),
        totals,
        rows,
    }
}

/// The clinic report's period, as the URL carries it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
pub struct ClinicStatsQuery {
    /// First local day (`YYYY-MM-DD`); 29 days before `to` when empty.
    #[serde(default)]
    pub from: Option<String>,
    /// Last local day, included; today when empty.
    #[serde(default)]
    pub to: Option<String>,
}

impl ClinicStatsQuery {
    /// The period's first and last local days, at most `MAX_REPORT_DAYS` long.
    pub fn period(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let date = |raw: &Option<String>| match raw.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => crate::schedule::parse_date(text).map(Some),
        };
        let to = errors
            .check("to", date(&self.to))
            .flatten()
            .unwrap_or(today);
        let from = errors
            .check("from", date(&self.from))
            .flatten()
            .unwrap_or(to - Duration::days(DEFAULT_REPORT_DAYS - 1));
        if errors.is_empty() {
            if to < from {
                errors.add("to", ValidationCode::EndNotAfterStart);
            } else if (to - from).num_days() + 1 > MAX_REPORT_DAYS {
                errors.add(
                    "from",
                    ValidationCode::OutOfRange {
                        min: 1,
                        max: MAX_REPORT_DAYS,
                    },
                );
            }
        }
        if errors.is_empty() {
            Ok((from, to))
        } else {
            Err(errors)
        }
    }
}

/// One doctor's booked time against the time their schedule offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorUtilisation {
    pub doctor_id: UserId,
    pub name: String,
    pub booked_minutes: i64,
    pub offered_minutes: i64,
    pub utilisation: Rate,
}

/// A clinic's figures over a period of local days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClinicStats {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-01"))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-30"))]
    pub to: NaiveDate,
    pub time_zone: String,
    pub counts: StatusCounts,
    pub cancellation: Rate,
    pub no_show: Rate,
    pub doctors: Vec<DoctorUtilisation>,
    /// Visits (confirmed, completed or missed) starting in each local hour, 0 to 23.
    pub busiest_hours: Vec<i64>,
}

/// The hours of the day with most visits first, ties by hour; only hours with visits.
pub fn busiest_first(hours: &[i64]) -> Vec<(u32, i64)> {
    let mut ranked: Vec<(u32, i64)> = hours
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > 0)
        .map(|(hour, n)| (hour as u32, *n))
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// Counts by status and by local hour of the appointments of a clinic's period. Returns the
/// counts, the visits per local hour, and the booked seconds per doctor.
pub fn clinic_counts(
    zone: chrono_tz::Tz,
    rows: &[(UserId, AppointmentBucket)],
) -> (
    StatusCounts,
    Vec<i64>,
    std::collections::BTreeMap<UserId, i64>,
) {
    let mut counts = StatusCounts::default();
    let mut hours = vec![0i64; 24];
    let mut booked = std::collections::BTreeMap::new();
    for (doctor, row) in rows {
        counts.add(row.status, row.count);
        if holds_time(row.status) {
            if let Some(start) = local(row.bucket, zone) {
                hours[start.hour() as usize] += row.count;
            }
            *booked.entry(*doctor).or_insert(0) += row.seconds;
        }
    }
    (counts, hours, booked)
}

impl ClinicStats {
    /// The report as rows of (section, item, value): the same figures as the screen, for a
    /// CSV file.
    pub fn table(&self) -> Vec<[String; 3]> {
        let row = |a: &str, b: &str, c: String| [a.to_owned(), b.to_owned(), c];
        let mut rows = vec![
            row("period", "from", self.from.to_string()),
            row("period", "to", self.to.to_string()),
            row("period", "time_zone", self.time_zone.clone()),
        ];
        for (status, n) in self.counts.each() {
            rows.push(row("appointments", status.as_str(), n.to_string()));
        }
        rows.push(row(
            "appointments",
            "total",
            self.counts.total().to_string(),
        ));
        rows.push(row(
            "rate_percent",
            "cancellation",
            self.cancellation.plain(),
        ));
        rows.push(row("rate_percent", "no_show", self.no_show.plain()));
        for doctor in &self.doctors {
            rows.push(row(
                "booked_minutes",
                &doctor.name,
                doctor.booked_minutes.to_string(),
            ));
            rows.push(row(
                "offered_minutes",
                &doctor.name,
                doctor.offered_minutes.to_string(),
            ));
            rows.push(row(
                "utilisation_percent",
                &doctor.name,
                doctor.utilisation.plain(),
            ));
        }
        for (hour, n) in self.busiest_hours.iter().enumerate() {
            rows.push(row(
                "visits_by_hour",
                &format!("{hour:02}:00"),
                n.to_string(),
            ));
        }
        rows
    }
}

#[cfg(test)]
mod tests;
