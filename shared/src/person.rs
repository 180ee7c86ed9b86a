//! Value objects for the people Salus serves: names, phone numbers and birth dates. Each is
//! parsed once at the edge (form, API, CLI); the rest of the code can only hold valid ones.

use crate::validation::{trimmed_text, ValidationCode};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A first or last name: 1 to 80 characters of letters, spaces, hyphens, apostrophes and dots
/// ("Ben Ali", "N'Diaye", "Jean-Luc", "St. John"), in any script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX_LEN: u32 = 80;

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let value = trimmed_text(raw, 1, Self::MAX_LEN)?;
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'' | '’' | '.');
        if !value.chars().all(allowed) || !value.chars().any(char::is_alphabetic) {
            return Err(ValidationCode::ForbiddenCharacters);
        }
        // Collapse runs of spaces typed by accident.
        Ok(Self(value.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::string_value!(PersonName);

/// A phone number as people type it ("+216 20 123 456", "06.12.34.56.78", "(514) 555-0199"),
/// stored as digits with an optional leading `+`. E.164 allows at most 15 digits; fewer than
/// 8 cannot reach anyone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub const MIN_DIGITS: usize = 8;
    pub const MAX_DIGITS: usize = 15;

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationCode::Required);
        }
        let (international, rest) = match trimmed.strip_prefix('+') {
            Some(rest) => (true, rest),
            None => (false, trimmed),
        };
        let separators_only = rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
        let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
        if !separators_only || !(Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&digits.len()) {
            return Err(ValidationCode::InvalidPhone);
        }
        Ok(Self(if international {
            format!("+{digits}")
        } else {
            digits
        }))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::string_value!(Phone);

/// A birth date: a real calendar date, not in the future, and not more than 130 years ago.
/// `today` is passed in (in the clinic's or the user's zone) so the rule can be tested on any
/// day, including 29 February.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BirthDate(NaiveDate);

impl BirthDate {
    pub const MAX_AGE_YEARS: i32 = 130;

    /// Parses the ISO form an HTML date input sends: `YYYY-MM-DD`.
    pub fn parse(raw: &str, today: NaiveDate) -> Result<Self, ValidationCode> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ValidationCode::Required);
        }
        let date =
            NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| ValidationCode::InvalidDate)?;
        Self::new(date, today)
    }

    pub fn new(date: NaiveDate, today: NaiveDate) -> Result<Self, ValidationCode> {
        if date > today {
            return Err(ValidationCode::DateInFuture);
        }
        if today.year() - date.year() > Self::MAX_AGE_YEARS {
            return Err(ValidationCode::DateTooFarInPast);
        }
        Ok(Self(date))
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// Age in whole years on `today`; someone born on 29 February turns a year older on
    /// 1 March in common years.
    pub fn age_on(self, today: NaiveDate) -> u32 {
        let mut age = today.year() - self.0.year();
        if (today.month(), today.day()) < (self.0.month(), self.0.day()) {
            age -= 1;
        }
        age.max(0) as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn names_from_many_cultures_are_accepted() {
        for name in [
            "Amina", "Ben Ali", "N'Diaye", "Jean-Luc", "Zoë", "St. John", "محمد", "李",
        ] {
            assert_eq!(PersonName::parse(name).unwrap().as_str(), name);
        }
        assert_eq!(
            PersonName::parse("  Leila   Haddad ").unwrap().as_str(),
            "Leila Haddad"
        );
    }

    #[test]
    fn names_with_digits_symbols_or_nothing_are_refused() {
        assert_eq!(
            PersonName::parse("R2D2"),
            Err(ValidationCode::ForbiddenCharacters)
        );
        assert_eq!(
            PersonName::parse("<script>"),
            Err(ValidationCode::ForbiddenCharacters)
        );
        assert_eq!(
            PersonName::parse("--"),
            Err(ValidationCode::ForbiddenCharacters)
        );
        assert_eq!(PersonName::parse("   "), Err(ValidationCode::Required));
        assert_eq!(
            PersonName::parse(&"a".repeat(81)),
            Err(ValidationCode::TooLong { max: 80 })
        );
    }

    #[test]
    fn phones_keep_digits_and_the_international_plus() {
        assert_eq!(
            Phone::parse("+216 20 123 456").unwrap().as_str(),
            "+21620123456"
        );
        assert_eq!(
            Phone::parse("06.12.34.56.78").unwrap().as_str(),
            "0612345678"
        );
        assert_eq!(
            Phone::parse("(514) 555-0199").unwrap().as_str(),
            "5145550199"
        );
    }

    #[test]
    fn malformed_phones_are_refused() {
        for bad in [
            "1234567",
            "+1234567890123456",
            "12-34-ab-56-78",
            "++21620123456",
            "phone",
        ] {
            assert_eq!(
                Phone::parse(bad),
                Err(ValidationCode::InvalidPhone),
                "{bad}"
            );
        }
        assert_eq!(Phone::parse(" "), Err(ValidationCode::Required));
    }

    #[test]
    fn birth_date_boundaries() {
        let today = day(2026, 11, 22);
        assert!(BirthDate::parse("2026-11-22", today).is_ok(), "born today");
        assert_eq!(
            BirthDate::parse("2026-11-23", today),
            Err(ValidationCode::DateInFuture)
        );
        assert!(BirthDate::parse("1896-01-01", today).is_ok(), "130 years");
        assert_eq!(
            BirthDate::parse("1895-12-31", today),
            Err(ValidationCode::DateTooFarInPast)
        );
        assert_eq!(
            BirthDate::parse("2001-02-29", today),
            Err(ValidationCode::InvalidDate)
        );
        assert_eq!(
            BirthDate::parse("22/11/1990", today),
            Err(ValidationCode::InvalidDate)
        );
        assert_eq!(BirthDate::parse("", today), Err(ValidationCode::Required));
    }

    #[test]
    fn age_counts_whole_years_including_leap_day_birthdays() {
        let born = BirthDate::new(day(2000, 2, 29), day(2026, 1, 1)).unwrap();
        assert_eq!(born.age_on(day(2025, 2, 28)), 24);
        assert_eq!(born.age_on(day(2025, 3, 1)), 25);
        assert_eq!(born.age_on(day(2028, 2, 29)), 28);
    }

    proptest! {
        #[test]
        fn phone_parse_never_panics_and_is_idempotent(raw in "\\PC{0,30}") {
            if let Ok(phone) = Phone::parse(&raw) {
                prop_assert_eq!(Phone::parse(phone.as_str()), Ok(phone.clone()));
            }
        }

        #[test]
        fn name_parse_never_panics_and_is_idempotent(raw in "\\PC{0,90}") {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
            }
        }

        #[test]
        fn an_accepted_birth_date_is_never_after_today(days_ago in -400i64..60_000) {
            let today = day(2026, 11, 22);
            let date = today - chrono::Duration::days(days_ago);
            match BirthDate::new(date, today) {
                Ok(birth) => prop_assert!(birth.date() <= today),
                Err(code) => prop_assert!(matches!(
                    code,
                    ValidationCode::DateInFuture | ValidationCode::DateTooFarInPast
                )),
            }
        }
    }
}
