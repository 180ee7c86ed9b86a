//! The profile of an account: its fields and its photo.

use crate::accounts::auth::Caller;
use crate::accounts::language_of;
use crate::accounts::users::{self, ProfileUpdate};
use crate::{accounts::photos, AppState};
use chrono::NaiveDate;
use shared::account::parse_address;
use shared::error::AppError;
use shared::forms::ProfileForm;
use shared::{BirthDate, BloodGroup, Gender, Me, PersonName, Phone, Role, ValidationErrors};

/// Parses the profile form. Patients must give a phone number and a birth date (clinics need
/// them); for staff they are optional.
pub fn parse_profile(
    form: &ProfileForm,
    role: Role,
    today: NaiveDate,
) -> Result<ProfileUpdate, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let patient = role == Role::Patient;
    let optional = |raw: &str| !patient && raw.trim().is_empty();
    let first_name = errors.check("first_name", PersonName::parse(&form.first_name));
    let last_name = errors.check("last_name", PersonName::parse(&form.last_name));
    let phone = if optional(&form.phone) {
        Some(None)
    } else {
        errors.check("phone", Phone::parse(&form.phone).map(Some))
    };
    let birth_date = if optional(&form.birth_date) {
        Some(None)
    } else {
        errors.check(
            "birth_date",
            BirthDate::parse(&form.birth_date, today).map(Some),
        )
    };
    let gender = if form.gender.trim().is_empty() {
        Some(None)
    } else {
        errors.check("gender", Gender::parse(&form.gender).map(Some))
    };
    let blood_group = if form.blood_group.trim().is_empty() {
        Some(None)
    } else {
        errors.check(
            "blood_group",
            BloodGroup::parse(&form.blood_group).map(Some),
        )
    };
    let address = errors.check("address", parse_address(&form.address));
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
            language: (!form.language.trim().is_empty()).then(|| language_of(&form.language)),
        })
    };
    match parsed() {
        Some(update) if errors.is_empty() => Ok(update),
        _ => Err(errors),
    }
}

pub async fn update_profile(
    state: &AppState,
    caller: &Caller,
    form: ProfileForm,
    today: NaiveDate,
) -> Result<Me, AppError> {
    let profile = parse_profile(&form, caller.role, today)?;
    users::update_profile(&state.db, caller.id, &profile).await?;
    if caller.role == Role::Doctor {
        crate::clinics::doctor_rows::set_search_name(
            &state.db.pool,
            caller.id,
            profile.first_name.as_str(),
            profile.last_name.as_str(),
        )
        .await?;
    }
    users::me(&state.db, caller.id).await
}

/// Replaces the caller's photo with a cleaned copy of `bytes`.
pub async fn set_photo(state: &AppState, caller: &Caller, bytes: Vec<u8>) -> Result<Me, AppError> {
    let name = photos::store(&state.settings.data_dir, bytes).await?;
    if let Some(old) = users::set_photo(&state.db, caller.id, &name).await? {
        photos::remove(&state.settings.data_dir, &old).await;
    }
    users::me(&state.db, caller.id).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::{Language, ValidationCode};

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
        let profile = parse_profile(&form(), Role::Patient, today()).unwrap();
        assert_eq!(profile.phone.unwrap().as_str(), "+21620123456");
        assert_eq!(profile.blood_group, Some(BloodGroup::OPositive));
        assert_eq!(profile.language, Some(Language::Fr));
        let mut silent = form();
        silent.language.clear();
        let kept = parse_profile(&silent, Role::Patient, today()).unwrap();
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
        let errors = parse_profile(&bare, Role::Patient, today()).unwrap_err();
        assert_eq!(errors.for_field("phone"), Some(&ValidationCode::Required));
        assert_eq!(
            errors.for_field("birth_date"),
            Some(&ValidationCode::Required)
        );
        assert_eq!(errors.for_field("gender"), None);
        let staff = parse_profile(&bare, Role::Secretary, today()).unwrap();
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
        let errors = parse_profile(&bad, Role::Patient, today()).unwrap_err();
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
