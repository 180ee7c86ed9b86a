//! Notifications: what happened to an appointment, told to the people it concerns, in the app
//! (the bell) and by email. Which change tells whom is a rule of its own, [`recipients`], so
//! it is tested apart from the database.

use crate::appointment::AppointmentStatus;
use crate::moves::EventKind;
use crate::time::LocalTime;
use crate::validation::ValidationCode;
use serde::{Deserialize, Serialize};

/// What a notification says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeKind {
    /// A patient asked for a visit (or their card was authorised for one); the doctor must
    /// answer.
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
    /// The slot held for an online payment was released: the payment was not completed.
    HoldExpired,
    /// The patient proposed a new time for a confirmed visit; the doctor must answer.
    MoveProposed,
    /// The doctor refused the proposed time: the visit keeps its time.
    MoveRefused,
    /// Nobody answered the proposed time in time: the visit keeps its time.
    MoveLapsed,
}

impl NoticeKind {
    pub const ALL: [NoticeKind; 12] = [
        NoticeKind::Requested,
        NoticeKind::Confirmed,
        NoticeKind::Refused,
        NoticeKind::Expired,
        NoticeKind::Cancelled,
        NoticeKind::Rescheduled,
        NoticeKind::Reminder,
        NoticeKind::PaymentLapsed,
        NoticeKind::HoldExpired,
        NoticeKind::MoveProposed,
        NoticeKind::MoveRefused,
        NoticeKind::MoveLapsed,
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
            NoticeKind::HoldExpired => "hold_expired",
            NoticeKind::MoveProposed => "move_proposed",
            NoticeKind::MoveRefused => "move_refused",
            NoticeKind::MoveLapsed => "move_lapsed",
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
                | NoticeKind::HoldExpired
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

/// How one person is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channels {
    /// The bell rings: the notice arrives unread. Off, it is still listed, already read.
    pub bell: bool,
    /// An email, in the recipient's language (the patient's record, with the calendar file).
    pub email: bool,
}

impl Channels {
    /// The bell rings and an email goes out.
    pub const ALL: Channels = Channels {
        bell: true,
        email: true,
    };
}

/// Who is told, and how: the patient, the doctor, or both (`None`: not told).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Recipients {
    pub patient: Option<Channels>,
    pub doctor: Option<Channels>,
}

impl Recipients {
    /// Whether the patient and the doctor are told at all.
    pub fn who(self) -> (bool, bool) {
        (self.patient.is_some(), self.doctor.is_some())
    }
}

/// What happened to an appointment, as the notices see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Happening {
    /// Its status changed; `from` is `None` when the appointment was just made.
    Status {
        from: Option<AppointmentStatus>,
        to: AppointmentStatus,
    },
    /// Salus ended it because the card's authorisation ended first (both sides must know why).
    PaymentLapsed,
    /// A step of a move of its time (`EventKind::Status` is never one).
    Move(EventKind),
    /// The visit is the clinic's reminder delay away (the reminder job; `Actor::System`).
    VisitSoon,
}

/// Every notice in one table: what happened × who acted → what is told, and to whom.
///
/// The patient is told of everything that concerns their visit, even of their own action:
/// the email is their record and carries the calendar file. The doctor is told of what
/// others did that they must act on or that changes their day, never of their own answers,
/// nor of what lapsed without them (an unanswered request or proposal is the patient's news).
/// Steps that change nothing for either (a slot held while paying, a visit marked done, a
/// proposal withdrawn because the visit ended or was moved again) tell nobody.
///
/// Channels: everyone told gets an email. The bell rings for what someone else (or Salus)
/// did: a patient's own booking, cancellation or move is emailed as their record and listed
/// in the bell already read, so the bell's count is news only.
pub fn recipients(happening: Happening, actor: Actor) -> Option<(NoticeKind, Recipients)> {
    use AppointmentStatus as S;
    use EventKind as E;
    use NoticeKind as K;
    let others = actor != Actor::Doctor;
    let (kind, doctor) = match happening {
        Happening::PaymentLapsed => (K::PaymentLapsed, true),
        // A request made directly, or a held slot whose card was authorised: both are a
        // request the doctor must answer ("by …"), and the patient's "request sent".
        Happening::Status {
            from: None | Some(S::Held),
            to: S::Requested,
        } => (K::Requested, true),
        // A new confirmed visit, a request accepted, or a hold paid with an instant doctor.
        Happening::Status {
            from: None | Some(S::Requested) | Some(S::Held),
            to: S::Confirmed,
        } => (K::Confirmed, others),
        Happening::Status {
            from: Some(S::Held),
            to: S::Expired,
        } => (K::HoldExpired, false),
        Happening::Status {
            from: Some(S::Requested),
            to: S::Refused,
        } => (K::Refused, others),
        Happening::Status {
            from: Some(S::Requested),
            to: S::Expired,
        } => (K::Expired, false),
        Happening::Status {
            from: Some(S::Requested | S::Confirmed),
            to: S::Cancelled,
        } => (K::Cancelled, others),
        Happening::Move(E::Moved) => (K::Rescheduled, others),
        Happening::Move(E::MoveProposed) => (K::MoveProposed, true),
        Happening::Move(E::MoveRefused) => (K::MoveRefused, others),
        Happening::Move(E::MoveLapsed) => (K::MoveLapsed, false),
        Happening::VisitSoon => (K::Reminder, false),
        Happening::Status { .. } | Happening::Move(E::Status | E::MoveWithdrawn) => return None,
    };
    let patient = Channels {
        bell: actor != Actor::Patient,
        ..Channels::ALL
    };
    // The doctor is never told of their own action (above), so their bell always rings.
    Some((
        kind,
        Recipients {
            patient: Some(patient),
            doctor: doctor.then_some(Channels::ALL),
        },
    ))
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
mod tests;
