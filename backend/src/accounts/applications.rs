//! Doctor applications as they read: one doctor's (for their account page) and a clinic's
//! list (for its admins), read from the `doctors` row, which `clinics` writes (apply,
//! decide). It sits in accounts because an account's page shows it, and accounts may not call
//! clinics.

use crate::db::Db;
use shared::error::AppError;
use shared::{ClinicId, DoctorApplication, Specialty, UserId};

#[derive(sqlx::FromRow)]
struct ApplicationRow {
    user_id: i64,
    clinic_id: i64,
    first_name: String,
    last_name: String,
    email: String,
    specialty_id: i64,
    slug: String,
    name_en: String,
    name_fr: String,
    licence_number: String,
    status: String,
    refusal_reason: Option<String>,
    created_at: i64,
}

const APPLICATION_COLUMNS: &str = "SELECT d.user_id, d.clinic_id, u.first_name, u.last_name, \
    u.email, d.specialty_id, s.slug, s.name_en, s.name_fr, d.licence_number, d.status, \
    d.refusal_reason, d.created_at \
    FROM doctors d JOIN users u ON u.id = d.user_id JOIN specialties s ON s.id = d.specialty_id";

impl TryFrom<ApplicationRow> for DoctorApplication {
    type Error = AppError;

    fn try_from(row: ApplicationRow) -> Result<Self, AppError> {
        Ok(DoctorApplication {
            doctor_id: UserId(row.user_id),
            clinic_id: ClinicId(row.clinic_id),
            doctor_name: format!("{} {}", row.first_name, row.last_name)
                .trim()
                .to_owned(),
            email: row.email,
            specialty: Specialty {
                id: row.specialty_id,
                slug: row.slug,
                name_en: row.name_en,
                name_fr: row.name_fr,
            },
            licence_number: row.licence_number,
            status: row.status.parse().map_err(|_| AppError::Internal)?,
            refusal_reason: row.refusal_reason,
            applied_at: row.created_at,
        })
    }
}

pub async fn application_of(
    db: &Db,
    doctor: UserId,
) -> Result<Option<DoctorApplication>, AppError> {
    let row: Option<ApplicationRow> =
        sqlx::query_as(&format!("{APPLICATION_COLUMNS} WHERE d.user_id = $1"))
            .bind(doctor.0)
            .fetch_optional(&db.pool)
            .await?;
    row.map(TryInto::try_into).transpose()
}

/// A clinic's doctors and applicants, pending first, then by name (`doctors::applications`
/// checks who may read them).
pub async fn of_clinic(db: &Db, clinic: ClinicId) -> Result<Vec<DoctorApplication>, AppError> {
    let rows: Vec<ApplicationRow> = sqlx::query_as(&format!(
        "{APPLICATION_COLUMNS} WHERE d.clinic_id = $1 \
         ORDER BY CASE d.status WHEN 'pending' THEN 0 ELSE 1 END, d.created_at DESC"
    ))
    .bind(clinic.0)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(TryInto::try_into).collect()
}
