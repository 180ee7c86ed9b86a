//! Clinics and the people who work in them: the clinic itself (created by the CLI or a
//! platform admin, its settings), its staff, its doctors (applications, approval, profiles)
//! and the public directory that lists them. This domain owns the `clinics`, `doctors` and
//! `specialties` tables.
//!
//! Here at the top: a clinic's creation, listing and settings.

pub mod directory;
pub mod doctor_rows;
pub mod doctors;
pub mod specialties;
pub mod staff;

use crate::accounts::auth::{Caller, Rule};
use crate::db::Db;
use shared::error::{AppError, ConflictCode};
pub use shared::forms::NewClinic;
use shared::forms::SettingsUpdate;
use shared::{ClinicId, ClinicSettings, ClinicSummary};

/// Stores a clinic. A name already taken (ignoring case and spacing) is a conflict, detected by
/// the unique index so two concurrent creations cannot both pass. Takes any executor so it can
/// run inside a larger transaction.
pub async fn create<'e, E>(
    executor: E,
    clinic: &NewClinic,
    now: i64,
) -> Result<ClinicSummary, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO clinics (name, name_key, time_zone, currency, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(clinic.name.as_str())
    .bind(clinic.name.key())
    .bind(clinic.time_zone.as_str())
    .bind(clinic.currency.code())
    .bind(now)
    .fetch_one(executor)
    .await
    .map_err(AppError::conflict_on_unique(
        ConflictCode::ClinicAlreadyExists,
    ))?;
    Ok(ClinicSummary {
        id: ClinicId(id),
        name: clinic.name.as_str().to_owned(),
        time_zone: clinic.time_zone.as_str().to_owned(),
        currency: clinic.currency.code().to_owned(),
    })
}

/// Sets a clinic's front-desk number (the demo seeder; admins edit it with the settings).
pub async fn set_phone<'e, E>(executor: E, clinic: ClinicId, phone: &str) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE clinics SET phone = $1 WHERE id = $2")
        .bind(phone)
        .bind(clinic.0)
        .execute(executor)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct ClinicRow {
    id: i64,
    name: String,
    name_key: String,
    time_zone: String,
    currency: String,
}

impl From<ClinicRow> for ClinicSummary {
    fn from(row: ClinicRow) -> Self {
        ClinicSummary {
            id: ClinicId(row.id),
            name: row.name,
            time_zone: row.time_zone,
            currency: row.currency,
        }
    }
}

/// Every clinic, by name. Sorted here rather than by `ORDER BY`, because SQLite compares bytes
/// and PostgreSQL follows its locale: the list must read the same on both.
pub async fn list(db: &Db) -> Result<Vec<ClinicSummary>, AppError> {
    let mut rows: Vec<ClinicRow> =
        sqlx::query_as("SELECT id, name, name_key, time_zone, currency FROM clinics")
            .fetch_all(&db.pool)
            .await?;
    rows.sort_by(|a, b| a.name_key.cmp(&b.name_key).then(a.id.cmp(&b.id)));
    Ok(rows.into_iter().map(Into::into).collect())
}

/// A platform admin creates a clinic from the UI or the API.
pub async fn create_by_admin(
    db: &Db,
    caller: &Caller,
    clinic: &NewClinic,
    now: i64,
) -> Result<ClinicSummary, AppError> {
    caller.require(Rule::PlatformAdmin)?;
    create(&db.pool, clinic, now).await
}

/// A clinic's settings, for its admins.
pub async fn settings(
    db: &Db,
    caller: &Caller,
    clinic: ClinicId,
) -> Result<ClinicSettings, AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    let row: (
        i64,
        String,
        String,
        String,
        String,
        String,
        i64,
        i64,
        i64,
        i64,
    ) = sqlx::query_as(
        "SELECT id, name, address, phone, time_zone, currency, cancellation_notice_hours, \
         late_cancellation_refund_percent, request_deadline_hours, reminder_hours \
         FROM clinics WHERE id = $1",
    )
    .bind(clinic.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(ClinicSettings {
        id: ClinicId(row.0),
        name: row.1,
        address: row.2,
        phone: row.3,
        time_zone: row.4,
        currency: row.5,
        cancellation_notice_hours: row.6,
        late_cancellation_refund_percent: row.7,
        request_deadline_hours: row.8,
        reminder_hours: row.9,
    })
}

/// Saves a clinic's settings. Its doctors inherit the time zone and currency.
pub async fn update_settings(
    db: &Db,
    caller: &Caller,
    clinic: ClinicId,
    update: &SettingsUpdate,
) -> Result<ClinicSettings, AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    let changed = sqlx::query(
        "UPDATE clinics SET name = $1, name_key = $2, address = $3, phone = $4, time_zone = $5,          currency = $6, cancellation_notice_hours = $7, late_cancellation_refund_percent = $8,          request_deadline_hours = $9, reminder_hours = $10 WHERE id = $11",
    )
    .bind(update.name.as_str())
    .bind(update.name.key())
    .bind(&update.address)
    .bind(update.phone.as_ref().map(|p| p.as_str()).unwrap_or_default())
    .bind(update.time_zone.as_str())
    .bind(update.currency.code())
    .bind(update.notice_hours)
    .bind(update.refund_percent)
    .bind(update.deadline_hours)
    .bind(update.reminder_hours)
    .bind(clinic.0)
    .execute(&db.pool)
    .await
    .map_err(AppError::conflict_on_unique(ConflictCode::ClinicAlreadyExists))?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::NotFound);
    }
    settings(db, caller, clinic).await
}

pub async fn count(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM clinics")
        .fetch_one(&db.pool)
        .await?)
}
