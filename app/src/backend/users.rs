//! Accounts. This module stores them; sign-up, login and sessions build on it.

use super::db::{now_unix, Db};
use super::passwords;
use crate::error::{AppError, ConflictCode};
use shared::{ClinicId, Email, Language, Password, Role, UserId, ValidationErrors};

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

/// Stores an account. A taken email is a conflict, found by the unique index rather than by a
/// prior look-up that a concurrent request could race past. Takes any executor so it can run
/// inside a larger transaction.
pub async fn insert<'e, E>(executor: E, account: &NewAccount) -> Result<UserId, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let now = now_unix();
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
    insert(&db.pool, &account).await
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
