//! Changing an appointment's status, for whoever may: accept, refuse, cancel, complete or
//! mark missed. The rule is `shared::appointment::check_change`; the write is the
//! appointment domain's `record_change`; Stripe is asked first before a paid request is
//! accepted, and the doctor's next free time is refreshed after a visit is given up.

use crate::accounts::auth::Caller;
use crate::appointments::{
    detail, fetch_locked, parse_reason, party_of, record_change, refusal_error, Tx,
};
use crate::db::begin_write;
use crate::scheduling::free_slots;
use crate::{payments, AppState};
use chrono::{DateTime, Utc};
use shared::appointment::check_change;
use shared::error::{AppError, ConflictCode};
use shared::reason::EndReason;
use shared::{
    AppointmentDetail, AppointmentStatus, Change, PaymentMode, RuleRefusal, ValidationCode,
};

/// Accepts, refuses, cancels, completes or marks a no-show, for whoever may: the one place
/// every entry point changes an appointment's status.
pub async fn change(
    state: &AppState,
    caller: &Caller,
    id: i64,
    change: Change,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    let db = &state.db;
    if change == Change::Accept {
        // Stripe first: an authorisation cancelled there must not become a confirmed visit.
        payments::recheck_before_accepting(state, id, now).await;
    }
    let mut tx = begin_write(db).await?;
    let row = fetch_locked(db, &mut tx, id).await?;
    let party = party_of(caller, &row)?;
    let reason = parse_reason(change, party, reason)?;
    if change == Change::Accept && row.payment_mode == PaymentMode::Online.as_str() {
        if row.status_reason.as_deref() == Some(EndReason::PaymentLapsed.as_str()) {
            return Err(AppError::Conflict(ConflictCode::PaymentLapsed));
        }
        if !payment_authorised(&mut tx, id).await? && row.status()? == AppointmentStatus::Requested
        {
            // Nothing left to take: the request ends, and both sides are told why.
            record_change(
                &mut tx,
                &row,
                AppointmentStatus::Expired,
                None,
                Some(EndReason::PaymentLapsed.as_str()),
                now.timestamp(),
            )
            .await?;
            free_slots::mark_changed(&mut tx, row.doctor()).await?;
            tx.commit().await?;
            return Err(AppError::Conflict(ConflictCode::PaymentLapsed));
        }
    }
    let facts = row.facts()?;
    let target = match check_change(&facts, change, party, &row.policy(), now) {
        Ok(target) => target,
        Err(RuleRefusal::RequestExpired) => {
            // Late for the worker: expire it now, and say why the answer came too late.
            record_change(
                &mut tx,
                &row,
                AppointmentStatus::Expired,
                None,
                Some(EndReason::RequestUnanswered.as_str()),
                now.timestamp(),
            )
            .await?;
            free_slots::mark_changed(&mut tx, row.doctor()).await?;
            tx.commit().await?;
            return Err(refusal_error(RuleRefusal::RequestExpired));
        }
        Err(refusal) => return Err(refusal_error(refusal)),
    };
    record_change(
        &mut tx,
        &row,
        target,
        Some(caller.id),
        reason.as_deref(),
        now.timestamp(),
    )
    .await?;
    if !target.is_active() {
        free_slots::mark_changed(&mut tx, row.doctor()).await?;
    }
    tx.commit().await?;
    detail(db, caller, id, now).await
}

/// Whether the online payment of an appointment holds money to take (authorised or taken).
async fn payment_authorised(tx: &mut Tx, appointment: i64) -> Result<bool, AppError> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM payments WHERE appointment_id = $1")
            .bind(appointment)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(matches!(
        status.as_deref().and_then(shared::PaymentStatus::parse),
        Some(shared::PaymentStatus::Authorized | shared::PaymentStatus::Captured)
    ))
}

/// Cancels several appointments with one reason; answers how many were cancelled. Each goes
/// through the same rules as a single cancellation.
pub async fn cancel_many(
    state: &AppState,
    caller: &Caller,
    ids: &[i64],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    if ids.len() > 200 {
        return Err(AppError::field("ids", ValidationCode::TooMany { max: 200 }));
    }
    let mut cancelled = 0;
    for id in ids {
        change(state, caller, *id, Change::Cancel, reason, now).await?;
        cancelled += 1;
    }
    Ok(cancelled)
}
