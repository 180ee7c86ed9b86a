//! Notifications: what happened to an appointment, told to the people it concerns, in the app
//! (the bell) and by email. Which change tells whom is a rule of its own, [`recipients`], so
//! it is tested apart from the database.

use crate::appointment::AppointmentStatus;
use crate::doctor::LocalTime;
use crate::validation::ValidationCode;
use serde::{Deserialize, Serialize};

/// What a notification says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A patient asked for a visit; the doctor must answer.
    Requested,
    Confirmed,
    Refused,
    /// A request was not answered in time.
    Expired,
    Cancelled,
    /// The visit moved to another time.
    Rescheduled,
    /// The visit is soon (the clinic's reminder delay before it).
    Reminder,
    /// The card's authorisation ended before the visit was confirmed: the request (or the
    /// visit awaiting its capture) is closed, nothing was taken.
    PaymentLapsed,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 8] = [
        NoticeKind::Requested,
        NoticeKind::Confirmed,
        NoticeKind::Refused,
        NoticeKind::Expired,
        NoticeKind::Cancelled,
        NoticeKind::Rescheduled,
        NoticeKind::Reminder,
        NoticeKind::PaymentLapsed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Requested => "requested",
            NoticeKind::Confirmed => "confirmed",
            NoticeKind::Refused => "refused",
            NoticeKind::Expired => "expired",
            NoticeKind::Cancelled => "cancelled",
            NoticeKind::Rescheduled => "rescheduled",
            NoticeKind::Reminder => "reminder",
            NoticeKind::PaymentLapsed => "payment_lapsed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw)
            .ok_or(ValidationCode::NotAChoice)
    }

    /// Whether the visit no longer takes place: its calendar entry is withdrawn.
    pub fn withdraws(self) -> bool {
        matches!(
            self,
            NoticeKind::Refused
                | NoticeKind::Expired
                | NoticeKind::Cancelled
                | NoticeKind::PaymentLapsed
        )
    }
}

/// Who is on the other end of a change, for [`recipients`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Salus itself (an expiry, a payment confirmed by Stripe).
    System,
    Patient,
    Doctor,
    /// A secretary or an admin, acting for the clinic.
    Clinic,
}

/// Who is told: the patient, the doctor, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recipients {
    pub patient: bool,
    pub doctor: bool,
}

/// A status change, as the notification rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub from: Option<AppointmentStatus>,
    pub to: AppointmentStatus,
    /// The new appointment replaces a moved one.
    pub rescheduled: bool,
    /// The cancellation is the old half of a move (the new half tells).
    pub moved_away: bool,
    /// Salus ended it because the card's authorisation ended (both sides must know why).
    pub payment_lapsed: bool,
}

/// What a change tells, and to whom. The patient is always told, even of their own action:
/// the email is their record and carries the calendar file. The doctor is told of what
/// others did (not of their own answers, nor of an unanswered request). Steps that change
/// nothing for either (a slot held while paying, a visit marked done) tell nobody.
pub fn recipients(change: StatusChange, actor: Actor) -> Option<(NoticeKind, Recipients)> {
    use AppointmentStatus as S;
    let kind = match (change.from, change.to) {
        (_, S::Requested | S::Confirmed) if change.rescheduled => NoticeKind::Rescheduled,
        (_, S::Cancelled) if change.moved_away => return None,
        (Some(S::Requested | S::Confirmed), S::Expired | S::Cancelled) if change.payment_lapsed => {
            NoticeKind::PaymentLapsed
        }
        (None, S::Requested) => NoticeKind::Requested,
        // A new confirmed visit, a request accepted, or a hold paid.
        (None | Some(S::Requested) | Some(S::Held), S::Confirmed) => NoticeKind::Confirmed,
        (Some(S::Requested), S::Refused) => NoticeKind::Refused,
        (Some(S::Requested), S::Expired) => NoticeKind::Expired,
        (Some(S::Requested | S::Confirmed), S::Cancelled) => NoticeKind::Cancelled,
        _ => return None,
    };
    let to = Recipients {
        patient: true,
        doctor: actor != Actor::Doctor && kind != NoticeKind::Expired,
    };
    Some((kind, to))
}

/// The reminder delay a clinic may choose, in hours before the visit.
pub const REMINDER_HOURS: std::ops::RangeInclusive<i64> = 1..=168;

/// Reads a clinic's reminder delay (whole hours, one hour to one week).
pub fn parse_reminder_hours(raw: &str) -> Result<i64, ValidationCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationCode::Required);
    }
    let hours: i64 = raw.parse().map_err(|_| ValidationCode::NotANumber)?;
    if REMINDER_HOURS.contains(&hours) {
        Ok(hours)
    } else {
        Err(ValidationCode::OutOfRange {
            min: *REMINDER_HOURS.start(),
            max: *REMINDER_HOURS.end(),
        })
    }
}

/// One notification in a person's list (the bell).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Notification {
    pub id: i64,
    pub kind: NoticeKind,
    pub appointment_id: i64,
    /// The other side of the visit: the doctor for a patient, the patient for staff.
    pub about: String,
    /// When the visit is, in the clinic's time zone.
    pub starts: LocalTime,
    /// When the notification was made, in the clinic's time zone.
    pub created: LocalTime,
    pub read: bool,
}

/// A person's latest notifications and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub unread: i64,
    pub items: Vec<Notification>,
}

/// Which notifications to mark read: the ones named, or all of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(default)]
    pub ids: Vec<i64>,
    #[serde(default)]
    pub all: bool,
}

/// How an email went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryState {
    /// Not sent yet, or being tried again after a failure.
    Pending,
    Sent,
    /// Every attempt failed; nobody will try again.
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        match raw {
            "pending" => Ok(DeliveryState::Pending),
            "sent" => Ok(DeliveryState::Sent),
            "failed" => Ok(DeliveryState::Failed),
            _ => Err(ValidationCode::NotAChoice),
        }
    }
}

/// One notification of an appointment as its staff see it: to whom, and how the email went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NoticeLog {
    pub kind: NoticeKind,
    pub recipient_name: String,
    pub created: LocalTime,
    pub email: DeliveryState,
    pub attempts: i64,
    /// When the email went out.
    pub sent: Option<LocalTime>,
    /// The last failure, while retrying or for good.
    pub last_error: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentStatus as S;

    fn change(from: Option<S>, to: S) -> StatusChange {
        StatusChange {
            from,
            to,
            rescheduled: false,
            moved_away: false,
            payment_lapsed: false,
        }
    }

    fn both() -> Recipients {
        Recipients {
            patient: true,
            doctor: true,
        }
    }

    const PATIENT_ONLY: Recipients = Recipients {
        patient: true,
        doctor: false,
    };

    #[test]
    fn a_request_tells_the_doctor_and_the_patient() {
        assert_eq!(
            recipients(change(None, S::Requested), Actor::Patient),
            Some((NoticeKind::Requested, both()))
        );
        assert_eq!(
            recipients(change(None, S::Requested), Actor::Clinic),
            Some((NoticeKind::Requested, both()))
        );
    }

    #[test]
    fn the_doctor_is_not_told_of_their_own_answers() {
        assert_eq!(
            recipients(change(Some(S::Requested), S::Confirmed), Actor::Doctor),
            Some((NoticeKind::Confirmed, PATIENT_ONLY))
        );
        assert_eq!(
            recipients(change(Some(S::Requested), S::Refused), Actor::Doctor),
            Some((NoticeKind::Refused, PATIENT_ONLY))
        );
        assert_eq!(
            recipients(change(Some(S::Confirmed), S::Cancelled), Actor::Patient),
            Some((NoticeKind::Cancelled, both()))
        );
        assert_eq!(
            recipients(change(Some(S::Confirmed), S::Cancelled), Actor::Clinic),
            Some((NoticeKind::Cancelled, both()))
        );
    }

    #[test]
    fn a_paid_hold_and_a_direct_booking_are_confirmations() {
        assert_eq!(
            recipients(change(Some(S::Held), S::Confirmed), Actor::System),
            Some((NoticeKind::Confirmed, both()))
        );
        assert_eq!(
            recipients(change(None, S::Confirmed), Actor::Doctor),
            Some((NoticeKind::Confirmed, PATIENT_ONLY))
        );
    }

    #[test]
    fn an_unanswered_request_tells_the_patient_only() {
        assert_eq!(
            recipients(change(Some(S::Requested), S::Expired), Actor::System),
            Some((NoticeKind::Expired, PATIENT_ONLY))
        );
    }

    #[test]
    fn a_lapsed_card_authorisation_tells_both_sides_why() {
        for (from, to) in [(S::Requested, S::Expired), (S::Confirmed, S::Cancelled)] {
            let lapsed = StatusChange {
                payment_lapsed: true,
                ..change(Some(from), to)
            };
            assert_eq!(
                recipients(lapsed, Actor::System),
                Some((NoticeKind::PaymentLapsed, both())),
                "{from:?} to {to:?}"
            );
        }
        assert!(NoticeKind::PaymentLapsed.withdraws());
    }

    #[test]
    fn a_move_is_told_once_as_rescheduled() {
        let old_half = StatusChange {
            moved_away: true,
            ..change(Some(S::Confirmed), S::Cancelled)
        };
        assert_eq!(recipients(old_half, Actor::Patient), None);
        let new_half = StatusChange {
            rescheduled: true,
            ..change(None, S::Confirmed)
        };
        assert_eq!(
            recipients(new_half, Actor::Patient),
            Some((NoticeKind::Rescheduled, both()))
        );
    }

    #[test]
    fn silent_steps_tell_nobody() {
        assert_eq!(recipients(change(None, S::Held), Actor::Patient), None);
        assert_eq!(
            recipients(change(Some(S::Held), S::Expired), Actor::System),
            None
        );
        assert_eq!(
            recipients(change(Some(S::Confirmed), S::Completed), Actor::Doctor),
            None
        );
        assert_eq!(
            recipients(change(Some(S::Confirmed), S::NoShow), Actor::Doctor),
            None
        );
    }

    #[test]
    fn kinds_and_states_read_back() {
        for kind in NoticeKind::ALL {
            assert_eq!(NoticeKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(NoticeKind::parse("party"), Err(ValidationCode::NotAChoice));
        for state in [
            DeliveryState::Pending,
            DeliveryState::Sent,
            DeliveryState::Failed,
        ] {
            assert_eq!(DeliveryState::parse(state.as_str()), Ok(state));
        }
        assert!(NoticeKind::Cancelled.withdraws());
        assert!(!NoticeKind::Reminder.withdraws());
    }

    #[test]
    fn a_reminder_delay_is_one_hour_to_a_week() {
        assert_eq!(parse_reminder_hours("24"), Ok(24));
        assert_eq!(parse_reminder_hours(" 1 "), Ok(1));
        assert_eq!(parse_reminder_hours("168"), Ok(168));
        let out = Err(ValidationCode::OutOfRange { min: 1, max: 168 });
        assert_eq!(parse_reminder_hours("0"), out);
        assert_eq!(parse_reminder_hours("169"), out);
        assert_eq!(
            parse_reminder_hours("soon"),
            Err(ValidationCode::NotANumber)
        );
        assert_eq!(parse_reminder_hours(""), Err(ValidationCode::Required));
    }
}
