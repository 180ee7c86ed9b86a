//! The password policy. A `Password` can only exist once it satisfies the policy, and it never
//! prints itself: `Debug` is redacted and there is no `Display` or `Serialize`.

use crate::validation::ValidationCode;
use std::fmt;

pub struct Password(String);

impl Password {
    /// NIST SP 800-63B favours length over composition rules; 12 is a common floor today.
    pub const MIN_LEN: u32 = 12;
    /// Argon2 hashes any length, but an upper bound stops a megabyte "password" from tying up
    /// a hashing thread.
    pub const MAX_LEN: u32 = 128;

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let length = raw.chars().count() as u32;
        if length == 0 {
            return Err(ValidationCode::Required);
        }
        if length < Self::MIN_LEN {
            return Err(ValidationCode::TooShort { min: Self::MIN_LEN });
        }
        if length > Self::MAX_LEN {
            return Err(ValidationCode::TooLong { max: Self::MAX_LEN });
        }
        let has_letter = raw.chars().any(char::is_alphabetic);
        let has_other = raw.chars().any(|c| !c.is_alphabetic());
        if !(has_letter && has_other) || all_one_character(raw) {
            return Err(ValidationCode::PasswordTooSimple);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The secret itself, for the hasher only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

fn all_one_character(raw: &str) -> bool {
    let mut chars = raw.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_mixed_password_is_accepted() {
        assert!(Password::parse("correct horse 42").is_ok());
    }

    #[test]
    fn short_password_is_refused_with_the_minimum() {
        assert_eq!(
            Password::parse("abc123").unwrap_err(),
            ValidationCode::TooShort { min: 12 }
        );
    }

    #[test]
    fn boundary_lengths() {
        assert!(
            Password::parse("abcdefghij12").is_ok(),
            "12 characters is enough"
        );
        assert_eq!(
            Password::parse("abcdefghij1").unwrap_err(),
            ValidationCode::TooShort { min: 12 }
        );
        let longest = format!("{}1", "a".repeat(127));
        assert!(Password::parse(&longest).is_ok());
        let too_long = format!("{}1", "a".repeat(128));
        assert_eq!(
            Password::parse(&too_long).unwrap_err(),
            ValidationCode::TooLong { max: 128 }
        );
    }

    #[test]
    fn letters_only_or_digits_only_are_too_simple() {
        assert_eq!(
            Password::parse("onlylettershere").unwrap_err(),
            ValidationCode::PasswordTooSimple
        );
        assert_eq!(
            Password::parse("123456789012").unwrap_err(),
            ValidationCode::PasswordTooSimple
        );
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let password = Password::parse("correct horse 42").unwrap();
        assert!(!format!("{password:?}").contains("horse"));
    }
}
