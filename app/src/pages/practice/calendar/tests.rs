use super::*;
use chrono::{DateTime, Utc};

fn slot(start: &str, end: &str, time: &str, end_time: &str) -> LocalSlot {
    let at = |t: &str| DateTime::parse_from_rfc3339(t).unwrap().with_timezone(&Utc);
    LocalSlot {
        start: at(start),
        end: at(end),
        date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        time: time.into(),
        end_time: end_time.into(),
    }
}

#[test]
fn back_to_back_slots_merge_into_ranges() {
    let slots = [
        slot(
            "2026-11-24T08:00:00Z",
            "2026-11-24T08:30:00Z",
            "09:00",
            "09:30",
        ),
        slot(
            "2026-11-24T08:30:00Z",
            "2026-11-24T09:00:00Z",
            "09:30",
            "10:00",
        ),
        slot(
            "2026-11-24T13:00:00Z",
            "2026-11-24T13:30:00Z",
            "14:00",
            "14:30",
        ),
    ];
    assert_eq!(
        working_ranges(&slots),
        vec![
            ("09:00".to_owned(), "10:00".to_owned(), 2),
            ("14:00".to_owned(), "14:30".to_owned(), 1)
        ]
    );
}
