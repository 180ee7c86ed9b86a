//! A clinic's forms parsed: a new clinic, its settings, a specialty's names.

use super::{ClinicSettingsForm, NewClinicForm, SpecialtyForm};
use crate::account::{parse_address, parse_bounded};
use crate::validation::trimmed_text;
use crate::{ClinicName, ClinicSettings, Currency, Phone, TimeZoneName, ValidationErrors};

/// A clinic that has passed validation and can be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClinic {
    pub name: ClinicName,
    pub time_zone: TimeZoneName,
    pub currency: Currency,
}

impl NewClinic {
    /// Parses every field and reports all refused ones together.
    pub fn parse(name: &str, time_zone: &str, currency: &str) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check("name", ClinicName::parse(name));
        let time_zone = errors.check("time_zone", TimeZoneName::parse(time_zone));
        let currency = errors.check("currency", Currency::parse(currency));
        match (name, time_zone, currency) {
            (Some(name), Some(time_zone), Some(currency)) => Ok(Self {
                name,
                time_zone,
                currency,
            }),
            _ => Err(errors),
        }
    }
}

impl NewClinicForm {
    pub fn parse(&self) -> Result<NewClinic, ValidationErrors> {
        NewClinic::parse(&self.name, &self.time_zone, &self.currency)
    }
}

/// A clinic's settings that have passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsUpdate {
    pub name: ClinicName,
    pub address: String,
    pub phone: Option<Phone>,
    pub time_zone: TimeZoneName,
    pub currency: Currency,
    pub notice_hours: i64,
    pub refund_percent: i64,
    pub deadline_hours: i64,
    pub reminder_hours: i64,
}

impl ClinicSettingsForm {
    /// Every field parsed within its bounds; every refused field reported together.
    pub fn parse(&self) -> Result<SettingsUpdate, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = errors.check("name", ClinicName::parse(&self.name));
        let address = errors.check("address", parse_address(&self.address));
        let phone = if self.phone.trim().is_empty() {
            Some(None)
        } else {
            errors.check("phone", Phone::parse(&self.phone).map(Some))
        };
        let time_zone = errors.check("time_zone", TimeZoneName::parse(&self.time_zone));
        let currency = errors.check("currency", Currency::parse(&self.currency));
        let notice_hours = errors.check(
            "cancellation_notice_hours",
            parse_bounded(
                &self.cancellation_notice_hours,
                0,
                ClinicSettings::MAX_NOTICE_HOURS,
            ),
        );
        let refund_percent = errors.check(
            "late_cancellation_refund_percent",
            parse_bounded(&self.late_cancellation_refund_percent, 0, 100),
        );
        let deadline_hours = errors.check(
            "request_deadline_hours",
            parse_bounded(
                &self.request_deadline_hours,
                1,
                ClinicSettings::MAX_REQUEST_DEADLINE_HOURS,
            ),
        );
        let reminder_hours = if self.reminder_hours.trim().is_empty() {
            Some(24)
        } else {
            errors.check(
                "reminder_hours",
                crate::notification::parse_reminder_hours(&self.reminder_hours),
            )
        };
        let policy = (notice_hours, refund_percent, deadline_hours, reminder_hours);
        match (name, address, phone, time_zone, currency, policy) {
            (
                Some(name),
                Some(address),
                Some(phone),
                Some(time_zone),
                Some(currency),
                (
                    Some(notice_hours),
                    Some(refund_percent),
                    Some(deadline_hours),
                    Some(reminder_hours),
                ),
            ) if errors.is_empty() => Ok(SettingsUpdate {
                name,
                address,
                phone,
                time_zone,
                currency,
                notice_hours,
                refund_percent,
                deadline_hours,
                reminder_hours,
            }),
            _ => Err(errors),
        }
    }
}

/// A specialty's names that have passed validation (its URL slug is the backend's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialtyNames {
    pub name_en: String,
    pub name_fr: String,
}

impl SpecialtyForm {
    pub fn parse(&self) -> Result<SpecialtyNames, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name_en = errors.check("name_en", trimmed_text(&self.name_en, 3, 80));
        let name_fr = errors.check("name_fr", trimmed_text(&self.name_fr, 3, 80));
        match (name_en, name_fr) {
            (Some(name_en), Some(name_fr)) if errors.is_empty() => {
                Ok(SpecialtyNames { name_en, name_fr })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ValidationCode;

    fn settings_form() -> ClinicSettingsForm {
        ClinicSettingsForm {
            name: "Clinique du Lac".into(),
            address: "Rue du Lac Léman\nTunis".into(),
            phone: "+216 71 000 000".into(),
            time_zone: "Africa/Tunis".into(),
            currency: "TND".into(),
            cancellation_notice_hours: "24".into(),
            late_cancellation_refund_percent: "50".into(),
            request_deadline_hours: "48".into(),
            reminder_hours: "24".into(),
        }
    }

    #[test]
    fn clinic_settings_parse_and_keep_their_bounds() {
        let update = settings_form().parse().unwrap();
        assert_eq!(update.refund_percent, 50);
        let mut bad = settings_form();
        bad.late_cancellation_refund_percent = "150".into();
        bad.request_deadline_hours = "0".into();
        bad.cancellation_notice_hours = "lots".into();
        bad.time_zone = "Mars/Olympus".into();
        bad.reminder_hours = "200".into();
        let errors = bad.parse().unwrap_err();
        assert_eq!(
            errors.for_field("late_cancellation_refund_percent"),
            Some(&ValidationCode::OutOfRange { min: 0, max: 100 })
        );
        assert_eq!(
            errors.for_field("request_deadline_hours"),
            Some(&ValidationCode::OutOfRange { min: 1, max: 144 })
        );
        assert_eq!(
            errors.for_field("cancellation_notice_hours"),
            Some(&ValidationCode::NotANumber)
        );
        assert_eq!(
            errors.for_field("time_zone"),
            Some(&ValidationCode::UnknownTimeZone)
        );
        assert_eq!(
            errors.for_field("reminder_hours"),
            Some(&ValidationCode::OutOfRange { min: 1, max: 168 })
        );
        let mut unsaid = settings_form();
        unsaid.reminder_hours.clear();
        assert_eq!(unsaid.parse().unwrap().reminder_hours, 24);
    }

    #[test]
    fn a_valid_clinic_parses() {
        let clinic = NewClinic::parse("Clinique du Lac", "Africa/Tunis", "tnd").unwrap();
        assert_eq!(clinic.currency, Currency::TND);
        assert_eq!(clinic.time_zone.as_str(), "Africa/Tunis");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = NewClinic::parse("", "Nowhere/City", "ZZZ").unwrap_err();
        assert_eq!(errors.for_field("name"), Some(&ValidationCode::Required));
        assert_eq!(
            errors.for_field("time_zone"),
            Some(&ValidationCode::UnknownTimeZone)
        );
        assert_eq!(
            errors.for_field("currency"),
            Some(&ValidationCode::UnsupportedCurrency)
        );
    }

    #[test]
    fn both_specialty_names_are_required() {
        let errors = SpecialtyForm::default().parse().unwrap_err();
        assert!(errors.for_field("name_en").is_some());
        assert!(errors.for_field("name_fr").is_some());
        let names = SpecialtyForm {
            name_en: " Cardiology ".into(),
            name_fr: "Cardiologie".into(),
        };
        assert_eq!(names.parse().unwrap().name_en, "Cardiology");
    }
}
