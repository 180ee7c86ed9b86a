//! Clinic value objects: its display name, its IANA time zone and its currency.

use crate::ids::ClinicId;
use crate::validation::{trimmed_text, ValidationCode};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a patient sees of a clinic in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicSummary {
    pub id: ClinicId,
    pub name: String,
    pub time_zone: String,
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClinicName(String);

impl ClinicName {
    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        trimmed_text(raw, 2, 120).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The form two names are compared in: "Clinique  ÉLAN" and "clinique élan" are one clinic.
    pub fn key(&self) -> String {
        name_key(&self.0)
    }
}

/// Folds a clinic name for comparison and sorting: Unicode lower case, single spaces.
/// The number a patient calls about a visit: the doctor's practice line when they gave one,
/// otherwise the clinic's; `None` when neither is known.
pub fn phone_to_call<'a>(practice: &'a str, clinic: &'a str) -> Option<&'a str> {
    [practice, clinic]
        .into_iter()
        .map(str::trim)
        .find(|phone| !phone.is_empty())
}

pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// An IANA time zone name such as `Africa/Tunis`. Clinic rules are wall-clock times in this
/// zone; instants are stored in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZoneName(chrono_tz::Tz);

impl TimeZoneName {
    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ValidationCode::Required);
        }
        chrono_tz::Tz::from_str(raw)
            .map(Self)
            .map_err(|_| ValidationCode::UnknownTimeZone)
    }

    pub fn tz(self) -> chrono_tz::Tz {
        self.0
    }

    pub fn as_str(self) -> &'static str {
        self.0.name()
    }
}

impl fmt::Display for TimeZoneName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The currencies a clinic can charge in, with the number of decimal places of their minor
/// unit (ISO 4217): money is always stored as an integer count of minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Currency {
    EUR,
    USD,
    GBP,
    CHF,
    CAD,
    MAD,
    DZD,
    TND,
    XOF,
    JPY,
}

impl Currency {
    pub const ALL: [Currency; 10] = [
        Currency::EUR,
        Currency::USD,
        Currency::GBP,
        Currency::CHF,
        Currency::CAD,
        Currency::MAD,
        Currency::DZD,
        Currency::TND,
        Currency::XOF,
        Currency::JPY,
    ];

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(ValidationCode::Required);
        }
        Self::ALL
            .into_iter()
            .find(|c| c.code() == code)
            .ok_or(ValidationCode::UnsupportedCurrency)
    }

    pub fn code(self) -> &'static str {
        match self {
            Currency::EUR => "EUR",
            Currency::USD => "USD",
            Currency::GBP => "GBP",
            Currency::CHF => "CHF",
            Currency::CAD => "CAD",
            Currency::MAD => "MAD",
            Currency::DZD => "DZD",
            Currency::TND => "TND",
            Currency::XOF => "XOF",
            Currency::JPY => "JPY",
        }
    }

    /// Decimal places of the minor unit: 2 for cents, 3 for the Tunisian millime, 0 for yen.
    pub fn minor_unit_digits(self) -> u32 {
        match self {
            Currency::TND => 3,
            Currency::XOF | Currency::JPY => 0,
            _ => 2,
        }
    }
}

impl FromStr for Currency {
    type Err = ValidationCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clinic_name_is_trimmed_and_bounded() {
        assert_eq!(
            ClinicName::parse("  Clinique du Lac ").unwrap().as_str(),
            "Clinique du Lac"
        );
        assert_eq!(ClinicName::parse("").unwrap_err(), ValidationCode::Required);
        assert_eq!(
            ClinicName::parse("A").unwrap_err(),
            ValidationCode::TooShort { min: 2 }
        );
        assert_eq!(
            ClinicName::parse(&"x".repeat(121)).unwrap_err(),
            ValidationCode::TooLong { max: 120 }
        );
    }

    #[test]
    fn clinic_names_compare_without_case_or_extra_spaces() {
        let a = ClinicName::parse("Clinique  ÉLAN").unwrap();
        let b = ClinicName::parse("clinique élan").unwrap();
        assert_eq!(a.key(), b.key());
        assert_eq!(
            a.as_str(),
            "Clinique  ÉLAN",
            "the display name keeps its spelling"
        );
    }

    #[test]
    fn iana_time_zones_are_accepted_and_others_refused() {
        assert_eq!(
            TimeZoneName::parse("Africa/Tunis").unwrap().as_str(),
            "Africa/Tunis"
        );
        assert_eq!(
            TimeZoneName::parse(" Europe/Paris ").unwrap().as_str(),
            "Europe/Paris"
        );
        assert_eq!(
            TimeZoneName::parse("Mars/Olympus").unwrap_err(),
            ValidationCode::UnknownTimeZone
        );
        assert_eq!(
            TimeZoneName::parse("").unwrap_err(),
            ValidationCode::Required
        );
    }

    #[test]
    fn currencies_parse_case_insensitively_and_know_their_minor_unit() {
        assert_eq!(Currency::parse("eur"), Ok(Currency::EUR));
        assert_eq!(Currency::parse("TND").unwrap().minor_unit_digits(), 3);
        assert_eq!(Currency::parse("JPY").unwrap().minor_unit_digits(), 0);
        assert_eq!(Currency::parse("EUR").unwrap().minor_unit_digits(), 2);
        assert_eq!(
            Currency::parse("XXX"),
            Err(ValidationCode::UnsupportedCurrency)
        );
        assert_eq!(Currency::parse(" "), Err(ValidationCode::Required));
    }

    #[test]
    fn every_currency_round_trips_through_its_code() {
        for currency in Currency::ALL {
            assert_eq!(Currency::parse(currency.code()), Ok(currency));
        }
    }
}

#[cfg(test)]
mod phone_tests {
    use super::phone_to_call;

    #[test]
    fn the_practice_line_comes_first_then_the_clinic() {
        assert_eq!(
            phone_to_call("+216 71 000 111", "+216 71 999 999"),
            Some("+216 71 000 111")
        );
        assert_eq!(
            phone_to_call(" ", "+216 71 999 999"),
            Some("+216 71 999 999")
        );
        assert_eq!(phone_to_call("", ""), None);
    }
}
