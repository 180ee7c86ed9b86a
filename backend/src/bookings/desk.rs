//! The front desk books for a patient (secretaries and clinic admins of one clinic).

use super::{confirm_for_patient, parse_start, parse_visit_reason, terms, ClinicVisit};
use crate::auth::{Caller, Rule};
use crate::db::Db;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::front_desk::DeskBookingForm;
use shared::{AppointmentDetail, Party, Role, UserId, ValidationCode, ValidationErrors};

/// The front desk books a visit of one of its clinic's doctors for a patient: confirmed at
/// once, paid at the visit. An urgent booking may take any slot of the doctor's hours still
/// ahead (the notice and horizon do not apply); any other follows the patients' rules.
/// Another appointment always stands in the way.
pub async fn book_at_desk(
    db: &Db,
    caller: &Caller,
    form: &DeskBookingForm,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    caller.require(Rule::Role(&[Role::Secretary, Role::ClinicAdmin]))?;
    let scope = caller.scope()?;
    let mut errors = ValidationErrors::default();
    let id_of = |raw: &str| {
        raw.trim()
            .parse::<i64>()
            .map_err(|_| ValidationCode::NotAChoice)
    };
    let patient = errors.check("patient_id", id_of(&form.patient_id));
    let doctor = errors.check("doctor_id", id_of(&form.doctor_id));
    let start = errors.check("start", parse_start(&form.start));
    let reason = errors.check("reason", parse_visit_reason(&form.reason));
    let (Some(patient), Some(doctor), Some(start), Some(reason)) = (patient, doctor, start, reason)
    else {
        return Err(errors.into());
    };
    let is_patient: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE id = $1 AND role = 'patient' AND disabled = 0",
    )
    .bind(patient)
    .fetch_one(&db.pool)
    .await?;
    if is_patient == 0 {
        return Err(AppError::field("patient_id", ValidationCode::NoSuchPatient));
    }
    let terms = match terms(db, UserId(doctor), false).await {
        Ok(terms) if scope.allows(terms.schedule.clinic) => terms,
        Ok(_) | Err(AppError::NotFound) => {
            return Err(AppError::field("doctor_id", ValidationCode::NotAChoice))
        }
        Err(other) => return Err(other),
    };
    let visit = ClinicVisit {
        patient: UserId(patient),
        start,
        reason,
        rules: if form.urgent {
            Party::Clinic
        } else {
            Party::Patient
        },
        urgent: form.urgent,
    };
    confirm_for_patient(db, caller, &terms, visit, now).await
}
