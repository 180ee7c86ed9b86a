//! Moving an appointment to another time. A move changes the time of the same appointment
//! (same id, same payment, same price as booked); it never ends one visit to start another.
//! Whether it lands at once or waits for the doctor is [`move_outcome`]; how long a proposal
//! waits is [`answer_deadline`]; every step is an [`EventKind`] in the appointment's history.

use crate::appointment::{AppointmentStatus, Party};
use crate::doctor::BookingMode;
use crate::time::{LocalSlot, LocalTime};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// How a move lands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveOutcome {
    /// The time changes now; the old slot frees in the same transaction.
    Moved,
    /// The new time is proposed to the doctor; the visit keeps its time until they accept.
    Proposed,
}

/// Whether a move of an appointment in `status` by `party` lands at once or is proposed.
///
/// Staff move a visit at once. A patient's move lands at once with a doctor who books
/// instantly, and for a request (the doctor has not answered yet: the request simply asks
/// for the new time). Only a *confirmed* visit with a doctor who answers requests waits for
/// the doctor: they agreed to one time, not to any time the patient picks.
pub fn move_outcome(
    party: Party,
    booking_mode: BookingMode,
    status: AppointmentStatus,
) -> MoveOutcome {
    match (party, booking_mode, status) {
        (Party::Patient, BookingMode::Approval, AppointmentStatus::Confirmed) => {
            MoveOutcome::Proposed
        }
        _ => MoveOutcome::Moved,
    }
}

/// How long Stripe keeps a card authorisation (online card payments: seven days).
pub const AUTHORISATION_DAYS: i64 = 7;
/// How long before the authorisation ends a proposal must be answered, so that an accepted
/// move still finds the money to capture.
pub const AUTHORISATION_MARGIN_HOURS: i64 = 12;

/// When the doctor's answer is due to a move made at `now` (a proposal, or a request moved
/// to a new time): the clinic's request deadline, but never after the proposed time, the
/// current time of the visit, nor the end of the card authorisation (when the money is
/// authorised and not yet taken).
pub fn answer_deadline(
    now: DateTime<Utc>,
    deadline_hours: i64,
    proposed_start: DateTime<Utc>,
    current_start: DateTime<Utc>,
    authorised_at: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let mut deadline = (now + Duration::hours(deadline_hours))
        .min(proposed_start)
        .min(current_start);
    if let Some(authorised) = authorised_at {
        deadline = deadline.min(
            authorised + Duration::days(AUTHORISATION_DAYS)
                - Duration::hours(AUTHORISATION_MARGIN_HOURS),
        );
    }
    deadline
}

/// What one line of an appointment's history records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The status changed (`from` → `to`).
    Status,
    /// The time changed (`moved_from` → `moved_to`): at once, or a proposal accepted.
    Moved,
    /// The patient proposed a new time (`moved_to`); the doctor must answer.
    MoveProposed,
    /// The doctor refused the proposed time; the visit keeps its time.
    MoveRefused,
    /// Nobody answered the proposal in time; the visit keeps its time.
    MoveLapsed,
    /// The proposal was dropped: the patient proposed another time, staff moved the visit,
    /// or the visit ended.
    MoveWithdrawn,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Status,
        EventKind::Moved,
        EventKind::MoveProposed,
        EventKind::MoveRefused,
        EventKind::MoveLapsed,
        EventKind::MoveWithdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Status => "status",
            EventKind::Moved => "moved",
            EventKind::MoveProposed => "move_proposed",
            EventKind::MoveRefused => "move_refused",
            EventKind::MoveLapsed => "move_lapsed",
            EventKind::MoveWithdrawn => "move_withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw)
    }
}

/// The times an event of a move carries, as stored (unix seconds): the `data` of an
/// `appointment_events` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MoveTimes {
    /// The time the visit had, as [start, end].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<[i64; 2]>,
    /// The time it moved to, or was proposed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<[i64; 2]>,
    /// For a proposal: when the doctor's answer is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

/// A new time the patient proposed, waiting for the doctor's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveProposal {
    /// The proposed time, in the clinic's zone.
    pub slot: LocalSlot,
    /// The doctor's answer is due by then; after it, the visit simply keeps its time.
    pub expires_at: LocalTime,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap() + Duration::hours(hours)
    }

    #[test]
    fn only_a_patient_moving_a_confirmed_visit_of_a_doctor_who_answers_requests_proposes() {
        use AppointmentStatus as S;
        for party in [Party::Patient, Party::Clinic] {
            for mode in [BookingMode::Instant, BookingMode::Approval] {
                for status in [S::Requested, S::Confirmed] {
                    let expected = if party == Party::Patient
                        && mode == BookingMode::Approval
                        && status == S::Confirmed
                    {
                        MoveOutcome::Proposed
                    } else {
                        MoveOutcome::Moved
                    };
                    assert_eq!(
                        move_outcome(party, mode, status),
                        expected,
                        "{party:?} {mode:?} {status:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_proposal_waits_for_the_clinic_deadline_when_nothing_comes_sooner() {
        assert_eq!(answer_deadline(at(0), 24, at(72), at(96), None), at(24));
    }

    #[test]
    fn a_proposal_is_answered_before_either_time_comes() {
        assert_eq!(answer_deadline(at(0), 24, at(5), at(96), None), at(5));
        assert_eq!(answer_deadline(at(0), 24, at(72), at(3), None), at(3));
    }

    #[test]
    fn a_proposal_is_answered_before_the_card_authorisation_ends() {
        // Authorised five and a half days ago: it ends in a day and a half, minus the margin.
        let authorised = at(0) - Duration::hours(132);
        let ends = authorised + Duration::days(AUTHORISATION_DAYS);
        assert_eq!(
            answer_deadline(at(0), 144, at(200), at(220), Some(authorised)),
            ends - Duration::hours(AUTHORISATION_MARGIN_HOURS)
        );
        // A fresh authorisation does not shorten the clinic's deadline.
        assert_eq!(
            answer_deadline(at(0), 24, at(72), at(96), Some(at(0))),
            at(24)
        );
    }

    #[test]
    fn event_kinds_parse_their_stored_names_only() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(EventKind::parse("rescheduled"), None);
    }

    #[test]
    fn move_times_round_trip_as_the_migration_writes_them() {
        let stored = r#"{"from":[100,200],"to":[300,400]}"#;
        let times: MoveTimes = serde_json::from_str(stored).unwrap();
        assert_eq!(times.from, Some([100, 200]));
        assert_eq!(times.to, Some([300, 400]));
        assert_eq!(serde_json::to_string(&times).unwrap(), stored);
    }
}
