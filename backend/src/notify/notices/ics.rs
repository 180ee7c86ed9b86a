//! The calendar attachment of appointment emails (RFC 5545, built with `icalendar`). Every
//! version of one visit, moves included, shares one UID and counts up SEQUENCE, so a calendar
//! app updates or withdraws the entry it already has instead of adding another.

use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use shared::notification::NoticeKind;

/// What the calendar entry says.
pub struct Visit<'a> {
    /// The first appointment of the visit's chain of moves: the stable part of the UID.
    pub series: i64,
    /// How many times the visit moved.
    pub sequence: u32,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    pub summary: &'a str,
    pub location: &'a str,
    pub link: &'a str,
    /// The public host name, for a globally unique UID.
    pub host: &'a str,
}

/// The `.ics` text for one notification about `visit`.
pub fn calendar(visit: &Visit<'_>, kind: NoticeKind, now: DateTime<Utc>) -> String {
    let status = match kind {
        kind if kind.withdraws() => EventStatus::Cancelled,
        NoticeKind::Requested => EventStatus::Tentative,
        _ => EventStatus::Confirmed,
    };
    let event = Event::new()
        .uid(&format!("appointment-{}@{}", visit.series, visit.host))
        .sequence(visit.sequence)
        .timestamp(now)
        .starts(visit.starts)
        .ends(visit.ends)
        .summary(visit.summary)
        .location(visit.location)
        .url(visit.link)
        .status(status)
        .done();
    let mut calendar = Calendar::new();
    calendar.append_property(("PRODID", "-//Salus//Appointments//EN"));
    // PUBLISH: an entry to keep, not a meeting invitation to answer (iTIP's REQUEST and
    // CANCEL need an organiser and attendees who reply). A withdrawn visit is the same entry
    // with STATUS:CANCELLED and a higher SEQUENCE.
    calendar.append_property(("METHOD", "PUBLISH"));
    calendar.push(event);
    calendar.done().to_string()
}

/// The media type of the attachment, with the method calendar apps look for.
pub const CONTENT_TYPE: &str = "text/calendar; charset=utf-8; method=PUBLISH";

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn visit() -> Visit<'static> {
        Visit {
            series: 41,
            sequence: 2,
            starts: Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap(),
            ends: Utc.with_ymd_and_hms(2026, 12, 1, 8, 30, 0).unwrap(),
            summary: "Visit with Dr Karim Ben Ali",
            location: "Clinique du Lac, 12 rue du Lac, Tunis",
            link: "https://salus.example.org/appointments/43",
            host: "salus.example.org",
        }
    }

    #[test]
    fn a_confirmation_parses_back_with_its_times_and_uid() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let text = calendar(&visit(), NoticeKind::Confirmed, now);
        let parsed: Calendar = text.parse().expect("valid iCalendar");
        let event = parsed
            .components
            .iter()
            .find_map(|c| c.as_event())
            .expect("one event");
        assert_eq!(event.get_uid(), Some("appointment-41@salus.example.org"));
        assert_eq!(event.get_sequence(), Some(2));
        assert_eq!(event.get_status(), Some(EventStatus::Confirmed));
        assert_eq!(event.get_summary(), Some("Visit with Dr Karim Ben Ali"));
        assert!(text.contains("DTSTART:20261201T080000Z"), "{text}");
        assert!(text.contains("DTEND:20261201T083000Z"), "{text}");
        assert!(text.contains("METHOD:PUBLISH"), "{text}");
    }

    #[test]
    fn a_cancellation_withdraws_the_entry() {
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap();
        let text = calendar(&visit(), NoticeKind::Cancelled, now);
        assert!(text.contains("STATUS:CANCELLED"), "{text}");
        let requested = calendar(&visit(), NoticeKind::Requested, now);
        assert!(requested.contains("STATUS:TENTATIVE"), "{requested}");
    }
}
