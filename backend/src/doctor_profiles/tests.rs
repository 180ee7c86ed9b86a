use super::*;
use crate::clinics::doctor_rows::languages_column;

fn valid_form() -> DoctorProfileForm {
    DoctorProfileForm {
        bio: "Cardiologist in Tunis.\nSpeaks three languages.".into(),
        specialty_id: "2".into(),
        qualifications: vec!["MD, University of Tunis".into(), "  ".into()],
        experience: vec!["Charles Nicolle Hospital, 2010-2020".into()],
        languages: vec!["fr".into(), "ar".into(), "fr".into()],
        price: "60,500".into(),
        consultation_minutes: "30".into(),
        payment_mode: "online".into(),
        booking_mode: "approval".into(),
        practice_address: "12 avenue Habib Bourguiba".into(),
        city: "Tunis".into(),
        practice_phone: "".into(),
    }
}

#[test]
fn a_complete_profile_parses_with_the_clinic_currency() {
    let update = parse_form(&valid_form(), Currency::TND, Ok(2)).unwrap();
    assert_eq!(update.price, Money::new(60500, Currency::TND));
    assert_eq!(update.qualifications, ["MD, University of Tunis"]);
    assert_eq!(
        update.languages,
        [SpokenLanguage::Arabic, SpokenLanguage::French],
        "sorted, without repeats"
    );
    assert_eq!(
        update.bio,
        "Cardiologist in Tunis.\nSpeaks three languages."
    );
    assert_eq!(languages_column(&update.languages), ",ar,fr,");
    assert_eq!(languages_from_column(",ar,fr,"), update.languages);
}

#[test]
fn required_fields_are_named_with_clear_codes() {
    let form = DoctorProfileForm::default();
    let errors = parse_form(&form, Currency::EUR, Err(ValidationCode::Required)).unwrap_err();
    for field in [
        "specialty_id",
        "price",
        "consultation_minutes",
        "payment_mode",
        "booking_mode",
        "practice_address",
        "city",
    ] {
        assert_eq!(
            errors.for_field(field),
            Some(&ValidationCode::Required),
            "{field}"
        );
    }
    assert_eq!(
        errors.for_field("languages"),
        Some(&ValidationCode::ChooseAtLeastOne)
    );
}

#[test]
fn odd_values_are_refused() {
    let mut form = valid_form();
    form.consultation_minutes = "37".into();
    form.price = "60.5555".into();
    form.qualifications = vec!["x".into()];
    form.bio = "bell\u{7}".into();
    form.languages = vec!["fr".into(), "xx".into()];
    let errors = parse_form(&form, Currency::EUR, Ok(1)).unwrap_err();
    assert_eq!(
        errors.for_field("consultation_minutes"),
        Some(&ValidationCode::NotAChoice)
    );
    assert_eq!(
        errors.for_field("price"),
        Some(&ValidationCode::TooManyDecimals { max: 2 })
    );
    assert_eq!(
        errors.for_field("qualifications[0]"),
        Some(&ValidationCode::TooShort { min: 2 })
    );
    assert_eq!(
        errors.for_field("bio"),
        Some(&ValidationCode::ForbiddenCharacters)
    );
    assert_eq!(
        errors.for_field("languages"),
        Some(&ValidationCode::NotAChoice)
    );
}
