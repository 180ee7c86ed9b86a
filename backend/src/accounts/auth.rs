//! Who is calling, and may they do this? Every server function and REST handler goes through
//! here: `authenticate` turns a token into a `Caller` (checking the account still exists, is
//! enabled and has not revoked its tokens), and `Caller::require` is the one place where role,
//! clinic and ownership rules are decided.

use crate::accounts::sessions::{self, Audience, Claims};
use crate::accounts::tenancy::ClinicScope;
use crate::db::Db;
use crate::AppState;
use shared::error::AppError;
use shared::{ClinicId, Role, UserId};

/// The authenticated account behind a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub id: UserId,
    pub role: Role,
    pub clinic_id: Option<ClinicId>,
    pub email_verified: bool,
    pub token_version: i64,
    /// Whether the clinic has accepted this account: always for secretaries and clinic
    /// admins, only once approved for a doctor who applied.
    pub clinic_access: bool,
}

/// What an action needs of its caller.
#[derive(Debug, Clone, Copy)]
pub enum Rule<'a> {
    /// Any of these roles.
    Role(&'a [Role]),
    /// Manage a clinic: its own clinic admin, or a platform admin.
    ManageClinic(ClinicId),
    /// Act on one account: the account itself, or a platform admin.
    OwnAccount(UserId),
    /// Platform admins only.
    PlatformAdmin,
}

impl Caller {
    /// Refuses with 403 unless the caller satisfies `rule`.
    pub fn require(&self, rule: Rule<'_>) -> Result<(), AppError> {
        let allowed = match rule {
            Rule::Role(roles) => roles.contains(&self.role),
            Rule::ManageClinic(clinic) => match self.role {
                Role::PlatformAdmin => true,
                Role::ClinicAdmin => self.clinic_id == Some(clinic),
                _ => false,
            },
            Rule::OwnAccount(account) => self.id == account || self.role == Role::PlatformAdmin,
            Rule::PlatformAdmin => self.role == Role::PlatformAdmin,
        };
        if allowed {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The clinics whose rows this caller may read, for staff queries. A doctor whose
    /// application is pending or refused has none.
    pub fn scope(&self) -> Result<ClinicScope, AppError> {
        if !self.clinic_access {
            return Err(AppError::Forbidden);
        }
        ClinicScope::for_account(self.role, self.clinic_id)
    }

    /// Booking and other commitments need a verified email address.
    pub fn require_verified_email(&self) -> Result<(), AppError> {
        if self.email_verified {
            Ok(())
        } else {
            Err(AppError::EmailNotVerified)
        }
    }
}

/// Turns a token into the caller it belongs to, or 401. A token whose account has been
/// disabled, or whose version is older than the account's, is refused like a missing one.
pub async fn authenticate(
    state: &AppState,
    token: &str,
    audience: Audience,
    now: i64,
) -> Result<(Caller, Claims), AppError> {
    let claims = sessions::decode(&state.settings.jwt_secret, token, audience, now)
        .ok_or(AppError::Unauthorized)?;
    let (caller, disabled) = session_account(&state.db, claims.user_id())
        .await?
        .ok_or(AppError::Unauthorized)?;
    if disabled || caller.token_version != claims.ver {
        return Err(AppError::Unauthorized);
    }
    if sessions::is_revoked(&state.db, &claims.sid).await? {
        return Err(AppError::Unauthorized);
    }
    Ok((caller, claims))
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    id: i64,
    role: String,
    clinic_id: Option<i64>,
    email_verified_at: Option<i64>,
    token_version: i64,
    disabled: i64,
    doctor_status: Option<String>,
}

/// The caller an account would be now, and whether it is disabled.
async fn session_account(db: &Db, id: UserId) -> Result<Option<(Caller, bool)>, AppError> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT u.id, u.role, u.clinic_id, u.email_verified_at, u.token_version, u.disabled, \
                d.status AS doctor_status \
         FROM users u LEFT JOIN doctors d ON d.user_id = u.id WHERE u.id = $1",
    )
    .bind(id.0)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| {
        let caller = Caller {
            id: UserId(row.id),
            role: crate::accounts::users::parse_role(&row.role)?,
            clinic_id: row.clinic_id.map(ClinicId),
            email_verified: row.email_verified_at.is_some(),
            token_version: row.token_version,
            clinic_access: row.doctor_status.as_deref().is_none_or(|s| s == "approved"),
        };
        Ok((caller, row.disabled != 0))
    })
    .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(role: Role, clinic: Option<i64>) -> Caller {
        Caller {
            id: UserId(10),
            role,
            clinic_id: clinic.map(ClinicId),
            email_verified: true,
            token_version: 0,
            clinic_access: true,
        }
    }

    #[test]
    fn a_doctor_not_yet_approved_has_no_clinic_scope() {
        let mut applicant = caller(Role::Doctor, Some(1));
        assert!(applicant.scope().is_ok());
        applicant.clinic_access = false;
        assert_eq!(applicant.scope(), Err(AppError::Forbidden));
    }

    #[test]
    fn clinic_admins_manage_their_own_clinic_only() {
        let admin = caller(Role::ClinicAdmin, Some(1));
        assert_eq!(admin.require(Rule::ManageClinic(ClinicId(1))), Ok(()));
        assert_eq!(
            admin.require(Rule::ManageClinic(ClinicId(2))),
            Err(AppError::Forbidden)
        );
        let platform = caller(Role::PlatformAdmin, None);
        assert_eq!(platform.require(Rule::ManageClinic(ClinicId(2))), Ok(()));
        for role in [Role::Patient, Role::Doctor, Role::Secretary] {
            assert_eq!(
                caller(role, Some(1)).require(Rule::ManageClinic(ClinicId(1))),
                Err(AppError::Forbidden),
                "{role}"
            );
        }
    }

    #[test]
    fn accounts_are_acted_on_by_their_owner_or_a_platform_admin() {
        let patient = caller(Role::Patient, None);
        assert_eq!(patient.require(Rule::OwnAccount(UserId(10))), Ok(()));
        assert_eq!(
            patient.require(Rule::OwnAccount(UserId(11))),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            caller(Role::PlatformAdmin, None).require(Rule::OwnAccount(UserId(11))),
            Ok(())
        );
    }

    #[test]
    fn roles_and_platform_rules() {
        let patient = caller(Role::Patient, None);
        assert_eq!(patient.require(Rule::Role(&[Role::Patient])), Ok(()));
        assert_eq!(
            patient.require(Rule::Role(&[Role::Doctor, Role::Secretary])),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            patient.require(Rule::PlatformAdmin),
            Err(AppError::Forbidden)
        );
        let mut unverified = patient.clone();
        unverified.email_verified = false;
        assert_eq!(
            unverified.require_verified_email(),
            Err(AppError::EmailNotVerified)
        );
    }
}
