//! The profile of an account: its fields and its photo.

use crate::accounts::auth::Caller;
use crate::accounts::users;
use crate::{accounts::photos, AppState};
use shared::error::AppError;
use shared::forms::ProfileUpdate;
use shared::{Me, Role};

pub async fn update_profile(
    state: &AppState,
    caller: &Caller,
    profile: &ProfileUpdate,
) -> Result<Me, AppError> {
    users::update_profile(&state.db, caller.id, profile).await?;
    if caller.role == Role::Doctor {
        crate::clinics::doctor_rows::set_search_name(
            &state.db.pool,
            caller.id,
            profile.first_name.as_str(),
            profile.last_name.as_str(),
        )
        .await?;
    }
    users::me(&state.db, caller.id).await
}

/// Replaces the caller's photo with a cleaned copy of `bytes`.
pub async fn set_photo(state: &AppState, caller: &Caller, bytes: Vec<u8>) -> Result<Me, AppError> {
    let name = photos::store(&state.settings.data_dir, bytes).await?;
    if let Some(old) = users::set_photo(&state.db, caller.id, &name).await? {
        photos::remove(&state.settings.data_dir, &old).await;
    }
    users::me(&state.db, caller.id).await
}
