//! A payment as its readers see it: the money in the clinic's time, and the sentence about it
//! (`payment_note`). Built from `payment` and `payment_note`, which never need it (no cycle).

use crate::money::Money;
use crate::payment::PaymentStatus;
use crate::payment_note::PaymentNote;
use crate::time::LocalTime;
use serde::{Deserialize, Serialize};

/// A payment as the patient, the doctor and the clinic see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Payment {
    pub id: i64,
    /// The number on the receipt ("2026-000042").
    pub receipt_number: String,
    /// What the patient is told about this money now.
    pub note: PaymentNote,
    pub appointment_id: i64,
    pub status: PaymentStatus,
    /// The price agreed at booking.
    pub amount: Money,
    pub captured: Money,
    pub refunded: Money,
    /// Why the last card attempt was declined, as the card's bank put it.
    pub last_error: Option<String>,
    pub doctor_name: String,
    pub clinic_name: String,
    /// The visit's start, in the clinic's zone.
    pub visit: LocalTime,
    pub created_at: LocalTime,
    pub updated_at: LocalTime,
}

/// What the payment page needs to show the card form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentSession {
    pub payment: Payment,
    /// For Stripe.js's `confirmCardPayment`; empty once the card is authorised.
    pub client_secret: String,
    pub publishable_key: String,
    /// Where Stripe.js is loaded from.
    pub stripe_js_url: String,
}
