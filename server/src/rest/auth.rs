//! `/api/v1/auth/*`: sign-up, tokens, email verification and password reset.

use super::caller::{ApiCaller, ClientIp};
use super::{Accepted, Json};
use crate::state::ServerState;
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use backend::accounts::sessions::{Audience, API_TOKEN_LIFETIME_SECONDS};
use backend::{accounts, accounts::sign_in, clinics::doctors};
use serde::{Deserialize, Serialize};
use shared::forms::{DoctorApplicationForm, SignUpForm};
use utoipa::ToSchema;

/// Registers a patient. Answers 202 whether or not the email already had an account (its
/// owner is told by email instead), so the API cannot be used to find out who has one.
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "auth", request_body = SignUpForm,
    responses(
        (status = 202, description = "Registered; a verification link was emailed", body = Accepted),
        (status = 422, description = "Refused fields, each with a code"),
        (status = 429, description = "Too many attempts")))]
pub async fn register(
    State(state): State<ServerState>,
    ClientIp(ip): ClientIp,
    Json(form): Json<SignUpForm>,
) -> Result<(StatusCode, axum::Json<Accepted>), AppError> {
    let sign_up = form.parse(state.app.clock.now().date_naive())?;
    accounts::register_patient(&state.app, sign_up, ip).await?;
    Ok(Accepted::response())
}

/// A doctor applies to a clinic; the account can sign in but is listed only once approved.
#[utoipa::path(post, path = "/api/v1/auth/doctor-applications", tag = "auth",
    request_body = DoctorApplicationForm,
    responses(
        (status = 202, description = "Application recorded; a verification link was emailed", body = Accepted),
        (status = 422, description = "Refused fields")))]
pub async fn apply(
    State(state): State<ServerState>,
    ClientIp(ip): ClientIp,
    Json(form): Json<DoctorApplicationForm>,
) -> Result<(StatusCode, axum::Json<Accepted>), AppError> {
    let choices = doctors::application_choices(&state.app.db).await?;
    doctors::apply(&state.app, form.parse(&choices)?, ip).await?;
    Ok(Accepted::response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Seconds until the token expires; ask for a new one then.
    pub expires_in: i64,
}

/// Exchanges an email and password for a bearer token.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses(
        (status = 200, description = "A bearer token", body = TokenResponse),
        (status = 401, description = "Email or password incorrect (`bad_credentials`)"),
        (status = 403, description = "Account disabled"),
        (status = 429, description = "Too many failed attempts from this address, or from many addresses for this account")))]
pub async fn token(
    State(state): State<ServerState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<TokenRequest>,
) -> Result<axum::Json<TokenResponse>, AppError> {
    // API clients hold no device cookie: a spread attack on the account slows them too.
    let origin = sign_in::Origin {
        ip,
        device_cookie: None,
    };
    let session = sign_in::log_in(
        &state.app,
        &request.email,
        &request.password,
        origin,
        Audience::Api,
        state.app.clock.now_unix(),
    )
    .await?;
    Ok(axum::Json(TokenResponse {
        access_token: session.token,
        token_type: "Bearer",
        expires_in: API_TOKEN_LIFETIME_SECONDS,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LinkToken {
    /// The token from the emailed link.
    pub token: String,
}

/// Confirms an email address with the token of the emailed link (single use).
#[utoipa::path(post, path = "/api/v1/auth/verify-email", tag = "auth", request_body = LinkToken,
    responses(
        (status = 204, description = "Address verified"),
        (status = 422, description = "The link is invalid, used or expired (`invalid_link`)")))]
pub async fn verify_email(
    State(state): State<ServerState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<LinkToken>,
) -> Result<StatusCode, AppError> {
    accounts::verify_email(&state.app, &request.token, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Emails a new verification link to the caller.
#[utoipa::path(post, path = "/api/v1/auth/verification-email", tag = "auth",
    security(("bearer" = [])),
    responses((status = 202, description = "Sent (or already verified)", body = Accepted),
        (status = 401, description = "No valid bearer token")))]
pub async fn resend_verification(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<(StatusCode, axum::Json<Accepted>), AppError> {
    accounts::resend_verification(&state.app, &caller, None).await?;
    Ok(Accepted::response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    pub email: String,
}

/// Emails a password reset link if the address has an account; answers 202 either way.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = ResetRequest,
    responses((status = 202, description = "Accepted", body = Accepted),
        (status = 429, description = "Too many requests")))]
pub async fn request_reset(
    State(state): State<ServerState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<ResetRequest>,
) -> Result<(StatusCode, axum::Json<Accepted>), AppError> {
    sign_in::request_password_reset(&state.app, &request.email, ip).await?;
    Ok(Accepted::response())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetConfirm {
    pub token: String,
    pub password: String,
}

/// Sets a new password with the emailed link's token (reset or invitation; single use,
/// expires). Every existing session of the account ends.
#[utoipa::path(post, path = "/api/v1/auth/password-reset/confirm", tag = "auth",
    request_body = ResetConfirm,
    responses((status = 204, description = "Password changed"),
        (status = 422, description = "Weak password, or invalid/used/expired link"),
        (status = 429, description = "Too many link attempts from this address")))]
pub async fn confirm_reset(
    State(state): State<ServerState>,
    ClientIp(ip): ClientIp,
    Json(request): Json<ResetConfirm>,
) -> Result<StatusCode, AppError> {
    sign_in::reset_password(&state.app, &request.token, &request.password, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revokes every token of the caller's account (all devices).
#[utoipa::path(post, path = "/api/v1/auth/logout-everywhere", tag = "auth",
    security(("bearer" = [])),
    responses((status = 204, description = "Every session ended")))]
pub async fn logout_everywhere(
    State(state): State<ServerState>,
    ApiCaller(caller): ApiCaller,
) -> Result<StatusCode, AppError> {
    sign_in::log_out_everywhere(&state.app, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}
