//! The slot engine's speed: a month of free slots for a busy doctor (300 appointments), and
//! the next free slot of a doctor whose first free day is weeks away. Run with
//! `cargo bench -p shared` (never part of the test command).

use chrono::{DateTime, Duration, NaiveDate, Utc, Weekday};
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use shared::schedule::{
    free_slots, next_free_slot, Availability, BookingRules, Exception, ExceptionKind, Interval,
    WeeklyHours, Window,
};

fn busy_week() -> Availability {
    let days = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
    ];
    let weekly = days
        .iter()
        .flat_map(|&weekday| {
            [
                WeeklyHours {
                    weekday,
                    hours: Window {
                        start: 8 * 60,
                        end: 12 * 60,
                    },
                    slot_minutes: 15,
                    pause: None,
                },
                WeeklyHours {
                    weekday,
                    hours: Window {
                        start: 13 * 60,
                        end: 19 * 60,
                    },
                    slot_minutes: 15,
                    pause: Some(Window {
                        start: 16 * 60,
                        end: 16 * 60 + 30,
                    }),
                },
            ]
        })
        .collect();
    Availability {
        weekly,
        exceptions: vec![Exception {
            kind: ExceptionKind::TimeOff,
            first_day: NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
            last_day: NaiveDate::from_ymd_opt(2026, 12, 26).unwrap(),
            window: None,
            slot_minutes: None,
            label: "Holidays".into(),
        }],
        booking: BookingRules {
            min_notice_minutes: 120,
            horizon_days: 90,
            buffer_minutes: 5,
        },
        unavailable: false,
    }
}

/// 300 appointments of 15 minutes spread over the month, in working hours.
fn appointments(from: DateTime<Utc>) -> Vec<Interval> {
    (0..300)
        .map(|n| {
            let day = n / 10;
            let start =
                from + Duration::days(day) + Duration::hours(8) + Duration::minutes((n % 10) * 30);
            Interval::new(start, start + Duration::minutes(15))
        })
        .collect()
}

fn month_of_slots(c: &mut Criterion) {
    let zone = chrono_tz::Europe::Paris;
    let now = DateTime::parse_from_rfc3339("2026-11-30T07:00:00Z")
        .unwrap()
        .with_timezone(&Utc);
    let availability = busy_week();
    let busy = appointments(now);
    let month = Interval::new(now, now + Duration::days(31));
    let count = free_slots(&availability, zone, 15, &busy, month, now).len();
    assert!(count > 500, "a realistic month: {count} free slots");
    c.bench_function("free_slots: one month, 300 appointments", |b| {
        b.iter(|| {
            free_slots(
                black_box(&availability),
                zone,
                15,
                black_box(&busy),
                month,
                now,
            )
        })
    });
    let mut away = availability.clone();
    away.exceptions[0].first_day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    away.exceptions[0].last_day = NaiveDate::from_ymd_opt(2027, 1, 20).unwrap();
    c.bench_function("next_free_slot: first free day 52 days away", |b| {
        b.iter(|| next_free_slot(black_box(&away), zone, 15, black_box(&busy), now))
    });
}

criterion_group!(benches, month_of_slots);
criterion_main!(benches);
