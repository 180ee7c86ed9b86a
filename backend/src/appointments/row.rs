//! An appointment as stored, with what each reader may see of it and do with it.

use crate::db::instant;
use chrono::{DateTime, Utc};
use shared::account::Specialty;
use shared::appointment::{check_change, Facts};
use shared::error::AppError;
use shared::moves::MoveProposal;
use shared::schedule::Interval;
use shared::{
    AllowedChanges, Appointment, AppointmentStatus, BookingMode, CancellationPolicy, Change,
    ClinicId, Currency, EndedBy, LocalSlot, LocalTime, Money, Party, PaymentMode, RuleRefusal,
    UserId,
};

#[derive(sqlx::FromRow, Debug, Clone)]
pub(crate) struct AppointmentRow {
    pub id: i64,
    pub clinic_id: i64,
    pub doctor_id: i64,
    pub patient_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: String,
    pub reason: String,
    pub status_reason: Option<String>,
    pub price_minor: Option<i64>,
    pub currency: String,
    pub payment_mode: String,
    pub hold_expires_at: Option<i64>,
    pub request_expires_at: Option<i64>,
    pub rescheduled_from: Option<i64>,
    pub created_at: i64,
    pub clinic_name: String,
    pub time_zone: String,
    pub cancellation_notice_hours: i64,
    pub late_cancellation_refund_percent: i64,
    pub doctor_first: String,
    pub doctor_last: String,
    pub patient_first: String,
    pub patient_last: String,
    pub specialty_id: i64,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
    /// 1 when an online payment has been captured.
    pub paid: Option<i64>,
    /// 1 once the patient has rated the visit.
    pub rated: Option<i64>,
    /// The family member the visit is for, if not the patient.
    pub dependant_id: Option<i64>,
    pub dependant_first: Option<String>,
    pub dependant_last: Option<String>,
    pub dependant_birth_date: Option<String>,
    pub dependant_relation: Option<String>,
    /// 1 when the desk booked it as urgent.
    pub urgent: i64,
    /// Who ended it (`patient`, `clinic`, `salus`), once it has ended.
    pub ended_by: Option<String>,
    /// 1 when it ended inside the clinic's cancellation window.
    pub ended_inside_window: i64,
    /// A new time the patient proposed, waiting for the doctor (see `proposals`).
    pub proposal_starts_at: Option<i64>,
    pub proposal_ends_at: Option<i64>,
    pub proposal_expires_at: Option<i64>,
    pub booking_mode: String,
    pub practice_phone: String,
    pub clinic_phone: String,
    pub clinic_address: String,
}

pub(crate) const SELECT: &str = "SELECT a.id, a.clinic_id, a.doctor_id, a.patient_id, \
    a.starts_at, a.ends_at, a.status, a.reason, a.status_reason, a.price_minor, a.currency, \
    a.payment_mode, a.hold_expires_at, a.request_expires_at, a.rescheduled_from, a.created_at, \
    c.name AS clinic_name, c.time_zone, c.cancellation_notice_hours, \
    c.late_cancellation_refund_percent, du.first_name AS doctor_first, \
    du.last_name AS doctor_last, pu.first_name AS patient_first, pu.last_name AS patient_last, \
    s.id AS specialty_id, s.slug, s.name_en, s.name_fr, \
    (SELECT COUNT(*) FROM payments p WHERE p.appointment_id = a.id \
        AND p.status IN ('captured', 'partially_refunded')) AS paid, \
    (SELECT COUNT(*) FROM ratings r WHERE r.appointment_id = a.id) AS rated, \
    a.dependant_id, fm.first_name AS dependant_first, fm.last_name AS dependant_last, \
    fm.birth_date AS dependant_birth_date, fm.relation AS dependant_relation, a.urgent, \
    a.ended_by, a.ended_inside_window, pr.starts_at AS proposal_starts_at, \
    pr.ends_at AS proposal_ends_at, pr.expires_at AS proposal_expires_at, d.booking_mode, \
    d.practice_phone, c.phone AS clinic_phone, c.address AS clinic_address \
    FROM appointments a JOIN clinics c ON c.id = a.clinic_id \
    LEFT JOIN dependants fm ON fm.id = a.dependant_id \
    LEFT JOIN appointment_proposals pr ON pr.appointment_id = a.id \
    JOIN users du ON du.id = a.doctor_id JOIN users pu ON pu.id = a.patient_id \
    JOIN doctors d ON d.user_id = a.doctor_id JOIN specialties s ON s.id = d.specialty_id";

impl AppointmentRow {
    pub fn status(&self) -> Result<AppointmentStatus, AppError> {
        AppointmentStatus::parse(&self.status).map_err(|_| AppError::Internal)
    }

    pub fn facts(&self) -> Result<Facts, AppError> {
        Ok(Facts {
            status: self.status()?,
            starts_at: instant(self.starts_at)?,
            ends_at: instant(self.ends_at)?,
            request_expires_at: self.request_expires_at.map(instant).transpose()?,
            hold_expires_at: self.hold_expires_at.map(instant).transpose()?,
            paid: self.paid.unwrap_or(0) != 0,
        })
    }

    pub fn policy(&self) -> CancellationPolicy {
        CancellationPolicy {
            notice_hours: self.cancellation_notice_hours,
            late_refund_percent: self.late_cancellation_refund_percent,
        }
    }

    /// Whether the patient has rated the visit.
    pub fn rated(&self) -> bool {
        self.rated.unwrap_or(0) != 0
    }

    /// Whether the visit's patient may rate it at `now`: completed, unrated, recent.
    pub fn rating_check(
        &self,
        facts: &Facts,
        now: DateTime<Utc>,
    ) -> Result<(), shared::feedback::RatingRefusal> {
        shared::feedback::may_rate(facts.status, facts.ends_at, self.rated(), now)
    }

    pub fn doctor(&self) -> UserId {
        UserId(self.doctor_id)
    }

    /// The appointment and its payment, as the money rule (`shared::payment::decide`) needs.
    pub(crate) fn paid_visit(
        &self,
        payment: shared::PaymentStatus,
    ) -> Result<shared::payment::PaidVisit, AppError> {
        Ok(shared::payment::PaidVisit {
            status: self.status()?,
            ended_by: self.ended_by.as_deref().and_then(EndedBy::parse),
            inside_window: self.ended_inside_window != 0,
            payment,
        })
    }

    /// Who `actor` is to this appointment, when it ends.
    pub(super) fn ender(&self, actor: Option<UserId>) -> EndedBy {
        match actor {
            None => EndedBy::Salus,
            Some(id) if id.0 == self.patient_id => EndedBy::Patient,
            Some(_) => EndedBy::Clinic,
        }
    }

    /// The family member the visit is for, when there is one.
    pub(crate) fn visit_for(&self) -> Result<Option<shared::dependant::VisitFor>, AppError> {
        let Some(id) = self.dependant_id else {
            return Ok(None);
        };
        let birth = self.dependant_birth_date.as_deref().unwrap_or_default();
        let relation = self.dependant_relation.as_deref().unwrap_or_default();
        Ok(Some(shared::dependant::VisitFor {
            dependant_id: id,
            name: format!(
                "{} {}",
                self.dependant_first.as_deref().unwrap_or_default(),
                self.dependant_last.as_deref().unwrap_or_default()
            )
            .trim()
            .to_owned(),
            relation: shared::dependant::Relation::parse(relation)
                .map_err(|_| AppError::Internal)?,
            birth_date: chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d")
                .map_err(|_| AppError::Internal)?,
        }))
    }

    pub(crate) fn zone(&self) -> Result<chrono_tz::Tz, AppError> {
        self.time_zone.parse().map_err(|_| AppError::Internal)
    }

    /// The appointment as `party` sees it at `now`, with the changes the rules allow them.
    pub fn into_appointment(
        self,
        party: Party,
        now: DateTime<Utc>,
    ) -> Result<Appointment, AppError> {
        let facts = self.facts()?;
        let policy = self.policy();
        let zone = self.zone()?;
        let currency = Currency::parse(&self.currency).map_err(|_| AppError::Internal)?;
        let allowed = allowed_changes(&facts, party, &policy, now);
        let rated = self.rated();
        let may_rate = party == Party::Patient && self.rating_check(&facts, now).is_ok();
        let visit_for = self.visit_for()?;
        let proposal = match (
            self.proposal_starts_at,
            self.proposal_ends_at,
            self.proposal_expires_at,
        ) {
            (Some(start), Some(end), Some(expires)) => Some(MoveProposal {
                slot: LocalSlot::new(Interval::new(instant(start)?, instant(end)?), zone),
                expires_at: LocalTime::new(instant(expires)?, zone),
            }),
            _ => None,
        };
        let allowed = AllowedChanges {
            answer_proposal: party == Party::Clinic
                && proposal.is_some()
                && facts.status.is_active(),
            ..allowed
        };
        Ok(Appointment {
            id: self.id,
            clinic_id: ClinicId(self.clinic_id),
            clinic_name: self.clinic_name,
            phone: shared::clinic::phone_to_call(&self.practice_phone, &self.clinic_phone)
                .unwrap_or_default()
                .to_owned(),
            doctor_id: UserId(self.doctor_id),
            doctor_name: format!("{} {}", self.doctor_first, self.doctor_last)
                .trim()
                .to_owned(),
            specialty: Specialty {
                id: self.specialty_id,
                slug: self.slug,
                name_en: self.name_en,
                name_fr: self.name_fr,
            },
            patient_id: UserId(self.patient_id),
            patient_name: format!("{} {}", self.patient_first, self.patient_last)
                .trim()
                .to_owned(),
            slot: LocalSlot::new(Interval::new(facts.starts_at, facts.ends_at), zone),
            time_zone: self.time_zone,
            status: facts.status,
            reason: self.reason,
            status_reason: self.status_reason,
            price: self.price_minor.map(|minor| Money::new(minor, currency)),
            payment_mode: PaymentMode::parse(&self.payment_mode).unwrap_or_default(),
            booking_mode: BookingMode::parse(&self.booking_mode).unwrap_or_default(),
            hold_expires_at: facts.hold_expires_at.map(|t| LocalTime::new(t, zone)),
            request_expires_at: facts.request_expires_at.map(|t| LocalTime::new(t, zone)),
            created_at: instant(self.created_at)?,
            rescheduled_from: self.rescheduled_from,
            proposal,
            patient_deadline: LocalTime::new(policy.patient_deadline(facts.starts_at), zone),
            refund_percent_now: facts
                .paid
                .then(|| policy.refund_percent(party, facts.starts_at, now)),
            policy,
            allowed,
            rated,
            may_rate,
            visit_for,
            urgent: self.urgent != 0,
        })
    }
}

/// Which changes `party` may make now; for a patient, also why not, when the policy is why.
pub fn allowed_changes(
    facts: &Facts,
    party: Party,
    policy: &CancellationPolicy,
    now: DateTime<Utc>,
) -> AllowedChanges {
    let may = |change| check_change(facts, change, party, policy, now).is_ok();
    let cancel = check_change(facts, Change::Cancel, party, policy, now);
    let movable = matches!(
        facts.status,
        AppointmentStatus::Requested | AppointmentStatus::Confirmed
    ) && now < facts.starts_at;
    let reschedule = movable
        && (party == Party::Clinic || policy.patient_may_change(facts.starts_at, now).is_ok());
    AllowedChanges {
        cancel: cancel.is_ok(),
        reschedule,
        accept: may(Change::Accept),
        refuse: may(Change::Refuse),
        complete: may(Change::Complete),
        no_show: may(Change::NoShow),
        answer_proposal: false,
        refusal: match cancel {
            Err(RuleRefusal::TooLateToChange) => Some(RuleRefusal::TooLateToChange),
            _ => None,
        },
    }
}
