//! Accounts. This module stores them; sign-up, login and sessions build on it.

use crate::accounts::passwords;
use crate::db::Db;
use crate::notify::mail::Recipient;
use shared::error::{AppError, ConflictCode};
use shared::forms::ProfileUpdate;
use shared::{
    BirthDate, BloodGroup, ClinicId, Email, Gender, Language, Me, Password, PersonName, Phone,
    Role, UserId, ValidationErrors,
};

/// An account ready to be stored. The password is already hashed (or absent for an invitation).
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub password_hash: Option<String>,
    pub role: Role,
    pub clinic_id: Option<ClinicId>,
    pub first_name: String,
    pub last_name: String,
    pub language: Language,
    pub email_verified: bool,
}

impl NewAccount {
    /// An account staff make for someone else: no password yet (they choose it from the
    /// emailed invitation, which also proves the address).
    pub fn invited(
        email: Email,
        role: Role,
        clinic_id: Option<ClinicId>,
        (first_name, last_name): (&PersonName, &PersonName),
        language: Language,
    ) -> Self {
        Self {
            email,
            password_hash: None,
            role,
            clinic_id,
            first_name: first_name.as_str().to_owned(),
            last_name: last_name.as_str().to_owned(),
            language,
            email_verified: false,
        }
    }
}

/// Stores an account. A taken email is a conflict, found by the unique index rather than by a
/// prior look-up that a concurrent request could race past. Takes any executor so it can run
/// inside a larger transaction.
pub async fn insert<'e, E>(executor: E, account: &NewAccount, now: i64) -> Result<UserId, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (email, password_hash, role, clinic_id, first_name, last_name, \
         language, email_verified_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(account.email.as_str())
    .bind(account.password_hash.as_deref())
    .bind(account.role.as_str())
    .bind(account.clinic_id.map(|c| c.0))
    .bind(&account.first_name)
    .bind(&account.last_name)
    .bind(account.language.code())
    .bind(account.email_verified.then_some(now))
    .bind(now)
    .fetch_one(executor)
    .await
    .map_err(AppError::conflict_on_unique(
        ConflictCode::EmailAlreadyRegistered,
    ))?;
    Ok(UserId(id))
}

/// Creates a platform admin from the server's CLI. There is no default admin and no default
/// password: the operator chooses one, and it must pass the password policy.
pub async fn create_platform_admin(
    db: &Db,
    email: &str,
    password: &str,
    now: i64,
) -> Result<UserId, AppError> {
    let mut errors = ValidationErrors::default();
    let email = errors.check("email", Email::parse(email));
    let password = errors.check("password", Password::parse(password));
    let (Some(email), Some(password)) = (email, password) else {
        return Err(errors.into());
    };
    let account = NewAccount {
        email,
        password_hash: Some(passwords::hash(password).await?),
        role: Role::PlatformAdmin,
        clinic_id: None,
        first_name: String::new(),
        last_name: String::new(),
        language: Language::En,
        email_verified: true,
    };
    insert(&db.pool, &account, now).await
}

pub async fn count(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&db.pool)
        .await?)
}

/// The role stored for an email, if the account exists.
pub async fn role_of(db: &Db, email: &Email) -> Result<Option<Role>, AppError> {
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_optional(&db.pool)
        .await?;
    role.map(|r| {
        r.parse::<Role>().map_err(|e| {
            tracing::error!(error = %e, "unknown role stored in users");
            AppError::Internal
        })
    })
    .transpose()
}

pub(crate) fn parse_role(stored: &str) -> Result<Role, AppError> {
    stored.parse::<Role>().map_err(|e| {
        tracing::error!(error = %e, "unknown role stored in users");
        AppError::Internal
    })
}

/// An account found by email, for login and password reset.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: UserId,
    pub first_name: String,
    pub language: Language,
    pub password_hash: Option<String>,
    pub disabled: bool,
    pub token_version: i64,
}

#[derive(sqlx::FromRow)]
struct CredentialsRow {
    id: i64,
    first_name: String,
    language: String,
    password_hash: Option<String>,
    disabled: i64,
    token_version: i64,
}

impl From<CredentialsRow> for Credentials {
    fn from(row: CredentialsRow) -> Self {
        Credentials {
            id: UserId(row.id),
            first_name: row.first_name,
            language: Language::from_tag(&row.language),
            password_hash: row.password_hash,
            disabled: row.disabled != 0,
            token_version: row.token_version,
        }
    }
}

const CREDENTIALS: &str =
    "SELECT id, first_name, language, password_hash, disabled, token_version FROM users";

pub async fn credentials_by_email(db: &Db, email: &Email) -> Result<Option<Credentials>, AppError> {
    let row: Option<CredentialsRow> = sqlx::query_as(&format!("{CREDENTIALS} WHERE email = $1"))
        .bind(email.as_str())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(Into::into))
}

pub async fn credentials_by_id(db: &Db, id: UserId) -> Result<Option<Credentials>, AppError> {
    let row: Option<CredentialsRow> = sqlx::query_as(&format!("{CREDENTIALS} WHERE id = $1"))
        .bind(id.0)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(Into::into))
}

/// Stores a new password hash and raises the token version, so every session opened with
/// the old password ends. Returns the new version.
pub async fn set_password(db: &Db, id: UserId, hash: &str) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "UPDATE users SET password_hash = $1, token_version = token_version + 1 \
         WHERE id = $2 RETURNING token_version",
    )
    .bind(hash)
    .bind(id.0)
    .fetch_one(&db.pool)
    .await?)
}

/// Ends every session of an account.
pub async fn revoke_sessions(db: &Db, id: UserId) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "UPDATE users SET token_version = token_version + 1 WHERE id = $1 RETURNING token_version",
    )
    .bind(id.0)
    .fetch_one(&db.pool)
    .await?)
}

pub async fn mark_email_verified(db: &Db, id: UserId, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $1) WHERE id = $2",
    )
    .bind(now)
    .bind(id.0)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct MeRow {
    id: i64,
    email: String,
    role: String,
    clinic_id: Option<i64>,
    clinic_name: Option<String>,
    first_name: String,
    last_name: String,
    language: String,
    email_verified_at: Option<i64>,
    phone: String,
    birth_date: Option<String>,
    gender: Option<String>,
    blood_group: Option<String>,
    address: String,
    photo: Option<String>,
}

/// The account as its owner sees it.
pub async fn me(db: &Db, id: UserId) -> Result<Me, AppError> {
    let row: MeRow = sqlx::query_as(
        "SELECT u.id, u.email, u.role, u.clinic_id, c.name AS clinic_name, u.first_name, \
                u.last_name, u.language, u.email_verified_at, u.phone, u.birth_date, u.gender, \
                u.blood_group, u.address, u.photo \
         FROM users u LEFT JOIN clinics c ON c.id = u.clinic_id WHERE u.id = $1",
    )
    .bind(id.0)
    .fetch_one(&db.pool)
    .await?;
    let role = parse_role(&row.role)?;
    let application = if role == Role::Doctor {
        crate::accounts::applications::application_of(db, id).await?
    } else {
        None
    };
    Ok(Me {
        id: UserId(row.id),
        email: row.email,
        role,
        clinic_id: row.clinic_id.map(ClinicId),
        clinic_name: row.clinic_name,
        first_name: row.first_name,
        last_name: row.last_name,
        language: Language::from_tag(&row.language),
        email_verified: row.email_verified_at.is_some(),
        phone: row.phone,
        birth_date: row.birth_date,
        gender: row.gender.as_deref().and_then(|g| g.parse::<Gender>().ok()),
        blood_group: row
            .blood_group
            .as_deref()
            .and_then(|g| g.parse::<BloodGroup>().ok()),
        address: row.address,
        photo_url: row.photo.as_deref().map(crate::accounts::photos::url),
        application,
    })
}

pub async fn update_profile(db: &Db, id: UserId, profile: &ProfileUpdate) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE users SET first_name = $1, last_name = $2, phone = $3, birth_date = $4, \
         gender = $5, blood_group = $6, address = $7, language = COALESCE($8, language) \
         WHERE id = $9",
    )
    .bind(profile.first_name.as_str())
    .bind(profile.last_name.as_str())
    .bind(
        profile
            .phone
            .as_ref()
            .map(|p| p.as_str())
            .unwrap_or_default(),
    )
    .bind(
        profile
            .birth_date
            .map(|d| d.date().format("%Y-%m-%d").to_string()),
    )
    .bind(profile.gender.map(|g| g.as_str()))
    .bind(profile.blood_group.map(|g| g.as_str()))
    .bind(&profile.address)
    .bind(profile.language.map(Language::code))
    .bind(id.0)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Points the account at a new photo file; returns the name of the one it replaces.
pub async fn set_photo(db: &Db, id: UserId, name: &str) -> Result<Option<String>, AppError> {
    // One transaction, so two uploads at once each learn the name they really replaced.
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE users SET photo = photo WHERE id = $1")
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    let old: Option<String> = sqlx::query_scalar("SELECT photo FROM users WHERE id = $1")
        .bind(id.0)
        .fetch_one(&mut *tx)
        .await?;
    sqlx::query("UPDATE users SET photo = $1 WHERE id = $2")
        .bind(name)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(old)
}

/// Whether a photo file belongs to some account (photos are served only then).
pub async fn photo_in_use(db: &Db, name: &str) -> Result<bool, AppError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE photo = $1")
        .bind(name)
        .fetch_one(&db.pool)
        .await?;
    Ok(count > 0)
}

/// Stores the contact details given at sign-up (or at the desk, for a walk-in patient).
pub async fn set_contact<'e, E>(
    executor: E,
    id: UserId,
    phone: &Phone,
    birth_date: Option<BirthDate>,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE users SET phone = $1, birth_date = $2 WHERE id = $3")
        .bind(phone.as_str())
        .bind(birth_date.map(|d| d.date().format("%Y-%m-%d").to_string()))
        .bind(id.0)
        .execute(executor)
        .await?;
    Ok(())
}

/// Disables or enables an account. Disabling also ends its sessions (the token version
/// moves on), so a disabled account is signed out everywhere at once.
pub async fn set_disabled<'e, E>(executor: E, id: UserId, disabled: bool) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE users SET disabled = $1, token_version = token_version + $2 WHERE id = $3")
        .bind(i64::from(disabled))
        .bind(i64::from(disabled))
        .bind(id.0)
        .execute(executor)
        .await?;
    Ok(())
}

/// Whom an email to `id` goes to (the worker hands it to `notify`, which never reads accounts).
pub async fn recipient(db: &Db, id: UserId) -> Result<Recipient, AppError> {
    let (email, first_name, language): (String, String, String) =
        sqlx::query_as("SELECT email, first_name, language FROM users WHERE id = $1")
            .bind(id.0)
            .fetch_one(&db.pool)
            .await?;
    Ok(Recipient {
        email: Email::parse(&email).map_err(|_| AppError::Internal)?,
        first_name,
        language: Language::from_tag(&language),
    })
}
