//! Accounts as both sides see them: the signed-in person, profile fields with their value
//! types, doctor applications and clinic staff.

use crate::ids::{ClinicId, UserId};
use crate::locale::Language;
use crate::role::Role;
use crate::validation::{trimmed_text, ValidationCode};
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Defines a closed list of choices stored and sent as stable lower-case names.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            /// Parses a submitted choice; anything off the list is refused.
            pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
                raw.trim().parse()
            }
        }

        impl FromStr for $name {
            type Err = ValidationCode;

            fn from_str(raw: &str) -> Result<Self, ValidationCode> {
                match raw {
                    "" => Err(ValidationCode::Required),
                    $($text => Ok($name::$variant),)+
                    _ => Err(ValidationCode::NotAChoice),
                }
            }
        }
    };
}

choice!(
    /// As the patient chooses to state it; optional on the profile.
    Gender { Female => "female", Male => "male", Other => "other" }
);

choice!(
    /// ABO and Rh blood group.
    BloodGroup {
        APositive => "a+", ANegative => "a-", BPositive => "b+", BNegative => "b-",
        AbPositive => "ab+", AbNegative => "ab-", OPositive => "o+", ONegative => "o-",
    }
);

impl BloodGroup {
    /// How people write it: "AB+".
    pub fn label(self) -> String {
        self.as_str().to_uppercase()
    }
}

choice!(
    /// Where a doctor's application to a clinic stands. Only approved doctors are listed.
    ApplicationStatus { Pending => "pending", Approved => "approved", Refused => "refused" }
);

/// A postal address on one or a few lines; empty means "not given".
pub fn parse_address(raw: &str) -> Result<String, ValidationCode> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    let lines: Vec<&str> = raw
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let joined = lines.join("\n");
    if joined.chars().count() > 300 {
        return Err(ValidationCode::TooLong { max: 300 });
    }
    for line in &lines {
        trimmed_text(line, 1, 300)?;
    }
    Ok(joined)
}

/// A medical licence (registration) number as the national register prints it: 3 to 40
/// letters, digits, spaces, dashes, dots or slashes.
pub fn parse_licence_number(raw: &str) -> Result<String, ValidationCode> {
    let value = trimmed_text(raw, 3, 40)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '.' | '/');
    if !value.chars().all(allowed) {
        return Err(ValidationCode::ForbiddenCharacters);
    }
    Ok(value.to_uppercase())
}

/// Why an application was refused, or why an account was disabled: shown to the person, so
/// it must say something (at least 3 characters) and stay short.
pub fn parse_reason(raw: &str) -> Result<String, ValidationCode> {
    trimmed_text(raw, 3, 500)
}

/// A whole number of hours or a percentage, typed in a form.
pub fn parse_bounded(raw: &str, min: i64, max: i64) -> Result<i64, ValidationCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationCode::Required);
    }
    let value: i64 = raw.parse().map_err(|_| ValidationCode::NotANumber)?;
    if !(min..=max).contains(&value) {
        return Err(ValidationCode::OutOfRange { min, max });
    }
    Ok(value)
}

/// Who is signed in on the page being shown, as the server read it from the session cookie:
/// the page is rendered with it and the browser starts from the same value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub me: Me,
    /// Unread notifications when the page was rendered (the bell).
    pub unread: i64,
}

/// A successful web login: who, and the checked page to go to next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoggedIn {
    pub me: Me,
    /// A path of this site: the page asked for before login, or the account's home.
    pub next: String,
}

/// The signed-in person, as "my account" shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: UserId,
    pub email: String,
    pub role: Role,
    pub clinic_id: Option<ClinicId>,
    pub clinic_name: Option<String>,
    pub first_name: String,
    pub last_name: String,
    pub language: Language,
    pub email_verified: bool,
    pub phone: String,
    /// ISO `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    pub gender: Option<Gender>,
    pub blood_group: Option<BloodGroup>,
    pub address: String,
    /// Where the profile photo is served, if there is one.
    pub photo_url: Option<String>,
    /// For doctors: where their application stands and, when refused, why.
    pub application: Option<DoctorApplication>,
}

impl Me {
    pub fn display_name(&self) -> String {
        let name = format!("{} {}", self.first_name, self.last_name);
        let name = name.trim();
        if name.is_empty() {
            self.email.clone()
        } else {
            name.to_owned()
        }
    }
}

/// A medical specialty, named in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Specialty {
    pub id: i64,
    pub slug: String,
    pub name_en: String,
    pub name_fr: String,
}

impl Specialty {
    pub fn name(&self, language: Language) -> &str {
        match language {
            Language::En => &self.name_en,
            Language::Fr => &self.name_fr,
        }
    }
}

/// A doctor's application to a clinic, as the doctor and the clinic's admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorApplication {
    pub doctor_id: UserId,
    pub clinic_id: ClinicId,
    pub doctor_name: String,
    pub email: String,
    pub specialty: Specialty,
    pub licence_number: String,
    pub status: ApplicationStatus,
    pub refusal_reason: Option<String>,
    /// Unix seconds (UTC).
    pub applied_at: i64,
}

/// A staff account of a clinic, for its admin's staff list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StaffMember {
    pub id: UserId,
    pub email: String,
    pub role: Role,
    pub first_name: String,
    pub last_name: String,
    pub disabled: bool,
    /// False until an invited member has chosen a password.
    pub activated: bool,
}

/// A clinic's settings, as its admin edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClinicSettings {
    pub id: ClinicId,
    pub name: String,
    pub address: String,
    pub phone: String,
    pub time_zone: String,
    pub currency: String,
    /// Patients may not cancel or reschedule less than this many hours before a visit.
    pub cancellation_notice_hours: i64,
    /// Share of the price refunded for a cancellation inside the notice period.
    pub late_cancellation_refund_percent: i64,
    /// Hours a doctor has to answer a request before it expires.
    pub request_deadline_hours: i64,
    /// Hours before a visit its reminder goes out.
    #[serde(default = "default_reminder_hours")]
    pub reminder_hours: i64,
}

fn default_reminder_hours() -> i64 {
    24
}

impl ClinicSettings {
    pub const MAX_NOTICE_HOURS: i64 = 24 * 14;
    /// A card authorisation lapses after about 7 days, so requests must be answered sooner.
    pub const MAX_REQUEST_DEADLINE_HOURS: i64 = 24 * 6;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_parse_their_stored_names_only() {
        for gender in Gender::ALL {
            assert_eq!(Gender::parse(gender.as_str()), Ok(*gender));
        }
        for group in BloodGroup::ALL {
            assert_eq!(BloodGroup::parse(group.as_str()), Ok(*group));
        }
        assert_eq!(BloodGroup::parse("ab+").unwrap().label(), "AB+");
        assert_eq!(Gender::parse(""), Err(ValidationCode::Required));
        assert_eq!(Gender::parse("robot"), Err(ValidationCode::NotAChoice));
        assert_eq!(BloodGroup::parse("C+"), Err(ValidationCode::NotAChoice));
        assert_eq!(
            ApplicationStatus::parse("approved"),
            Ok(ApplicationStatus::Approved)
        );
    }

    #[test]
    fn choices_serialise_as_their_stored_names() {
        assert_eq!(
            serde_json::to_value(BloodGroup::ONegative).unwrap(),
            serde_json::json!("o-")
        );
        let back: Gender = serde_json::from_value(serde_json::json!("female")).unwrap();
        assert_eq!(back, Gender::Female);
    }

    #[test]
    fn addresses_are_trimmed_line_by_line_and_may_be_empty() {
        assert_eq!(parse_address("   "), Ok(String::new()));
        assert_eq!(
            parse_address(" 12 rue de la Paix \n\n 75002 Paris "),
            Ok("12 rue de la Paix\n75002 Paris".to_owned())
        );
        assert_eq!(
            parse_address(&"a".repeat(301)),
            Err(ValidationCode::TooLong { max: 300 })
        );
        assert_eq!(
            parse_address("bell\u{0007}"),
            Err(ValidationCode::ForbiddenCharacters)
        );
    }

    #[test]
    fn licence_numbers_keep_register_characters_only() {
        assert_eq!(
            parse_licence_number(" tn-12/345 "),
            Ok("TN-12/345".to_owned())
        );
        assert_eq!(
            parse_licence_number("12"),
            Err(ValidationCode::TooShort { min: 3 })
        );
        assert_eq!(
            parse_licence_number("12'; DROP TABLE users;--"),
            Err(ValidationCode::ForbiddenCharacters)
        );
        assert_eq!(
            parse_licence_number("<script>"),
            Err(ValidationCode::ForbiddenCharacters)
        );
    }

    #[test]
    fn reasons_must_say_something() {
        assert_eq!(parse_reason("  "), Err(ValidationCode::Required));
        assert_eq!(parse_reason("no"), Err(ValidationCode::TooShort { min: 3 }));
        assert_eq!(
            parse_reason("Licence not found in the register"),
            Ok("Licence not found in the register".to_owned())
        );
    }

    #[test]
    fn bounded_numbers_report_their_range() {
        assert_eq!(parse_bounded("24", 0, 336), Ok(24));
        assert_eq!(parse_bounded(" 0 ", 0, 100), Ok(0));
        assert_eq!(parse_bounded("", 0, 100), Err(ValidationCode::Required));
        assert_eq!(
            parse_bounded("ten", 0, 100),
            Err(ValidationCode::NotANumber)
        );
        assert_eq!(
            parse_bounded("101", 0, 100),
            Err(ValidationCode::OutOfRange { min: 0, max: 100 })
        );
        assert_eq!(
            parse_bounded("-1", 0, 100),
            Err(ValidationCode::OutOfRange { min: 0, max: 100 })
        );
    }

    #[test]
    fn display_name_falls_back_to_the_email() {
        let mut me = Me {
            id: UserId(1),
            email: "a@b.test".into(),
            role: Role::Patient,
            clinic_id: None,
            clinic_name: None,
            first_name: String::new(),
            last_name: String::new(),
            language: Language::En,
            email_verified: false,
            phone: String::new(),
            birth_date: None,
            gender: None,
            blood_group: None,
            address: String::new(),
            photo_url: None,
            application: None,
        };
        assert_eq!(me.display_name(), "a@b.test");
        me.first_name = "Amina".into();
        me.last_name = "Haddad".into();
        assert_eq!(me.display_name(), "Amina Haddad");
    }
}
