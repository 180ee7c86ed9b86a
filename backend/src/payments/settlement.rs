//! Applying what Stripe reports, and doing what each appointment's status asks of its
//! payment: capture, release, refund; webhooks and receipts.

use super::gateway::{GatewayError, Intent};
use super::lease;
use super::{gateway, of_appointment, of_intent, stripe_failure, PaymentRow, Tx, SELECT};
use crate::appointments::{self, record_change};
use crate::db::instant;
use crate::db::{begin_write, lock, Db, Lock};
use crate::jobs::{self, Task};
use crate::notify::letters;
use crate::scheduling::free_slots;
use crate::AppState;
use chrono::{DateTime, Utc};
use shared::appointment::request_deadline;
use shared::error::{AppError, ConflictCode};
use shared::payment::{advance, decide, refund_owed, MoneyStep, PaymentStatus};
use shared::reason::EndReason;
use shared::{AppointmentStatus, BookingMode, UserId};

/// Applies what Stripe reports about a payment's intent. The payment only moves forward; an
/// authorisation moves its held appointment on to `requested` (or `confirmed` for instant
/// booking). Anything Stripe must do next is queued for `settle`.
pub(crate) async fn reconcile(
    state: &AppState,
    payment: &PaymentRow,
    intent: &Intent,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let db = &state.db;
    let mut tx = begin_write(db).await?;
    lock(db, &mut tx, Lock::Appointment(payment.appointment_id)).await?;
    let current: PaymentRow = sqlx::query_as(&format!("{SELECT} WHERE p.id = $1"))
        .bind(payment.id)
        .fetch_one(&mut *tx)
        .await?;
    let Some(next) = advance(current.status()?, &intent.observed()) else {
        return Ok(());
    };
    sqlx::query(
        "UPDATE payments SET status = $1, amount_captured = $2, amount_refunded = $3, \
         last_error = CASE WHEN $4 THEN NULL ELSE last_error END, updated_at = $5, \
         authorized_at = CASE WHEN $4 THEN COALESCE(authorized_at, $5) ELSE authorized_at END \
         WHERE id = $6",
    )
    .bind(next.as_str())
    .bind(intent.amount_captured())
    .bind(intent.amount_refunded())
    .bind(next == PaymentStatus::Authorized)
    .bind(now.timestamp())
    .bind(payment.id)
    .execute(&mut *tx)
    .await?;
    if next == PaymentStatus::Authorized {
        authorised(db, &mut tx, payment.appointment_id, now).await?;
    }
    if next == PaymentStatus::Released {
        if let Some(doctor) = authorisation_ended(db, &mut tx, payment.appointment_id, now).await? {
            free_slots::mark_changed(&mut tx, doctor).await?;
        }
    }
    jobs::enqueue(
        &mut *tx,
        &Task::SettlePayment {
            appointment: payment.appointment_id,
        },
        now.timestamp(),
        None,
        now.timestamp(),
    )
    .await?;
    tx.commit().await?;
    if next == PaymentStatus::Captured {
        send_receipt(state, payment.appointment_id, now).await;
    }
    Ok(())
}

/// A held appointment whose card is authorised goes on to the doctor (or is confirmed).
async fn authorised(
    db: &Db,
    tx: &mut Tx,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = appointments::fetch_locked(db, tx, appointment).await?;
    if row.status()? != AppointmentStatus::Held {
        // Paid after the hold lapsed: `settle` gives the money back.
        return Ok(());
    }
    let (booking_mode, deadline_hours): (String, i64) = sqlx::query_as(
        "SELECT d.booking_mode, c.request_deadline_hours FROM doctors d \
         JOIN clinics c ON c.id = d.clinic_id WHERE d.user_id = $1",
    )
    .bind(row.doctor_id)
    .fetch_one(&mut **tx)
    .await?;
    let next = match BookingMode::parse(&booking_mode).unwrap_or_default() {
        BookingMode::Approval => AppointmentStatus::Requested,
        BookingMode::Instant => AppointmentStatus::Confirmed,
    };
    record_change(
        tx,
        &row,
        next,
        Some(UserId(row.patient_id)),
        None,
        now.timestamp(),
    )
    .await?;
    if next == AppointmentStatus::Requested {
        let deadline = request_deadline(now, deadline_hours, instant(row.starts_at)?);
        appointments::set_request_deadline(tx, row.id, deadline, now.timestamp()).await?;
    }
    Ok(())
}

/// An authorisation that ended outside Salus (it lapsed after about 7 days, or was cancelled
/// in Stripe's dashboard) leaves nothing to take: a request still waiting for the doctor
/// ends (its slot frees), and a visit confirmed before its capture is cancelled; patient and
/// doctor are told why. Salus's own releases come after the appointment ended, and change
/// nothing here.
async fn authorisation_ended(
    db: &Db,
    tx: &mut Tx,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<Option<UserId>, AppError> {
    let row = appointments::fetch_locked(db, tx, appointment).await?;
    let end = match row.status()? {
        AppointmentStatus::Requested => AppointmentStatus::Expired,
        AppointmentStatus::Confirmed => AppointmentStatus::Cancelled,
        _ => return Ok(None),
    };
    record_change(
        tx,
        &row,
        end,
        None,
        Some(EndReason::PaymentLapsed.as_str()),
        now.timestamp(),
    )
    .await?;
    Ok(Some(row.doctor()))
}

/// Carries out what `shared::payment::decide` says the appointment's state does with its
/// money: capture once the visit stands, release an authorisation when it will not take
/// place, refund the decided share of what was taken. Idempotent: run again, it does nothing.
/// One settlement of a payment runs at a time, across workers and instances: Stripe's
/// idempotency keys would stop a second refund, but a payment's safety should not rest on
/// the provider alone.
pub async fn settle(
    state: &AppState,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some((payment, _)) = online_payment(&state.db, appointment).await? else {
        return Ok(());
    };
    let Some(lease) = lease::take(&state.db, payment.id, now).await? else {
        // Another settlement is talking to Stripe. Deciding now would read the money as it
        // was before that settlement's refund: decide again once it is done.
        let again = Task::SettlePayment { appointment };
        let key = format!("settle-after-lease-{appointment}");
        let at = now.timestamp() + lease::SETTLE_AGAIN_AFTER_SECONDS;
        jobs::enqueue(&state.db.pool, &again, at, Some(&key), now.timestamp()).await?;
        return Ok(());
    };
    let settled = settle_holding_lease(state, appointment, now).await;
    lease::release(&state.db, payment.id, lease).await?;
    settled
}

/// An appointment's payment and its Stripe intent, when it is paid online and an intent
/// exists.
async fn online_payment(
    db: &Db,
    appointment: i64,
) -> Result<Option<(PaymentRow, String)>, AppError> {
    Ok(of_appointment(db, appointment)
        .await?
        .and_then(|payment| payment.intent_id.clone().map(|intent| (payment, intent))))
}

/// `settle`'s work once the lease is held: the payment is read again, as the settlement
/// before may have changed it.
async fn settle_holding_lease(
    state: &AppState,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some((payment, intent_id)) = online_payment(&state.db, appointment).await? else {
        return Ok(());
    };
    let Some(gateway) = state.settings.stripe.as_ref() else {
        return Err(AppError::Conflict(ConflictCode::PaymentsUnavailable));
    };
    let visit = appointments::fetch(&state.db, appointment).await?;
    let step = decide(visit.paid_visit(payment.status()?)?, &visit.policy());
    let result = match step {
        MoneyStep::Capture => gateway.capture(&intent_id).await,
        MoneyStep::Release => gateway.cancel(&intent_id).await,
        MoneyStep::Refund { percent } => {
            let owed = refund_owed(payment.amount_captured, payment.amount_refunded, percent);
            if owed == 0 {
                return Ok(());
            }
            match gateway
                .refund(&intent_id, owed, payment.amount_refunded)
                .await
            {
                Ok(_) => gateway.retrieve(&intent_id).await,
                Err(error) => Err(error),
            }
        }
        MoneyStep::Wait | MoneyStep::Keep | MoneyStep::Settled => return Ok(()),
    };
    let intent = match result {
        Ok(intent) => intent,
        // A state Stripe refuses to change (an intent cancelled meanwhile): read it again.
        Err(GatewayError::Refused { .. }) => {
            gateway.retrieve(&intent_id).await.map_err(stripe_failure)?
        }
        Err(other) => {
            return Err(AppError::Transport(other.to_string()));
        }
    };
    reconcile(state, &payment, &intent, now).await
}

/// Asks Stripe whether an online-paid request's card is still authorised, just before the
/// doctor accepts it, and applies the answer (an authorisation cancelled at Stripe ends the
/// request, see `reconcile`). Stripe out of reach is no reason to keep the doctor waiting:
/// what Salus knows stands, and the capture will ask again.
pub async fn recheck_before_accepting(state: &AppState, appointment: i64, now: DateTime<Utc>) {
    let Ok(Some(payment)) = of_appointment(&state.db, appointment).await else {
        return;
    };
    let (Some(intent_id), Some(gateway)) =
        (payment.intent_id.as_deref(), state.settings.stripe.as_ref())
    else {
        return;
    };
    if payment.status().ok() != Some(PaymentStatus::Authorized) {
        return;
    }
    let outcome = match gateway.retrieve(intent_id).await {
        Ok(intent) => reconcile(state, &payment, &intent, now).await,
        Err(error) => Err(AppError::Transport(error.to_string())),
    };
    if let Err(error) = outcome {
        tracing::warn!(%error, appointment, "could not ask Stripe before an acceptance");
    }
}

/// Before a hold lapses: if Stripe says the card was authorised meanwhile, the booking stays;
/// otherwise the intent is cancelled first, so nobody can pay for a slot that is let go.
/// Answers whether the hold may expire.
pub async fn before_hold_expires(
    state: &AppState,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(payment) = of_appointment(&state.db, appointment).await? else {
        return Ok(true);
    };
    let (Some(intent_id), Some(gateway)) =
        (payment.intent_id.clone(), state.settings.stripe.as_ref())
    else {
        return Ok(true);
    };
    let intent = gateway
        .retrieve(&intent_id)
        .await
        .map_err(|e| AppError::Transport(e.to_string()))?;
    if matches!(intent.status.as_str(), "requires_capture" | "succeeded") {
        reconcile(state, &payment, &intent, now).await?;
        return Ok(false);
    }
    let cancelled = match gateway.cancel(&intent_id).await {
        Ok(intent) => intent,
        Err(GatewayError::Refused { .. }) => gateway
            .retrieve(&intent_id)
            .await
            .map_err(|e| AppError::Transport(e.to_string()))?,
        Err(other) => return Err(AppError::Transport(other.to_string())),
    };
    if cancelled.status == "requires_capture" {
        // Paid in the very last second: keep the booking.
        reconcile(state, &payment, &cancelled, now).await?;
        return Ok(false);
    }
    reconcile(state, &payment, &cancelled, now).await?;
    Ok(true)
}

/// A webhook from Stripe: verified, recorded once, then the intent it names is read back from
/// Stripe (the event's own copy may be stale or out of order) and applied.
pub async fn webhook(
    state: &AppState,
    signature: &str,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let gateway = gateway(state)?;
    super::webhook::verify(
        signature,
        body,
        gateway.webhook_secret.expose(),
        now.timestamp(),
    )
    .map_err(|error| {
        tracing::warn!(%error, "refused a Stripe webhook");
        AppError::field("stripe-signature", shared::ValidationCode::InvalidSignature)
    })?;
    #[derive(serde::Deserialize)]
    struct Event {
        id: String,
        #[serde(rename = "type")]
        kind: String,
        data: EventData,
    }
    #[derive(serde::Deserialize)]
    struct EventData {
        object: EventObject,
    }
    #[derive(serde::Deserialize)]
    struct EventObject {
        id: String,
        #[serde(default)]
        payment_intent: Option<String>,
    }
    let event: Event = serde_json::from_slice(body)
        .map_err(|_| AppError::field("body", shared::ValidationCode::InvalidRequestBody))?;
    let fresh = sqlx::query("INSERT INTO stripe_events (event_id, kind, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .bind(&event.id)
        .bind(&event.kind)
        .bind(now.timestamp())
        .execute(&state.db.pool)
        .await?
        .rows_affected();
    if fresh == 0 {
        return Ok(());
    }
    let intent_id = match event.data.object.payment_intent {
        Some(id) => id,
        None if event.data.object.id.starts_with("pi_") => event.data.object.id,
        None => return Ok(()),
    };
    let handled = async {
        let Some(payment) = of_intent(&state.db, &intent_id).await? else {
            return Ok(());
        };
        let intent = gateway
            .retrieve(&intent_id)
            .await
            .map_err(|e| AppError::Transport(e.to_string()))?;
        reconcile(state, &payment, &intent, now).await?;
        settle(state, payment.appointment_id, now).await
    }
    .await;
    if handled.is_err() {
        // Let Stripe deliver it again.
        sqlx::query("DELETE FROM stripe_events WHERE event_id = $1")
            .bind(&event.id)
            .execute(&state.db.pool)
            .await?;
    }
    handled
}

/// Emails the receipt of a captured payment once.
async fn send_receipt(state: &AppState, appointment: i64, now: DateTime<Utc>) {
    let result = async {
        let marked = sqlx::query("UPDATE payments SET receipt_sent_at = $1 WHERE appointment_id = $2 AND receipt_sent_at IS NULL")
            .bind(now.timestamp())
            .bind(appointment)
            .execute(&state.db.pool)
            .await?
            .rows_affected();
        if marked == 0 {
            return Ok(());
        }
        let payment = of_appointment(&state.db, appointment).await?.ok_or(AppError::NotFound)?;
        let to = crate::accounts::users::recipient(&state.db, UserId(payment.patient_id)).await?;
        let link = state.settings.link(&format!("/appointments/{appointment}/receipt"));
        let payment = payment.into_payment()?;
        let text = letters::receipt(to.language, &to.first_name, &payment, &link);
        state.mail(&to.email, to.language, text).await
    }
    .await;
    if let Err(error) = result {
        tracing::error!(%error, appointment, "could not send the receipt");
    }
}
