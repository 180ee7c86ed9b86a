//! What forms and API clients submit, as raw text, and the typed commands they parse into.
//! The edge (a server function or a REST handler) calls `parse`, which turns each field into
//! its value type and answers every refused field at once, by name, so the same struct serves
//! a server function, a REST body and a form post; services take only the parsed command.

use serde::{Deserialize, Serialize};

mod accounts;
mod clinic;
mod doctor_profile;
mod profile;

pub use accounts::{
    parse_choice, ApplicationChoices, DoctorFields, InviteChoices, NewDoctorApplication, NewPerson,
    SignUp, StaffInvite,
};
pub use clinic::{NewClinic, SettingsUpdate, SpecialtyNames};
pub use doctor_profile::{DoctorProfileUpdate, ProfileChoices, MAX_BIO_CHARS, MAX_LIST_ENTRIES};
pub use profile::ProfileUpdate;

/// A patient's sign-up.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUpForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    pub password: String,
    /// `en` or `fr`: the language of the account's emails.
    #[serde(default)]
    pub language: String,
    /// The page to come back to once the email is verified (a booking, say); a local path.
    #[serde(default)]
    pub next: String,
}

/// A doctor's application to a clinic (creates the account, pending approval).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorApplicationForm {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub password: String,
    pub clinic_id: String,
    pub specialty_id: String,
    pub licence_number: String,
    #[serde(default)]
    pub language: String,
}

/// The profile fields of "my account". Empty optional fields clear the value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileForm {
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    /// `YYYY-MM-DD`, or empty.
    pub birth_date: String,
    /// `female`, `male`, `other`, or empty.
    pub gender: String,
    /// `a+`, `a-`, `b+`, `b-`, `ab+`, `ab-`, `o+`, `o-`, or empty.
    pub blood_group: String,
    pub address: String,
    /// `en` or `fr`.
    pub language: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordForm {
    pub current_password: String,
    pub new_password: String,
}

/// A clinic's settings as its admin submits them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClinicSettingsForm {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
    pub currency: String,
    pub cancellation_notice_hours: String,
    pub late_cancellation_refund_percent: String,
    pub request_deadline_hours: String,
    /// Hours before a visit its reminder goes out (1 to 168); empty keeps 24.
    pub reminder_hours: String,
}

/// A new clinic, by a platform admin.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewClinicForm {
    pub name: String,
    pub time_zone: String,
    pub currency: String,
}

/// A staff account created by an admin; the person gets an invitation to set a password.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffInviteForm {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// `secretary`, `doctor` or (platform admins only) `clinic_admin`.
    pub role: String,
    /// Doctors only.
    #[serde(default)]
    pub specialty_id: String,
    /// Doctors only.
    #[serde(default)]
    pub licence_number: String,
    #[serde(default)]
    pub language: String,
}

/// A medical specialty, named in English and French (platform admins).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpecialtyForm {
    pub name_en: String,
    pub name_fr: String,
}
