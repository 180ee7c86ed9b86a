//! A clinic's staff accounts, managed by its admins: invite secretaries and doctors (platform
//! admins also appoint clinic admins), and disable or re-enable them.

use crate::accounts::auth::{Caller, Rule};
use crate::accounts::users::{self, NewAccount};
use crate::clinics::doctors;
use crate::db::Db;
use crate::{accounts, AppState};

use shared::error::{AppError, ConflictCode};
use shared::forms::{DoctorFields, InviteChoices, StaffInvite};
use shared::{
    ApplicationStatus, ClinicId, FieldError, Role, StaffMember, UserId, ValidationCode,
    ValidationErrors,
};

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    email: String,
    role: String,
    first_name: String,
    last_name: String,
    disabled: i64,
    password_hash: Option<String>,
}

/// The staff of a clinic, by role then name.
pub async fn list(
    db: &Db,
    caller: &Caller,
    clinic: ClinicId,
) -> Result<Vec<StaffMember>, AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    let rows: Vec<StaffRow> = sqlx::query_as(
        "SELECT id, email, role, first_name, last_name, disabled, password_hash \
         FROM users WHERE clinic_id = $1 ORDER BY role, last_name, first_name, id",
    )
    .bind(clinic.0)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(StaffMember {
                id: UserId(row.id),
                email: row.email,
                role: row.role.parse().map_err(|_| AppError::Internal)?,
                first_name: row.first_name,
                last_name: row.last_name,
                disabled: row.disabled != 0,
                activated: row.password_hash.is_some(),
            })
        })
        .collect()
}

/// Which roles a caller may give. Clinic admins staff their clinic with secretaries and
/// doctors; appointing another clinic admin is the platform's decision.
fn may_appoint(caller: &Caller, role: Role) -> bool {
    match role {
        Role::Secretary | Role::Doctor => true,
        Role::ClinicAdmin => caller.role == Role::PlatformAdmin,
        Role::Patient | Role::PlatformAdmin => false,
    }
}

/// What an admin of `clinic` may choose from when inviting: the roles they may give and the
/// specialties. Only the clinic's admins (and platform admins) may ask.
pub async fn invite_choices(
    db: &Db,
    caller: &Caller,
    clinic: ClinicId,
) -> Result<InviteChoices, AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    Ok(InviteChoices {
        roles: Role::ALL
            .into_iter()
            .filter(|role| may_appoint(caller, *role))
            .collect(),
        specialties: super::specialties::ids(db).await?,
    })
}

/// Creates a staff account without a password and emails an invitation link to set one.
/// Doctors created by an admin are approved at once.
pub async fn invite(
    state: &AppState,
    caller: &Caller,
    clinic: ClinicId,
    invite: StaffInvite,
) -> Result<StaffMember, AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    let clinic_name: String = sqlx::query_scalar("SELECT name FROM clinics WHERE id = $1")
        .bind(clinic.0)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let StaffInvite {
        email,
        first_name,
        last_name,
        role,
        doctor,
        language,
    } = invite;
    if !may_appoint(caller, role) {
        return Err(
            ValidationErrors::from(FieldError::new("role", ValidationCode::NotAChoice)).into(),
        );
    }
    if let Some(doctor) = &doctor {
        doctors::check_specialty(&state.db, doctor.specialty).await?;
    }
    let names = (&first_name, &last_name);
    let account = NewAccount::invited(email.clone(), role, Some(clinic), names, language);
    let id = match doctor {
        Some(DoctorFields { specialty, licence }) => {
            doctors::create_doctor(
                &state.db,
                &account,
                specialty,
                &licence,
                ApplicationStatus::Approved,
                Some(caller.id),
                state.clock.now_unix(),
            )
            .await?
        }
        None => users::insert(&state.db.pool, &account, state.clock.now_unix()).await?,
    };
    let invitation = accounts::Invitation::of(id, &account, &clinic_name);
    accounts::send_invitation(state, &invitation).await?;
    Ok(StaffMember {
        id,
        email: email.as_str().to_owned(),
        role,
        first_name: account.first_name,
        last_name: account.last_name,
        disabled: false,
        activated: false,
    })
}

/// Disables or re-enables a staff account of the clinic. Disabling ends its sessions at once.
pub async fn set_disabled(
    db: &Db,
    caller: &Caller,
    clinic: ClinicId,
    member: UserId,
    disabled: bool,
) -> Result<(), AppError> {
    caller.require(Rule::ManageClinic(clinic))?;
    let row: Option<(Option<i64>, String)> =
        sqlx::query_as("SELECT clinic_id, role FROM users WHERE id = $1")
            .bind(member.0)
            .fetch_optional(&db.pool)
            .await?;
    let Some((Some(member_clinic), role)) = row else {
        return Err(AppError::NotFound);
    };
    if member_clinic != clinic.0 {
        return Err(AppError::NotFound);
    }
    if member == caller.id {
        return Err(AppError::Conflict(ConflictCode::CannotDisableYourself));
    }
    let role: Role = role.parse().map_err(|_| AppError::Internal)?;
    if role == Role::ClinicAdmin && caller.role != Role::PlatformAdmin {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.pool.begin().await?;
    users::set_disabled(&mut *tx, member, disabled).await?;
    // A disabled doctor leaves the directory at once (and comes back when enabled).
    crate::clinics::doctor_rows::relist(&mut *tx, member).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role) -> Caller {
        Caller {
            id: UserId(1),
            role,
            clinic_id: Some(ClinicId(1)),
            email_verified: true,
            token_version: 0,
            clinic_access: true,
        }
    }

    #[test]
    fn only_platform_admins_appoint_clinic_admins() {
        let clinic_admin = caller(Role::ClinicAdmin);
        assert!(may_appoint(&clinic_admin, Role::Secretary));
        assert!(may_appoint(&clinic_admin, Role::Doctor));
        assert!(!may_appoint(&clinic_admin, Role::ClinicAdmin));
        assert!(!may_appoint(&clinic_admin, Role::PlatformAdmin));
        assert!(!may_appoint(&clinic_admin, Role::Patient));
        assert!(may_appoint(&caller(Role::PlatformAdmin), Role::ClinicAdmin));
    }
}
