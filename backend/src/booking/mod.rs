//! Booking: a patient takes a free slot, a doctor adds a visit for a patient, an appointment
//! moves to another slot. Double booking is impossible by construction: one write
//! transaction locks the doctor's schedule (PostgreSQL: the doctor's row `FOR UPDATE`;
//! SQLite: `BEGIN IMMEDIATE`), expires lapsed holds, re-checks for an overlapping active
//! appointment of any length, then inserts; a partial unique index is the last guard.
//!
//! The booking domain sits above the others: it calls `scheduling` (free slots, the doctor's
//! hours), `payments` (a paid hold), `appointments` (the rows) and `notify`; none of them
//! calls it back. Beside booking itself: the desk (`front_desk`), the doctor's `calendar`,
//! moves, the answers to a request (`lifecycle`) and the deadlines (`expiry`).

use crate::accounts::auth::{Caller, Rule};
use crate::accounts::dependants;
use crate::appointments::{self, detail, record_event, NewAppointment};
use crate::db::{begin_write, lock, Db, Lock};
use crate::scheduling::free_slots;
use crate::AppState;
use chrono::{DateTime, Duration, Utc};
use shared::appointment::{request_deadline, HOLD_MINUTES, MAX_PENDING_PER_PATIENT};
use shared::error::{AppError, ConflictCode};
use shared::schedule::Interval;
use shared::{
    AppointmentDetail, AppointmentStatus, BookSlot, BookingMode, Email, Party, PaymentMode, Role,
    UserId, ValidationCode, ValidationErrors,
};

pub mod calendar;
mod desk;
mod expiry;
pub mod front_desk;
mod lifecycle;
mod moves;
mod outcome;
mod terms;

pub use expiry::{expire, schedule_refresh};
pub use lifecycle::{cancel_many, change};
pub use moves::{answer_proposal, lapse_proposal, reschedule};
pub use terms::{offered_slot, terms, BookingTerms};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The desk books a visit for a patient (see `desk::book`).
pub async fn book_at_desk(
    db: &Db,
    caller: &Caller,
    booking: &shared::front_desk::DeskBooking,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    outcome::counted("desk", desk::book(db, caller, booking, now).await)
}

pub use shared::appointment::{parse_start, parse_visit_reason};

impl NewAppointment {
    /// The status a new booking starts in, and its deadline.
    fn for_terms(
        terms: &BookingTerms,
        party: Party,
        slot: Interval,
        now: DateTime<Utc>,
    ) -> (
        AppointmentStatus,
        Option<DateTime<Utc>>,
        Option<DateTime<Utc>>,
    ) {
        if party == Party::Clinic {
            return (AppointmentStatus::Confirmed, None, None);
        }
        match (terms.payment_mode, terms.booking_mode) {
            (PaymentMode::Online, _) => (
                AppointmentStatus::Held,
                Some(now + Duration::minutes(HOLD_MINUTES)),
                None,
            ),
            (PaymentMode::AtVisit, BookingMode::Approval) => (
                AppointmentStatus::Requested,
                None,
                Some(request_deadline(now, terms.deadline_hours, slot.start)),
            ),
            (PaymentMode::AtVisit, BookingMode::Instant) => {
                (AppointmentStatus::Confirmed, None, None)
            }
        }
    }
}

/// Whether an active appointment of `doctor`, or a new time proposed for one, comes within
/// `buffer_minutes` of `slot`; `moving` is the appointment being moved, which does not stand
/// in its own way. Run inside a write transaction that holds the doctor's lock.
pub(crate) async fn doctor_busy(
    tx: &mut Tx,
    doctor: UserId,
    slot: Interval,
    buffer_minutes: i64,
    now: i64,
    moving: Option<i64>,
) -> Result<bool, AppError> {
    let buffer = buffer_minutes.max(0) * 60;
    let busy: i64 = sqlx::query_scalar(&format!(
        "SELECT (SELECT COUNT(*) FROM appointments WHERE {} AND doctor_id = $2 \
         AND starts_at < $3 AND ends_at > $4 AND id <> $5) \
         + (SELECT COUNT(*) FROM appointment_proposals WHERE doctor_id = $2 \
         AND starts_at < $3 AND ends_at > $4 AND appointment_id <> $5)",
        appointments::holds_its_time_at(1)
    ))
    .bind(now)
    .bind(doctor.0)
    .bind(slot.end.timestamp() + buffer)
    .bind(slot.start.timestamp() - buffer)
    .bind(moving.unwrap_or(0))
    .fetch_one(&mut **tx)
    .await?;
    Ok(busy > 0)
}

/// Whether the person a visit is for (the patient, or one of their family members) already
/// has a visit, or a proposed new time, overlapping `slot`. One person cannot be in two
/// visits at once; a parent may book a child's visit while they have their own.
async fn patient_busy(
    tx: &mut Tx,
    patient: UserId,
    dependant: Option<i64>,
    slot: Interval,
    now: i64,
    moving: Option<i64>,
) -> Result<bool, AppError> {
    let busy: i64 = sqlx::query_scalar(&format!(
        "SELECT (SELECT COUNT(*) FROM appointments WHERE {} AND patient_id = $2 \
         AND starts_at < $3 AND ends_at > $4 AND COALESCE(dependant_id, 0) = $5 AND id <> $6) \
         + (SELECT COUNT(*) FROM appointment_proposals pr \
         JOIN appointments a ON a.id = pr.appointment_id WHERE a.patient_id = $2 \
         AND pr.starts_at < $3 AND pr.ends_at > $4 AND COALESCE(a.dependant_id, 0) = $5 \
         AND pr.appointment_id <> $6)",
        appointments::holds_its_time_at(1)
    ))
    .bind(now)
    .bind(patient.0)
    .bind(slot.end.timestamp())
    .bind(slot.start.timestamp())
    .bind(dependant.unwrap_or(0))
    .bind(moving.unwrap_or(0))
    .fetch_one(&mut **tx)
    .await?;
    Ok(busy > 0)
}

/// Stores `new` if nothing stands in its way, inside the caller's write transaction.
async fn insert_checked(
    db: &Db,
    tx: &mut Tx,
    new: &NewAppointment,
    buffer_minutes: i64,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let now_s = now.timestamp();
    // Lock order is always doctor, then patient, so two bookings never wait on each other.
    lock(db, tx, Lock::Doctor(new.doctor.0)).await?;
    lock(db, tx, Lock::Account(new.patient.0)).await?;
    appointments::expire_lapsed_holds(tx, new.doctor, new.patient, now_s).await?;
    if doctor_busy(tx, new.doctor, new.slot, buffer_minutes, now_s, None).await? {
        return Err(AppError::Conflict(ConflictCode::SlotTaken));
    }
    if patient_busy(tx, new.patient, new.dependant, new.slot, now_s, None).await? {
        return Err(AppError::Conflict(ConflictCode::PatientOverlap));
    }
    if matches!(
        new.status,
        AppointmentStatus::Held | AppointmentStatus::Requested
    ) {
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM appointments WHERE patient_id = $1 AND \
             (status = 'requested' OR (status = 'held' AND hold_expires_at > $2))",
        )
        .bind(new.patient.0)
        .bind(now_s)
        .fetch_one(&mut **tx)
        .await?;
        if pending >= MAX_PENDING_PER_PATIENT {
            return Err(AppError::Conflict(ConflictCode::TooManyPending));
        }
    }
    let id = appointments::insert(tx, new, now_s).await?;
    record_event(
        tx,
        id,
        new.clinic,
        Some(new.created_by),
        None,
        new.status,
        None,
        now_s,
    )
    .await?;
    Ok(id)
}

/// Stores a new appointment in its own write transaction, which also marks the doctor's next
/// free slot for the refresher (one commit per booking).
async fn store(
    db: &Db,
    new: NewAppointment,
    terms: &BookingTerms,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let buffer_minutes = terms.schedule.availability.booking.buffer_minutes;
    let mut tx = begin_write(db).await?;
    let id = insert_checked(db, &mut tx, &new, buffer_minutes, now).await?;
    free_slots::mark_changed(&mut tx, new.doctor).await?;
    tx.commit()
        .await
        .map_err(AppError::conflict_on_unique(ConflictCode::SlotTaken))?;
    Ok(id)
}

/// A verified patient books a free slot. Depending on the doctor, the appointment is held for
/// payment, requested, or confirmed at once.
pub async fn book(
    state: &AppState,
    caller: &Caller,
    booking: &BookSlot,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    outcome::counted("patient", book_uncounted(state, caller, booking, now).await)
}

async fn book_uncounted(
    state: &AppState,
    caller: &Caller,
    booking: &BookSlot,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    let db = &state.db;
    caller.require(Rule::Role(&[Role::Patient]))?;
    caller.require_verified_email()?;
    let BookSlot {
        doctor,
        start,
        ref reason,
        for_dependant,
    } = *booking;
    let dependant = dependants::visit_for(db, caller.id, for_dependant).await?;
    let terms = match terms(db, doctor, state.settings.stripe.is_some()).await {
        Ok(terms) if terms.listed => terms,
        Ok(_) | Err(AppError::NotFound) => {
            return Err(AppError::field("doctor_id", ValidationCode::NotAChoice))
        }
        Err(other) => return Err(other),
    };
    let slot = offered_slot(&terms.schedule, start, now, Party::Patient)
        .ok_or(AppError::Conflict(ConflictCode::SlotTaken))?;
    let (status, hold, request) = NewAppointment::for_terms(&terms, Party::Patient, slot, now);
    let new = NewAppointment {
        doctor,
        clinic: terms.schedule.clinic,
        patient: caller.id,
        slot,
        status,
        reason: reason.clone(),
        price_minor: terms.price_minor,
        currency: terms.currency,
        payment_mode: terms.payment_mode,
        hold_expires_at: hold,
        request_expires_at: request,
        created_by: caller.id,
        dependant,
        urgent: false,
    };
    let id = store(db, new, &terms, now).await?;
    detail(db, caller, id, now).await
}

/// A booking posted as a plain form: as `book`, except that the same form posted again (a
/// second tap on a page without script, where nothing disables the button) answers with the
/// booking it made minutes ago instead of "this slot is taken". Scripts and the REST API keep
/// the plain 409: they do not post twice by accident.
pub async fn book_from_plain_form(
    state: &AppState,
    caller: &Caller,
    booking: &BookSlot,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    match book(state, caller, booking, now).await {
        Err(AppError::Conflict(ConflictCode::SlotTaken)) => {
            just_booked(&state.db, caller, booking, now)
                .await?
                .ok_or(AppError::Conflict(ConflictCode::SlotTaken))
        }
        other => other,
    }
}

/// The booking `booking` describes, if the caller made it in the last few minutes and it is still
/// active.
async fn just_booked(
    db: &Db,
    caller: &Caller,
    booking: &BookSlot,
    now: DateTime<Utc>,
) -> Result<Option<AppointmentDetail>, AppError> {
    let id: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM appointments WHERE {} AND patient_id = $2 \
         AND created_by = $2 AND doctor_id = $3 AND starts_at = $4 AND created_at >= $5",
        appointments::holds_its_time_at(1)
    ))
    .bind(now.timestamp())
    .bind(caller.id.0)
    .bind(booking.doctor.0)
    .bind(booking.start.timestamp())
    .bind((now - Duration::minutes(10)).timestamp())
    .fetch_optional(&db.pool)
    .await?;
    match id {
        Some(id) => Ok(Some(detail(db, caller, id, now).await?)),
        None => Ok(None),
    }
}

/// A doctor adds a visit for an existing patient, found by email, on a slot of their hours;
/// it is confirmed at once and paid at the visit.
pub async fn add_for_patient(
    db: &Db,
    caller: &Caller,
    patient_email: &str,
    start: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    caller.scope()?;
    let mut errors = ValidationErrors::default();
    let email = errors.check("patient_email", Email::parse(patient_email));
    let start = errors.check("start", parse_start(start));
    let reason = errors.check("reason", parse_visit_reason(reason));
    let (Some(email), Some(start), Some(reason)) = (email, start, reason) else {
        return Err(errors.into());
    };
    let patient: i64 = sqlx::query_scalar(
        "SELECT id FROM users WHERE email = $1 AND role = 'patient' AND disabled = 0",
    )
    .bind(email.as_str())
    .fetch_optional(&db.pool)
    .await?
    .ok_or_else(|| AppError::field("patient_email", ValidationCode::NoSuchPatient))?;
    let terms = terms(db, caller.id, false).await?;
    let visit = ClinicVisit {
        patient: UserId(patient),
        start,
        reason,
        rules: Party::Clinic,
        urgent: false,
    };
    confirm_for_patient(db, caller, &terms, visit, now).await
}

/// A visit the clinic books for a patient: confirmed at once, paid at the visit.
struct ClinicVisit {
    patient: UserId,
    start: DateTime<Utc>,
    reason: String,
    /// Whose slot rules apply: the clinic's (any slot of the hours still ahead) or the
    /// patients' (notice and horizon).
    rules: Party,
    urgent: bool,
}

/// Stores a clinic-made visit on an offered slot of the doctor of `terms`, and shows it.
async fn confirm_for_patient(
    db: &Db,
    caller: &Caller,
    terms: &BookingTerms,
    visit: ClinicVisit,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    let slot = offered_slot(&terms.schedule, visit.start, now, visit.rules)
        .ok_or(AppError::Conflict(ConflictCode::SlotTaken))?;
    let new = NewAppointment {
        doctor: terms.doctor,
        clinic: terms.schedule.clinic,
        patient: visit.patient,
        slot,
        status: AppointmentStatus::Confirmed,
        reason: visit.reason,
        price_minor: terms.price_minor,
        currency: terms.currency,
        payment_mode: PaymentMode::AtVisit,
        hold_expires_at: None,
        request_expires_at: None,
        created_by: caller.id,
        dependant: None,
        urgent: visit.urgent,
    };
    let id = store(db, new, terms, now).await?;
    detail(db, caller, id, now).await
}

#[cfg(test)]
mod tests;
