//! Accounts: who a person is and how they prove it. This domain owns the `users`,
//! `revoked_sessions`, `account_tokens` and `dependants` tables and the profile photos.
//!
//! Here at the top: opening an account (patient sign-up; doctors apply through
//! `clinics::doctors`) and email verification. Each flow is one function that server
//! functions and REST handlers both call.

pub mod applications;
pub mod auth;
pub mod dependants;
pub mod device_cookie;
pub mod limit_counts;
pub mod links;
pub mod login_guard;
pub mod passwords;
pub mod photos;
pub mod sessions;
pub mod sign_in;
pub mod tenancy;
pub mod throttle;
pub mod users;

use crate::notify::letters;
use crate::AppState;
use auth::Caller;
use links::LinkPurpose;
use shared::error::{AppError, ConflictCode};
use shared::forms::SignUp;
use shared::{BirthDate, Email, Language, Phone, Role, UserId};
use std::net::IpAddr;
use users::NewAccount;

/// Registers a patient and emails a verification link. The answer is the same whether or not
/// the email already had an account: in that case its owner gets a note instead, and nothing
/// is changed.
pub async fn register_patient(
    state: &AppState,
    sign_up: SignUp,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let SignUp {
        person,
        birth_date,
        language,
        next,
    } = sign_up;
    state.spend_mail_budget(person.email.as_str(), ip).await?;
    let account = NewAccount {
        email: person.email.clone(),
        password_hash: Some(passwords::hash(person.password).await?),
        role: Role::Patient,
        clinic_id: None,
        first_name: person.first_name.as_str().to_owned(),
        last_name: person.last_name.as_str().to_owned(),
        language,
        email_verified: false,
    };
    let created = users::insert(&state.db.pool, &account, state.clock.now_unix()).await;
    let contact = Contact {
        email: &person.email,
        phone: &person.phone,
        first_name: person.first_name.as_str(),
        birth_date: Some(birth_date),
        next: Some(next.as_str()),
    };
    finish_sign_up(state, created, contact, language).await
}

/// What a sign-up gave besides its password.
pub struct Contact<'a> {
    pub email: &'a Email,
    pub phone: &'a Phone,
    pub first_name: &'a str,
    pub birth_date: Option<BirthDate>,
    /// The page the verification link comes back to (kept only when local).
    pub next: Option<&'a str>,
}

/// After storing a self-registered account: keep its contact details and email a
/// verification link; or, when the address already had an account, tell its owner instead
/// and answer the same, so the form reveals nothing.
pub async fn finish_sign_up(
    state: &AppState,
    created: Result<UserId, AppError>,
    contact: Contact<'_>,
    language: Language,
) -> Result<(), AppError> {
    match created {
        Ok(id) => {
            users::set_contact(&state.db.pool, id, contact.phone, contact.birth_date).await?;
            let to = Recipient {
                email: contact.email,
                name: contact.first_name,
                language,
            };
            send_verification(state, id, to, contact.next).await
        }
        Err(AppError::Conflict(ConflictCode::EmailAlreadyRegistered)) => {
            tell_owner_of_sign_up_attempt(state, contact.email).await
        }
        Err(other) => Err(other),
    }
}

/// Writes to the owner of an address someone tried to sign up with.
pub async fn tell_owner_of_sign_up_attempt(
    state: &AppState,
    email: &Email,
) -> Result<(), AppError> {
    let language = match users::credentials_by_email(&state.db, email).await? {
        Some(owner) => owner.language,
        None => Language::En,
    };
    let text = letters::already_registered(
        language,
        &state.settings.link("/login"),
        &state.settings.link("/forgot-password"),
    );
    state.mail(email, language, text).await
}

/// Who a verification email goes to.
pub struct Recipient<'a> {
    pub email: &'a Email,
    pub name: &'a str,
    pub language: Language,
}

/// A new account that someone else opened: a patient the desk registered, or a staff member
/// an admin invited.
pub(crate) struct Invitation<'a> {
    pub user: UserId,
    pub email: &'a Email,
    pub language: Language,
    pub first_name: &'a str,
    pub clinic_name: &'a str,
    pub role: Role,
}

impl<'a> Invitation<'a> {
    /// The invitation of the account `account`, stored as `user`, to `clinic_name`.
    pub(crate) fn of(user: UserId, account: &'a NewAccount, clinic_name: &'a str) -> Self {
        Self {
            user,
            email: &account.email,
            language: account.language,
            first_name: &account.first_name,
            clinic_name,
            role: account.role,
        }
    }
}

/// Emails an invited account its link to choose a password; the account is theirs once they
/// have chosen it.
pub(crate) async fn send_invitation(
    state: &AppState,
    invitation: &Invitation<'_>,
) -> Result<(), AppError> {
    let token = links::create(
        &state.db.pool,
        invitation.user,
        LinkPurpose::Invitation,
        state.clock.now_unix(),
    )
    .await?;
    let link = state
        .settings
        .link(&format!("/reset-password?token={token}&welcome=1"));
    let language = invitation.language;
    let text = letters::invitation(
        language,
        invitation.first_name,
        invitation.clinic_name,
        letters::role_name(language, invitation.role),
        &link,
    );
    state.mail(invitation.email, language, text).await
}

/// Emails a verification link that, once followed, leads on to `next` (a booking, say).
pub async fn send_verification(
    state: &AppState,
    id: UserId,
    to: Recipient<'_>,
    next: Option<&str>,
) -> Result<(), AppError> {
    let token = links::create(
        &state.db.pool,
        id,
        LinkPurpose::VerifyEmail,
        state.clock.now_unix(),
    )
    .await?;
    let path = shared::navigation::with_next(&format!("/verify-email?token={token}"), next);
    let link = state.settings.link(&path);
    let text = letters::verify_email(to.language, to.name, &link);
    state.mail(to.email, to.language, text).await
}

/// Marks an address verified by its emailed link (single use).
pub async fn verify_email(
    state: &AppState,
    token: &str,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    state
        .throttles
        .links
        .check_address(ip, state.clock.now().timestamp_millis())
        .await?;
    let now = state.clock.now_unix();
    let (user, _) = links::consume(&state.db.pool, token, &[LinkPurpose::VerifyEmail], now).await?;
    users::mark_email_verified(&state.db, user, now).await
}

/// Sends a new verification link to a signed-in, unverified account; the link leads on to
/// `next`.
pub async fn resend_verification(
    state: &AppState,
    caller: &Caller,
    next: Option<&str>,
) -> Result<(), AppError> {
    let me = users::me(&state.db, caller.id).await?;
    if me.email_verified {
        return Ok(());
    }
    state.spend_mail_budget(&me.email, None).await?;
    let email = Email::parse(&me.email).map_err(|_| AppError::Internal)?;
    let to = Recipient {
        email: &email,
        name: &me.first_name,
        language: me.language,
    };
    send_verification(state, caller.id, to, next).await
}
