//! Appointments: reading them (each person sees only their own, staff only their clinic's),
//! and writing their status through the one transition table (`shared::appointment`). Every
//! change is an event row: who, when, from, to and why. The services that decide a change
//! (`bookings::change`, the expiries, payments' settlement) write it through `record_change`,
//! so this module calls no domain above it.

use super::auth::{Caller, Rule};
use super::db::{instant, lock, Db, Lock};
use super::jobs::{self, Task};
use super::tenancy::ClinicScope;
use chrono::{DateTime, Utc};
use shared::account::Specialty;
use shared::appointment::{check_change, Facts};
use shared::error::{AppError, ConflictCode};
use shared::moves::{EventKind, MoveProposal, MoveTimes};
use shared::schedule::Interval;
use shared::validation::trimmed_text;
use shared::{
    AllowedChanges, Appointment, AppointmentDetail, AppointmentEvent, AppointmentScope,
    AppointmentStatus, BookingMode, CancellationPolicy, Change, ClinicId, Currency, EndedBy,
    LocalSlot, LocalTime, Money, Party, PaymentMode, Role, RuleRefusal, UserId,
};

mod busy;
mod described;
pub(crate) mod proposals;
mod writes;

pub use busy::{busy_times, busy_times_of_range};
pub use described::visit_facts;
pub(crate) use writes::{
    expire_lapsed_holds, insert, set_doctor, set_request_deadline, set_time, NewAppointment,
};

pub(crate) type Tx = sqlx::Transaction<'static, sqlx::Any>;

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
    d.practice_phone, c.phone AS clinic_phone \
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
    fn ender(&self, actor: Option<UserId>) -> EndedBy {
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

/// How a caller stands to an appointment: its patient, or staff who may act on it (the
/// doctor, the clinic's secretaries and admins, platform admins). Anyone else gets "not
/// found", so ids of other people's appointments reveal nothing.
pub(crate) fn party_of(caller: &Caller, row: &AppointmentRow) -> Result<Party, AppError> {
    match caller.role {
        Role::Patient if caller.id.0 == row.patient_id => Ok(Party::Patient),
        Role::Doctor if caller.id.0 == row.doctor_id && caller.clinic_access => Ok(Party::Clinic),
        Role::Secretary | Role::ClinicAdmin | Role::PlatformAdmin => {
            caller.scope()?.check(ClinicId(row.clinic_id))?;
            Ok(Party::Clinic)
        }
        _ => Err(AppError::NotFound),
    }
}

pub(crate) fn refusal_error(refusal: RuleRefusal) -> AppError {
    AppError::Conflict(match refusal {
        RuleRefusal::InvalidTransition => ConflictCode::InvalidTransition,
        RuleRefusal::TooLateToChange => ConflictCode::TooLateToChange,
        RuleRefusal::RequestExpired => ConflictCode::RequestExpired,
        RuleRefusal::VisitNotStarted => ConflictCode::VisitNotStarted,
        RuleRefusal::VisitOver => ConflictCode::VisitOver,
    })
}

pub(crate) async fn fetch(db: &Db, id: i64) -> Result<AppointmentRow, AppError> {
    sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

/// The appointment row inside a write transaction, locked against concurrent changes.
pub(crate) async fn fetch_locked(
    db: &Db,
    tx: &mut Tx,
    id: i64,
) -> Result<AppointmentRow, AppError> {
    lock(db, tx, Lock::Appointment(id)).await?;
    sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)
}

/// One line of an appointment's history, as stored.
#[derive(sqlx::FromRow)]
struct EventRow {
    created_at: i64,
    first_name: Option<String>,
    last_name: Option<String>,
    kind: String,
    from_status: Option<String>,
    to_status: Option<String>,
    data: Option<String>,
    reason: Option<String>,
}

async fn events(db: &Db, id: i64, zone: chrono_tz::Tz) -> Result<Vec<AppointmentEvent>, AppError> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT e.created_at, u.first_name, u.last_name, e.kind, e.from_status, e.to_status, \
             e.data, e.reason FROM appointment_events e LEFT JOIN users u ON u.id = e.actor_id \
             WHERE e.appointment_id = $1 ORDER BY e.created_at, e.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let status = |raw: Option<&str>| {
        raw.map(AppointmentStatus::parse)
            .transpose()
            .map_err(|_| AppError::Internal)
    };
    let slot = |times: Option<[i64; 2]>| -> Result<Option<LocalSlot>, AppError> {
        times
            .map(|[start, end]| {
                Ok(LocalSlot::new(
                    Interval::new(instant(start)?, instant(end)?),
                    zone,
                ))
            })
            .transpose()
    };
    rows.into_iter()
        .map(|row| {
            let times: MoveTimes = match row.data.as_deref() {
                Some(data) => serde_json::from_str(data).map_err(|_| AppError::Internal)?,
                None => MoveTimes::default(),
            };
            Ok(AppointmentEvent {
                at: LocalTime::new(instant(row.created_at)?, zone),
                actor_name: row.first_name.map(|first| {
                    format!("{first} {}", row.last_name.unwrap_or_default())
                        .trim()
                        .to_owned()
                }),
                kind: EventKind::parse(&row.kind).ok_or(AppError::Internal)?,
                from: status(row.from_status.as_deref())?,
                to: status(row.to_status.as_deref())?,
                moved_from: slot(times.from)?,
                moved_to: slot(times.to)?,
                reason: row.reason,
            })
        })
        .collect()
}

/// One appointment with its history, for someone who may see it.
pub async fn detail(
    db: &Db,
    caller: &Caller,
    id: i64,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    let row = fetch(db, id).await?;
    let party = party_of(caller, &row)?;
    let zone = row.zone()?;
    // Staff see which notifications went out; a patient sees their own in the bell.
    let notices = match party {
        Party::Clinic => super::notices::log(db, id, zone).await?,
        Party::Patient => Vec::new(),
    };
    Ok(AppointmentDetail {
        appointment: row.into_appointment(party, now)?,
        events: events(db, id, zone).await?,
        notices,
    })
}

/// The caller's appointments in one scope: a patient's own, a doctor's own, the clinic's for
/// its secretaries and admins.
pub async fn list(
    db: &Db,
    caller: &Caller,
    scope: AppointmentScope,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let (owner, value, party) = match caller.role {
        Role::Patient => ("a.patient_id = $1", caller.id.0, Party::Patient),
        Role::Doctor if caller.clinic_access => ("a.doctor_id = $1", caller.id.0, Party::Clinic),
        Role::Secretary | Role::ClinicAdmin => match caller.scope()? {
            ClinicScope::Clinic(clinic) => ("a.clinic_id = $1", clinic.0, Party::Clinic),
            ClinicScope::AllClinics => return Err(AppError::Forbidden),
        },
        _ => return Err(AppError::Forbidden),
    };
    let (filter, order) = match scope {
        AppointmentScope::Upcoming => (
            "a.status IN ('held', 'requested', 'confirmed') AND a.ends_at > $2",
            "a.starts_at ASC",
        ),
        AppointmentScope::Past => (
            "(a.status IN ('completed', 'no_show') OR \
              (a.status IN ('held', 'requested', 'confirmed') AND a.ends_at <= $2))",
            "a.starts_at DESC",
        ),
        AppointmentScope::Cancelled => (
            "a.status IN ('cancelled', 'refused', 'expired') AND a.created_at <= $2",
            "a.starts_at DESC",
        ),
        AppointmentScope::Requests => (
            "a.status = 'requested' AND a.request_expires_at > $2",
            "a.starts_at ASC",
        ),
        AppointmentScope::Proposals => (
            "a.status IN ('requested', 'confirmed') AND pr.expires_at > $2",
            "pr.expires_at ASC",
        ),
        AppointmentScope::All => ("a.created_at <= $2", "a.starts_at DESC"),
    };
    let rows: Vec<AppointmentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE {owner} AND {filter} ORDER BY {order}, a.id LIMIT 500"
    ))
    .bind(value)
    .bind(now.timestamp())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| row.into_appointment(party, now))
        .collect()
}

/// A doctor's (or a clinic's) appointments overlapping a span, for the calendar.
pub async fn in_span(
    db: &Db,
    doctor: UserId,
    span: Interval,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let rows: Vec<AppointmentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE a.doctor_id = $1 AND a.starts_at < $2 AND a.ends_at > $3 \
         AND a.status NOT IN ('expired') ORDER BY a.starts_at, a.id"
    ))
    .bind(doctor.0)
    .bind(span.end.timestamp())
    .bind(span.start.timestamp())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| row.into_appointment(Party::Clinic, now))
        .collect()
}

/// A patient's appointments over a span of time, as they see them.
pub async fn of_patient_in_span(
    db: &Db,
    caller: &Caller,
    span: Interval,
    now: DateTime<Utc>,
) -> Result<Vec<Appointment>, AppError> {
    let rows: Vec<AppointmentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE a.patient_id = $1 AND a.starts_at < $2 AND a.ends_at > $3 \
         AND a.status NOT IN ('expired') ORDER BY a.starts_at, a.id"
    ))
    .bind(caller.id.0)
    .bind(span.end.timestamp())
    .bind(span.start.timestamp())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| row.into_appointment(Party::Patient, now))
        .collect()
}

/// Writes a status change and its event inside `tx`. The update names the old status, so a
/// change that lost a race to another changes nothing and is refused.
pub(crate) async fn record_change(
    tx: &mut Tx,
    row: &AppointmentRow,
    to: AppointmentStatus,
    actor: Option<UserId>,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let from = row.status()?;
    if !AppointmentStatus::may_become(Some(from), to) {
        return Err(refusal_error(RuleRefusal::InvalidTransition));
    }
    // An ending is recorded with who made it and when, for its money (`payment::decide`).
    let (ended_by, inside_window) = if to.is_final() {
        let inside = row
            .policy()
            .inside_window(instant(row.starts_at)?, instant(now)?);
        (Some(row.ender(actor).as_str()), i64::from(inside))
    } else {
        (None, 0)
    };
    let changed = sqlx::query(
        "UPDATE appointments SET status = $1, status_reason = COALESCE($2, status_reason), \
         updated_at = $3, ended_by = $6, ended_inside_window = $7 WHERE id = $4 AND status = $5",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .bind(row.id)
    .bind(from.as_str())
    .bind(ended_by)
    .bind(inside_window)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(refusal_error(RuleRefusal::InvalidTransition));
    }
    if !to.is_active() {
        // A visit that will not take place has no other time to move to.
        if let Some(proposal) = proposals::take(tx, row.id).await? {
            record_move(
                tx,
                row,
                EventKind::MoveWithdrawn,
                actor,
                proposal.times(),
                None,
                now,
            )
            .await?;
        }
    }
    if row.payment_mode == PaymentMode::Online.as_str() {
        // Stripe follows the status: capture, release or refund (see `payments::settle`).
        jobs::enqueue(
            &mut **tx,
            &Task::SettlePayment {
                appointment: row.id,
            },
            now,
            None,
            now,
        )
        .await?;
    }
    if to == AppointmentStatus::Completed {
        // The patient is invited to rate the visit, once it is written.
        jobs::enqueue(
            &mut **tx,
            &Task::InviteRating {
                appointment: row.id,
            },
            now,
            None,
            now,
        )
        .await?;
    }
    record_event(
        tx,
        row.id,
        ClinicId(row.clinic_id),
        actor,
        Some(from),
        to,
        reason,
        now,
    )
    .await
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_event(
    tx: &mut Tx,
    appointment: i64,
    clinic: ClinicId,
    actor: Option<UserId>,
    from: Option<AppointmentStatus>,
    to: AppointmentStatus,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    super::notices::on_change(tx, appointment, from, to, actor, reason, now).await?;
    sqlx::query(
        "INSERT INTO appointment_events (appointment_id, clinic_id, actor_id, from_status, \
         to_status, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(appointment)
    .bind(clinic.0)
    .bind(actor.map(|a| a.0))
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes one step of a move (`kind` is not `Status`) and tells whom it concerns, inside
/// `tx`.
pub(crate) async fn record_move(
    tx: &mut Tx,
    row: &AppointmentRow,
    kind: EventKind,
    actor: Option<UserId>,
    times: MoveTimes,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    super::notices::on_move(tx, row.id, kind, actor, now).await?;
    let data = serde_json::to_string(&times).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO appointment_events (appointment_id, clinic_id, actor_id, kind, data, \
         reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(row.id)
    .bind(row.clinic_id)
    .bind(actor.map(|a| a.0))
    .bind(kind.as_str())
    .bind(data)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Why a change is made: required when the clinic refuses or cancels (the patient is told),
/// optional for a patient's own cancellation.
pub fn parse_reason(change: Change, party: Party, raw: &str) -> Result<Option<String>, AppError> {
    let needed = party == Party::Clinic && matches!(change, Change::Refuse | Change::Cancel);
    if raw.trim().is_empty() && !needed {
        return Ok(None);
    }
    trimmed_text(raw, 3, 500)
        .map(Some)
        .map_err(|code| AppError::field("reason", code))
}

/// The caller must be able to see the appointment's clinic as staff (for staff pages).
pub fn require_staff(caller: &Caller) -> Result<(), AppError> {
    caller.require(Rule::Role(&[
        Role::Doctor,
        Role::Secretary,
        Role::ClinicAdmin,
        Role::PlatformAdmin,
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ValidationCode;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn facts(status: AppointmentStatus) -> Facts {
        Facts {
            status,
            starts_at: at("2026-12-10T09:00:00Z"),
            ends_at: at("2026-12-10T09:30:00Z"),
            request_expires_at: Some(at("2026-12-09T09:00:00Z")),
            hold_expires_at: None,
            paid: false,
        }
    }

    #[test]
    fn a_patient_is_told_when_it_is_too_late_to_change() {
        let policy = CancellationPolicy::default();
        let late = allowed_changes(
            &facts(AppointmentStatus::Confirmed),
            Party::Patient,
            &policy,
            at("2026-12-09T20:00:00Z"),
        );
        assert!(!late.cancel && !late.reschedule);
        assert_eq!(late.refusal, Some(RuleRefusal::TooLateToChange));
        let early = allowed_changes(
            &facts(AppointmentStatus::Confirmed),
            Party::Patient,
            &policy,
            at("2026-12-01T00:00:00Z"),
        );
        assert!(early.cancel && early.reschedule && !early.accept);
        assert_eq!(early.refusal, None);
    }

    #[test]
    fn the_clinic_answers_requests_and_closes_visits() {
        let policy = CancellationPolicy::default();
        let request = allowed_changes(
            &facts(AppointmentStatus::Requested),
            Party::Clinic,
            &policy,
            at("2026-12-01T00:00:00Z"),
        );
        assert!(request.accept && request.refuse && request.cancel && !request.complete);
        let visit = allowed_changes(
            &facts(AppointmentStatus::Confirmed),
            Party::Clinic,
            &policy,
            at("2026-12-10T09:10:00Z"),
        );
        assert!(visit.complete && visit.no_show && visit.cancel && !visit.reschedule);
    }

    #[test]
    fn refusing_or_cancelling_for_the_clinic_needs_a_reason() {
        assert_eq!(
            parse_reason(Change::Refuse, Party::Clinic, " "),
            Err(AppError::field("reason", ValidationCode::Required))
        );
        assert_eq!(parse_reason(Change::Cancel, Party::Patient, ""), Ok(None));
        assert_eq!(
            parse_reason(Change::Cancel, Party::Clinic, "Doctor is ill"),
            Ok(Some("Doctor is ill".to_owned()))
        );
    }
}
