//! The roles an account can hold. Staff roles belong to exactly one clinic; patients and
//! platform admins belong to the platform.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Patient,
    Doctor,
    Secretary,
    ClinicAdmin,
    PlatformAdmin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Patient,
        Role::Doctor,
        Role::Secretary,
        Role::ClinicAdmin,
        Role::PlatformAdmin,
    ];

    /// The stable name stored in the database and used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Doctor => "doctor",
            Role::Secretary => "secretary",
            Role::ClinicAdmin => "clinic_admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }

    /// Where an account lands after logging in when no page was asked for: its work page.
    /// A doctor's day, the desk's queue, the clinic, the platform; a patient's account (their
    /// visits, family and profile).
    pub fn home(self) -> &'static str {
        match self {
            Role::Patient => "/account",
            Role::Doctor => "/practice",
            Role::Secretary => "/clinic/desk",
            Role::ClinicAdmin => "/clinic",
            Role::PlatformAdmin => "/admin",
        }
    }

    /// Staff work inside one clinic, so their account must carry its id.
    pub fn belongs_to_clinic(self) -> bool {
        matches!(self, Role::Doctor | Role::Secretary | Role::ClinicAdmin)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role `{0}`")]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_land_on_their_work_page() {
        assert_eq!(Role::Doctor.home(), "/practice");
        assert_eq!(Role::Secretary.home(), "/clinic/desk");
        assert_eq!(Role::ClinicAdmin.home(), "/clinic");
        assert_eq!(Role::PlatformAdmin.home(), "/admin");
        assert_eq!(Role::Patient.home(), "/account");
    }

    #[test]
    fn every_role_round_trips_through_its_stored_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
    }

    #[test]
    fn unknown_role_name_is_refused() {
        assert_eq!(
            "superuser".parse::<Role>(),
            Err(UnknownRole("superuser".into()))
        );
    }

    #[test]
    fn only_staff_roles_belong_to_a_clinic() {
        let staff: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.belongs_to_clinic())
            .collect();
        assert_eq!(
            staff,
            vec![Role::Doctor, Role::Secretary, Role::ClinicAdmin]
        );
    }
}
