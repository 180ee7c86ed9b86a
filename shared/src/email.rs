//! An email address that has passed a structural check and is stored in one canonical form
//! (trimmed, lower-case), so the unique index on users cannot be dodged with "A@x.org".

use crate::validation::ValidationCode;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// RFC 5321 caps a forward path at 254 characters.
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(ValidationCode::Required);
        }
        if value.len() > Self::MAX_LEN {
            return Err(ValidationCode::TooLong {
                max: Self::MAX_LEN as u32,
            });
        }
        let (local, domain) = value.rsplit_once('@').ok_or(ValidationCode::InvalidEmail)?;
        let local_ok = !local.is_empty() && local.len() <= 64 && !local.contains('@');
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let no_space = !value.chars().any(|c| c.is_whitespace() || c.is_control());
        if local_ok && domain_ok && no_space {
            Ok(Self(value))
        } else {
            Err(ValidationCode::InvalidEmail)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

crate::string_value!(Email);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn valid_addresses_are_canonicalised() {
        assert_eq!(
            Email::parse("  Amina.Ben@Clinic.TN ").unwrap().as_str(),
            "amina.ben@clinic.tn"
        );
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "plainaddress",
            "@no-local.org",
            "no-domain@",
            "two@@at.org",
            "space in@x.org",
            "dot@nodot",
            "x@-bad.org",
            "x@bad..org",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(ValidationCode::InvalidEmail),
                "{bad}"
            );
        }
        assert_eq!(Email::parse("   "), Err(ValidationCode::Required));
    }

    #[test]
    fn overlong_address_is_refused_with_its_limit() {
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(
            Email::parse(&long),
            Err(ValidationCode::TooLong { max: 254 })
        );
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Email>("\"not-an-email\"").is_err());
        let ok: Email = serde_json::from_str("\"A@B.co\"").unwrap();
        assert_eq!(ok.as_str(), "a@b.co");
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_accepts_its_own_output(raw in "\\PC{0,80}") {
            if let Ok(email) = Email::parse(&raw) {
                prop_assert_eq!(Email::parse(email.as_str()), Ok(email.clone()));
            }
        }
    }
}

/// An email as the development outbox page shows it (written when no SMTP server is set).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OutboxMail {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub language: String,
    pub created_at: i64,
    pub sent: bool,
    pub error: Option<String>,
}
