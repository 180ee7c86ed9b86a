//! Webhooks from Stripe. Not part of the public API: Stripe alone calls it, and a delivery is
//! believed only when its signature, made with our webhook secret over the raw body, matches.

use crate::state::ServerState;
use app::AppError;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

/// 200 once the event is handled (or was already); 400 for a bad signature or body, with
/// nothing changed; another error status when Stripe should deliver it again later.
pub async fn stripe(State(state): State<ServerState>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    match backend::payments::webhook(&state.app, signature, &body, state.app.clock.now()).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(error @ AppError::Validation(_)) => {
            (StatusCode::BAD_REQUEST, axum::Json(error)).into_response()
        }
        Err(other) => other.into_response(),
    }
}
