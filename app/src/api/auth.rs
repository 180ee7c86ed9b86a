//! Sign-up, login and password care, for the web pages. The session lives in an HttpOnly
//! cookie that only these actions set or clear.

use crate::error::AppError;
use leptos::prelude::*;
use shared::account::LoggedIn;
use shared::forms::{DoctorApplicationForm, SignUpForm};

#[cfg(feature = "ssr")]
use crate::api::request::{self, answer, signed_in, state};
#[cfg(feature = "ssr")]
use crate::backend::{accounts, accounts::sessions::Audience, accounts::sign_in, clinics::doctors};

/// A patient signs up; a verification link is emailed. A browser without JavaScript is
/// answered with the sign-up page saying so.
#[server(endpoint = "auth/sign_up")]
pub async fn sign_up(form: SignUpForm) -> Result<(), AppError> {
    answer(async {
        let state = state()?;
        let ip = request::client_ip().await;
        let next = form.next.clone();
        let sign_up = form.parse(state.clock.now().date_naive())?;
        accounts::register_patient(&state, sign_up, ip).await?;
        if request::from_plain_form() {
            request::see_other(&shared::navigation::with_next(
                "/signup?sent=1",
                Some(&next),
            ));
        }
        Ok(())
    })
    .await
}

/// A doctor applies to a clinic.
#[server(endpoint = "auth/apply")]
pub async fn apply_as_doctor(form: DoctorApplicationForm) -> Result<(), AppError> {
    answer(async {
        let state = state()?;
        let ip = request::client_ip().await;
        let choices = doctors::application_choices(&state.db).await?;
        doctors::apply(&state, form.parse(&choices)?, ip).await
    })
    .await
}

/// Opens a browser session, then goes to `next` when it is a page of this site (see
/// `shared::navigation::safe_next`), else to the account's home. A browser without
/// JavaScript is answered `303 See Other` to it; the page's script is told where to go.
#[server(endpoint = "auth/log_in")]
pub async fn log_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<LoggedIn, AppError> {
    answer(async {
        let state = state()?;
        let origin_ip = request::client_ip().await;
        let device = request::device_cookie().await;
        let origin = sign_in::Origin {
            ip: origin_ip,
            device_cookie: device.as_deref(),
        };
        let now = state.clock.now_unix();
        let session =
            sign_in::log_in(&state, &email, &password, origin, Audience::Web, now).await?;
        request::set_session_cookie(&state, &session.token);
        request::set_device_cookie(&state, session.user);
        let me = crate::backend::accounts::users::me(&state.db, session.user).await?;
        let next = next
            .as_deref()
            .and_then(shared::navigation::safe_next)
            .unwrap_or(me.role.home())
            .to_owned();
        if request::from_plain_form() {
            request::see_other(&next);
        }
        Ok(LoggedIn { me, next })
    })
    .await
}

/// Ends this browser's session, on the server too: a copy of its token stops working. A
/// browser without JavaScript goes home afterwards.
#[server(endpoint = "auth/log_out")]
pub async fn log_out() -> Result<(), AppError> {
    answer(async {
        let state = state()?;
        if let Some(session) = request::current_session().await? {
            crate::backend::accounts::sessions::revoke(&state.db, &session, state.clock.now_unix())
                .await?;
        }
        request::clear_session_cookie(&state);
        if request::from_plain_form() {
            request::see_other("/");
        }
        Ok(())
    })
    .await
}

/// Ends every session of the account, on every device, this one included.
#[server(endpoint = "auth/log_out_everywhere")]
pub async fn log_out_everywhere() -> Result<(), AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        sign_in::log_out_everywhere(&state, &caller).await?;
        request::clear_session_cookie(&state);
        Ok(())
    })
    .await
}

/// Confirms an email address by its link's token; `next` is where the page leads on to.
#[server(endpoint = "auth/verify_email")]
pub async fn verify_email(token: String, next: String) -> Result<(), AppError> {
    answer(async {
        let state = state()?;
        let ip = request::client_ip().await;
        accounts::verify_email(&state, &token, ip).await?;
        if request::from_plain_form() {
            request::see_other(&shared::navigation::with_next(
                "/verify-email?verified=1",
                Some(&next),
            ));
        }
        Ok(())
    })
    .await
}

/// Emails the signed-in account a new verification link, which leads on to `next`. A
/// browser without JavaScript comes back to `next` (the page it asked from).
#[server(endpoint = "auth/resend_verification")]
pub async fn resend_verification(next: String) -> Result<(), AppError> {
    answer(async {
        let (state, caller) = signed_in().await?;
        let next = shared::navigation::safe_next(&next);
        accounts::resend_verification(&state, &caller, next).await?;
        if request::from_plain_form() {
            request::see_other(&format!(
                "{}{}resent=1",
                next.unwrap_or("/account"),
                if next.is_some_and(|n| n.contains('?')) {
                    "&"
                } else {
                    "?"
                }
            ));
        }
        Ok(())
    })
    .await
}

/// Emails a reset link when the address has an account; answers the same when not.
#[server(endpoint = "auth/forgot_password")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    answer(async {
        let state = state()?;
        let ip = request::client_ip().await;
        sign_in::request_password_reset(&state, &email, ip).await?;
        if request::from_plain_form() {
            request::see_other("/forgot-password?sent=1");
        }
        Ok(())
    })
    .await
}

/// Sets a new password from a reset or invitation link.
#[server(endpoint = "auth/reset_password")]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    answer(async {
        let state = state()?;
        let ip = request::client_ip().await;
        sign_in::reset_password(&state, &token, &password, ip).await?;
        if request::from_plain_form() {
            request::see_other("/reset-password?done=1");
        }
        Ok(())
    })
    .await
}
