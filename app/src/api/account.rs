//! "My account": who is signed in, the profile and the password.

use crate::error::AppError;
use leptos::prelude::*;
use shared::forms::{ChangePasswordForm, ProfileForm};
use shared::Me;

#[cfg(feature = "ssr")]
use crate::backend::{auth::request, profiles, sessions::Audience, sign_in, state};

/// The signed-in account, or `None` for a visitor. Reading it never sets a cookie.
#[server(endpoint = "account/me", input = leptos::server_fn::codec::GetUrl)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    let state = state()?;
    let result = async {
        match request::optional_caller().await? {
            Some(caller) => crate::backend::users::me(&state.db, caller.id)
                .await
                .map(Some),
            None => Ok(None),
        }
    }
    .await;
    super::with_status(result)
}

#[server(endpoint = "account/profile")]
pub async fn update_profile(form: ProfileForm) -> Result<Me, AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        profiles::update_profile(&state, &caller, form, chrono::Utc::now().date_naive()).await
    }
    .await;
    super::with_status(result)
}

/// Changes the password; other devices are signed out, this one keeps a fresh session.
#[server(endpoint = "account/password")]
pub async fn change_password(form: ChangePasswordForm) -> Result<(), AppError> {
    let state = state()?;
    let result = async {
        let caller = request::caller().await?;
        let session = sign_in::change_password(&state, &caller, form, Audience::Web).await?;
        request::set_session_cookie(&state, &session.token);
        Ok(())
    }
    .await;
    super::with_status(result)
}
