//! Appointments: their lifecycle (one transition table for every entry point), the clinic's
//! cancellation policy. What a reader sees of one is `appointment_detail`.
//!
//! One coherent thing over 400 lines: the transition table and the policy it consults, read
//! together.

use crate::validation::ValidationCode;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentStatus {
    /// The slot is held while the patient pays online.
    Held,
    /// Waiting for the doctor to accept or refuse.
    Requested,
    Confirmed,
    Completed,
    NoShow,
    Cancelled,
    Refused,
    /// Not paid in time (a hold) or not answered in time (a request).
    Expired,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 8] = [
        AppointmentStatus::Held,
        AppointmentStatus::Requested,
        AppointmentStatus::Confirmed,
        AppointmentStatus::Completed,
        AppointmentStatus::NoShow,
        AppointmentStatus::Cancelled,
        AppointmentStatus::Refused,
        AppointmentStatus::Expired,
    ];

    /// The statuses that occupy the doctor's time (a held slot only until its hold lapses).
    pub const ACTIVE: [AppointmentStatus; 3] = [
        AppointmentStatus::Held,
        AppointmentStatus::Requested,
        AppointmentStatus::Confirmed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Held => "held",
            AppointmentStatus::Requested => "requested",
            AppointmentStatus::Confirmed => "confirmed",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::NoShow => "no_show",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Refused => "refused",
            AppointmentStatus::Expired => "expired",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw.trim())
            .ok_or(ValidationCode::NotAChoice)
    }

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }

    /// The transition table of DESIGN.md, and the only place it is written. `from` is `None`
    /// for a new appointment.
    pub fn may_become(from: Option<AppointmentStatus>, to: AppointmentStatus) -> bool {
        use AppointmentStatus::*;
        matches!(
            (from, to),
            (None, Held | Requested | Confirmed)
                | (Some(Held), Requested | Confirmed | Expired | Cancelled)
                | (Some(Requested), Confirmed | Refused | Expired | Cancelled)
                | (Some(Confirmed), Completed | NoShow | Cancelled)
        )
    }
}

/// Who is asking for a change, as far as the rules care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    Patient,
    /// The doctor or the clinic's staff.
    Clinic,
}

/// Why a change is refused by the rules (each has its own message in the UI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleRefusal {
    #[error("not possible from the appointment's current status")]
    InvalidTransition,
    #[error("too close to the visit for the patient to change it")]
    TooLateToChange,
    #[error("the request expired before it was answered")]
    RequestExpired,
    #[error("the visit has not started yet")]
    VisitNotStarted,
    #[error("the visit is over")]
    VisitOver,
}

/// A clinic's cancellation policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancellationPolicy {
    /// Patients may not cancel or reschedule less than this many hours before the visit.
    pub notice_hours: i64,
    /// Share of the price refunded for a cancellation inside the notice (paid visits).
    pub late_refund_percent: i64,
}

impl Default for CancellationPolicy {
    fn default() -> Self {
        Self {
            notice_hours: 24,
            late_refund_percent: 0,
        }
    }
}

impl CancellationPolicy {
    /// The last instant a patient may cancel or reschedule a visit starting at `starts_at`.
    pub fn patient_deadline(&self, starts_at: DateTime<Utc>) -> DateTime<Utc> {
        starts_at - Duration::hours(self.notice_hours)
    }

    /// Whether a patient may still cancel or reschedule at `now`: up to exactly the notice
    /// before the visit, not a second later.
    pub fn patient_may_change(
        &self,
        starts_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<(), RuleRefusal> {
        if now <= self.patient_deadline(starts_at) {
            Ok(())
        } else {
            Err(RuleRefusal::TooLateToChange)
        }
    }

    /// Whether `now` is inside the window where a patient may no longer change the visit.
    pub fn inside_window(&self, starts_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
        self.patient_may_change(starts_at, now).is_err()
    }

    /// The share of a paid price refunded when an appointment is cancelled at `now` by
    /// `party` (what the patient is told before confirming a cancellation).
    pub fn refund_percent(
        &self,
        party: Party,
        starts_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> i64 {
        self.refund_share(
            AppointmentStatus::Cancelled,
            EndedBy::from(party),
            self.inside_window(starts_at, now),
        )
    }

    /// The share of taken money that goes back when an appointment ends without its visit:
    /// all of it, except when the patient cancels inside the window, where the clinic's late
    /// refund share applies. Refusals and expiries are never the patient's doing. (What each
    /// state does with the money is `payment::decide`.)
    pub fn refund_share(&self, end: AppointmentStatus, by: EndedBy, inside_window: bool) -> i64 {
        match (end, by) {
            (AppointmentStatus::Cancelled, EndedBy::Patient) if inside_window => {
                self.late_refund_percent.clamp(0, 100)
            }
            _ => 100,
        }
    }
}

/// Who brought an appointment to its end (recorded with it: its money depends on it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndedBy {
    Patient,
    /// The doctor or the clinic's staff.
    Clinic,
    /// Salus itself: a deadline passed, or Stripe ended the card's authorisation.
    Salus,
}

impl EndedBy {
    pub const ALL: [EndedBy; 3] = [EndedBy::Patient, EndedBy::Clinic, EndedBy::Salus];

    pub fn as_str(self) -> &'static str {
        match self {
            EndedBy::Patient => "patient",
            EndedBy::Clinic => "clinic",
            EndedBy::Salus => "salus",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|by| by.as_str() == raw)
    }
}

impl From<Party> for EndedBy {
    fn from(party: Party) -> Self {
        match party {
            Party::Patient => EndedBy::Patient,
            Party::Clinic => EndedBy::Clinic,
        }
    }
}

impl AppointmentStatus {
    /// The statuses an appointment ends in.
    pub fn is_final(self) -> bool {
        !self.is_active()
    }
}

/// What a person asks to do with an appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Accept,
    Refuse,
    Cancel,
    Complete,
    NoShow,
}

impl Change {
    /// The status the change leads to.
    pub fn target(self) -> AppointmentStatus {
        match self {
            Change::Accept => AppointmentStatus::Confirmed,
            Change::Refuse => AppointmentStatus::Refused,
            Change::Cancel => AppointmentStatus::Cancelled,
            Change::Complete => AppointmentStatus::Completed,
            Change::NoShow => AppointmentStatus::NoShow,
        }
    }

    /// Whether this party may ask for this change at all (patients only cancel).
    pub fn allowed_to(self, party: Party) -> bool {
        match party {
            Party::Patient => self == Change::Cancel,
            Party::Clinic => true,
        }
    }
}

/// The facts the rules need about one appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facts {
    pub status: AppointmentStatus,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub request_expires_at: Option<DateTime<Utc>>,
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// Paid online and captured: a late cancellation by the patient is then allowed, and
    /// refunded by the policy's share.
    pub paid: bool,
}

/// Decides whether `party` may make `change` at `now`. Pure: every entry point (pages, REST,
/// jobs) asks here, and the tests stand at any moment.
pub fn check_change(
    facts: &Facts,
    change: Change,
    party: Party,
    policy: &CancellationPolicy,
    now: DateTime<Utc>,
) -> Result<AppointmentStatus, RuleRefusal> {
    let target = change.target();
    if !change.allowed_to(party) || !AppointmentStatus::may_become(Some(facts.status), target) {
        return Err(RuleRefusal::InvalidTransition);
    }
    match change {
        Change::Accept | Change::Refuse => {
            if facts.status == AppointmentStatus::Held {
                // A held slot waits for its payment, not for the doctor.
                return Err(RuleRefusal::InvalidTransition);
            }
            if facts
                .request_expires_at
                .is_some_and(|deadline| now >= deadline)
            {
                return Err(RuleRefusal::RequestExpired);
            }
        }
        Change::Complete | Change::NoShow => {
            if now < facts.starts_at {
                return Err(RuleRefusal::VisitNotStarted);
            }
        }
        Change::Cancel => {
            if now >= facts.ends_at {
                return Err(RuleRefusal::VisitOver);
            }
            if party == Party::Patient && facts.status != AppointmentStatus::Held && !facts.paid {
                policy.patient_may_change(facts.starts_at, now)?;
            }
        }
    }
    Ok(target)
}

/// When a request waits too long it expires: at the clinic's deadline after booking, and never
/// later than the visit itself.
pub fn request_deadline(
    booked_at: DateTime<Utc>,
    deadline_hours: i64,
    starts_at: DateTime<Utc>,
) -> DateTime<Utc> {
    (booked_at + Duration::hours(deadline_hours)).min(starts_at)
}

/// How long an online-payment hold keeps the slot.
pub const HOLD_MINUTES: i64 = 15;
/// How many held or requested appointments a patient may have at once.
pub const MAX_PENDING_PER_PATIENT: i64 = 3;

/// A booking as a patient submits it (`POST /api/v1/appointments`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookingForm {
    #[serde(deserialize_with = "crate::validation::lenient_text")]
    pub doctor_id: String,
    /// The slot's start, as listed by `GET /api/v1/doctors/{id}/slots` (RFC 3339).
    pub start: String,
    /// The reason for the visit or the symptoms, for the doctor.
    #[serde(default)]
    pub reason: String,
    /// Who the visit is for: empty for the patient, or the id of one of their family members.
    #[serde(default, deserialize_with = "crate::validation::lenient_text")]
    pub for_dependant: String,
}

/// A patient's booking, parsed at the edge from a [`BookingForm`]: the booking service takes
/// only this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookSlot {
    pub doctor: crate::UserId,
    pub start: DateTime<Utc>,
    pub reason: String,
    /// One of the patient's family members, or `None` for the patient themself (that the
    /// member is theirs is checked against the database by the service).
    pub for_dependant: Option<i64>,
}

impl BookingForm {
    /// Every field parsed; every refused field reported together.
    pub fn parse(&self) -> Result<BookSlot, crate::ValidationErrors> {
        let mut errors = crate::ValidationErrors::default();
        let doctor = errors.check(
            "doctor_id",
            self.doctor_id
                .trim()
                .parse::<i64>()
                .map(crate::UserId)
                .map_err(|_| ValidationCode::NotAChoice),
        );
        let start = errors.check("start", parse_start(&self.start));
        let reason = errors.check("reason", parse_visit_reason(&self.reason));
        let for_dependant = errors.check("for_dependant", parse_member(&self.for_dependant));
        match (doctor, start, reason, for_dependant) {
            (Some(doctor), Some(start), Some(reason), Some(for_dependant)) if errors.is_empty() => {
                Ok(BookSlot {
                    doctor,
                    start,
                    reason,
                    for_dependant,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An instant as the slot lists write it (RFC 3339).
pub fn parse_start(raw: &str) -> Result<DateTime<Utc>, ValidationCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationCode::Required);
    }
    DateTime::parse_from_rfc3339(raw)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| ValidationCode::InvalidDate)
}

/// The reason for a visit, as the patient describes it.
pub fn parse_visit_reason(raw: &str) -> Result<String, ValidationCode> {
    crate::validation::trimmed_text(raw, 3, 1000)
}

/// "Who is the visit for": empty for the patient, else a family member's id.
fn parse_member(raw: &str) -> Result<Option<i64>, ValidationCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse()
        .map(Some)
        .map_err(|_| ValidationCode::NotAChoice)
}

/// Which of a person's appointments to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppointmentScope {
    /// Active appointments that have not ended, soonest first.
    #[default]
    Upcoming,
    /// Visits that took place or were missed, and active ones that have ended; newest first.
    Past,
    /// Cancelled, refused and expired, newest first.
    Cancelled,
    /// Requests waiting for the doctor's answer, soonest first.
    Requests,
    /// Visits whose patient asked for a new time, waiting for an answer, soonest due first.
    Proposals,
    /// Everything, newest first.
    All,
}

impl AppointmentScope {
    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        match raw.trim() {
            "" | "upcoming" => Ok(Self::Upcoming),
            "past" => Ok(Self::Past),
            "cancelled" => Ok(Self::Cancelled),
            "requests" => Ok(Self::Requests),
            "proposals" => Ok(Self::Proposals),
            "all" => Ok(Self::All),
            _ => Err(ValidationCode::NotAChoice),
        }
    }
}

#[cfg(test)]
mod tests;
