//! Clinic scoping. Staff see only their own clinic's rows; a platform admin sees every clinic.
//! Every staff query takes a `ClinicScope` and filters with `ClinicScope::sql_filter`, so a
//! secretary can never read another clinic's data by changing an id in a request.

use shared::error::AppError;
use shared::{ClinicId, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClinicScope {
    /// Platform admins: every clinic.
    AllClinics,
    /// Doctors, secretaries and clinic admins: their own clinic only.
    Clinic(ClinicId),
}

impl ClinicScope {
    /// The scope an account works in. Patients have none: they reach clinic data only through
    /// their own appointments, which are checked by ownership instead.
    pub fn for_account(role: Role, clinic_id: Option<ClinicId>) -> Result<Self, AppError> {
        match (role, clinic_id) {
            (Role::PlatformAdmin, _) => Ok(ClinicScope::AllClinics),
            (role, Some(clinic)) if role.belongs_to_clinic() => Ok(ClinicScope::Clinic(clinic)),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Whether a row owned by `clinic` is visible in this scope.
    pub fn allows(self, clinic: ClinicId) -> bool {
        match self {
            ClinicScope::AllClinics => true,
            ClinicScope::Clinic(own) => own == clinic,
        }
    }

    /// Refuses access to a row of another clinic. "Not found" rather than "forbidden", so a
    /// probe cannot learn which ids exist in other clinics.
    pub fn check(self, clinic: ClinicId) -> Result<(), AppError> {
        if self.allows(clinic) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }

    /// The value to bind for the standard filter `(CAST($n AS BIGINT) IS NULL OR clinic_id = $n)`:
    /// NULL lets every clinic through, an id only that clinic.
    pub fn sql_filter(self) -> Option<i64> {
        match self {
            ClinicScope::AllClinics => None,
            ClinicScope::Clinic(id) => Some(id.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TUNIS: ClinicId = ClinicId(1);
    const PARIS: ClinicId = ClinicId(2);

    #[test]
    fn staff_are_scoped_to_their_clinic() {
        for role in [Role::Doctor, Role::Secretary, Role::ClinicAdmin] {
            let scope = ClinicScope::for_account(role, Some(TUNIS)).unwrap();
            assert!(scope.allows(TUNIS));
            assert!(!scope.allows(PARIS));
            assert_eq!(scope.check(PARIS), Err(AppError::NotFound));
            assert_eq!(scope.sql_filter(), Some(1));
        }
    }

    #[test]
    fn platform_admins_see_every_clinic() {
        let scope = ClinicScope::for_account(Role::PlatformAdmin, None).unwrap();
        assert!(scope.allows(TUNIS) && scope.allows(PARIS));
        assert_eq!(scope.sql_filter(), None);
    }

    #[test]
    fn patients_and_clinicless_staff_have_no_clinic_scope() {
        assert_eq!(
            ClinicScope::for_account(Role::Patient, None),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            ClinicScope::for_account(Role::Secretary, None),
            Err(AppError::Forbidden)
        );
    }
}
