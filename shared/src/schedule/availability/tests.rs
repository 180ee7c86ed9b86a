use super::form::MAX_WEEKLY_RULES;
use super::*;
use crate::validation::ValidationErrors;

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
