//! The front desk books for a patient (secretaries and clinic admins of one clinic).

use super::{confirm_for_patient, terms, ClinicVisit};
use crate::accounts::auth::{Caller, Rule};
use crate::db::Db;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::front_desk::DeskBooking;
use shared::{AppointmentDetail, Party, Role, ValidationCode};

/// The front desk books a visit of one of its clinic's doctors for a patient: confirmed at
/// once, paid at the visit. An urgent booking may take any slot of the doctor's hours still
/// ahead (the notice and horizon do not apply); any other follows the patients' rules.
/// Another appointment always stands in the way.
pub(super) async fn book(
    db: &Db,
    caller: &Caller,
    booking: &DeskBooking,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    caller.require(Rule::Role(&[Role::Secretary, Role::ClinicAdmin]))?;
    let scope = caller.scope()?;
    let DeskBooking {
        patient,
        doctor,
        start,
        ref reason,
        urgent,
    } = *booking;
    let is_patient: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE id = $1 AND role = 'patient' AND disabled = 0",
    )
    .bind(patient.0)
    .fetch_one(&db.pool)
    .await?;
    if is_patient == 0 {
        return Err(AppError::field("patient_id", ValidationCode::NoSuchPatient));
    }
    let terms = match terms(db, doctor, false).await {
        Ok(terms) if scope.allows(terms.schedule.clinic) => terms,
        Ok(_) | Err(AppError::NotFound) => {
            return Err(AppError::field("doctor_id", ValidationCode::NotAChoice))
        }
        Err(other) => return Err(other),
    };
    let visit = ClinicVisit {
        patient,
        start,
        reason: reason.clone(),
        rules: if urgent {
            Party::Clinic
        } else {
            Party::Patient
        },
        urgent,
    };
    confirm_for_patient(db, caller, &terms, visit, now).await
}
