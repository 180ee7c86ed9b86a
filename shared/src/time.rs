//! Instants and slots as the clinic's wall clock shows them: every time Salus shows is the
//! clinic's, whatever the zone of the browser or server that shows it.

use crate::schedule::Interval;
use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// A slot with its wall-clock time in the clinic's zone, so a browser shows the clinic's time
/// whatever its own zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalSlot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The clinic's local date of the start.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub date: NaiveDate,
    /// The clinic's local start time, `HH:MM` (followed by ` (UTC+02:00)` for a slot in the
    /// hour an autumn clock change repeats, whose end would otherwise read before its start).
    #[cfg_attr(feature = "openapi", schema(example = "09:30"))]
    pub time: String,
    /// The clinic's local end time, `HH:MM` (with its offset, as `time`).
    #[cfg_attr(feature = "openapi", schema(example = "10:00"))]
    pub end_time: String,
}

impl LocalSlot {
    pub fn new(slot: Interval, zone: chrono_tz::Tz) -> Self {
        let local = slot.start.with_timezone(&zone);
        let local_end = slot.end.with_timezone(&zone);
        // In the hour an autumn clock change repeats, a slot can end "before" it starts on
        // the wall clock (02:30–02:00): both times then say their offset, so they read true.
        let format = if local_end.naive_local() <= local.naive_local() {
            "%H:%M (UTC%:z)"
        } else {
            "%H:%M"
        };
        Self {
            start: slot.start,
            end: slot.end,
            date: local.date_naive(),
            time: local.format(format).to_string(),
            end_time: local_end.format(format).to_string(),
        }
    }
}

/// An instant with the clinic's wall-clock date and time, for deadlines and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LocalTime {
    pub at: DateTime<Utc>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub date: NaiveDate,
    /// `HH:MM` in the clinic's zone.
    pub time: String,
}

impl LocalTime {
    pub fn new(at: DateTime<Utc>, zone: chrono_tz::Tz) -> Self {
        let local = at.with_timezone(&zone);
        Self {
            at,
            date: local.date_naive(),
            time: local.format("%H:%M").to_string(),
        }
    }
}

/// The instant a local day begins. Midnight itself can fall in a DST gap in some zones; the
/// day then begins at the first wall-clock time that exists.
pub fn start_of_day(zone: chrono_tz::Tz, day: NaiveDate) -> DateTime<Utc> {
    (0..=24 * 4)
        .find_map(|quarter| {
            let time = day.and_hms_opt(0, 0, 0)? + Duration::minutes(quarter * 15);
            zone.from_local_datetime(&time).earliest()
        })
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc())
}

/// `UTC+01:00`: the zone's offset at an instant, for people who think in offsets.
pub fn utc_offset(zone: chrono_tz::Tz, at: DateTime<Utc>) -> String {
    format!(
        "UTC{}",
        zone.offset_from_utc_datetime(&at.naive_utc()).fix()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_slots_carry_the_clinic_wall_clock() {
        let start = DateTime::parse_from_rfc3339("2026-11-30T23:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let slot = LocalSlot::new(
            Interval::new(start, start + chrono::Duration::minutes(30)),
            chrono_tz::Africa::Tunis,
        );
        assert_eq!(slot.date.to_string(), "2026-12-01");
        assert_eq!(slot.time, "00:30");
        assert_eq!(slot.end_time, "01:00");
    }

    #[test]
    fn a_slot_in_the_repeated_autumn_hour_says_its_offsets() {
        // Paris leaves summer time on 25 October 2026 at 03:00 (01:00 UTC).
        let start = DateTime::parse_from_rfc3339("2026-10-25T00:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let slot = LocalSlot::new(
            Interval::new(start, start + chrono::Duration::minutes(30)),
            chrono_tz::Europe::Paris,
        );
        assert_eq!(slot.time, "02:30 (UTC+02:00)");
        assert_eq!(slot.end_time, "02:00 (UTC+01:00)");
        let after = LocalSlot::new(
            Interval::new(
                start + chrono::Duration::hours(2),
                start + chrono::Duration::minutes(150),
            ),
            chrono_tz::Europe::Paris,
        );
        assert_eq!(
            (after.time.as_str(), after.end_time.as_str()),
            ("03:30", "04:00")
        );
    }
}
