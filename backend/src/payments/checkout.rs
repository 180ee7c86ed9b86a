//! The patient's side: the payment page's session, the card charged, and the result read
//! back from Stripe after 3-D Secure.

use super::gateway::{Gateway, GatewayError, Intent};
use super::settlement::reconcile;
use super::{gateway, of_appointment, stripe_failure, PaymentRow};
use crate::accounts::auth::{Caller, Rule};
use crate::appointments::{self, party_of};
use crate::db::Db;
use crate::AppState;
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::payment::PaymentStatus;
use shared::{AppointmentStatus, Party, PaymentMode, PaymentSession, Role};
use std::collections::BTreeMap;

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
