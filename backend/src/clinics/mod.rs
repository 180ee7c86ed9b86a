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
use shared::account::{parse_address, parse_bounded};
use shared::error::{AppError, ConflictCode};
use shared::forms::{ClinicSettingsForm, NewClinicForm};
use shared::{
    ClinicId, ClinicName, ClinicSettings, ClinicSummary, Currency, Phone, TimeZoneName,
    ValidationErrors,
};

/// A clinic that has passed validation and can be stored.
#[derive(Debug, Clone)]
pub struct NewClinic {
    pub name: ClinicName,
    pub time_zone: TimeZoneName,
    pub currency: Currency,
}

impl NewClinic {
    /// Parses every field and reports all refused ones together.
    pub fn parse(name: &str, time_zone: &str, currency: &str) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check("name", ClinicName::parse(name));
        let time_zone = errors.check("time_zone", TimeZoneName::parse(time_zone));
        let currency = errors.check("currency", Currency::parse(currency));
        match (name, time_zone, currency) {
            (Some(name), Some(time_zone), Some(currency)) => Ok(Self {
                name,
                time_zone,
                currency,
            }),
            _ => Err(errors),
        }
    }
}

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
    form: &NewClinicForm,
    now: i64,
) -> Result<ClinicSummary, AppError> {
    caller.require(Rule::PlatformAdmin)?;
    let clinic = NewClinic::parse(&form.name, &form.time_zone, &form.currency)?;
    create(&db.pool, &clinic, now).await
}

/// Settings that have passed validation.
#[derive(Debug)]
struct SettingsUpdate {
    name: ClinicName,
    address: String,
    phone: Option<Phone>,
    time_zone: TimeZoneName,
    currency: Currency,
    notice_hours: i64,
    refund_percent: i64,
    deadline_hours: i64,
    reminder_hours: i64,
}

fn parse_settings(form: &ClinicSettingsForm) -> Result<SettingsUpdate, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let name = errors.check("name", ClinicName::parse(&form.name));
    let address = errors.check("address", parse_address(&form.address));
    let phone = if form.phone.trim().is_empty() {
        Some(None)
    } else {
        errors.check("phone", Phone::parse(&form.phone).map(Some))
    };
    let time_zone = errors.check("time_zone", TimeZoneName::parse(&form.time_zone));
    let currency = errors.check("currency", Currency::parse(&form.currency));
    let notice_hours = errors.check(
        "cancellation_notice_hours",
        parse_bounded(
            &form.cancellation_notice_hours,
            0,
            ClinicSettings::MAX_NOTICE_HOURS,
        ),
    );
    let refund_percent = errors.check(
        "late_cancellation_refund_percent",
        parse_bounded(&form.late_cancellation_refund_percent, 0, 100),
    );
    let deadline_hours = errors.check(
        "request_deadline_hours",
        parse_bounded(
            &form.request_deadline_hours,
            1,
            ClinicSettings::MAX_REQUEST_DEADLINE_HOURS,
        ),
    );
    let reminder_hours = if form.reminder_hours.trim().is_empty() {
        Some(24)
    } else {
        errors.check(
            "reminder_hours",
            shared::notification::parse_reminder_hours(&form.reminder_hours),
        )
    };
    let policy = (notice_hours, refund_percent, deadline_hours, reminder_hours);
    match (name, address, phone, time_zone, currency, policy) {
        (
            Some(name),
            Some(address),
            Some(phone),
            Some(time_zone),
            Some(currency),
            (Some(notice_hours), Some(refund_percent), Some(deadline_hours), Some(reminder_hours)),
        ) if errors.is_empty() => Ok(SettingsUpdate {
            name,
            address,
            phone,
            time_zone,
            currency,
            notice_hours,
            refund_percent,
            deadline_hours,
            reminder_hours,
        }),
        _ => Err(errors),
    }
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
    form: &ClinicSettingsForm,
) -> Result<ClinicSettings, AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    let update = parse_settings(form)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ValidationCode;

    fn settings_form() -> ClinicSettingsForm {
        ClinicSettingsForm {
            name: "Clinique du Lac".into(),
            address: "Rue du Lac Léman\nTunis".into(),
            phone: "+216 71 000 000".into(),
            time_zone: "Africa/Tunis".into(),
            currency: "TND".into(),
            cancellation_notice_hours: "24".into(),
            late_cancellation_refund_percent: "50".into(),
            request_deadline_hours: "48".into(),
            reminder_hours: "24".into(),
        }
    }

    #[test]
    fn clinic_settings_parse_and_keep_their_bounds() {
        let update = parse_settings(&settings_form()).unwrap();
        assert_eq!(update.refund_percent, 50);
        let mut bad = settings_form();
        bad.late_cancellation_refund_percent = "150".into();
        bad.request_deadline_hours = "0".into();
        bad.cancellation_notice_hours = "lots".into();
        bad.time_zone = "Mars/Olympus".into();
        bad.reminder_hours = "200".into();
        let errors = parse_settings(&bad).unwrap_err();
        assert_eq!(
            errors.for_field("late_cancellation_refund_percent"),
            Some(&ValidationCode::OutOfRange { min: 0, max: 100 })
        );
        assert_eq!(
            errors.for_field("request_deadline_hours"),
            Some(&ValidationCode::OutOfRange { min: 1, max: 144 })
        );
        assert_eq!(
            errors.for_field("cancellation_notice_hours"),
            Some(&ValidationCode::NotANumber)
        );
        assert_eq!(
            errors.for_field("time_zone"),
            Some(&ValidationCode::UnknownTimeZone)
        );
        assert_eq!(
            errors.for_field("reminder_hours"),
            Some(&ValidationCode::OutOfRange { min: 1, max: 168 })
        );
        let mut unsaid = settings_form();
        unsaid.reminder_hours.clear();
        assert_eq!(parse_settings(&unsaid).unwrap().reminder_hours, 24);
    }

    #[test]
    fn a_valid_clinic_parses() {
        let clinic = NewClinic::parse("Clinique du Lac", "Africa/Tunis", "tnd").unwrap();
        assert_eq!(clinic.currency, Currency::TND);
        assert_eq!(clinic.time_zone.as_str(), "Africa/Tunis");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = NewClinic::parse("", "Nowhere/City", "ZZZ").unwrap_err();
        assert_eq!(errors.for_field("name"), Some(&ValidationCode::Required));
        assert_eq!(
            errors.for_field("time_zone"),
            Some(&ValidationCode::UnknownTimeZone)
        );
        assert_eq!(
            errors.for_field("currency"),
            Some(&ValidationCode::UnsupportedCurrency)
        );
    }
}
