//! The slot engine: availability + busy times + now → free slots, as UTC instants.
//!
//! Rules are wall-clock times in the clinic's zone. Each local day is laid out on its own
//! (weekly hours and extra hours, minus time off), then converted to instants. Daylight
//! saving is defined, not guessed: a local start time that does not exist (the spring gap)
//! is skipped; one that exists twice (the repeated autumn hour) is offered once, at its
//! first occurrence. A slot lasts its length in real minutes.

use super::availability::{Availability, Window};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// A span of time, start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Interval {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Interval {
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self { start, end }
    }

    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Every slot of one local day, before appointments and booking rules are applied, sorted
/// and never overlapping. `default_slot` is the consultation length, used by extra hours that
/// do not give their own.
pub fn day_slots(
    availability: &Availability,
    zone: Tz,
    day: NaiveDate,
    default_slot: u16,
) -> Vec<Interval> {
    let mut windows: Vec<(Window, u16)> = availability
        .weekly
        .iter()
        .filter(|rule| rule.weekday == day.weekday())
        .flat_map(|rule| {
            rule.working_windows()
                .into_iter()
                .map(move |w| (w, rule.slot_minutes))
        })
        .collect();
    let covering = || {
        availability
            .exceptions
            .iter()
            .filter(move |e| e.covers(day))
    };
    windows.extend(covering().filter(|e| !e.kind.blocks()).map(|e| {
        (
            e.window_or_whole_day(),
            e.slot_minutes.unwrap_or(default_slot),
        )
    }));
    let blocked: Vec<Window> = covering()
        .filter(|e| e.kind.blocks())
        .map(|e| e.window_or_whole_day())
        .collect();

    let mut slots = Vec::new();
    for (window, length) in windows {
        let length = length.max(1);
        let mut minute = window.start;
        while minute + length <= window.end {
            let local = Window {
                start: minute,
                end: minute + length,
            };
            if !blocked.iter().any(|b| b.overlaps(local)) {
                if let Some(start) = instant(zone, day, minute) {
                    slots.push(Interval::new(
                        start,
                        start + Duration::minutes(i64::from(length)),
                    ));
                }
            }
            minute += length;
        }
    }
    keep_first_of_overlapping(slots)
}

/// The instant of a local wall-clock time: `None` in a spring gap, the first occurrence in a
/// repeated autumn hour.
fn instant(zone: Tz, day: NaiveDate, minute: u16) -> Option<DateTime<Utc>> {
    let time = chrono::NaiveTime::from_hms_opt(u32::from(minute / 60), u32::from(minute % 60), 0)?;
    zone.from_local_datetime(&day.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Sorts slots and drops any that overlaps an earlier one (extra hours laid over weekly hours
/// on another grid, or the two sides of a DST change).
fn keep_first_of_overlapping(mut slots: Vec<Interval>) -> Vec<Interval> {
    slots.sort();
    let mut kept: Vec<Interval> = Vec::with_capacity(slots.len());
    for slot in slots {
        if kept.last().is_none_or(|last| last.end <= slot.start) {
            kept.push(slot);
        }
    }
    kept
}

/// Busy times widened by the buffer and merged, so one binary search answers "is this slot
/// free?". The one place the buffer rule is written: patients' free slots and the desk's
/// urgent slots both ask it.
pub struct BusyTimes(Vec<Interval>);

impl BusyTimes {
    pub fn new(busy: &[Interval], buffer_minutes: i64) -> Self {
        let buffer = Duration::minutes(buffer_minutes.max(0));
        let mut widened: Vec<Interval> = busy
            .iter()
            .map(|b| Interval::new(b.start - buffer, b.end + buffer))
            .collect();
        widened.sort();
        let mut merged: Vec<Interval> = Vec::with_capacity(widened.len());
        for interval in widened {
            match merged.last_mut() {
                Some(last) if interval.start <= last.end => last.end = last.end.max(interval.end),
                _ => merged.push(interval),
            }
        }
        Self(merged)
    }

    pub fn is_free(&self, slot: &Interval) -> bool {
        // The first merged interval ending after the slot starts is the only candidate.
        let index = self.0.partition_point(|b| b.end <= slot.start);
        self.0.get(index).is_none_or(|b| !b.overlaps(slot))
    }
}

/// The bookable window of time: from now plus the minimum notice, to now plus the horizon.
fn bookable(availability: &Availability, now: DateTime<Utc>) -> Interval {
    let rules = availability.booking;
    Interval::new(
        now + Duration::minutes(rules.min_notice_minutes),
        now + Duration::days(rules.horizon_days),
    )
}

/// The local days that may hold slots starting inside `window`: a day either side, because a
/// zone's day boundary is not UTC's.
fn local_days(zone: Tz, window: Interval) -> impl Iterator<Item = NaiveDate> {
    let first = window.start.with_timezone(&zone).date_naive() - Duration::days(1);
    let last = window.end.with_timezone(&zone).date_naive() + Duration::days(1);
    first.iter_days().take_while(move |day| *day <= last)
}

/// Free slots starting in `window`, for a patient booking at `now`: inside the doctor's hours,
/// outside time off, clear of `busy` (appointments) by the buffer, after the minimum notice
/// and before the horizon. Sorted, never overlapping, never twice.
pub fn free_slots(
    availability: &Availability,
    zone: Tz,
    default_slot: u16,
    busy: &[Interval],
    window: Interval,
    now: DateTime<Utc>,
) -> Vec<Interval> {
    if availability.unavailable {
        return Vec::new();
    }
    let bookable = bookable(availability, now);
    let window = Interval::new(
        window.start.max(bookable.start),
        window.end.min(bookable.end),
    );
    if window.start >= window.end {
        return Vec::new();
    }
    let busy = BusyTimes::new(busy, availability.booking.buffer_minutes);
    let slots = local_days(zone, window)
        .flat_map(|day| day_slots(availability, zone, day, default_slot))
        .filter(|slot| window.start <= slot.start && slot.start < window.end)
        .filter(|slot| busy.is_free(slot));
    keep_first_of_overlapping(slots.collect())
}

/// Every slot the doctor's hours offer starting in `window`, booked or not, whatever the
/// booking rules (minimum notice, horizon, "unavailable now"): the time the schedule offers,
/// against which statistics measure how much was booked.
pub fn offered_slots(
    availability: &Availability,
    zone: Tz,
    default_slot: u16,
    window: Interval,
) -> Vec<Interval> {
    let slots = local_days(zone, window)
        .flat_map(|day| day_slots(availability, zone, day, default_slot))
        .filter(|slot| window.start <= slot.start && slot.start < window.end);
    keep_first_of_overlapping(slots.collect())
}

/// The soonest free slot a patient could book now, looking one day at a time so it stops at
/// the first day that has one.
pub fn next_free_slot(
    availability: &Availability,
    zone: Tz,
    default_slot: u16,
    busy: &[Interval],
    now: DateTime<Utc>,
) -> Option<Interval> {
    if availability.unavailable {
        return None;
    }
    let bookable = bookable(availability, now);
    let busy = BusyTimes::new(busy, availability.booking.buffer_minutes);
    local_days(zone, bookable).find_map(|day| {
        day_slots(availability, zone, day, default_slot)
            .into_iter()
            .find(|slot| {
                bookable.start <= slot.start && slot.start < bookable.end && busy.is_free(slot)
            })
    })
}

#[cfg(test)]
mod tests;
