//! Account flows: sign-up, email verification, login, password care and the profile. Each is
//! one function that server functions and REST handlers both call.

use super::auth::Caller;
use super::db::now_unix;
use super::links::{self, LinkPurpose};
use super::mail::Letter;
use super::sessions::{self, Audience};
use super::users::{self, NewAccount, ProfileUpdate};
use super::{letters, passwords, photos, AppState};
use crate::error::{AppError, ConflictCode};
use chrono::NaiveDate;
use shared::account::parse_address;
use shared::forms::{ChangePasswordForm, ProfileForm, SignUpForm};
use shared::{
    BirthDate, BloodGroup, Email, Gender, Language, Me, Password, PersonName, Phone, Role, UserId,
    ValidationCode, ValidationErrors,
};
use std::net::IpAddr;
use tokio::sync::OnceCell;

/// A signed-in session: who, and the token to hand to the browser or the API client.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: UserId,
    pub token: String,
}

/// The language of a form: what it says, else English.
pub fn language_of(raw: &str) -> Language {
    Language::from_tag(raw)
}

/// A sign-up whose every field has passed validation.
pub struct NewPerson {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub password: Password,
}

/// Parses the fields every self-registered account has, collecting errors into `errors`.
pub fn parse_person(
    errors: &mut ValidationErrors,
    first_name: &str,
    last_name: &str,
    email: &str,
    phone: &str,
    password: &str,
) -> Option<NewPerson> {
    let first_name = errors.check("first_name", PersonName::parse(first_name));
    let last_name = errors.check("last_name", PersonName::parse(last_name));
    let email = errors.check("email", Email::parse(email));
    let phone = errors.check("phone", Phone::parse(phone));
    let password = errors.check("password", Password::parse(password));
    Some(NewPerson {
        first_name: first_name?,
        last_name: last_name?,
        email: email?,
        phone: phone?,
        password: password?,
    })
}

/// Registers a patient and emails a verification link. The answer is the same whether or not
/// the email already had an account: in that case its owner gets a note instead, and nothing
/// is changed.
pub async fn register_patient(
    state: &AppState,
    form: SignUpForm,
    ip: Option<IpAddr>,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut errors = ValidationErrors::default();
    let person = parse_person(
        &mut errors,
        &form.first_name,
        &form.last_name,
        &form.email,
        &form.phone,
        &form.password,
    );
    let birth_date = errors.check("birth_date", BirthDate::parse(&form.birth_date, today));
    let (Some(person), Some(birth_date), true) = (person, birth_date, errors.is_empty()) else {
        return Err(errors.into());
    };
    state.throttles.mail.check(person.email.as_str(), ip)?;
    let language = language_of(&form.language);
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
    match users::insert(&state.db.pool, &account).await {
        Ok(id) => {
            users::set_contact(&state.db, id, &person.phone, Some(birth_date)).await?;
            send_verification(
                state,
                id,
                &person.email,
                account.first_name.as_str(),
                language,
            )
            .await
        }
        Err(AppError::Conflict(ConflictCode::EmailAlreadyRegistered)) => {
            tell_owner_of_sign_up_attempt(state, &person.email).await
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
    let (subject, body) = letters::already_registered(
        language,
        &state.settings.link("/login"),
        &state.settings.link("/forgot-password"),
    );
    state
        .settings
        .mailer
        .send(
            &state.db,
            Letter {
                to: email.clone(),
                language,
                subject,
                body,
            },
        )
        .await
}

pub async fn send_verification(
    state: &AppState,
    id: UserId,
    email: &Email,
    name: &str,
    language: Language,
) -> Result<(), AppError> {
    let token = links::create(&state.db.pool, id, LinkPurpose::VerifyEmail, now_unix()).await?;
    let link = state.settings.link(&format!("/verify-email?token={token}"));
    let (subject, body) = letters::verify_email(language, name, &link);
    state
        .settings
        .mailer
        .send(
            &state.db,
            Letter {
                to: email.clone(),
                language,
                subject,
                body,
            },
        )
        .await
}

/// Marks an address verified by its emailed link (single use).
pub async fn verify_email(
    state: &AppState,
    token: &str,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    state.throttles.links.check_address(ip)?;
    let now = now_unix();
    let (user, _) = links::consume(&state.db.pool, token, &[LinkPurpose::VerifyEmail], now).await?;
    users::mark_email_verified(&state.db, user, now).await
}

/// Sends a new verification link to a signed-in, unverified account.
pub async fn resend_verification(state: &AppState, caller: &Caller) -> Result<(), AppError> {
    let me = users::me(&state.db, caller.id).await?;
    if me.email_verified {
        return Ok(());
    }
    state.throttles.mail.check(&me.email, None)?;
    let email = Email::parse(&me.email).map_err(|_| AppError::Internal)?;
    send_verification(state, caller.id, &email, &me.first_name, me.language).await
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

/// Checks an email and password and opens a session for `audience`.
pub async fn log_in(
    state: &AppState,
    email: &str,
    password: &str,
    ip: Option<IpAddr>,
    audience: Audience,
) -> Result<Session, AppError> {
    let email = Email::parse(email).map_err(|code| AppError::field("email", code))?;
    if password.is_empty() {
        return Err(AppError::field("password", ValidationCode::Required));
    }
    state.throttles.login.check(email.as_str(), ip)?;
    let account = users::credentials_by_email(&state.db, &email).await?;
    let stored = match account.as_ref().and_then(|a| a.password_hash.clone()) {
        Some(hash) => hash,
        None => decoy_hash().await?.to_owned(),
    };
    let matches = passwords::verify(password.to_owned(), stored).await?;
    let account = match account {
        Some(account) if matches && account.password_hash.is_some() => account,
        _ => return Err(AppError::BadCredentials),
    };
    if account.disabled {
        return Err(AppError::AccountDisabled);
    }
    let now = now_unix();
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
    state.throttles.mail.check(email.as_str(), ip)?;
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
        now_unix(),
    )
    .await?;
    let link = state
        .settings
        .link(&format!("/reset-password?token={token}"));
    let (subject, body) = letters::reset_password(account.language, &account.first_name, &link);
    state
        .settings
        .mailer
        .send(
            &state.db,
            Letter {
                to: email,
                language: account.language,
                subject,
                body,
            },
        )
        .await
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
    state.throttles.links.check_address(ip)?;
    let now = now_unix();
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
    state
        .throttles
        .login
        .check(&format!("user:{}", caller.id), None)?;
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
    let now = now_unix();
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

/// Parses the profile form. Patients must give a phone number and a birth date (clinics need
/// them); for staff they are optional.
pub fn parse_profile(
    form: &ProfileForm,
    role: Role,
    today: NaiveDate,
) -> Result<ProfileUpdate, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let patient = role == Role::Patient;
    let optional = |raw: &str| !patient && raw.trim().is_empty();
    let first_name = errors.check("first_name", PersonName::parse(&form.first_name));
    let last_name = errors.check("last_name", PersonName::parse(&form.last_name));
    let phone = if optional(&form.phone) {
        Some(None)
    } else {
        errors.check("phone", Phone::parse(&form.phone).map(Some))
    };
    let birth_date = if optional(&form.birth_date) {
        Some(None)
    } else {
        errors.check(
            "birth_date",
            BirthDate::parse(&form.birth_date, today).map(Some),
        )
    };
    let gender = if form.gender.trim().is_empty() {
        Some(None)
    } else {
        errors.check("gender", Gender::parse(&form.gender).map(Some))
    };
    let blood_group = if form.blood_group.trim().is_empty() {
        Some(None)
    } else {
        errors.check(
            "blood_group",
            BloodGroup::parse(&form.blood_group).map(Some),
        )
    };
    let address = errors.check("address", parse_address(&form.address));
    match (
        first_name,
        last_name,
        phone,
        birth_date,
        gender,
        blood_group,
        address,
    ) {
        (
            Some(first_name),
            Some(last_name),
            Some(phone),
            Some(birth_date),
            Some(gender),
            Some(blood_group),
            Some(address),
        ) if errors.is_empty() => Ok(ProfileUpdate {
            first_name,
            last_name,
            phone,
            birth_date,
            gender,
            blood_group,
            address,
            language: (!form.language.trim().is_empty()).then(|| language_of(&form.language)),
        }),
        _ => Err(errors),
    }
}

pub async fn update_profile(
    state: &AppState,
    caller: &Caller,
    form: ProfileForm,
    today: NaiveDate,
) -> Result<Me, AppError> {
    let profile = parse_profile(&form, caller.role, today)?;
    users::update_profile(&state.db, caller.id, &profile).await?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn form() -> ProfileForm {
        ProfileForm {
            first_name: "Amina".into(),
            last_name: "Mansour".into(),
            phone: "+216 20 123 456".into(),
            birth_date: "1990-04-02".into(),
            gender: "female".into(),
            blood_group: "o+".into(),
            address: "12 rue de Marseille\nTunis".into(),
            language: "fr".into(),
        }
    }

    #[test]
    fn a_complete_profile_parses() {
        let profile = parse_profile(&form(), Role::Patient, today()).unwrap();
        assert_eq!(profile.phone.unwrap().as_str(), "+21620123456");
        assert_eq!(profile.blood_group, Some(BloodGroup::OPositive));
        assert_eq!(profile.language, Some(Language::Fr));
        let mut silent = form();
        silent.language.clear();
        let kept = parse_profile(&silent, Role::Patient, today()).unwrap();
        assert_eq!(
            kept.language, None,
            "an absent language keeps the stored one"
        );
    }

    #[test]
    fn patients_must_give_phone_and_birth_date_but_staff_need_not() {
        let mut bare = form();
        bare.phone.clear();
        bare.birth_date.clear();
        bare.gender.clear();
        bare.blood_group.clear();
        let errors = parse_profile(&bare, Role::Patient, today()).unwrap_err();
        assert_eq!(errors.for_field("phone"), Some(&ValidationCode::Required));
        assert_eq!(
            errors.for_field("birth_date"),
            Some(&ValidationCode::Required)
        );
        assert_eq!(errors.for_field("gender"), None);
        let staff = parse_profile(&bare, Role::Secretary, today()).unwrap();
        assert_eq!(staff.phone, None);
        assert_eq!(staff.birth_date, None);
    }

    #[test]
    fn every_bad_profile_field_is_named() {
        let bad = ProfileForm {
            first_name: "<script>".into(),
            last_name: "x".repeat(81),
            phone: "12".into(),
            birth_date: "2030-01-01".into(),
            gender: "robot".into(),
            blood_group: "z".into(),
            address: "a".repeat(301),
            language: "de".into(),
        };
        let errors = parse_profile(&bad, Role::Patient, today()).unwrap_err();
        assert_eq!(
            errors.for_field("first_name"),
            Some(&ValidationCode::ForbiddenCharacters)
        );
        assert_eq!(
            errors.for_field("last_name"),
            Some(&ValidationCode::TooLong { max: 80 })
        );
        assert_eq!(
            errors.for_field("phone"),
            Some(&ValidationCode::InvalidPhone)
        );
        assert_eq!(
            errors.for_field("birth_date"),
            Some(&ValidationCode::DateInFuture)
        );
        assert_eq!(
            errors.for_field("gender"),
            Some(&ValidationCode::NotAChoice)
        );
        assert_eq!(
            errors.for_field("blood_group"),
            Some(&ValidationCode::NotAChoice)
        );
        assert_eq!(
            errors.for_field("address"),
            Some(&ValidationCode::TooLong { max: 300 })
        );
    }

    #[test]
    fn sign_up_fields_are_all_checked_together() {
        let mut errors = ValidationErrors::default();
        let person = parse_person(&mut errors, "", "Ben Ali", "not-an-email", "abc", "short");
        assert!(person.is_none());
        assert_eq!(
            errors.for_field("first_name"),
            Some(&ValidationCode::Required)
        );
        assert_eq!(
            errors.for_field("email"),
            Some(&ValidationCode::InvalidEmail)
        );
        assert_eq!(
            errors.for_field("phone"),
            Some(&ValidationCode::InvalidPhone)
        );
        assert!(errors.for_field("password").is_some());
        assert_eq!(errors.for_field("last_name"), None);
    }
}
