//! "My account": who is signed in, the profile and the password.

use crate::error::AppError;
use leptos::prelude::*;
use shared::forms::{ChangePasswordForm, ProfileForm};
use shared::Me;

#[cfg(feature = "ssr")]
use crate::api::request::{self, answer, signed_in, state};
#[cfg(feature = "ssr")]
use crate::backend::{
    accounts::dependants, accounts::sessions::Audience, accounts::sign_in, profiles,
};
#[cfg(feature = "ssr")]
use shared::dependant::NewDependant;

/// The signed-in account, or `None` for a visitor. Reading it never sets a cookie.
#[server(endpoint = "account/me", input = leptos::server_fn::codec::GetUrl)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    answer(async {
        let state = state()?;
        match request::optional_caller().await? {
            Some(caller) => crate::backend::accounts::users::me(&state.db, caller.id)
                .await
                .map(Some),
            None => Ok(None),
        }
    })
    .await
}

#[server(endpoint = "account/profile")]
pub async fn update_profile(form: ProfileForm) -> Result<Me, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let profile = form.parse(caller.role, state.clock.now().date_naive())?;
        profiles::update_profile(&state, &caller, &profile).await
    })
    .await
}

/// Changes the password; other devices are signed out, this one keeps a fresh session.
#[server(endpoint = "account/password")]
pub async fn change_password(form: ChangePasswordForm) -> Result<(), AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let session = sign_in::change_password(&state, &caller, form, Audience::Web).await?;
        request::set_session_cookie(&state, &session.token);
        Ok(())
    })
    .await
}

/// The patient's family members.
#[server(endpoint = "account/dependants", input = leptos::server_fn::codec::GetUrl)]
pub async fn get_dependants() -> Result<Vec<shared::dependant::Dependant>, AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        crate::backend::accounts::dependants::list(&state.db, &caller).await
    })
    .await
}

/// Adds a family member (`id` empty) or corrects one.
#[server(endpoint = "account/dependant")]
pub async fn save_dependant(
    id: Option<i64>,
    member: shared::dependant::DependantForm,
) -> Result<shared::dependant::Dependant, AppError> {
    // `member`, not `form`: its fields sit on the account page beside the profile's.
    let form = member;
    answer(async {
        let (state, caller) = signed_in().await?;
        let now = state.clock.now();
        let member = NewDependant::parse(&form, now.date_naive())?;
        match id {
            None => dependants::add(&state.db, &caller, &member, now.timestamp()).await,
            Some(id) => dependants::update(&state.db, &caller, id, &member).await,
        }
    })
    .await
}

/// Removes a family member from the list.
#[server(endpoint = "account/dependant_remove")]
pub async fn remove_dependant(id: i64) -> Result<(), AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        crate::backend::accounts::dependants::remove(
            &state.db,
            &caller,
            id,
            state.clock.now().timestamp(),
        )
        .await
    })
    .await
}
