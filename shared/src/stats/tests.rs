use super::*;
use chrono_tz::Europe::Paris;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The bucket of an instant.
fn bucket(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text).unwrap().timestamp() / BUCKET_SECONDS
}

fn visit(at: &str, status: AppointmentStatus, count: i64) -> AppointmentBucket {
    AppointmentBucket {
        bucket: bucket(at),
        status,
        count,
        seconds: count * 1800,
    }
}

#[test]
fn rates_are_exact_tenths_of_a_percent() {
    assert_eq!(Rate::new(1, 8).per_mille(), Some(125));
    assert_eq!(Rate::new(2, 3).per_mille(), Some(667), "66.66… rounds up");
    assert_eq!(Rate::new(1, 3).text(Language::Fr), "33,3 %");
    assert_eq!(Rate::new(0, 0).per_mille(), None);
    assert_eq!(Rate::new(0, 0).text(Language::En), "–");
    assert_eq!(Rate::new(3, 3).plain(), "100.0");
}

#[test]
fn cancellation_counts_agreed_visits_and_no_shows_count_due_visits() {
    let mut counts = StatusCounts::default();
    counts.add(AppointmentStatus::Completed, 6);
    counts.add(AppointmentStatus::NoShow, 2);
    counts.add(AppointmentStatus::Cancelled, 2);
    counts.add(AppointmentStatus::Refused, 5);
    counts.add(AppointmentStatus::Expired, 1);
    assert_eq!(counts.cancellation_rate(), Rate::new(2, 10));
    assert_eq!(counts.no_show_rate(), Rate::new(2, 8));
    assert_eq!(counts.total(), 16);
}

#[test]
fn spans_end_with_the_current_week_or_month() {
    let weeks = StatsGrain::Week.spans(day("2026-11-24"), 12);
    assert_eq!(weeks.len(), 12);
    assert_eq!(weeks[11], day("2026-11-23"), "weeks start on Monday");
    assert_eq!(weeks[0], day("2026-09-07"));
    let months = StatsGrain::Month.spans(day("2026-11-24"), 12);
    assert_eq!(
        (months[0], months[11]),
        (day("2025-12-01"), day("2026-11-01"))
    );
    assert_eq!(StatsGrain::Month.next(day("2026-12-01")), day("2027-01-01"));
}

#[test]
fn visits_are_grouped_by_the_clinics_local_week_across_the_autumn_change() {
    // Paris leaves summer time on Sunday 25 October 2026 at 03:00.
    let appointments = [
        // Monday 19 October 00:30 local (UTC+2): the week of the 19th, not of the 12th.
        visit("2026-10-18T22:30:00Z", AppointmentStatus::Completed, 1),
        // Sunday 25 October 23:30 local (UTC+1): still the week of the 19th.
        visit("2026-10-25T22:30:00Z", AppointmentStatus::NoShow, 1),
        // Monday 26 October 00:30 local: the next week.
        visit("2026-10-25T23:30:00Z", AppointmentStatus::Completed, 2),
        visit("2026-10-26T09:00:00Z", AppointmentStatus::Cancelled, 1),
    ];
    let payments = [SumBucket {
        bucket: bucket("2026-10-25T23:30:00Z"),
        first: 5000,
        second: 1500,
    }];
    let ratings = [
        SumBucket {
            bucket: bucket("2026-10-18T22:30:00Z"),
            first: 4,
            second: 1,
        },
        SumBucket {
            bucket: bucket("2026-10-25T23:30:00Z"),
            first: 9,
            second: 2,
        },
    ];
    let figures = DoctorFigures {
        appointments: &appointments,
        payments: &payments,
        ratings: &ratings,
    };
    let stats = doctor_stats(
        StatsGrain::Week,
        Paris,
        Currency::EUR,
        day("2026-11-04"),
        &figures,
    );
    let week = |from: &str| stats.rows.iter().find(|r| r.from == day(from)).unwrap();
    assert_eq!(week("2026-10-12").counts.total(), 0);
    let first = week("2026-10-19");
    assert_eq!((first.counts.completed, first.counts.no_show), (1, 1));
    assert_eq!(first.no_show, Rate::new(1, 2));
    assert_eq!(first.rating, RatingSummary::from_totals(4, 1));
    let second = week("2026-10-26");
    assert_eq!((second.counts.completed, second.counts.cancelled), (2, 1));
    assert_eq!(second.cancellation, Rate::new(1, 3));
    assert_eq!(second.net, Money::new(3500, Currency::EUR));
    assert_eq!(second.rating.unwrap().average_tenths, 45);
    assert_eq!(stats.totals.total(), 5);
    assert_eq!(stats.net.minor, 3500);
    assert_eq!(stats.rating, RatingSummary::from_totals(13, 3));
    assert_eq!(stats.rows.len(), DOCTOR_SPANS);
}

#[test]
fn visits_outside_the_spans_are_left_out() {
    let appointments = [visit(
        "2024-01-10T09:00:00Z",
        AppointmentStatus::Completed,
        3,
    )];
    let figures = DoctorFigures {
        appointments: &appointments,
        payments: &[],
        ratings: &[],
    };
    let stats = doctor_stats(
        StatsGrain::Month,
        Paris,
        Currency::EUR,
        day("2026-11-04"),
        &figures,
    );
    assert_eq!(stats.totals.total(), 0);
}

#[test]
fn busiest_hours_are_local_hours_on_both_sides_of_the_change() {
    let doctor = UserId(7);
    let rows = [
        // 09:00 in Paris in summer and in winter.
        (
            doctor,
            visit("2026-10-24T07:00:00Z", AppointmentStatus::Completed, 1),
        ),
        (
            doctor,
            visit("2026-10-26T08:00:00Z", AppointmentStatus::Confirmed, 2),
        ),
        // Requests and cancellations take no time.
        (
            doctor,
            visit("2026-10-26T10:00:00Z", AppointmentStatus::Cancelled, 4),
        ),
        (
            UserId(8),
            visit("2026-10-26T13:00:00Z", AppointmentStatus::NoShow, 1),
        ),
    ];
    let (counts, hours, booked) = clinic_counts(Paris, &rows);
    assert_eq!(hours[9], 3);
    assert_eq!(hours[14], 1);
    assert_eq!(hours.iter().sum::<i64>(), 4);
    assert_eq!(counts.cancelled, 4);
    assert_eq!(booked[&doctor], 3 * 1800);
    assert_eq!(booked[&UserId(8)], 1800);
    assert_eq!(busiest_first(&hours), vec![(9, 3), (14, 1)]);
}

#[test]
fn the_report_period_defaults_to_thirty_days_and_is_checked() {
    let today = day("2026-11-24");
    let empty = ClinicStatsQuery::default();
    assert_eq!(empty.period(today).unwrap(), (day("2026-10-26"), today));
    let set = ClinicStatsQuery {
        from: Some("2026-10-01".into()),
        to: Some("2026-10-31".into()),
    };
    assert_eq!(
        set.period(today).unwrap(),
        (day("2026-10-01"), day("2026-10-31"))
    );
    let reversed = ClinicStatsQuery {
        from: Some("2026-11-01".into()),
        to: Some("2026-10-01".into()),
    };
    assert_eq!(
        reversed.period(today).unwrap_err().for_field("to"),
        Some(&ValidationCode::EndNotAfterStart)
    );
    let long = ClinicStatsQuery {
        from: Some("2024-01-01".into()),
        to: None,
    };
    assert!(long.period(today).unwrap_err().for_field("from").is_some());
    let bad = ClinicStatsQuery {
        from: Some("yesterday".into()),
        to: None,
    };
    assert_eq!(
        bad.period(today).unwrap_err().for_field("from"),
        Some(&ValidationCode::InvalidDate)
    );
}

#[test]
fn the_csv_table_holds_the_screens_figures() {
    let mut counts = StatusCounts::default();
    counts.add(AppointmentStatus::Completed, 3);
    counts.add(AppointmentStatus::Cancelled, 1);
    let mut hours = vec![0; 24];
    hours[9] = 3;
    let stats = ClinicStats {
        from: day("2026-10-01"),
        to: day("2026-10-31"),
        time_zone: "Europe/Paris".into(),
        counts,
        cancellation: counts.cancellation_rate(),
        no_show: counts.no_show_rate(),
        doctors: vec![DoctorUtilisation {
            doctor_id: UserId(3),
            name: "Amina Ben Salah".into(),
            booked_minutes: 90,
            offered_minutes: 360,
            utilisation: Rate::new(90, 360),
        }],
        busiest_hours: hours,
    };
    let table = stats.table();
    let find = |a: &str, b: &str| {
        table
            .iter()
            .find(|r| r[0] == a && r[1] == b)
            .map(|r| r[2].clone())
            .unwrap()
    };
    assert_eq!(find("appointments", "completed"), "3");
    assert_eq!(find("appointments", "total"), "4");
    assert_eq!(find("rate_percent", "cancellation"), "25.0");
    assert_eq!(find("rate_percent", "no_show"), "0.0");
    assert_eq!(find("utilisation_percent", "Amina Ben Salah"), "25.0");
    assert_eq!(find("visits_by_hour", "09:00"), "3");
}
