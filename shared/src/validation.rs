//! Validation errors travel as codes (field → code + parameters), never as English sentences:
//! the UI translates them into the reader's language and shows each next to its field.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why one value was refused. The parameters let the UI say "at least 12 characters".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ValidationCode {
    #[error("a value is required")]
    Required,
    #[error("must be at least {min} characters")]
    TooShort { min: u32 },
    #[error("must be at most {max} characters")]
    TooLong { max: u32 },
    #[error("not a valid email address")]
    InvalidEmail,
    #[error("must mix letters and digits or symbols")]
    PasswordTooSimple,
    #[error("unknown IANA time zone")]
    UnknownTimeZone,
    #[error("unsupported currency")]
    UnsupportedCurrency,
    #[error("contains characters that are not allowed")]
    ForbiddenCharacters,
    #[error("not a valid phone number")]
    InvalidPhone,
    #[error("not a valid date")]
    InvalidDate,
    #[error("cannot be in the future")]
    DateInFuture,
    #[error("too far in the past")]
    DateTooFarInPast,
    #[error("not one of the offered choices")]
    NotAChoice,
    #[error("not a whole number")]
    NotANumber,
    #[error("must be between {min} and {max}")]
    OutOfRange { min: i64, max: i64 },
    #[error("the current password is not correct")]
    WrongPassword,
    #[error("the file is not a JPEG, PNG or WebP image")]
    UnsupportedImage,
    #[error("the file is larger than {max_mb} MB")]
    FileTooLarge { max_mb: u32 },
    #[error("the link is invalid, used or expired")]
    InvalidLink,
    #[error("the request body is not valid JSON of the expected shape")]
    InvalidRequestBody,
    #[error("not a valid amount")]
    InvalidAmount,
    #[error("at most {max} decimal places")]
    TooManyDecimals { max: u32 },
    #[error("not a valid time (HH:MM)")]
    InvalidTime,
    #[error("must be after the start")]
    EndNotAfterStart,
    #[error("overlaps other hours on the same day")]
    OverlapsOtherHours,
    #[error("the break must lie inside the hours")]
    BreakOutsideHours,
    #[error("the hours are shorter than one slot")]
    LongerThanHours,
    #[error("at most {max} entries")]
    TooMany { max: u32 },
    #[error("at most {max_days} days")]
    RangeTooLong { max_days: u32 },
    #[error("choose at least one")]
    ChooseAtLeastOne,
    #[error("no patient has this email")]
    NoSuchPatient,
    #[error("the signature does not match")]
    InvalidSignature,
}

/// A refused value, named by the field it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub code: ValidationCode,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ValidationCode) -> Self {
        Self {
            field: field.into(),
            code,
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.code)
    }
}

/// Every refused field of one input, so a form can show all its problems at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    /// Records the outcome of one field's parse and hands back the value when it was good,
    /// so a constructor can parse every field and report all failures together.
    pub fn check<T>(&mut self, field: &str, parsed: Result<T, ValidationCode>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(code) => {
                self.errors.push(FieldError::new(field, code));
                None
            }
        }
    }

    /// Records a refusal found after parsing, such as a rule between two fields.
    pub fn add(&mut self, field: &str, code: ValidationCode) {
        self.errors.push(FieldError::new(field, code));
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The error for one field, if it was refused.
    pub fn for_field(&self, field: &str) -> Option<&ValidationCode> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| &e.code)
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(error: FieldError) -> Self {
        Self {
            errors: vec![error],
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.errors.iter().map(ToString::to_string).collect();
        f.write_str(&parts.join("; "))
    }
}

/// Gives a validated string type (a newtype over `String` with a `parse(&str)` constructor)
/// its conversions: deserialising goes through `parse`, so a bad value can never be read from
/// JSON either; serialising and `Display` show the stored, canonical form.
#[macro_export]
macro_rules! string_value {
    ($type:ident) => {
        impl TryFrom<String> for $type {
            type Error = $crate::ValidationCode;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$type> for String {
            fn from(value: $type) -> Self {
                value.0
            }
        }

        impl std::fmt::Display for $type {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// Trims a text field and checks its length in characters (not bytes: "é" is one).
pub fn trimmed_text(raw: &str, min: u32, max: u32) -> Result<String, ValidationCode> {
    let value = raw.trim();
    let length = value.chars().count() as u32;
    if length == 0 {
        return Err(ValidationCode::Required);
    }
    if length < min {
        return Err(ValidationCode::TooShort { min });
    }
    if length > max {
        return Err(ValidationCode::TooLong { max });
    }
    if value.chars().any(char::is_control) {
        return Err(ValidationCode::ForbiddenCharacters);
    }
    Ok(value.to_owned())
}

/// Reads a form field that API clients may send as text or as a JSON number (`"30"` or `30`),
/// so numeric fields keep the field-by-field validation of text while accepting natural JSON.
pub fn lenient_text<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextOrNumber {
        Text(String),
        Integer(i64),
        Float(f64),
    }
    Ok(match TextOrNumber::deserialize(deserializer)? {
        TextOrNumber::Text(text) => text,
        TextOrNumber::Integer(number) => number.to_string(),
        TextOrNumber::Float(number) => number.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_serialise_as_field_code_and_parameters() {
        let error = FieldError::new("name", ValidationCode::TooLong { max: 120 });
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"field": "name", "code": "too_long", "max": 120})
        );
        let back: FieldError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
    }

    #[test]
    fn check_collects_every_failure_and_keeps_good_values() {
        let mut errors = ValidationErrors::default();
        let good = errors.check("a", Ok::<_, ValidationCode>(1));
        let bad: Option<i32> = errors.check("b", Err(ValidationCode::Required));
        assert_eq!(good, Some(1));
        assert_eq!(bad, None);
        assert_eq!(errors.for_field("b"), Some(&ValidationCode::Required));
        assert_eq!(errors.for_field("a"), None);
    }

    #[test]
    fn trimmed_text_counts_characters_not_bytes() {
        assert_eq!(trimmed_text("  éé ", 2, 2), Ok("éé".to_owned()));
        assert_eq!(
            trimmed_text("é", 2, 5),
            Err(ValidationCode::TooShort { min: 2 })
        );
        assert_eq!(
            trimmed_text("abcdef", 1, 5),
            Err(ValidationCode::TooLong { max: 5 })
        );
        assert_eq!(trimmed_text("   ", 1, 5), Err(ValidationCode::Required));
        assert_eq!(
            trimmed_text("a\u{0007}b", 1, 5),
            Err(ValidationCode::ForbiddenCharacters)
        );
    }
}
