//! Paying online: a PaymentIntent with manual capture is authorised when the patient books,
//! captured when the doctor confirms, released when the booking ends unpaid-for (refused,
//! expired, cancelled before capture), refunded by policy after capture.
//!
//! Salus trusts Stripe, not the browser: every change is read back from Stripe and applied
//! with `reconcile`, which only moves a payment forward (deliveries come twice and out of
//! order). What Stripe must do next (capture, release, refund) is decided by `settle` from
//! the appointment's status and the payment's: it is idempotent, queued as a job with every
//! change of an online-paid appointment, and run again by webhooks.

pub mod gateway;
pub mod webhook;

use super::appointments::{self, instant, party_of, record_change};
use super::auth::{Caller, Rule};
use super::db::{begin_write, lock, Db, Lock};
use super::jobs::{self, Task};
use super::{letters, AppState};
use crate::error::{AppError, ConflictCode};
use chrono::{DateTime, Utc};
use gateway::{Gateway, GatewayError, Intent};
use shared::appointment::request_deadline;
use shared::payment::{advance, PaymentStatus};
use shared::{
    AppointmentStatus, BookingMode, Currency, LocalTime, Money, Party, Payment, PaymentMode,
    PaymentSession, Role, UserId,
};
use std::collections::BTreeMap;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

#[derive(sqlx::FromRow, Debug, Clone)]
pub(crate) struct PaymentRow {
    pub id: i64,
    pub appointment_id: i64,
    pub patient_id: i64,
    pub intent_id: Option<String>,
    pub amount_minor: i64,
    pub currency: String,
    pub status: String,
    pub amount_captured: i64,
    pub amount_refunded: i64,
    pub refund_due_minor: i64,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub doctor_first: String,
    pub doctor_last: String,
    pub clinic_name: String,
    pub time_zone: String,
    pub starts_at: i64,
}

const SELECT: &str = "SELECT p.id, p.appointment_id, p.patient_id, p.intent_id, p.amount_minor, \
    p.currency, p.status, p.amount_captured, p.amount_refunded, p.refund_due_minor, \
    p.last_error, p.created_at, p.updated_at, du.first_name AS doctor_first, \
    du.last_name AS doctor_last, c.name AS clinic_name, c.time_zone, a.starts_at \
    FROM payments p JOIN appointments a ON a.id = p.appointment_id \
    JOIN users du ON du.id = a.doctor_id JOIN clinics c ON c.id = p.clinic_id";

impl PaymentRow {
    pub fn status(&self) -> Result<PaymentStatus, AppError> {
        PaymentStatus::parse(&self.status).ok_or(AppError::Internal)
    }

    pub fn into_payment(self) -> Result<Payment, AppError> {
        let zone: chrono_tz::Tz = self.time_zone.parse().map_err(|_| AppError::Internal)?;
        let currency = Currency::parse(&self.currency).map_err(|_| AppError::Internal)?;
        Ok(Payment {
            id: self.id,
            appointment_id: self.appointment_id,
            status: self.status()?,
            amount: Money::new(self.amount_minor, currency),
            captured: Money::new(self.amount_captured, currency),
            refunded: Money::new(self.amount_refunded, currency),
            last_error: self.last_error,
            doctor_name: format!("{} {}", self.doctor_first, self.doctor_last)
                .trim()
                .to_owned(),
            clinic_name: self.clinic_name,
            visit: LocalTime::new(instant(self.starts_at)?, zone),
            created_at: LocalTime::new(instant(self.created_at)?, zone),
            updated_at: LocalTime::new(instant(self.updated_at)?, zone),
        })
    }
}

pub(crate) async fn of_appointment(
    db: &Db,
    appointment: i64,
) -> Result<Option<PaymentRow>, AppError> {
    Ok(
        sqlx::query_as(&format!("{SELECT} WHERE p.appointment_id = $1"))
            .bind(appointment)
            .fetch_optional(&db.pool)
            .await?,
    )
}

async fn of_intent(db: &Db, intent: &str) -> Result<Option<PaymentRow>, AppError> {
    Ok(sqlx::query_as(&format!("{SELECT} WHERE p.intent_id = $1"))
        .bind(intent)
        .fetch_optional(&db.pool)
        .await?)
}

fn gateway(state: &AppState) -> Result<&Gateway, AppError> {
    state
        .settings
        .stripe
        .as_ref()
        .ok_or(AppError::Conflict(ConflictCode::PaymentsUnavailable))
}

fn stripe_failure(error: GatewayError) -> AppError {
    match error {
        GatewayError::Declined { code, message } => AppError::PaymentDeclined { code, message },
        other => {
            tracing::error!(error = %other, "Stripe call failed");
            AppError::Conflict(ConflictCode::PaymentsUnavailable)
        }
    }
}

/// The appointment a patient pays for, checked: theirs, and paid online.
async fn payable(
    db: &Db,
    caller: &Caller,
    appointment: i64,
) -> Result<appointments::AppointmentRow, AppError> {
    caller.require(Rule::Role(&[Role::Patient]))?;
    let row = appointments::fetch(db, appointment).await?;
    if party_of(caller, &row)? != Party::Patient {
        return Err(AppError::NotFound);
    }
    if PaymentMode::parse(&row.payment_mode) != Ok(PaymentMode::Online) || row.price_minor.is_none()
    {
        return Err(AppError::Conflict(ConflictCode::NothingToPay));
    }
    Ok(row)
}

/// The payment page's session: the payment (created with its PaymentIntent on first visit)
/// and what Stripe.js needs.
pub async fn session(
    state: &AppState,
    caller: &Caller,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<PaymentSession, AppError> {
    let gateway = gateway(state)?;
    let row = payable(&state.db, caller, appointment).await?;
    let payment = match of_appointment(&state.db, appointment).await? {
        Some(payment) => payment,
        None => {
            if row.status()? != AppointmentStatus::Held {
                return Err(AppError::Conflict(ConflictCode::HoldExpired));
            }
            create(state, gateway, &row, now).await?
        }
    };
    let intent = match &payment.intent_id {
        Some(id) => Some(gateway.retrieve(id).await.map_err(stripe_failure)?),
        None => None,
    };
    if let Some(intent) = &intent {
        reconcile(state, &payment, intent, now).await?;
    }
    session_of(state, gateway, appointment, intent.as_ref()).await
}

async fn session_of(
    state: &AppState,
    gateway: &Gateway,
    appointment: i64,
    intent: Option<&Intent>,
) -> Result<PaymentSession, AppError> {
    let payment = of_appointment(&state.db, appointment)
        .await?
        .ok_or(AppError::NotFound)?;
    let open = payment.status()? == PaymentStatus::RequiresPayment;
    Ok(PaymentSession {
        payment: payment.into_payment()?,
        client_secret: intent
            .filter(|_| open)
            .and_then(|i| i.client_secret.clone())
            .unwrap_or_default(),
        publishable_key: gateway.publishable_key.clone(),
        stripe_js_url: gateway.js_url.clone(),
    })
}

/// Stores the payment and creates its PaymentIntent (once: the key is the appointment's).
async fn create(
    state: &AppState,
    gateway: &Gateway,
    row: &appointments::AppointmentRow,
    now: DateTime<Utc>,
) -> Result<PaymentRow, AppError> {
    let amount = row
        .price_minor
        .ok_or(AppError::Conflict(ConflictCode::NothingToPay))?;
    let metadata = BTreeMap::from([
        ("appointment_id", row.id.to_string()),
        ("clinic_id", row.clinic_id.to_string()),
        ("patient_id", row.patient_id.to_string()),
    ]);
    let description = format!("Salus appointment {} — {}", row.id, row.clinic_name);
    let intent = gateway
        .create_intent(
            amount,
            &row.currency,
            &description,
            metadata,
            format!("salus-appointment-{}-intent", row.id),
        )
        .await
        .map_err(stripe_failure)?;
    sqlx::query(
        "INSERT INTO payments (appointment_id, clinic_id, patient_id, intent_id, amount_minor, \
         currency, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT DO NOTHING",
    )
    .bind(row.id)
    .bind(row.clinic_id)
    .bind(row.patient_id)
    .bind(&intent.id)
    .bind(amount)
    .bind(&row.currency)
    .bind(now.timestamp())
    .execute(&state.db.pool)
    .await?;
    of_appointment(&state.db, row.id)
        .await?
        .ok_or(AppError::Internal)
}

/// The patient's browser tokenised a card: Stripe authorises it (or asks for 3-D Secure, or
/// declines it; the decline is recorded and shown, and the patient may try again while the
/// slot is held).
pub async fn pay(
    state: &AppState,
    caller: &Caller,
    appointment: i64,
    payment_method: &str,
    now: DateTime<Utc>,
) -> Result<PaymentSession, AppError> {
    let gateway = gateway(state)?;
    let row = payable(&state.db, caller, appointment).await?;
    let method = payment_method.trim();
    if method.is_empty()
        || method.len() > 200
        || !method
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(AppError::field(
            "payment_method",
            shared::ValidationCode::NotAChoice,
        ));
    }
    if row.status()? != AppointmentStatus::Held
        || row.hold_expires_at.is_some_and(|t| t <= now.timestamp())
    {
        return Err(AppError::Conflict(ConflictCode::HoldExpired));
    }
    let payment = of_appointment(&state.db, appointment)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut intent_id = payment.intent_id.clone().ok_or(AppError::Internal)?;
    let attempt: i64 = sqlx::query_scalar(
        "UPDATE payments SET attempts = attempts + 1, updated_at = $1 WHERE id = $2 RETURNING attempts",
    )
    .bind(now.timestamp())
    .bind(payment.id)
    .fetch_one(&state.db.pool)
    .await?;
    if payment.last_error.is_some() {
        // After a decline, a new card gets a new PaymentIntent (the declined one keeps its
        // failed charge); the old one is cancelled so it can never be paid.
        intent_id =
            replace_intent(state, gateway, &row, &payment, &intent_id, attempt, now).await?;
    }
    let outcome = gateway.pay_with(&intent_id, method, attempt).await;
    let intent = match outcome {
        Ok(intent) => intent,
        Err(GatewayError::Declined { code, message }) => {
            record_error(&state.db, payment.id, &message, now).await?;
            return Err(AppError::PaymentDeclined { code, message });
        }
        Err(other) => return Err(stripe_failure(other)),
    };
    if let Some(error) = intent
        .last_payment_error
        .as_ref()
        .filter(|_| intent.status == "requires_payment_method")
    {
        let message = error.message.clone().unwrap_or_default();
        record_error(&state.db, payment.id, &message, now).await?;
        return Err(AppError::PaymentDeclined {
            code: error.code.clone().unwrap_or_default(),
            message,
        });
    }
    reconcile(state, &payment, &intent, now).await?;
    session_of(state, gateway, appointment, Some(&intent)).await
}

async fn replace_intent(
    state: &AppState,
    gateway: &Gateway,
    row: &appointments::AppointmentRow,
    payment: &PaymentRow,
    old: &str,
    attempt: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if let Err(error) = gateway.cancel(old).await {
        tracing::warn!(%error, intent = old, "could not cancel a declined PaymentIntent");
    }
    let metadata = BTreeMap::from([
        ("appointment_id", row.id.to_string()),
        ("clinic_id", row.clinic_id.to_string()),
        ("patient_id", row.patient_id.to_string()),
    ]);
    let description = format!("Salus appointment {} — {}", row.id, row.clinic_name);
    let key = format!("salus-appointment-{}-intent-{attempt}", row.id);
    let intent = gateway
        .create_intent(
            payment.amount_minor,
            &payment.currency,
            &description,
            metadata,
            key,
        )
        .await
        .map_err(stripe_failure)?;
    sqlx::query(
        "UPDATE payments SET intent_id = $1, last_error = NULL, updated_at = $2 WHERE id = $3",
    )
    .bind(&intent.id)
    .bind(now.timestamp())
    .bind(payment.id)
    .execute(&state.db.pool)
    .await?;
    Ok(intent.id)
}

async fn record_error(
    db: &Db,
    payment: i64,
    message: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query("UPDATE payments SET last_error = $1, updated_at = $2 WHERE id = $3")
        .bind(message.chars().take(300).collect::<String>())
        .bind(now.timestamp())
        .bind(payment)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// After Stripe.js finished in the browser (3-D Secure): read the truth back from Stripe.
pub async fn refresh(
    state: &AppState,
    caller: &Caller,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<PaymentSession, AppError> {
    session(state, caller, appointment, now).await
}

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
         last_error = CASE WHEN $4 THEN NULL ELSE last_error END, updated_at = $5 WHERE id = $6",
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
        sqlx::query("UPDATE appointments SET request_expires_at = $1 WHERE id = $2")
            .bind(deadline.timestamp())
            .bind(row.id)
            .execute(&mut **tx)
            .await?;
        jobs::enqueue(
            &mut **tx,
            &Task::ExpireRequest {
                appointment: row.id,
            },
            deadline.timestamp(),
            None,
            now.timestamp(),
        )
        .await?;
    }
    Ok(())
}

/// Does what the appointment's status asks of its payment: capture once confirmed, release
/// an authorisation when the booking ended, refund what a cancellation decided. Idempotent.
pub async fn settle(
    state: &AppState,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let Some(payment) = of_appointment(&state.db, appointment).await? else {
        return Ok(());
    };
    let Some(intent_id) = payment.intent_id.clone() else {
        return Ok(());
    };
    let Some(gateway) = state.settings.stripe.as_ref() else {
        return Err(AppError::Conflict(ConflictCode::PaymentsUnavailable));
    };
    let status: String = sqlx::query_scalar("SELECT status FROM appointments WHERE id = $1")
        .bind(appointment)
        .fetch_one(&state.db.pool)
        .await?;
    let visit = AppointmentStatus::parse(&status).map_err(|_| AppError::Internal)?;
    let paid = payment.status()?;
    let result = match (visit, paid) {
        (
            AppointmentStatus::Confirmed | AppointmentStatus::Completed | AppointmentStatus::NoShow,
            PaymentStatus::Authorized,
        ) => Some(gateway.capture(&intent_id).await),
        (
            AppointmentStatus::Cancelled | AppointmentStatus::Refused | AppointmentStatus::Expired,
            PaymentStatus::RequiresPayment | PaymentStatus::Authorized,
        ) => Some(gateway.cancel(&intent_id).await),
        (_, PaymentStatus::Captured | PaymentStatus::PartiallyRefunded)
            if payment.refund_due_minor > payment.amount_refunded =>
        {
            let amount = payment.refund_due_minor - payment.amount_refunded;
            match gateway
                .refund(&intent_id, amount, payment.amount_refunded)
                .await
            {
                Ok(_) => Some(gateway.retrieve(&intent_id).await),
                Err(error) => Some(Err(error)),
            }
        }
        _ => None,
    };
    let intent = match result {
        None => return Ok(()),
        Some(Ok(intent)) => intent,
        // A state Stripe refuses to change (an intent cancelled meanwhile): read it again.
        Some(Err(GatewayError::Refused { .. })) => {
            gateway.retrieve(&intent_id).await.map_err(stripe_failure)?
        }
        Some(Err(other)) => {
            return Err(AppError::Transport(other.to_string()));
        }
    };
    reconcile(state, &payment, &intent, now).await
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

/// Records, inside a cancellation's transaction, how much of a captured payment goes back:
/// all of it when the clinic cancels or the patient cancels in time, the policy's share for a
/// late cancellation by the patient.
pub(crate) async fn decide_refund(
    tx: &mut Tx,
    appointment: &appointments::AppointmentRow,
    party: Party,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let percent = appointment
        .policy()
        .refund_percent(party, instant(appointment.starts_at)?, now);
    sqlx::query(
        "UPDATE payments SET refund_due_minor = amount_captured * $1 / 100, updated_at = $2 \
         WHERE appointment_id = $3 AND status IN ('captured', 'partially_refunded')",
    )
    .bind(percent)
    .bind(now.timestamp())
    .bind(appointment.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
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
    webhook::verify(
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
        let to = super::users::recipient(&state.db, UserId(payment.patient_id)).await?;
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

/// The caller's payments, newest first (patients).
pub async fn history(db: &Db, caller: &Caller) -> Result<Vec<Payment>, AppError> {
    caller.require(Rule::Role(&[Role::Patient]))?;
    let rows: Vec<PaymentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE p.patient_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 200"
    ))
    .bind(caller.id.0)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(PaymentRow::into_payment).collect()
}

/// The payment of one appointment, for whoever may see the appointment.
pub async fn of_visible_appointment(
    db: &Db,
    caller: &Caller,
    appointment: i64,
) -> Result<Option<Payment>, AppError> {
    let row = appointments::fetch(db, appointment).await?;
    party_of(caller, &row)?;
    of_appointment(db, appointment)
        .await?
        .map(PaymentRow::into_payment)
        .transpose()
}

/// A doctor's money per day, week or month (by the visit's local date), net of refunds.
pub async fn revenue(db: &Db, caller: &Caller, period: &str) -> Result<shared::Revenue, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let period =
        shared::RevenuePeriod::parse(period).map_err(|code| AppError::field("period", code))?;
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.starts_at, c.time_zone, p.currency, p.amount_captured, p.amount_refunded \
         FROM payments p JOIN appointments a ON a.id = p.appointment_id \
         JOIN clinics c ON c.id = p.clinic_id \
         WHERE a.doctor_id = $1 AND p.amount_captured > 0 ORDER BY a.starts_at DESC LIMIT 5000",
    )
    .bind(caller.id.0)
    .fetch_all(&db.pool)
    .await?;
    let mut by_currency: BTreeMap<String, Vec<(chrono::NaiveDate, i64, i64)>> = BTreeMap::new();
    for (starts_at, zone, currency, captured, refunded) in rows {
        let zone: chrono_tz::Tz = zone.parse().map_err(|_| AppError::Internal)?;
        let date = instant(starts_at)?.with_timezone(&zone).date_naive();
        by_currency
            .entry(currency)
            .or_default()
            .push((date, captured, refunded));
    }
    let mut result = shared::Revenue {
        period,
        rows: Vec::new(),
        total_net: Vec::new(),
    };
    for (code, payments) in by_currency {
        let currency = Currency::parse(&code).map_err(|_| AppError::Internal)?;
        let rows = shared::payment::revenue_rows(period, currency, &payments);
        let net: i64 = rows.iter().map(|r| r.net.minor).sum();
        result.total_net.push(Money::new(net, currency));
        result.rows.extend(rows);
    }
    Ok(result)
}
