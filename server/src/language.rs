//! Choosing the page language without JavaScript: the header's language buttons post here, the
//! choice goes into leptos_i18n's cookie (read when pages are rendered), and the browser comes
//! back to the page it was on.

use crate::state::ServerState;
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
    let back = way_back(&choice.back);
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
        HeaderValue::from_str(&back).map_err(|_| AppError::Internal)?,
    );
    headers.insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal)?,
    );
    Ok(response)
}

/// The page to come back to: its path checked as a login's `next` is (local, nothing encoded
/// that could turn it into another site), its query kept whole — the login page's own `next`
/// is an encoded path — except the error a refused form left there, which is not shown twice.
fn way_back(back: &str) -> String {
    let (path, query) = back.split_once('?').unwrap_or((back, ""));
    let Some(path) = shared::navigation::safe_next(path) else {
        return "/".to_owned();
    };
    let printable = query.bytes().all(|b| (0x21..=0x7e).contains(&b));
    let kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| !pair.starts_with("__err=") && !pair.starts_with("__path="))
        .collect();
    if !printable || kept.is_empty() {
        return path.to_owned();
    }
    format!("{path}?{}", kept.join("&"))
}

#[cfg(test)]
mod tests {
    use super::way_back;

    #[test]
    fn the_way_back_keeps_a_login_next_and_drops_errors() {
        assert_eq!(
            way_back("/login?next=%2Fbook%3Fdoctor%3D7"),
            "/login?next=%2Fbook%3Fdoctor%3D7"
        );
        assert_eq!(way_back("/login?__err=abc&next=%2F"), "/login?next=%2F");
        assert_eq!(way_back("/doctors?__err=x"), "/doctors");
        assert_eq!(way_back("//evil.example/"), "/");
        assert_eq!(way_back("https://evil.example/"), "/");
        assert_eq!(way_back("/%2F%2Fevil.example"), "/");
        assert_eq!(way_back("/doctors?q=a b"), "/doctors");
    }
}
