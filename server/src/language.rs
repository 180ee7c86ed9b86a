//! Choosing the page language without JavaScript: the header's language buttons post here, the
//! choice goes into leptos_i18n's cookie (read when pages are rendered), and the browser comes
//! back to the page it was on.

use crate::startup::ServerState;
use app::AppError;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde::Deserialize;
use shared::{Language, ValidationCode};

/// The cookie leptos_i18n reads the chosen locale from.
const LOCALE_COOKIE: &str = "i18n_pref_locale";

#[derive(Debug, Deserialize)]
pub struct LanguageChoice {
    pub language: String,
    /// The page to come back to (a local path; anything else goes home).
    #[serde(default)]
    pub back: String,
}

pub async fn choose(
    State(state): State<ServerState>,
    Form(choice): Form<LanguageChoice>,
) -> Result<Response, AppError> {
    let language = Language::ALL
        .into_iter()
        .find(|language| language.code() == choice.language)
        .ok_or_else(|| AppError::field("language", ValidationCode::NotAChoice))?;
    let back = shared::navigation::safe_next(&choice.back).unwrap_or("/");
    let cookie = format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        language.code(),
        if state.app.settings.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    );
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::LOCATION,
        HeaderValue::from_str(back).map_err(|_| AppError::Internal)?,
    );
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?,
    );
    Ok(response)
}
