//! The slot engine's rules, case by case (weekly hours, exceptions, daylight saving, notice and
//! horizon, buffers). One coherent thing over 400 lines: the engine's specification.

use super::*;
use crate::schedule::availability::{BookingRules, Exception, ExceptionKind, WeeklyHours, Window};
use chrono::{NaiveDateTime, Weekday};
use proptest::prelude::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|_| panic!("a test instant: {text}"))
        .with_timezone(&Utc)
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn hhmm(text: &str) -> u16 {
    crate::schedule::availability::parse_time(text, true).unwrap()
}

fn hours(weekday: Weekday, start: &str, end: &str, slot: u16) -> WeeklyHours {
    WeeklyHours {
        weekday,
        hours: Window {
            start: hhmm(start),
            end: hhmm(end),
        },
        slot_minutes: slot,
        pause: None,
    }
}

/// Availability with no notice and a long horizon, so only the rule under test matters.
fn open(weekly: Vec<WeeklyHours>) -> Availability {
    Availability {
        weekly,
        exceptions: vec![],
        booking: BookingRules {
            min_notice_minutes: 0,
            horizon_days: 365,
            buffer_minutes: 0,
        },
        unavailable: false,
    }
}

fn starts(slots: &[Interval]) -> Vec<String> {
    slots
        .iter()
        .map(|s| s.start.format("%Y-%m-%dT%H:%MZ").to_string())
        .collect()
}

fn day_starts(availability: &Availability, zone: Tz, date: &str) -> Vec<String> {
    starts(&day_slots(availability, zone, day(date), 30))
}

// ---- Daylight saving: exact slot lists -------------------------------------------------

#[test]
fn paris_spring_gap_skips_the_missing_hour() {
    // 29 March 2026: 02:00 CET becomes 03:00 CEST.
    let week = open(vec![hours(Weekday::Sun, "01:00", "04:00", 30)]);
    assert_eq!(
        day_starts(&week, chrono_tz::Europe::Paris, "2026-03-29"),
        [
            "2026-03-29T00:00Z", // 01:00 CET
            "2026-03-29T00:30Z", // 01:30 CET
            "2026-03-29T01:00Z", // 03:00 CEST (02:00 and 02:30 do not exist)
            "2026-03-29T01:30Z", // 03:30 CEST
        ]
    );
}

#[test]
fn paris_autumn_repeated_hour_is_offered_once() {
    // 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:00-03:00 happens twice.
    let week = open(vec![hours(Weekday::Sun, "01:00", "04:00", 30)]);
    assert_eq!(
        day_starts(&week, chrono_tz::Europe::Paris, "2026-10-25"),
        [
            "2026-10-24T23:00Z", // 01:00 CEST
            "2026-10-24T23:30Z", // 01:30 CEST
            "2026-10-25T00:00Z", // 02:00 CEST, first occurrence
            "2026-10-25T00:30Z", // 02:30 CEST
            "2026-10-25T02:00Z", // 03:00 CET (the second 02:00-03:00 is not offered)
            "2026-10-25T02:30Z", // 03:30 CET
        ]
    );
}

#[test]
fn new_york_spring_gap_with_hour_long_slots() {
    // 8 March 2026: 02:00 EST becomes 03:00 EDT.
    let week = open(vec![hours(Weekday::Sun, "01:00", "04:00", 60)]);
    let slots = day_slots(&week, chrono_tz::America::New_York, day("2026-03-08"), 30);
    assert_eq!(
        starts(&slots),
        ["2026-03-08T06:00Z", "2026-03-08T07:00Z"],
        "01:00 EST and 03:00 EDT; 02:00 does not exist"
    );
    assert_eq!(slots[0].end, slots[1].start, "a slot lasts 60 real minutes");
}

#[test]
fn new_york_autumn_repeated_hour_is_offered_once() {
    // 1 November 2026: 02:00 EDT becomes 01:00 EST, so 01:00-02:00 happens twice.
    let week = open(vec![hours(Weekday::Sun, "00:00", "03:00", 30)]);
    assert_eq!(
        day_starts(&week, chrono_tz::America::New_York, "2026-11-01"),
        [
            "2026-11-01T04:00Z", // 00:00 EDT
            "2026-11-01T04:30Z", // 00:30 EDT
            "2026-11-01T05:00Z", // 01:00 EDT, first occurrence
            "2026-11-01T05:30Z", // 01:30 EDT
            "2026-11-01T07:00Z", // 02:00 EST
            "2026-11-01T07:30Z", // 02:30 EST
        ]
    );
}

#[test]
fn casablanca_ramadan_changes_are_handled_both_ways() {
    // Morocco leaves UTC+1 for UTC+0 during Ramadan: on 15 February 2026 03:00 becomes 02:00
    // (02:00-03:00 twice), and on 22 March 2026 02:00 becomes 03:00 (02:00-03:00 missing).
    let zone = chrono_tz::Africa::Casablanca;
    let week = open(vec![hours(Weekday::Sun, "01:00", "04:00", 60)]);
    assert_eq!(
        day_starts(&week, zone, "2026-02-15"),
        [
            "2026-02-15T00:00Z", // 01:00 +01
            "2026-02-15T01:00Z", // 02:00 +01, first occurrence
            "2026-02-15T03:00Z", // 03:00 +00
        ]
    );
    assert_eq!(
        day_starts(&week, zone, "2026-03-22"),
        [
            "2026-03-22T01:00Z", // 01:00 +00
            "2026-03-22T02:00Z", // 03:00 +01 (02:00 does not exist)
        ]
    );
    // An ordinary Sunday in between keeps its three slots, an hour apart in UTC too.
    assert_eq!(
        day_starts(&week, zone, "2026-03-01"),
        [
            "2026-03-01T01:00Z",
            "2026-03-01T02:00Z",
            "2026-03-01T03:00Z"
        ]
    );
}

// ---- Exceptions, breaks and booking rules -----------------------------------------------

fn tunis_week() -> Availability {
    let mut rule = hours(Weekday::Mon, "09:00", "12:00", 30);
    rule.pause = Some(Window {
        start: hhmm("10:00"),
        end: hhmm("10:30"),
    });
    open(vec![rule])
}

const TUNIS: Tz = chrono_tz::Africa::Tunis;

#[test]
fn a_break_splits_the_morning() {
    // Tunis is UTC+1 all year.
    assert_eq!(
        day_starts(&tunis_week(), TUNIS, "2026-11-30"),
        [
            "2026-11-30T08:00Z",
            "2026-11-30T08:30Z",
            "2026-11-30T09:30Z",
            "2026-11-30T10:00Z",
            "2026-11-30T10:30Z",
        ]
    );
}

#[test]
fn time_off_removes_whole_days_or_hours_and_extra_hours_add() {
    let mut week = tunis_week();
    week.exceptions = vec![
        Exception {
            kind: ExceptionKind::Holiday,
            first_day: day("2026-11-30"),
            last_day: day("2026-11-30"),
            window: None,
            slot_minutes: None,
            label: "Holiday".into(),
        },
        Exception {
            kind: ExceptionKind::TimeOff,
            first_day: day("2026-12-07"),
            last_day: day("2026-12-07"),
            window: Some(Window {
                start: hhmm("09:00"),
                end: hhmm("10:00"),
            }),
            slot_minutes: None,
            label: String::new(),
        },
        Exception {
            kind: ExceptionKind::ExtraHours,
            first_day: day("2026-12-05"),
            last_day: day("2026-12-05"),
            window: Some(Window {
                start: hhmm("14:00"),
                end: hhmm("15:00"),
            }),
            slot_minutes: Some(20),
            label: String::new(),
        },
    ];
    assert!(day_starts(&week, TUNIS, "2026-11-30").is_empty());
    assert_eq!(
        day_starts(&week, TUNIS, "2026-12-07"),
        [
            "2026-12-07T09:30Z",
            "2026-12-07T10:00Z",
            "2026-12-07T10:30Z"
        ]
    );
    assert_eq!(
        day_starts(&week, TUNIS, "2026-12-05"),
        [
            "2026-12-05T13:00Z",
            "2026-12-05T13:20Z",
            "2026-12-05T13:40Z"
        ],
        "a Saturday with extra hours on their own grid"
    );
}

#[test]
fn appointments_and_their_buffer_are_never_offered() {
    let mut week = tunis_week();
    week.booking.buffer_minutes = 10;
    let booked = [Interval::new(
        at("2026-11-30T09:30:00Z"),
        at("2026-11-30T10:00:00Z"),
    )];
    let monday = Interval::new(at("2026-11-30T00:00:00Z"), at("2026-12-01T00:00:00Z"));
    let slots = free_slots(
        &week,
        TUNIS,
        30,
        &booked,
        monday,
        at("2026-11-20T00:00:00Z"),
    );
    assert_eq!(
        starts(&slots),
        [
            "2026-11-30T08:00Z",
            "2026-11-30T08:30Z",
            "2026-11-30T10:30Z"
        ],
        "10:30 local is taken, 11:00 is inside the 10-minute buffer after it"
    );
}

#[test]
fn minimum_notice_and_horizon_bound_the_slots() {
    let mut week = tunis_week();
    week.booking.min_notice_minutes = 60;
    week.booking.horizon_days = 7;
    // Monday 30 November, 09:20 local: 10:30 local is the first slot an hour away.
    let now = at("2026-11-30T08:20:00Z");
    let far = Interval::new(now, now + Duration::days(30));
    let slots = free_slots(&week, TUNIS, 30, &[], far, now);
    assert_eq!(
        starts(&slots)[..3],
        [
            "2026-11-30T09:30Z",
            "2026-11-30T10:00Z",
            "2026-11-30T10:30Z"
        ]
    );
    assert_eq!(
        starts(&slots)[3..],
        ["2026-12-07T08:00Z"],
        "next Monday's 09:00 is within 7 days of now (09:20 today); 09:30 is not"
    );
    assert!(slots.iter().all(|s| s.start < now + Duration::days(7)));
    assert_eq!(next_free_slot(&week, TUNIS, 30, &[], now), Some(slots[0]));
}

#[test]
fn the_unavailable_switch_hides_everything() {
    let mut week = tunis_week();
    week.unavailable = true;
    let now = at("2026-11-29T00:00:00Z");
    let month = Interval::new(now, now + Duration::days(31));
    assert!(free_slots(&week, TUNIS, 30, &[], month, now).is_empty());
    assert_eq!(next_free_slot(&week, TUNIS, 30, &[], now), None);
}

#[test]
fn a_doctor_without_hours_has_no_next_slot() {
    let now = at("2026-11-29T00:00:00Z");
    assert_eq!(next_free_slot(&open(vec![]), TUNIS, 30, &[], now), None);
}

// ---- Properties ---------------------------------------------------------------------------

const ZONES: [Tz; 5] = [
    chrono_tz::Europe::Paris,
    chrono_tz::America::New_York,
    chrono_tz::Africa::Casablanca,
    chrono_tz::Africa::Tunis,
    chrono_tz::UTC,
];

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The first Monday of the property tests' calendar; with 40 days from here, spring and
/// autumn changes of all three DST zones fall inside one of the generated months.
fn base_day(month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, 1).unwrap()
}

prop_compose! {
    fn weekly_rule()(weekday in 0usize..7, start in 0u16..280, length in 1u16..100, slot in prop::sample::select(vec![10u16, 15, 20, 30, 45, 60, 90])) -> WeeklyHours {
        let start = start * 5;
        let end = (start + length * 5).min(1440);
        WeeklyHours { weekday: WEEKDAYS[weekday], hours: Window { start, end }, slot_minutes: slot, pause: None }
    }
}

prop_compose! {
    fn time_off(month: u32)(offset in 0i64..40, days in 0i64..3, start in 0u16..288, length in 1u16..96, whole in any::<bool>()) -> Exception {
        let first_day = base_day(month) + Duration::days(offset);
        let start = start * 5;
        Exception {
            kind: ExceptionKind::TimeOff,
            first_day,
            last_day: first_day + Duration::days(days),
            window: (!whole).then(|| Window { start, end: (start + length * 5).min(1440) }),
            slot_minutes: None,
            label: String::new(),
        }
    }
}

prop_compose! {
    fn scenario()(month in prop::sample::select(vec![2u32, 3, 10]))(
        month in Just(month),
        zone in 0usize..ZONES.len(),
        weekly in prop::collection::vec(weekly_rule(), 0..6),
        exceptions in prop::collection::vec(time_off(month), 0..4),
        busy in prop::collection::vec((0i64..40 * 24 * 12, 1i64..24), 0..30),
        notice in 0i64..3000,
        horizon in 1i64..40,
        buffer in 0i64..30,
        now_offset in 0i64..10 * 24 * 60,
    ) -> (Availability, Tz, Vec<Interval>, DateTime<Utc>) {
        let origin = base_day(month).and_hms_opt(0, 0, 0).unwrap().and_utc();
        let busy = busy
            .into_iter()
            .map(|(start, length)| {
                let start = origin + Duration::minutes(start * 5);
                Interval::new(start, start + Duration::minutes(length * 5))
            })
            .collect();
        // Weekly rules may not overlap on one weekday (the form refuses it).
        let mut kept: Vec<WeeklyHours> = Vec::new();
        for rule in weekly {
            if rule.hours.end > rule.hours.start
                && !kept.iter().any(|k| k.weekday == rule.weekday && k.hours.overlaps(rule.hours))
            {
                kept.push(rule);
            }
        }
        let availability = Availability {
            weekly: kept,
            exceptions,
            booking: BookingRules { min_notice_minutes: notice, horizon_days: horizon, buffer_minutes: buffer },
            unavailable: false,
        };
        (availability, ZONES[zone], busy, origin + Duration::minutes(now_offset))
    }
}

/// A slot as the clinic's clock shows it: local date, start minute, and the wall-clock end.
fn local(zone: Tz, slot: &Interval) -> (NaiveDate, NaiveDateTime, NaiveDateTime) {
    let start = slot.start.with_timezone(&zone).naive_local();
    let length = slot.end - slot.start;
    (start.date(), start, start + length)
}

fn minute_of(time: NaiveDateTime, date: NaiveDate) -> i64 {
    (time - date.and_hms_opt(0, 0, 0).unwrap()).num_minutes()
}

fn month_after(now: DateTime<Utc>) -> Interval {
    Interval::new(now - Duration::days(2), now + Duration::days(45))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn slots_are_sorted_and_never_overlap_or_repeat((availability, zone, busy, now) in scenario()) {
        let slots = free_slots(&availability, zone, 30, &busy, month_after(now), now);
        for pair in slots.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "{:?}", pair);
        }
    }

    #[test]
    fn no_slot_touches_an_appointment_or_its_buffer((availability, zone, busy, now) in scenario()) {
        let buffer = Duration::minutes(availability.booking.buffer_minutes);
        for slot in free_slots(&availability, zone, 30, &busy, month_after(now), now) {
            for appointment in &busy {
                let guarded = Interval::new(appointment.start - buffer, appointment.end + buffer);
                prop_assert!(!slot.overlaps(&guarded), "{:?} over {:?}", slot, appointment);
            }
        }
    }

    #[test]
    fn no_slot_before_the_notice_or_beyond_the_horizon((availability, zone, busy, now) in scenario()) {
        let rules = availability.booking;
        for slot in free_slots(&availability, zone, 30, &busy, month_after(now), now) {
            prop_assert!(slot.start >= now + Duration::minutes(rules.min_notice_minutes));
            prop_assert!(slot.start < now + Duration::days(rules.horizon_days));
        }
    }

    #[test]
    fn no_slot_in_time_off_and_every_slot_in_working_hours((availability, zone, busy, now) in scenario()) {
        for slot in free_slots(&availability, zone, 30, &busy, month_after(now), now) {
            let (date, start, end) = local(zone, &slot);
            let (from, to) = (minute_of(start, date), minute_of(end, date));
            for off in availability.exceptions.iter().filter(|e| e.covers(date)) {
                let w = off.window_or_whole_day();
                // The wall clock can run past a repeated hour; the slot's real length then
                // ends it earlier than `to`, so checking the wall-clock span is stricter.
                prop_assert!(to <= i64::from(w.start) || from >= i64::from(w.end),
                    "{:?} ({} {}..{}) in time off {:?}", slot, date, from, to, off);
            }
            let inside = availability.weekly.iter().any(|rule| {
                rule.weekday == date.weekday()
                    && i64::from(rule.hours.start) <= from
                    && from + i64::from(rule.slot_minutes) <= i64::from(rule.hours.end)
            });
            prop_assert!(inside, "{:?} starts outside the weekly hours", slot);
        }
    }

    #[test]
    fn changing_the_slot_length_never_offers_booked_time(
        (availability, zone, busy, now) in scenario(),
        length in prop::sample::select(vec![10u16, 15, 20, 25, 30, 40, 45, 60]),
    ) {
        let mut changed = availability.clone();
        for rule in &mut changed.weekly {
            rule.slot_minutes = length;
        }
        for slot in free_slots(&changed, zone, length, &busy, month_after(now), now) {
            prop_assert!(busy.iter().all(|b| !slot.overlaps(b)), "{:?}", slot);
            prop_assert_eq!(slot.end - slot.start, Duration::minutes(i64::from(length)));
        }
    }

    #[test]
    fn the_next_free_slot_is_the_first_free_slot((availability, zone, busy, now) in scenario()) {
        let horizon = Interval::new(now, now + Duration::days(availability.booking.horizon_days));
        let first = free_slots(&availability, zone, 30, &busy, horizon, now).first().copied();
        prop_assert_eq!(next_free_slot(&availability, zone, 30, &busy, now), first);
    }

    #[test]
    fn splitting_the_window_splits_the_slots((availability, zone, busy, now) in scenario(), cut in 0i64..45 * 24) {
        let whole = month_after(now);
        let middle = whole.start + Duration::hours(cut);
        let mut parts = free_slots(&availability, zone, 30, &busy, Interval::new(whole.start, middle), now);
        parts.extend(free_slots(&availability, zone, 30, &busy, Interval::new(middle, whole.end), now));
        prop_assert_eq!(parts, free_slots(&availability, zone, 30, &busy, whole, now));
    }
}

#[test]
fn offered_time_counts_every_slot_of_the_hours_whatever_the_booking_rules() {
    // Monday to Wednesday 09:00-12:00 in 30-minute slots, Tuesday off, and the doctor is
    // "unavailable now" with a long notice: none of that booking state changes what the
    // schedule offered, except the day off.
    let mut availability = open(vec![
        hours(Weekday::Mon, "09:00", "12:00", 30),
        hours(Weekday::Tue, "09:00", "12:00", 30),
        hours(Weekday::Wed, "09:00", "12:00", 30),
    ]);
    availability.exceptions.push(Exception {
        kind: ExceptionKind::TimeOff,
        first_day: day("2026-11-24"),
        last_day: day("2026-11-24"),
        window: None,
        slot_minutes: None,
        label: String::new(),
    });
    availability.unavailable = true;
    availability.booking.min_notice_minutes = 10_000;
    let week = Interval::new(at("2026-11-22T23:00:00Z"), at("2026-11-29T23:00:00Z"));
    let slots = offered_slots(&availability, chrono_tz::Europe::Paris, 30, week);
    assert_eq!(slots.len(), 12, "six slots on Monday and six on Wednesday");
    assert_eq!(slots[0].start, at("2026-11-23T08:00:00Z"));
    let minutes: i64 = slots.iter().map(|s| (s.end - s.start).num_minutes()).sum();
    assert_eq!(minutes, 360);
}
