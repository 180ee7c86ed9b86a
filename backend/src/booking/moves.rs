//! Moving an appointment to another time. The same appointment (id, payment, price as
//! booked) changes its time: at once, or, for a patient moving a confirmed visit with a
//! doctor who answers requests, as a proposal the doctor accepts or refuses
//! (`shared::moves::move_outcome`). The old time stays booked until the new one is certain,
//! and the new one is secured in the same transaction, under the same locks and checks as a
//! booking, so a move never loses the visit and never double-books.

use super::{doctor_busy, offered_slot, parse_start, patient_busy, terms};
use crate::accounts::auth::Caller;
use crate::appointments::{
    self, detail, fetch_locked, party_of, proposals, record_move, refusal_error, AppointmentRow, Tx,
};
use crate::db::instant;
use crate::db::{begin_write, lock, Db, Lock};
use crate::notify::notices;
use crate::scheduling::free_slots;
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::moves::{answer_deadline, move_outcome, EventKind, MoveOutcome, MoveTimes};
use shared::schedule::Interval;
use shared::validation::trimmed_text;
use shared::{AppointmentDetail, AppointmentStatus, Party, RuleRefusal, UserId};

/// Moves appointment `id` to the slot starting at `start`, or proposes it to the doctor.
/// Answers the same appointment, with its new time or its proposal.
pub async fn reschedule(
    db: &Db,
    caller: &Caller,
    id: i64,
    start: &str,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    let start = parse_start(start).map_err(|code| AppError::field("start", code))?;
    let now_s = now.timestamp();
    let mut tx = begin_write(db).await?;
    let row = fetch_locked(db, &mut tx, id).await?;
    let party = party_of(caller, &row)?;
    let facts = row.facts()?;
    let allowed = appointments::allowed_changes(&facts, party, &row.policy(), now);
    if !allowed.reschedule {
        return Err(refusal_error(
            allowed.refusal.unwrap_or(RuleRefusal::InvalidTransition),
        ));
    }
    if start == facts.starts_at {
        return Err(AppError::Conflict(ConflictCode::AlreadyAtThatTime));
    }
    let terms = terms(db, row.doctor(), false).await?;
    let slot = offered_slot(&terms.schedule, start, now, party)
        .ok_or(AppError::Conflict(ConflictCode::SlotTaken))?;
    // The same lock order as a booking: doctor, then patient.
    lock(db, &mut tx, Lock::Doctor(row.doctor_id)).await?;
    lock(db, &mut tx, Lock::Account(row.patient_id)).await?;
    appointments::expire_lapsed_holds(&mut tx, row.doctor(), UserId(row.patient_id), now_s).await?;
    // A new move replaces a proposal still waiting for its answer.
    if let Some(earlier) = proposals::take(&mut tx, row.id).await? {
        record_move(
            &mut tx,
            &row,
            EventKind::MoveWithdrawn,
            Some(caller.id),
            earlier.times(),
            None,
            now_s,
        )
        .await?;
    }
    let buffer = terms.schedule.availability.booking.buffer_minutes;
    if doctor_busy(&mut tx, row.doctor(), slot, buffer, now_s, Some(row.id)).await? {
        return Err(AppError::Conflict(ConflictCode::SlotTaken));
    }
    let patient = UserId(row.patient_id);
    if patient_busy(
        &mut tx,
        patient,
        row.dependant_id,
        slot,
        now_s,
        Some(row.id),
    )
    .await?
    {
        return Err(AppError::Conflict(ConflictCode::PatientOverlap));
    }
    let authorised = authorised_at(&mut tx, row.id).await?;
    match move_outcome(party, terms.booking_mode, facts.status) {
        MoveOutcome::Moved => {
            let answer_by = (facts.status == AppointmentStatus::Requested).then(|| {
                answer_deadline(
                    now,
                    terms.deadline_hours,
                    slot.start,
                    slot.start,
                    authorised,
                )
            });
            move_time(&mut tx, &row, slot, Some(caller.id), answer_by, now_s).await?;
        }
        MoveOutcome::Proposed => {
            let deadline = answer_deadline(
                now,
                terms.deadline_hours,
                slot.start,
                facts.starts_at,
                authorised,
            );
            if deadline <= now {
                // No time left for the doctor to answer before the visit or the card lapses.
                return Err(refusal_error(RuleRefusal::TooLateToChange));
            }
            let proposal =
                proposals::insert(&mut tx, &row, slot, deadline, caller.id, now_s).await?;
            record_move(
                &mut tx,
                &row,
                EventKind::MoveProposed,
                Some(caller.id),
                proposal.times(),
                None,
                now_s,
            )
            .await?;
        }
    }
    settled(db, caller, tx, &row, now).await
}

/// The doctor (or the clinic's staff) accepts or refuses the new time the patient proposed.
/// Accepted, the visit moves to it and its old time frees; refused, the visit keeps its time.
pub async fn answer_proposal(
    db: &Db,
    caller: &Caller,
    id: i64,
    accept: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    // A reason is optional: a refused time is simply not free for the doctor.
    let reason = match reason.trim() {
        "" => None,
        _ => Some(trimmed_text(reason, 3, 500).map_err(|code| AppError::field("reason", code))?),
    };
    let now_s = now.timestamp();
    let mut tx = begin_write(db).await?;
    let row = fetch_locked(db, &mut tx, id).await?;
    if party_of(caller, &row)? != Party::Clinic {
        // The patient made the proposal; only the clinic answers it.
        return Err(AppError::Forbidden);
    }
    lock(db, &mut tx, Lock::Doctor(row.doctor_id)).await?;
    let Some(proposal) = proposals::take(&mut tx, row.id).await? else {
        return Err(AppError::Conflict(ConflictCode::NoProposal));
    };
    if proposal.expires_at <= now_s {
        // Late for the worker: it lapses now, and the answer is refused with why.
        lapsed(&mut tx, &row, &proposal, now_s).await?;
        free_slots::mark_changed(&mut tx, row.doctor()).await?;
        tx.commit().await?;
        return Err(refusal_error(RuleRefusal::RequestExpired));
    }
    if accept {
        move_time(
            &mut tx,
            &row,
            proposal.slot()?,
            Some(caller.id),
            None,
            now_s,
        )
        .await?;
    } else {
        record_move(
            &mut tx,
            &row,
            EventKind::MoveRefused,
            Some(caller.id),
            proposal.times(),
            reason.as_deref(),
            now_s,
        )
        .await?;
    }
    settled(db, caller, tx, &row, now).await
}

/// The proposal job: a proposed time nobody answered by its deadline is dropped, the visit
/// keeps its time and the patient is told. A job that finds the proposal answered, replaced
/// or not yet due does nothing.
pub async fn lapse_proposal(db: &Db, id: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    let now_s = now.timestamp();
    let mut tx = begin_write(db).await?;
    let row = match fetch_locked(db, &mut tx, id).await {
        Ok(row) => row,
        Err(AppError::NotFound) => return Ok(()),
        Err(other) => return Err(other),
    };
    if row.proposal_expires_at.is_none_or(|due| due > now_s) {
        return Ok(());
    }
    lock(db, &mut tx, Lock::Doctor(row.doctor_id)).await?;
    if let Some(proposal) = proposals::take(&mut tx, row.id).await? {
        lapsed(&mut tx, &row, &proposal, now_s).await?;
        free_slots::mark_changed(&mut tx, row.doctor()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Commits a move and answers the visit as it now stands, with its doctor's next free slot
/// refreshed (the old time may be free again).
async fn settled(
    db: &Db,
    caller: &Caller,
    mut tx: Tx,
    row: &AppointmentRow,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    free_slots::mark_changed(&mut tx, row.doctor()).await?;
    tx.commit()
        .await
        .map_err(AppError::conflict_on_unique(ConflictCode::SlotTaken))?;
    detail(db, caller, row.id, now).await
}

/// Records that nobody answered `proposal` in time (Salus lets it go; the patient is told).
async fn lapsed(
    tx: &mut Tx,
    row: &AppointmentRow,
    proposal: &proposals::Proposal,
    now: i64,
) -> Result<(), AppError> {
    record_move(
        tx,
        row,
        EventKind::MoveLapsed,
        None,
        proposal.times(),
        None,
        now,
    )
    .await
}

/// Changes the time of `row` to `slot` inside `tx`, with its event. A request moved by its
/// patient waits for the doctor until `answer_by`; a confirmed visit's reminder follows it.
async fn move_time(
    tx: &mut Tx,
    row: &AppointmentRow,
    slot: Interval,
    actor: Option<UserId>,
    answer_by: Option<DateTime<Utc>>,
    now: i64,
) -> Result<(), AppError> {
    appointments::set_time(tx, row.id, slot, answer_by, now).await?;
    if row.status()? == AppointmentStatus::Confirmed {
        notices::move_reminder(tx, row.id, slot.start.timestamp(), now).await?;
    }
    let times = MoveTimes {
        from: Some([row.starts_at, row.ends_at]),
        to: Some([slot.start.timestamp(), slot.end.timestamp()]),
        expires_at: None,
    };
    record_move(tx, row, EventKind::Moved, actor, times, None, now).await
}

/// When the card of an online payment was authorised, while the money is authorised and not
/// yet taken (the authorisation then ends about seven days later).
async fn authorised_at(tx: &mut Tx, appointment: i64) -> Result<Option<DateTime<Utc>>, AppError> {
    let at: Option<Option<i64>> = sqlx::query_scalar(
        "SELECT authorized_at FROM payments WHERE appointment_id = $1 AND status = 'authorized'",
    )
    .bind(appointment)
    .fetch_optional(&mut **tx)
    .await?;
    at.flatten().map(instant).transpose()
}
