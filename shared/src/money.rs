//! Money: an integer count of a currency's minor unit (cents, millimes…), never a float.
//! Prices are typed in major units ("45.5") and parsed exactly here.

use crate::clinic::Currency;
use crate::locale::Language;
use crate::validation::ValidationCode;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// In the currency's minor unit: 45500 TND millimes is 45.500 TND.
    pub minor: i64,
    pub currency: Currency,
}

impl Money {
    /// The largest consultation price accepted, in major units: a typo guard, not a policy.
    pub const MAX_MAJOR: i64 = 100_000;

    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    /// Parses a price typed in major units: "45", "45.5", "45,500" (a French decimal comma).
    /// More decimals than the currency has, negative or absurd amounts are refused; zero is
    /// allowed (a free consultation).
    pub fn parse_major(raw: &str, currency: Currency) -> Result<Self, ValidationCode> {
        let raw = raw.trim().replace([' ', '\u{a0}', '\u{202f}'], "");
        if raw.is_empty() {
            return Err(ValidationCode::Required);
        }
        let normalised = raw.replace(',', ".");
        let (whole, fraction) = match normalised.split_once('.') {
            Some((whole, fraction)) => (whole, fraction),
            None => (normalised.as_str(), ""),
        };
        let digits = currency.minor_unit_digits() as usize;
        let is_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !is_digits(whole) || !is_digits(fraction) {
            return Err(ValidationCode::InvalidAmount);
        }
        if fraction.len() > digits {
            return Err(ValidationCode::TooManyDecimals { max: digits as u32 });
        }
        let whole: i64 = whole.parse().map_err(|_| ValidationCode::InvalidAmount)?;
        if whole > Self::MAX_MAJOR {
            return Err(ValidationCode::OutOfRange {
                min: 0,
                max: Self::MAX_MAJOR,
            });
        }
        let scale = 10_i64.pow(digits as u32);
        let fraction_value: i64 = if fraction.is_empty() {
            0
        } else {
            let padded = format!("{fraction:0<digits$}");
            padded.parse().map_err(|_| ValidationCode::InvalidAmount)?
        };
        Ok(Self::new(whole * scale + fraction_value, currency))
    }

    /// The amount in major units as typed back into a form: "45.5" becomes "45.500" for TND.
    pub fn major_text(self) -> String {
        let digits = self.currency.minor_unit_digits();
        if digits == 0 {
            return self.minor.to_string();
        }
        let scale = 10_i64.pow(digits);
        let sign = if self.minor < 0 { "-" } else { "" };
        let minor = self.minor.abs();
        format!(
            "{sign}{}.{:0width$}",
            minor / scale,
            minor % scale,
            width = digits as usize
        )
    }

    /// The price for a reader: "45.50 EUR" in English, "45,50 EUR" in French.
    pub fn display(self, language: Language) -> String {
        let text = self.major_text();
        let text = match language {
            Language::En => text,
            Language::Fr => text.replace('.', ","),
        };
        format!("{text} {}", self.currency.code())
    }

    /// The amount in hundredths of a major unit, whatever the currency: lets the directory
    /// sort and filter prices of clinics with different minor units in one query.
    pub fn comparable(self) -> i64 {
        let digits = self.currency.minor_unit_digits() as i32;
        match digits.cmp(&2) {
            std::cmp::Ordering::Equal => self.minor,
            std::cmp::Ordering::Greater => self.minor / 10_i64.pow((digits - 2) as u32),
            std::cmp::Ordering::Less => self.minor * 10_i64.pow((2 - digits) as u32),
        }
    }

    /// A percentage of this amount, rounded down to the minor unit (refunds never overpay).
    pub fn percent(self, percent: i64) -> Self {
        Self::new(self.minor * percent.clamp(0, 100) / 100, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prices_are_parsed_exactly_in_minor_units() {
        assert_eq!(Money::parse_major("45", Currency::EUR).unwrap().minor, 4500);
        assert_eq!(
            Money::parse_major("45.5", Currency::EUR).unwrap().minor,
            4550
        );
        assert_eq!(
            Money::parse_major(" 45,500 ", Currency::TND).unwrap().minor,
            45500
        );
        assert_eq!(Money::parse_major("0.1", Currency::TND).unwrap().minor, 100);
        assert_eq!(
            Money::parse_major("5000", Currency::JPY).unwrap().minor,
            5000
        );
        assert_eq!(Money::parse_major("0", Currency::EUR).unwrap().minor, 0);
        assert_eq!(
            Money::parse_major("1 200", Currency::MAD).unwrap().minor,
            120_000
        );
    }

    #[test]
    fn bad_prices_say_what_is_wrong() {
        assert_eq!(
            Money::parse_major("", Currency::EUR),
            Err(ValidationCode::Required)
        );
        assert_eq!(
            Money::parse_major("-5", Currency::EUR),
            Err(ValidationCode::InvalidAmount)
        );
        assert_eq!(
            Money::parse_major("4.5.1", Currency::EUR),
            Err(ValidationCode::InvalidAmount)
        );
        assert_eq!(
            Money::parse_major("1e3", Currency::EUR),
            Err(ValidationCode::InvalidAmount)
        );
        assert_eq!(
            Money::parse_major(".5", Currency::EUR),
            Err(ValidationCode::InvalidAmount)
        );
        assert_eq!(
            Money::parse_major("45.505", Currency::EUR),
            Err(ValidationCode::TooManyDecimals { max: 2 })
        );
        assert_eq!(
            Money::parse_major("45.5", Currency::JPY),
            Err(ValidationCode::TooManyDecimals { max: 0 })
        );
        assert_eq!(
            Money::parse_major("100001", Currency::EUR),
            Err(ValidationCode::OutOfRange {
                min: 0,
                max: Money::MAX_MAJOR
            })
        );
        assert_eq!(
            Money::parse_major("99999999999999999999999", Currency::EUR),
            Err(ValidationCode::InvalidAmount)
        );
    }

    #[test]
    fn prices_display_in_the_reader_language() {
        let price = Money::new(45500, Currency::TND);
        assert_eq!(price.display(Language::En), "45.500 TND");
        assert_eq!(price.display(Language::Fr), "45,500 TND");
        assert_eq!(Money::new(5, Currency::EUR).major_text(), "0.05");
        assert_eq!(
            Money::new(7000, Currency::JPY).display(Language::En),
            "7000 JPY"
        );
    }

    #[test]
    fn comparable_amounts_ignore_the_minor_unit() {
        assert_eq!(Money::new(45500, Currency::TND).comparable(), 4550);
        assert_eq!(Money::new(4550, Currency::EUR).comparable(), 4550);
        assert_eq!(Money::new(45, Currency::JPY).comparable(), 4500);
    }

    #[test]
    fn a_percentage_never_rounds_up() {
        let price = Money::new(999, Currency::EUR);
        assert_eq!(price.percent(50).minor, 499);
        assert_eq!(price.percent(100).minor, 999);
        assert_eq!(price.percent(0).minor, 0);
        assert_eq!(price.percent(150).minor, 999, "clamped to the whole price");
    }

    proptest! {
        #[test]
        fn typed_back_prices_parse_to_the_same_amount(minor in 0i64..10_000_000, pick in 0usize..10) {
            let currency = Currency::ALL[pick];
            let scale = 10_i64.pow(currency.minor_unit_digits());
            let minor = minor.min(Money::MAX_MAJOR * scale);
            let money = Money::new(minor, currency);
            prop_assert_eq!(Money::parse_major(&money.major_text(), currency), Ok(money));
            prop_assert_eq!(
                Money::parse_major(&money.display(Language::Fr).replace(currency.code(), ""), currency),
                Ok(money)
            );
        }
    }
}
