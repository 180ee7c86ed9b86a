//! Opening an account, parsed: a patient's sign-up, a doctor's application, a staff
//! invitation. Whether a chosen clinic or specialty exists, and whether the inviter may give
//! the role, are the backend's to check: they need the database or the caller.

use super::{DoctorApplicationForm, SignUpForm, StaffInviteForm};
use crate::account::parse_licence_number;
use crate::validation::{ValidationCode, ValidationErrors};
use crate::{BirthDate, ClinicId, Email, Language, Password, PersonName, Phone, Role};
use chrono::NaiveDate;

/// The fields every self-registered account has, each passed validation.
pub struct NewPerson {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub phone: Phone,
    pub password: Password,
}

/// Parses the fields every self-registered account has, collecting errors into `errors`.
fn parse_person(
    errors: &mut ValidationErrors,
    first_name: &str,
    last_name: &str,
    email: &str,
    phone: &str,
    password: &str,
) -> Option<NewPerson> {
    let first_name = errors.check("first_name", PersonName::parse(first_name));
    let last_name = errors.check("last_name", PersonName::parse(last_name));
    let email = errors.check("email", Email::parse(email));
    let phone = errors.check("phone", Phone::parse(phone));
    let password = errors.check("password", Password::parse(password));
    Some(NewPerson {
        first_name: first_name?,
        last_name: last_name?,
        email: email?,
        phone: phone?,
        password: password?,
    })
}

/// `parse_person` over a form's five person fields (sign-up and application name them alike).
macro_rules! person_of {
    ($errors:ident, $form:expr) => {
        parse_person(
            &mut $errors,
            &$form.first_name,
            &$form.last_name,
            &$form.email,
            &$form.phone,
            &$form.password,
        )
    };
}

/// The id of a row chosen from `offered` (the backend's list): empty is `Required`; anything
/// else not on the list is `NotAChoice`.
pub fn parse_choice(raw: &str, offered: &[i64]) -> Result<i64, ValidationCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ValidationCode::Required);
    }
    raw.parse()
        .ok()
        .filter(|id| offered.contains(id))
        .ok_or(ValidationCode::NotAChoice)
}

/// What a doctor's application may choose from: the clinics and the specialties by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplicationChoices {
    pub clinics: Vec<i64>,
    pub specialties: Vec<i64>,
}

/// What an inviter may choose from: the roles they may give, the specialties by id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InviteChoices {
    pub roles: Vec<Role>,
    pub specialties: Vec<i64>,
}

/// A patient's sign-up, parsed.
pub struct SignUp {
    pub person: NewPerson,
    pub birth_date: BirthDate,
    pub language: Language,
    /// The page the verification link comes back to (kept only when local).
    pub next: String,
}

impl SignUpForm {
    pub fn parse(&self, today: NaiveDate) -> Result<SignUp, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let person = person_of!(errors, self);
        let birth_date = errors.check("birth_date", BirthDate::parse(&self.birth_date, today));
        match (person, birth_date) {
            (Some(person), Some(birth_date)) if errors.is_empty() => Ok(SignUp {
                person,
                birth_date,
                language: Language::from_tag(&self.language),
                next: self.next.clone(),
            }),
            _ => Err(errors),
        }
    }
}

/// A doctor's application to a clinic, parsed.
pub struct NewDoctorApplication {
    pub person: NewPerson,
    pub clinic: ClinicId,
    pub specialty: i64,
    pub licence: String,
    pub language: Language,
}

impl DoctorApplicationForm {
    pub fn parse(
        &self,
        choices: &ApplicationChoices,
    ) -> Result<NewDoctorApplication, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let person = person_of!(errors, self);
        let clinic = errors.check("clinic_id", parse_choice(&self.clinic_id, &choices.clinics));
        let specialty = errors.check(
            "specialty_id",
            parse_choice(&self.specialty_id, &choices.specialties),
        );
        let licence = errors.check("licence_number", parse_licence_number(&self.licence_number));
        match (person, clinic, specialty, licence) {
            (Some(person), Some(clinic), Some(specialty), Some(licence)) if errors.is_empty() => {
                Ok(NewDoctorApplication {
                    person,
                    clinic: ClinicId(clinic),
                    specialty,
                    licence,
                    language: Language::from_tag(&self.language),
                })
            }
            _ => Err(errors),
        }
    }
}

/// What only a doctor's invitation carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoctorFields {
    pub specialty: i64,
    pub licence: String,
}

/// A staff invitation, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffInvite {
    pub email: Email,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub role: Role,
    /// `Some` exactly when `role` is a doctor.
    pub doctor: Option<DoctorFields>,
    pub language: Language,
}

impl StaffInviteForm {
    pub fn parse(&self, choices: &InviteChoices) -> Result<StaffInvite, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let email = errors.check("email", Email::parse(&self.email));
        let first_name = errors.check("first_name", PersonName::parse(&self.first_name));
        let last_name = errors.check("last_name", PersonName::parse(&self.last_name));
        let role = errors.check(
            "role",
            self.role
                .trim()
                .parse::<Role>()
                .ok()
                .filter(|role| choices.roles.contains(role))
                .ok_or(ValidationCode::NotAChoice),
        );
        let doctor = if role == Some(Role::Doctor) {
            let specialty = errors.check(
                "specialty_id",
                parse_choice(&self.specialty_id, &choices.specialties),
            );
            let licence =
                errors.check("licence_number", parse_licence_number(&self.licence_number));
            specialty
                .zip(licence)
                .map(|(specialty, licence)| Some(DoctorFields { specialty, licence }))
        } else {
            Some(None)
        };
        match (email, first_name, last_name, role, doctor) {
            (Some(email), Some(first_name), Some(last_name), Some(role), Some(doctor))
                if errors.is_empty() =>
            {
                Ok(StaffInvite {
                    email,
                    first_name,
                    last_name,
                    role,
                    doctor,
                    language: Language::from_tag(&self.language),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn sign_up() -> SignUpForm {
        SignUpForm {
            first_name: "Amina".into(),
            last_name: "Mansour".into(),
            email: "amina@example.test".into(),
            phone: "+216 20 123 456".into(),
            birth_date: "1990-04-02".into(),
            password: "correct horse 42".into(),
            language: "fr".into(),
            next: "/doctors/3".into(),
        }
    }

    #[test]
    fn a_complete_sign_up_parses_in_its_language() {
        let parsed = sign_up().parse(today()).unwrap();
        assert_eq!(parsed.person.email.as_str(), "amina@example.test");
        assert_eq!(parsed.language, Language::Fr);
        assert_eq!(parsed.next, "/doctors/3");
    }

    #[test]
    fn every_refused_sign_up_field_is_named() {
        let bad = SignUpForm {
            first_name: String::new(),
            email: "not-an-email".into(),
            phone: "12".into(),
            birth_date: "2030-01-01".into(),
            password: "short".into(),
            ..sign_up()
        };
        let errors = bad.parse(today()).err().unwrap();
        for (field, code) in [
            ("first_name", ValidationCode::Required),
            ("email", ValidationCode::InvalidEmail),
            ("phone", ValidationCode::InvalidPhone),
            ("birth_date", ValidationCode::DateInFuture),
            ("password", ValidationCode::TooShort { min: 12 }),
        ] {
            assert_eq!(errors.for_field(field), Some(&code), "{field}");
        }
        assert_eq!(errors.for_field("last_name"), None, "all checked together");
    }

    #[test]
    fn an_application_names_its_clinic_and_specialty_by_id() {
        let form = DoctorApplicationForm {
            first_name: "Karim".into(),
            last_name: "Ben Ali".into(),
            email: "karim@example.test".into(),
            phone: "+216 20 123 456".into(),
            password: "correct horse 42".into(),
            clinic_id: " 4 ".into(),
            specialty_id: "2".into(),
            licence_number: "TN-12345".into(),
            language: String::new(),
        };
        let choices = ApplicationChoices {
            clinics: vec![3, 4],
            specialties: vec![1, 2],
        };
        let parsed = form.parse(&choices).unwrap();
        assert_eq!((parsed.clinic, parsed.specialty), (ClinicId(4), 2));
        assert_eq!(parsed.language, Language::En);
        let errors = DoctorApplicationForm {
            clinic_id: String::new(),
            specialty_id: "cardiology".into(),
            ..form.clone()
        }
        .parse(&choices)
        .err()
        .unwrap();
        assert_eq!(
            errors.for_field("clinic_id"),
            Some(&ValidationCode::Required)
        );
        assert_eq!(
            errors.for_field("specialty_id"),
            Some(&ValidationCode::NotAChoice)
        );
        let unlisted = DoctorApplicationForm {
            clinic_id: "99".into(),
            ..form
        };
        assert_eq!(
            unlisted
                .parse(&choices)
                .err()
                .unwrap()
                .for_field("clinic_id"),
            Some(&ValidationCode::NotAChoice),
            "a clinic not on the list"
        );
    }

    #[test]
    fn only_a_doctor_invitation_asks_for_specialty_and_licence() {
        let choices = InviteChoices {
            roles: vec![Role::Secretary, Role::Doctor],
            specialties: vec![1],
        };
        let secretary = StaffInviteForm {
            email: "desk@example.test".into(),
            first_name: "Sara".into(),
            last_name: "Haddad".into(),
            role: "secretary".into(),
            ..StaffInviteForm::default()
        };
        assert_eq!(secretary.parse(&choices).unwrap().doctor, None);
        let doctor = StaffInviteForm {
            role: "doctor".into(),
            ..secretary.clone()
        };
        let errors = doctor.parse(&choices).unwrap_err();
        assert_eq!(
            errors.for_field("specialty_id"),
            Some(&ValidationCode::Required)
        );
        assert!(errors.for_field("licence_number").is_some());
        for role in ["robot", "clinic_admin"] {
            let refused = StaffInviteForm {
                role: role.into(),
                ..secretary.clone()
            };
            assert_eq!(
                refused.parse(&choices).unwrap_err().for_field("role"),
                Some(&ValidationCode::NotAChoice),
                "{role}: not a role this inviter may give"
            );
        }
    }
}
