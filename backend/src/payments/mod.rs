//! Paying online: a PaymentIntent with manual capture is authorised when the patient books,
//! captured when the doctor confirms, released when the booking ends unpaid-for (refused,
//! expired, cancelled before capture), refunded by policy after capture.
//!
//! Salus trusts Stripe, not the browser: every change is read back from Stripe and applied
//! with `reconcile`, which only moves a payment forward (deliveries come twice and out of
//! order). What Stripe must do next (capture, release, refund) is decided by `settle` from
//! the appointment's status and the payment's: it is idempotent, queued as a job with every
//! change of an online-paid appointment, and run again by webhooks.

mod checkout;
pub mod gateway;
mod lease;
mod reports;
mod settlement;
pub mod webhook;

pub use checkout::{pay, refresh, session};
pub use reports::{history, of_visible_appointment, revenue};
pub use settlement::{before_hold_expires, recheck_before_accepting, settle, webhook};

use crate::db::instant;
use crate::db::Db;
use crate::AppState;
use chrono::Datelike;
use gateway::{Gateway, GatewayError};
use shared::error::{AppError, ConflictCode};
use shared::payment::{decide, PaymentStatus};
use shared::payment_note::{payment_note, receipt_number, PaymentNote};
use shared::{
    AppointmentStatus, BookingMode, CancellationPolicy, Currency, EndedBy, LocalTime, Money,
    Payment,
};

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
    pub last_error: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub doctor_first: String,
    pub doctor_last: String,
    pub clinic_name: String,
    pub time_zone: String,
    pub starts_at: i64,
    /// The appointment, as the note about the money needs it (`shared::payment_note`).
    pub appointment_status: String,
    pub booking_mode: String,
    pub ended_by: Option<String>,
    pub ended_inside_window: i64,
    pub cancellation_notice_hours: i64,
    pub late_cancellation_refund_percent: i64,
}

const SELECT: &str = "SELECT p.id, p.appointment_id, p.patient_id, p.intent_id, p.amount_minor, \
    p.currency, p.status, p.amount_captured, p.amount_refunded, \
    p.last_error, p.created_at, p.updated_at, du.first_name AS doctor_first, \
    du.last_name AS doctor_last, c.name AS clinic_name, c.time_zone, a.starts_at, \
    a.status AS appointment_status, d.booking_mode, a.ended_by, a.ended_inside_window, \
    c.cancellation_notice_hours, c.late_cancellation_refund_percent \
    FROM payments p JOIN appointments a ON a.id = p.appointment_id \
    JOIN users du ON du.id = a.doctor_id JOIN doctors d ON d.user_id = a.doctor_id \
    JOIN clinics c ON c.id = p.clinic_id";

impl PaymentRow {
    pub fn status(&self) -> Result<PaymentStatus, AppError> {
        PaymentStatus::parse(&self.status).ok_or(AppError::Internal)
    }

    /// What the patient is told about this money now: the rule's note, from what the money
    /// rule decides for the appointment as it stands.
    fn note(&self) -> Result<PaymentNote, AppError> {
        let status =
            AppointmentStatus::parse(&self.appointment_status).map_err(|_| AppError::Internal)?;
        let visit = shared::payment::PaidVisit {
            status,
            ended_by: self.ended_by.as_deref().and_then(EndedBy::parse),
            inside_window: self.ended_inside_window != 0,
            payment: self.status()?,
        };
        let policy = CancellationPolicy {
            notice_hours: self.cancellation_notice_hours,
            late_refund_percent: self.late_cancellation_refund_percent,
        };
        Ok(payment_note(
            BookingMode::parse(&self.booking_mode).unwrap_or_default(),
            status,
            visit.payment,
            decide(visit, &policy),
        ))
    }

    pub fn into_payment(self) -> Result<Payment, AppError> {
        let zone: chrono_tz::Tz = self.time_zone.parse().map_err(|_| AppError::Internal)?;
        let currency = Currency::parse(&self.currency).map_err(|_| AppError::Internal)?;
        let note = self.note()?;
        let created = instant(self.created_at)?;
        Ok(Payment {
            note,
            receipt_number: receipt_number(created.with_timezone(&zone).year(), self.id),
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
