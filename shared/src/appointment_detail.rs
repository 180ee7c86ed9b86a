//! An appointment as the server shows it to one reader: its facts in the clinic's time, what
//! the reader may do with it now, its history and who was told of what. Built from the rules
//! of `appointment`, `moves` and `notification`, which never need it (no cycle).

use crate::account::Specialty;
use crate::appointment::{AppointmentStatus, CancellationPolicy, RuleRefusal};
use crate::doctor::{BookingMode, PaymentMode};
use crate::ids::{ClinicId, UserId};
use crate::money::Money;
use crate::time::{LocalSlot, LocalTime};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a patient goes once a booking is stored: a held slot waits for its payment, anything
/// else shows the appointment with the booking confirmed.
pub fn after_booking(appointment: &Appointment) -> String {
    if appointment.status == AppointmentStatus::Held {
        format!("/appointments/{}/pay", appointment.id)
    } else {
        format!("/appointments/{}?booked=1", appointment.id)
    }
}

/// What the viewer may do with an appointment now, computed by the server from the rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AllowedChanges {
    pub cancel: bool,
    pub reschedule: bool,
    pub accept: bool,
    pub refuse: bool,
    pub complete: bool,
    pub no_show: bool,
    /// Staff may accept or refuse the new time the patient proposed.
    #[serde(default)]
    pub answer_proposal: bool,
    /// Why a patient may no longer cancel or reschedule, when that is the reason.
    pub refusal: Option<RuleRefusal>,
}

/// An appointment as its patient, its doctor and the clinic's staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appointment {
    pub id: i64,
    pub clinic_id: ClinicId,
    pub clinic_name: String,
    /// The number to call about the visit (the practice's line, or the clinic's), or empty.
    #[serde(default)]
    pub phone: String,
    pub doctor_id: UserId,
    pub doctor_name: String,
    pub specialty: Specialty,
    pub patient_id: UserId,
    pub patient_name: String,
    /// Start and end, with the clinic's local date and times.
    pub slot: LocalSlot,
    pub time_zone: String,
    pub status: AppointmentStatus,
    /// The reason for the visit, as the patient wrote it.
    pub reason: String,
    /// Why it was refused, cancelled or expired: the words of the person who did it, or one
    /// of Salus's codes (`payment_lapsed`, `hold_expired`, `request_unanswered`; see
    /// `shared::reason`), which readers show in their own language.
    pub status_reason: Option<String>,
    /// The price agreed at booking.
    pub price: Option<Money>,
    pub payment_mode: PaymentMode,
    /// How the doctor answers bookings (a held slot, once paid, is confirmed at once or sent
    /// as a request).
    #[serde(default)]
    pub booking_mode: BookingMode,
    /// Until when a held slot waits for its payment.
    pub hold_expires_at: Option<LocalTime>,
    /// Until when a request waits for the doctor's answer.
    pub request_expires_at: Option<LocalTime>,
    pub created_at: DateTime<Utc>,
    /// The appointment this one replaced, when it was moved before moves kept the
    /// appointment (its history lives there); `None` for every move since.
    pub rescheduled_from: Option<i64>,
    /// A new time the patient proposed, waiting for the doctor's answer.
    #[serde(default)]
    pub proposal: Option<crate::moves::MoveProposal>,
    pub policy: CancellationPolicy,
    /// The last moment the patient may cancel or reschedule.
    pub patient_deadline: LocalTime,
    /// For a visit paid online: the share of the price a cancellation now would refund to
    /// this viewer's side of the rules (told before they confirm).
    pub refund_percent_now: Option<i64>,
    pub allowed: AllowedChanges,
    /// Whether the patient has rated this visit.
    #[serde(default)]
    pub rated: bool,
    /// Whether this viewer (its patient) may rate it now: completed, unrated, recent.
    #[serde(default)]
    pub may_rate: bool,
    /// The family member the visit is for, when it is not the patient themself.
    #[serde(default)]
    pub visit_for: Option<crate::dependant::VisitFor>,
    /// Booked by the front desk as urgent.
    #[serde(default)]
    pub urgent: bool,
}

/// One change in an appointment's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentEvent {
    pub at: LocalTime,
    /// `None` when Salus made the change (an expiry).
    pub actor_name: Option<String>,
    pub kind: crate::moves::EventKind,
    /// For a change of status: from which (none when the appointment was created) …
    pub from: Option<AppointmentStatus>,
    /// … to which.
    pub to: Option<AppointmentStatus>,
    /// For a move: the time the visit had.
    pub moved_from: Option<LocalSlot>,
    /// For a move or a proposal: the new time.
    pub moved_to: Option<LocalSlot>,
    /// Why: a person's words, or one of Salus's codes (`payment_lapsed`, `hold_expired`,
    /// `request_unanswered`, or `reassigned:<doctor's name>` when the desk gave a request to
    /// another doctor; see `shared::reason`).
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentDetail {
    pub appointment: Appointment,
    pub events: Vec<AppointmentEvent>,
    /// The notifications sent about it and how their emails went: for its staff only.
    #[serde(default)]
    pub notices: Vec<crate::notification::NoticeLog>,
}
