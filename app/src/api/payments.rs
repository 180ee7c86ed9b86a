//! Paying for an appointment online, receipts, the patient's payments and the doctor's revenue.

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use shared::{Payment, PaymentSession, Revenue};

#[cfg(feature = "ssr")]
use crate::api::request::{answer, signed_in};
#[cfg(feature = "ssr")]
use crate::backend::payments;

/// Opens the payment of a held appointment (its PaymentIntent is created on the first call).
#[server(endpoint = "payments/session")]
pub async fn open_payment(appointment: i64) -> Result<PaymentSession, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        payments::session(&state, &caller, appointment, state.clock.now()).await
    })
    .await
}

/// Pays with the card Stripe.js tokenised in the browser (`payment_method`: its id).
#[server(endpoint = "payments/pay")]
pub async fn pay_appointment(
    appointment: i64,
    payment_method: String,
) -> Result<PaymentSession, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        payments::pay(
            &state,
            &caller,
            appointment,
            &payment_method,
            state.clock.now(),
        )
        .await
    })
    .await
}

/// Reads the payment back from Stripe after the browser's 3-D Secure step.
#[server(endpoint = "payments/refresh")]
pub async fn refresh_payment(appointment: i64) -> Result<PaymentSession, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        payments::refresh(&state, &caller, appointment, state.clock.now()).await
    })
    .await
}

/// The payment of an appointment, if it has one.
#[server(endpoint = "payments/of_appointment", input = GetUrl)]
pub async fn appointment_payment(appointment: i64) -> Result<Option<Payment>, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        payments::of_visible_appointment(&state.db, &caller, appointment).await
    })
    .await
}

#[server(endpoint = "payments/mine", input = GetUrl)]
pub async fn my_payments() -> Result<Vec<Payment>, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        payments::history(&state.db, &caller).await
    })
    .await
}

/// `period`: `day`, `week` or `month`.
#[server(endpoint = "payments/revenue", input = GetUrl)]
pub async fn my_revenue(period: String) -> Result<Revenue, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        payments::revenue(&state.db, &caller, &period).await
    })
    .await
}
