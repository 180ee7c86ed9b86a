//! `/api/v1/me*`: the caller's own account.

use super::caller::ApiCaller;
use super::Json;
use crate::state::ServerState;
use app::AppError;
use axum::body::Bytes;
use axum::extract::State;
use backend::accounts::sessions::{Audience, API_TOKEN_LIFETIME_SECONDS};
use backend::{accounts::sign_in, accounts::users, profiles};
use shared::forms::{ChangePasswordForm, ProfileForm};
use shared::Me;

/// The caller's account and profile.
#[utoipa::path(get, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    responses((status = 200, description = "The account", body = Me),
        (status = 401, description = "No valid bearer token")))]
pub async fn me(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<axum::Json<Me>, AppError> {
    users::me(&state.app.db, caller.id).await.map(axum::Json)
}

/// Updates the profile. Patients must give a phone number and birth date.
#[utoipa::path(put, path = "/api/v1/me", tag = "account", security(("bearer" = [])),
    request_body = ProfileForm,
    responses((status = 200, description = "The updated account", body = Me),
        (status = 422, description = "Refused fields")))]
pub async fn update_me(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<ProfileForm>,
) -> Result<axum::Json<Me>, AppError> {
    let profile = form.parse(caller.role, state.app.clock.now().date_naive())?;
    profiles::update_profile(&state.app, &caller, &profile)
        .await
        .map(axum::Json)
}

/// Changes the password (the current one is required). Every other token is revoked; the
/// answer carries a new token for this client.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "account", security(("bearer" = [])),
    request_body = ChangePasswordForm,
    responses((status = 200, description = "Changed; a fresh token", body = super::auth::TokenResponse),
        (status = 422, description = "Wrong current password or weak new one")))]
pub async fn change_password(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    Json(form): Json<ChangePasswordForm>,
) -> Result<axum::Json<super::auth::TokenResponse>, AppError> {
    let session = sign_in::change_password(&state.app, &caller, form, Audience::Api).await?;
    Ok(axum::Json(super::auth::TokenResponse {
        access_token: session.token,
        token_type: "Bearer",
        expires_in: API_TOKEN_LIFETIME_SECONDS,
    }))
}

/// Replaces the profile photo. The body is the picture (JPEG, PNG or WebP, at most 5 MB); its
/// real type is read from its bytes, metadata is removed and it is stored as a 512 px JPEG.
#[utoipa::path(put, path = "/api/v1/me/photo", tag = "account", security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The picture"),
    responses((status = 200, description = "The account with its new photo URL", body = Me),
        (status = 422, description = "Not a JPEG/PNG/WebP image, or too large")))]
pub async fn put_photo(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
    body: Bytes,
) -> Result<axum::Json<Me>, AppError> {
    profiles::set_photo(&state.app, &caller, body.to_vec())
        .await
        .map(axum::Json)
}
