//! Online payment of appointments, the caller's payments and a doctor's revenue.

use super::caller::ApiCaller;
use super::{Json, Query};
use crate::state::ServerState;
use app::AppError;
use axum::extract::{Path, State};
use backend::payments;
use serde::Deserialize;
use shared::{Payment, PaymentSession, Revenue};
use utoipa::{IntoParams, ToSchema};

/// Opens the payment of a held appointment (the patient's): creates its Stripe
/// PaymentIntent once (manual capture) and answers what Stripe.js needs.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/payment", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "The payment session", body = PaymentSession),
        (status = 404, description = "No such appointment of yours"),
        (status = 409, description = "Not paid online, the hold lapsed, or payment unavailable")))]
pub async fn open(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<PaymentSession>, AppError> {
    payments::session(&state.app, &caller, id, state.app.clock.now())
        .await
        .map(axum::Json)
}

/// The payment of an appointment, for its patient, doctor or clinic staff.
#[utoipa::path(get, path = "/api/v1/appointments/{id}/payment", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")),
    responses((status = 200, description = "The payment", body = Payment),
        (status = 404, description = "No payment, or no such appointment of yours")))]
pub async fn status(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
) -> Result<axum::Json<Payment>, AppError> {
    payments::of_visible_appointment(&state.app.db, &caller, id)
        .await?
        .map(axum::Json)
        .ok_or(AppError::NotFound)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CardBody {
    /// The id Stripe.js gave the card (`pm_…`, or a token's `card_…`).
    pub payment_method: String,
}

/// Pays with a card tokenised by Stripe.js. Answers the session: authorised, or still
/// requiring payment when the bank asks for 3-D Secure (finish it with Stripe.js's
/// `confirmCardPayment`, then `POST …/payment` again). A decline answers 402 with the reason.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/payment/card", tag = "payments", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Appointment id")), request_body = CardBody,
    responses((status = 200, description = "The payment session", body = PaymentSession),
        (status = 402, description = "The card was declined"),
        (status = 409, description = "The hold lapsed, or payment unavailable")))]
pub async fn pay(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<CardBody>,
) -> Result<axum::Json<PaymentSession>, AppError> {
    payments::pay(
        &state.app,
        &caller,
        id,
        &body.payment_method,
        state.app.clock.now(),
    )
    .await
    .map(axum::Json)
}

/// The caller's payments, newest first (patients): authorised, paid, refunded, released,
/// failed.
#[utoipa::path(get, path = "/api/v1/me/payments", tag = "payments", security(("bearer" = [])),
    responses((status = 200, description = "Payments", body = [Payment])))]
pub async fn mine(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<Vec<Payment>>, AppError> {
    payments::history(&state.app.db, &caller)
        .await
        .map(axum::Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevenueRequest {
    /// `day`, `week` (default) or `month`.
    #[serde(default)]
    pub period: Option<String>,
}

/// The signed-in doctor's revenue per day, week or month, net of refunds.
#[utoipa::path(get, path = "/api/v1/me/revenue", tag = "payments", security(("bearer" = [])),
    params(RevenueRequest),
    responses((status = 200, description = "Revenue", body = Revenue),
        (status = 403, description = "Not a doctor")))]
pub async fn revenue(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Query(request): Query<RevenueRequest>,
) -> Result<axum::Json<Revenue>, AppError> {
    payments::revenue(
        &state.app.db,
        &caller,
        request.period.as_deref().unwrap_or_default(),
    )
    .await
    .map(axum::Json)
}
