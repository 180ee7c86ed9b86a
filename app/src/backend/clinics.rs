//! Clinics: creation (CLI now, admin UI later) and listing.

use super::db::{now_unix, Db};
use crate::error::{AppError, ConflictCode};
use shared::{ClinicId, ClinicName, ClinicSummary, Currency, TimeZoneName, ValidationErrors};

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
pub async fn create<'e, E>(executor: E, clinic: &NewClinic) -> Result<ClinicSummary, AppError>
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
    .bind(now_unix())
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

pub async fn count(db: &Db) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM clinics")
        .fetch_one(&db.pool)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::ValidationCode;

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
