//! Signing in and password care: login, logout everywhere, password reset and change. Each
//! is one function that server functions and REST handlers both call.

use crate::accounts::auth::Caller;
use crate::accounts::device_cookie;
use crate::accounts::links::{self, LinkPurpose};
use crate::accounts::login_guard::Attempt;
use crate::accounts::sessions::{self, Audience};
use crate::notify::letters;
use crate::{accounts::passwords, accounts::users, AppState};
use shared::error::AppError;
use shared::forms::ChangePasswordForm;
use shared::{Email, Password, UserId, ValidationCode, ValidationErrors};
use std::net::IpAddr;
use tokio::sync::OnceCell;

/// A signed-in session: who, and the token to hand to the browser or the API client.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: UserId,
    pub token: String,
}

/// A password hash that matches nothing, checked when the email is unknown so that a login
/// for a missing account takes as long as one for a real account.
async fn decoy_hash() -> Result<&'static str, AppError> {
    static DECOY: OnceCell<String> = OnceCell::const_new();
    DECOY
        .get_or_try_init(|| async {
            let decoy = Password::parse("decoy password 0").map_err(|_| AppError::Internal)?;
            passwords::hash(decoy).await
        })
        .await
        .map(String::as_str)
}

/// Who is logging in, from where: the client's address and, for a browser, the device
/// cookie it presented (see `login_guard` for what each changes).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub ip: Option<IpAddr>,
    pub device_cookie: Option<&'a str>,
}

/// Checks an email and password and opens a session for `audience`. Failures are counted
/// (never successes) and slow their address, or the account when they come from many
/// addresses, except for a browser that signed in to the account before.
pub async fn log_in(
    state: &AppState,
    email: &str,
    password: &str,
    origin: Origin<'_>,
    audience: Audience,
    now: i64,
) -> Result<Session, AppError> {
    let email = Email::parse(email).map_err(|code| AppError::field("email", code))?;
    if password.is_empty() {
        return Err(AppError::field("password", ValidationCode::Required));
    }
    let account = users::credentials_by_email(&state.db, &email).await?;
    let device = origin
        .device_cookie
        .and_then(|value| device_cookie::verify(&state.settings.jwt_secret, value))
        .filter(|device| account.as_ref().is_some_and(|a| a.id == device.user));
    let attempt = Attempt {
        account: email.as_str(),
        address: origin.ip,
        known_device: device.as_ref().map(|d| d.id.as_str()),
    };
    let guard = &state.throttles.login;
    if !guard.may_try(attempt, now).await? {
        return Err(AppError::RateLimited);
    }
    let stored = match account.as_ref().and_then(|a| a.password_hash.clone()) {
        Some(hash) => hash,
        None => decoy_hash().await?.to_owned(),
    };
    let matches = passwords::verify(password.to_owned(), stored).await?;
    let account = match account {
        Some(account) if matches && account.password_hash.is_some() => account,
        account => {
            if guard.failed(attempt, now).await?.tell_owner {
                if let Some(account) = account {
                    tell_owner_of_failures(state, &email, &account).await;
                }
            }
            return Err(AppError::BadCredentials);
        }
    };
    guard.succeeded(attempt).await?;
    if account.disabled {
        return Err(AppError::AccountDisabled);
    }
    let token = sessions::issue(
        &state.settings.jwt_secret,
        account.id,
        account.token_version,
        audience,
        now,
        now,
    )?;
    Ok(Session {
        user: account.id,
        token,
    })
}

/// Emails the owner that wrong passwords pile up on their account; a failure to send is
/// logged, never shown to whoever is trying.
async fn tell_owner_of_failures(state: &AppState, email: &Email, account: &users::Credentials) {
    let link = state.settings.link("/forgot-password");
    let text = letters::failed_sign_ins(account.language, &account.first_name, &link);
    if let Err(error) = state.mail(email, account.language, text).await {
        tracing::error!(%error, "could not tell an account's owner of failed sign-ins");
    }
}

/// Ends every session of the caller's account, on every device.
pub async fn log_out_everywhere(state: &AppState, caller: &Caller) -> Result<(), AppError> {
    users::revoke_sessions(&state.db, caller.id)
        .await
        .map(|_| ())
}

/// Emails a reset link if the address has an active account. Answers the same either way.
pub async fn request_password_reset(
    state: &AppState,
    email: &str,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let email = Email::parse(email).map_err(|code| AppError::field("email", code))?;
    state.spend_mail_budget(email.as_str(), ip).await?;
    let Some(account) = users::credentials_by_email(&state.db, &email).await? else {
        return Ok(());
    };
    if account.disabled {
        return Ok(());
    }
    let token = links::create(
        &state.db.pool,
        account.id,
        LinkPurpose::ResetPassword,
        state.clock.now_unix(),
    )
    .await?;
    let link = state
        .settings
        .link(&format!("/reset-password?token={token}"));
    let text = letters::reset_password(account.language, &account.first_name, &link);
    state.mail(&email, account.language, text).await
}

/// Sets a new password through a reset or invitation link (single use). Every other session
/// ends, and the address counts as verified: the link reached its inbox.
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: &str,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    const PURPOSES: [LinkPurpose; 2] = [LinkPurpose::ResetPassword, LinkPurpose::Invitation];
    state
        .throttles
        .links
        .check_address(ip, state.clock.now().timestamp_millis())
        .await?;
    let now = state.clock.now_unix();
    // Only a live link earns the (deliberately slow) hashing of a new password; and the
    // password is checked before the link is used, so a refused one does not burn it.
    if !links::is_usable(&state.db.pool, token, &PURPOSES, now).await? {
        return Err(AppError::field("token", ValidationCode::InvalidLink));
    }
    let password =
        Password::parse(new_password).map_err(|code| AppError::field("password", code))?;
    let hash = passwords::hash(password).await?;
    let (user, _) = links::consume(&state.db.pool, token, &PURPOSES, now).await?;
    let disabled = users::credentials_by_id(&state.db, user)
        .await?
        .is_none_or(|account| account.disabled);
    if disabled {
        return Err(AppError::field("token", ValidationCode::InvalidLink));
    }
    users::set_password(&state.db, user, &hash).await?;
    links::revoke_password_links(&state.db.pool, user, now).await?;
    users::mark_email_verified(&state.db, user, now).await
}

/// Changes the password of a signed-in account (the current one is required). Every other
/// session ends; the caller gets a fresh token for `audience`.
pub async fn change_password(
    state: &AppState,
    caller: &Caller,
    form: ChangePasswordForm,
    audience: Audience,
) -> Result<Session, AppError> {
    // A stolen session must not be able to guess the current password at speed.
    state
        .throttles
        .password_change
        .check(
            &format!("user:{}", caller.id),
            None,
            state.clock.now().timestamp_millis(),
        )
        .await?;
    let account = users::credentials_by_id(&state.db, caller.id)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let mut errors = ValidationErrors::default();
    let current_ok = match (&account.password_hash, form.current_password.is_empty()) {
        (_, true) => {
            errors.check::<()>("current_password", Err(ValidationCode::Required));
            false
        }
        (Some(hash), false) => passwords::verify(form.current_password, hash.clone()).await?,
        (None, false) => false,
    };
    if !current_ok && errors.for_field("current_password").is_none() {
        errors.check::<()>("current_password", Err(ValidationCode::WrongPassword));
    }
    let new_password = errors.check("new_password", Password::parse(&form.new_password));
    let Some(new_password) = new_password.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let hash = passwords::hash(new_password).await?;
    let version = users::set_password(&state.db, caller.id, &hash).await?;
    let now = state.clock.now_unix();
    links::revoke_password_links(&state.db.pool, caller.id, now).await?;
    let token = sessions::issue(
        &state.settings.jwt_secret,
        caller.id,
        version,
        audience,
        now,
        now,
    )?;
    Ok(Session {
        user: caller.id,
        token,
    })
}
