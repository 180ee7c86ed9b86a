//! The REST API's authentication: `Authorization: Bearer <token>` only. A session cookie is
//! ignored here, so a page on another site can never act through the API with a visitor's
//! browser session.

use crate::state::ServerState;
use app::AppError;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use backend::accounts::auth::{authenticate, Caller};
use backend::accounts::sessions::{bearer_token, token_from_cookies, Audience};
use backend::client_address::client_ip;
use std::net::{IpAddr, SocketAddr};

/// The authenticated caller of an API request.
pub struct ApiCaller(pub Caller);

impl FromRequestParts<ServerState> for ApiCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, AppError> {
        let token = bearer_token(&parts.headers).ok_or(AppError::Unauthorized)?;
        let (caller, _) = authenticate(
            &state.app,
            &token,
            Audience::Api,
            state.app.clock.now_unix(),
        )
        .await?;
        Ok(ApiCaller(caller))
    }
}

/// The caller of a non-API route the web app itself uses (a photo upload, a CSV download),
/// from the browser's session cookie; 401 without a valid session.
pub struct WebCaller(pub Caller);

impl FromRequestParts<ServerState> for WebCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, AppError> {
        let token = token_from_cookies(&parts.headers).ok_or(AppError::Unauthorized)?;
        let (caller, _) = authenticate(
            &state.app,
            &token,
            Audience::Web,
            state.app.clock.now_unix(),
        )
        .await?;
        Ok(WebCaller(caller))
    }
}

/// The client's address, for rate limits.
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<ServerState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ServerState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|info| client_ip(info.0.ip(), forwarded, &state.app.settings.trusted_proxies)),
        ))
    }
}

/// The caller of an API request that anyone may make (a doctor's public page, say): `None`
/// without an `Authorization` header; a header with a bad token is still refused (401), so a
/// client learns that its token has expired.
pub struct OptionalApiCaller(pub Option<Caller>);

impl FromRequestParts<ServerState> for OptionalApiCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &ServerState) -> Result<Self, AppError> {
        if !parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            return Ok(OptionalApiCaller(None));
        }
        ApiCaller::from_request_parts(parts, state)
            .await
            .map(|ApiCaller(caller)| OptionalApiCaller(Some(caller)))
    }
}
