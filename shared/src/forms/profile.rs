//! "My account": the profile form parsed into the update it makes.

use super::ProfileForm;
use crate::account::parse_address;
use crate::{BirthDate, BloodGroup, Gender, Language, PersonName, Phone, Role, ValidationErrors};
use chrono::NaiveDate;

/// A profile whose every field has passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileUpdate {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub phone: Option<Phone>,
    pub birth_date: Option<BirthDate>,
    pub gender: Option<Gender>,
    pub blood_group: Option<BloodGroup>,
    pub address: String,
    /// `None` keeps the language already chosen.
    pub language: Option<Language>,
}

impl ProfileForm {
    /// Parses the profile of an account with `role`. Patients must give a phone number and a
    /// birth date (clinics need them); for staff they are optional.
    pub fn parse(&self, role: Role, today: NaiveDate) -> Result<ProfileUpdate, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let patient = role == Role::Patient;
        let optional = |raw: &str| !patient && raw.trim().is_empty();
        let first_name = errors.check("first_name", PersonName::parse(&self.first_name));
        let last_name = errors.check("last_name", PersonName::parse(&self.last_name));
        let phone = if optional(&self.phone) {
            Some(None)
        } else {
            errors.check("phone", Phone::parse(&self.phone).map(Some))
        };
        let birth_date = if optional(&self.birth_date) {
            Some(None)
        } else {
            errors.check(
                "birth_date",
                BirthDate::parse(&self.birth_date, today).map(Some),
            )
        };
        let gender = if self.gender.trim().is_empty() {
            Some(None)
        } else {
            errors.check("gender", Gender::parse(&self.gender).map(Some))
        };
        let blood_group = if self.blood_group.trim().is_empty() {
            Some(None)
        } else {
            errors.check(
                "blood_group",
                BloodGroup::parse(&self.blood_group).map(Some),
            )
        };
        let address = errors.check("address", parse_address(&self.address));
        // Each field is `Some` once parsed; a refused one is `None`, with its error recorded.
        let parsed = || {
            Some(ProfileUpdate {
                first_name: first_name?,
                last_name: last_name?,
                phone: phone?,
                birth_date: birth_date?,
                gender: gender?,
                blood_group: blood_group?,
                address: address?,
                language: (!self.language.trim().is_empty())
                    .then(|| Language::from_tag(&self.language)),
            })
        };
        match parsed() {
            Some(update) if errors.is_empty() => Ok(update),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidationCode;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn form() -> ProfileForm {
        ProfileForm {
            first_name: "Amina".into(),
            last_name: "Mansour".into(),
            phone: "+216 20 123 456".into(),
            birth_date: "1990-04-02".into(),
            gender: "female".into(),
            blood_group: "o+".into(),
            address: "12 rue de Marseille\nTunis".into(),
            language: "fr".into(),
        }
    }

    #[test]
    fn a_complete_profile_parses() {
        let profile = form().parse(Role::Patient, today()).unwrap();
        assert_eq!(profile.phone.unwrap().as_str(), "+21620123456");
        assert_eq!(profile.blood_group, Some(BloodGroup::OPositive));
        assert_eq!(profile.language, Some(Language::Fr));
        let mut silent = form();
        silent.language.clear();
        let kept = silent.parse(Role::Patient, today()).unwrap();
        assert_eq!(
            kept.language, None,
            "an absent language keeps the stored one"
        );
    }

    #[test]
    fn patients_must_give_phone_and_birth_date_but_staff_need_not() {
        let mut bare = form();
        bare.phone.clear();
        bare.birth_date.clear();
        bare.gender.clear();
        bare.blood_group.clear();
        let errors = bare.parse(Role::Patient, today()).unwrap_err();
        assert_eq!(errors.for_field("phone"), Some(&ValidationCode::Required));
        assert_eq!(
            errors.for_field("birth_date"),
            Some(&ValidationCode::Required)
        );
        assert_eq!(errors.for_field("gender"), None);
        let staff = bare.parse(Role::Secretary, today()).unwrap();
        assert_eq!(staff.phone, None);
        assert_eq!(staff.birth_date, None);
    }

    #[test]
    fn every_bad_profile_field_is_named() {
        let bad = ProfileForm {
            first_name: "<script>".into(),
            last_name: "x".repeat(81),
            phone: "12".into(),
            birth_date: "2030-01-01".into(),
            gender: "robot".into(),
            blood_group: "z".into(),
            address: "a".repeat(301),
            language: "de".into(),
        };
        let errors = bad.parse(Role::Patient, today()).unwrap_err();
        for (field, code) in [
            ("first_name", ValidationCode::ForbiddenCharacters),
            ("last_name", ValidationCode::TooLong { max: 80 }),
            ("phone", ValidationCode::InvalidPhone),
            ("birth_date", ValidationCode::DateInFuture),
            ("gender", ValidationCode::NotAChoice),
            ("blood_group", ValidationCode::NotAChoice),
            ("address", ValidationCode::TooLong { max: 300 }),
        ] {
            assert_eq!(errors.for_field(field), Some(&code), "{field}");
        }
    }
}
