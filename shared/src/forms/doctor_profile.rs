//! A doctor's public profile as submitted, parsed into the update it makes. The price is
//! read in the clinic's currency; whether the chosen specialty exists is the backend's check.

use super::parse_choice;
use crate::account::parse_address;
use crate::doctor::CONSULTATION_MINUTES;
use crate::validation::trimmed_text;
use crate::{
    BookingMode, Currency, DoctorProfileForm, Money, PaymentMode, Phone, SpokenLanguage,
    ValidationCode, ValidationErrors,
};

pub const MAX_BIO_CHARS: usize = 2000;
pub const MAX_LIST_ENTRIES: usize = 20;

/// Free text over several lines (a bio): line breaks kept, other control characters refused.
pub fn parse_long_text(raw: &str, max: usize) -> Result<String, ValidationCode> {
    let text = raw.replace("\r\n", "\n");
    let text = text.trim();
    if text.chars().count() > max {
        return Err(ValidationCode::TooLong { max: max as u32 });
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ValidationCode::ForbiddenCharacters);
    }
    Ok(text.to_owned())
}

/// A list of short entries (diplomas, positions): blanks dropped, each entry checked.
fn parse_list(
    errors: &mut ValidationErrors,
    field: &str,
    entries: &[String],
) -> Option<Vec<String>> {
    let entries: Vec<&String> = entries.iter().filter(|e| !e.trim().is_empty()).collect();
    if entries.len() > MAX_LIST_ENTRIES {
        errors.add(
            field,
            ValidationCode::TooMany {
                max: MAX_LIST_ENTRIES as u32,
            },
        );
        return None;
    }
    let parsed: Vec<Option<String>> = entries
        .iter()
        .enumerate()
        .map(|(i, entry)| errors.check(&format!("{field}[{i}]"), trimmed_text(entry, 2, 160)))
        .collect();
    parsed.into_iter().collect()
}

fn parse_languages(errors: &mut ValidationErrors, codes: &[String]) -> Option<Vec<SpokenLanguage>> {
    let mut languages = Vec::new();
    for code in codes.iter().filter(|c| !c.trim().is_empty()) {
        languages.push(errors.check("languages", SpokenLanguage::parse(code))?);
    }
    languages.sort();
    languages.dedup();
    if languages.is_empty() {
        errors.add("languages", ValidationCode::ChooseAtLeastOne);
        return None;
    }
    Some(languages)
}

/// A doctor's profile that has passed validation.
#[derive(Debug, Clone, PartialEq)]
pub struct DoctorProfileUpdate {
    pub bio: String,
    pub specialty_id: i64,
    pub qualifications: Vec<String>,
    pub experience: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    pub price: Money,
    pub consultation_minutes: u16,
    pub payment_mode: PaymentMode,
    pub booking_mode: BookingMode,
    pub practice_address: String,
    pub city: String,
    pub practice_phone: Option<Phone>,
}

/// What a doctor's profile is read against: their clinic's currency and the specialties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileChoices {
    pub currency: Currency,
    pub specialties: Vec<i64>,
}

impl DoctorProfileForm {
    /// Every field parsed, the price in the clinic's currency; every refused field reported
    /// together.
    pub fn parse(&self, choices: &ProfileChoices) -> Result<DoctorProfileUpdate, ValidationErrors> {
        let currency = choices.currency;
        let mut errors = ValidationErrors::default();
        let bio = errors.check("bio", parse_long_text(&self.bio, MAX_BIO_CHARS));
        let specialty_id = errors.check(
            "specialty_id",
            parse_choice(&self.specialty_id, &choices.specialties),
        );
        let qualifications = parse_list(&mut errors, "qualifications", &self.qualifications);
        let experience = parse_list(&mut errors, "experience", &self.experience);
        let languages = parse_languages(&mut errors, &self.languages);
        let price = errors.check("price", Money::parse_major(&self.price, currency));
        let consultation_minutes = errors.check(
            "consultation_minutes",
            self.consultation_minutes
                .trim()
                .parse::<u16>()
                .ok()
                .filter(|m| CONSULTATION_MINUTES.contains(m))
                .ok_or(if self.consultation_minutes.trim().is_empty() {
                    ValidationCode::Required
                } else {
                    ValidationCode::NotAChoice
                }),
        );
        let payment_mode = errors.check("payment_mode", PaymentMode::parse(&self.payment_mode));
        let booking_mode = errors.check("booking_mode", BookingMode::parse(&self.booking_mode));
        let practice_address = errors.check(
            "practice_address",
            parse_address(&self.practice_address).and_then(|a| {
                if a.is_empty() {
                    Err(ValidationCode::Required)
                } else {
                    Ok(a)
                }
            }),
        );
        let city = errors.check("city", trimmed_text(&self.city, 2, 80));
        let practice_phone = if self.practice_phone.trim().is_empty() {
            Some(None)
        } else {
            errors.check(
                "practice_phone",
                Phone::parse(&self.practice_phone).map(Some),
            )
        };
        // Each field is `Some` once parsed; a refused one is `None`, with its error recorded.
        let parsed = || {
            Some(DoctorProfileUpdate {
                bio: bio?,
                specialty_id: specialty_id?,
                qualifications: qualifications?,
                experience: experience?,
                languages: languages?,
                price: price?,
                consultation_minutes: consultation_minutes?,
                payment_mode: payment_mode?,
                booking_mode: booking_mode?,
                practice_address: practice_address?,
                city: city?,
                practice_phone: practice_phone?,
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
    use crate::{Currency, Money};

    fn choices(currency: Currency) -> ProfileChoices {
        ProfileChoices {
            currency,
            specialties: vec![1, 2],
        }
    }

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
        let update = valid_form().parse(&choices(Currency::TND)).unwrap();
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
        assert_eq!(update.specialty_id, 2);
    }

    #[test]
    fn required_fields_are_named_with_clear_codes() {
        let form = DoctorProfileForm::default();
        let errors = form.parse(&choices(Currency::EUR)).unwrap_err();
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
        form.specialty_id = "9".into();
        let errors = form.parse(&choices(Currency::EUR)).unwrap_err();
        assert_eq!(
            errors.for_field("consultation_minutes"),
            Some(&ValidationCode::NotAChoice)
        );
        assert_eq!(
            errors.for_field("specialty_id"),
            Some(&ValidationCode::NotAChoice),
            "not a specialty on the list"
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
}
