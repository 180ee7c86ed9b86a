//! Doctors: applications to a clinic and their review by the clinic's admins. Only approved
//! doctors are listed (see `directory`).

use super::doctor_rows::{self, NewDoctor};
use crate::accounts;
use crate::accounts::applications::{self, application_of};
use crate::accounts::auth::{Caller, Rule};
use crate::accounts::users::{self, NewAccount};
use crate::db::Db;
use crate::notify::letters;
use crate::{accounts::passwords, AppState};
use shared::account::parse_reason;
use shared::error::{AppError, ConflictCode};
use shared::forms::{ApplicationChoices, NewDoctorApplication};
use shared::{
    ApplicationStatus, ClinicId, DoctorApplication, Email, FieldError, Role, UserId,
    ValidationCode, ValidationErrors,
};
use std::net::IpAddr;

/// The two kinds of row a form may point at by id.
#[derive(Clone, Copy)]
enum Listed {
    Specialty,
    Clinic,
}

/// Whether a chosen row exists; one that does not is `NotAChoice`.
async fn check_listed(db: &Db, id: i64, list: Listed) -> Result<(), ValidationCode> {
    let query = match list {
        Listed::Specialty => "SELECT id FROM specialties WHERE id = $1",
        Listed::Clinic => "SELECT id FROM clinics WHERE id = $1",
    };
    let found: Option<i64> = sqlx::query_scalar(query)
        .bind(id)
        .fetch_optional(&db.pool)
        .await
        .map_err(|error| {
            tracing::error!(%error, "could not check a submitted id");
            ValidationCode::NotAChoice
        })?;
    found.map(|_| ()).ok_or(ValidationCode::NotAChoice)
}

/// Refuses, by field name, a specialty that is not on the list.
pub async fn check_specialty(db: &Db, specialty: i64) -> Result<(), ValidationErrors> {
    check_listed(db, specialty, Listed::Specialty)
        .await
        .map_err(|code| FieldError::new("specialty_id", code).into())
}

/// What a doctor's application chooses from: the clinics and the specialties.
pub async fn application_choices(db: &Db) -> Result<ApplicationChoices, AppError> {
    Ok(ApplicationChoices {
        clinics: super::list(db).await?.into_iter().map(|c| c.id.0).collect(),
        specialties: super::specialties::ids(db).await?,
    })
}

/// A doctor applies to a clinic: the account is created (it can log in at once) with a
/// pending application that the clinic's admin reviews. Like patient sign-up, the answer
/// does not reveal whether the email already had an account.
pub async fn apply(
    state: &AppState,
    application: NewDoctorApplication,
    ip: Option<IpAddr>,
) -> Result<(), AppError> {
    let NewDoctorApplication {
        person,
        clinic,
        specialty,
        licence,
        language,
    } = application;
    let mut errors = ValidationErrors::default();
    errors.check(
        "clinic_id",
        check_listed(&state.db, clinic.0, Listed::Clinic).await,
    );
    errors.check(
        "specialty_id",
        check_listed(&state.db, specialty, Listed::Specialty).await,
    );
    if !errors.is_empty() {
        return Err(errors.into());
    }
    state.spend_mail_budget(person.email.as_str(), ip).await?;
    let account = NewAccount {
        email: person.email.clone(),
        password_hash: Some(passwords::hash(person.password).await?),
        role: Role::Doctor,
        clinic_id: Some(clinic),
        first_name: person.first_name.as_str().to_owned(),
        last_name: person.last_name.as_str().to_owned(),
        language,
        email_verified: false,
    };
    let created = create_doctor(
        &state.db,
        &account,
        specialty,
        &licence,
        ApplicationStatus::Pending,
        None,
        state.clock.now_unix(),
    )
    .await;
    let contact = accounts::Contact {
        email: &person.email,
        phone: &person.phone,
        first_name: person.first_name.as_str(),
        birth_date: None,
        next: None,
    };
    accounts::finish_sign_up(state, created, contact, language).await
}

/// Stores a doctor account and its application row together.
pub async fn create_doctor(
    db: &Db,
    account: &NewAccount,
    specialty: i64,
    licence: &str,
    status: ApplicationStatus,
    reviewed_by: Option<UserId>,
    now: i64,
) -> Result<UserId, AppError> {
    let clinic = account.clinic_id.ok_or(AppError::Internal)?;
    let mut tx = db.pool.begin().await?;
    let id = users::insert(&mut *tx, account, now).await?;
    let row = NewDoctor {
        user: id,
        clinic,
        specialty,
        licence,
        status: status.as_str(),
        reviewed_by,
        now,
    };
    doctor_rows::insert(&mut *tx, &row).await?;
    doctor_rows::set_search_name(&mut *tx, id, &account.first_name, &account.last_name).await?;
    doctor_rows::relist(&mut *tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// A clinic's doctors and applicants, pending first, then by name: for its admins.
pub async fn applications(
    db: &Db,
    caller: &Caller,
    clinic: ClinicId,
) -> Result<Vec<DoctorApplication>, AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    applications::of_clinic(db, clinic).await
}

/// An admin's answer to an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Refuse { reason: String },
}

impl Decision {
    pub fn parse(approve: bool, reason: &str) -> Result<Self, AppError> {
        if approve {
            Ok(Decision::Approve)
        } else {
            parse_reason(reason)
                .map(|reason| Decision::Refuse { reason })
                .map_err(|code| AppError::field("reason", code))
        }
    }
}

/// Approves or refuses a pending application; the doctor is told by email. Only an admin of
/// the doctor's clinic (or a platform admin) may decide, and only once.
pub async fn review(
    state: &AppState,
    caller: &Caller,
    doctor: UserId,
    decision: Decision,
) -> Result<DoctorApplication, AppError> {
    let application = application_of(&state.db, doctor)
        .await?
        .ok_or(AppError::NotFound)?;
    caller.require(Rule::ManageClinic(application.clinic_id))?;
    let (status, reason) = match &decision {
        Decision::Approve => (ApplicationStatus::Approved, None),
        Decision::Refuse { reason } => (ApplicationStatus::Refused, Some(reason.as_str())),
    };
    // Only a pending application changes, so two admins deciding at once cannot both win.
    let mut tx = state.db.pool.begin().await?;
    let now = state.clock.now_unix();
    let decided =
        doctor_rows::decide(&mut *tx, doctor, status.as_str(), reason, caller.id, now).await?;
    if !decided {
        return Err(AppError::Conflict(ConflictCode::AlreadyReviewed));
    }
    doctor_rows::relist(&mut *tx, doctor).await?;
    tx.commit().await?;
    // The decision stands whatever happens to the email; a failure is logged, not shown
    // as a failed review (retrying would only answer "already reviewed").
    if let Err(error) = notify_decision(state, doctor, &application, &decision).await {
        tracing::error!(%error, doctor = doctor.0, "could not write the decision email");
    }
    application_of(&state.db, doctor)
        .await?
        .ok_or(AppError::NotFound)
}

async fn notify_decision(
    state: &AppState,
    doctor: UserId,
    application: &DoctorApplication,
    decision: &Decision,
) -> Result<(), AppError> {
    let account = users::credentials_by_id(&state.db, doctor)
        .await?
        .ok_or(AppError::NotFound)?;
    let clinic: String = sqlx::query_scalar("SELECT name FROM clinics WHERE id = $1")
        .bind(application.clinic_id.0)
        .fetch_one(&state.db.pool)
        .await?;
    let language = account.language;
    let text = match decision {
        Decision::Approve => letters::application_approved(language, &account.first_name, &clinic),
        Decision::Refuse { reason } => {
            letters::application_refused(language, &account.first_name, &clinic, reason)
        }
    };
    let to = Email::parse(&application.email).map_err(|_| AppError::Internal)?;
    state.mail(&to, language, text).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_needs_a_reason_and_an_approval_does_not() {
        assert_eq!(Decision::parse(true, ""), Ok(Decision::Approve));
        assert_eq!(
            Decision::parse(false, " "),
            Err(AppError::field("reason", ValidationCode::Required))
        );
        assert_eq!(
            Decision::parse(false, "Licence not in the register"),
            Ok(Decision::Refuse {
                reason: "Licence not in the register".into()
            })
        );
    }
}
