//! The device cookie (OWASP): a browser that signed in to an account is given a signed token
//! naming that account, so a later login from it is recognised as the owner's own browser
//! and not slowed when strangers hammer the account from elsewhere (`login_guard`). It proves
//! nothing by itself: the password is still checked, and the cookie grants no session.
//!
//! Value: `<user id>.<random id>.<HMAC-SHA256 of both>` (hex), keyed by a key derived from the
//! session signing secret, so it cannot be forged or moved to another account.

use crate::Secret;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use shared::UserId;

pub const COOKIE: &str = "salus_device";
/// A year: a device stays known across ordinary absences.
pub const MAX_AGE_SECONDS: i64 = 365 * 24 * 3600;

/// A device recognised from its cookie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDevice {
    pub user: UserId,
    /// The random part: the device's own failures are counted under it.
    pub id: String,
}

fn mac(secret: &Secret, user: UserId, id: &str) -> Hmac<Sha256> {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.expose()).expect("HMAC takes a key of any length");
    mac.update(b"salus device cookie\0");
    mac.update(user.0.to_string().as_bytes());
    mac.update(b".");
    mac.update(id.as_bytes());
    mac
}

/// A new cookie value for `user`'s browser.
pub fn issue(secret: &Secret, user: UserId) -> String {
    let mut random = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut random);
    let id = hex::encode(random);
    let tag = hex::encode(mac(secret, user, &id).finalize().into_bytes());
    format!("{}.{id}.{tag}", user.0)
}

/// The device a cookie value names, if it was signed by this server (constant-time check).
pub fn verify(secret: &Secret, value: &str) -> Option<KnownDevice> {
    let mut parts = value.trim().split('.');
    let (user, id, tag) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let user = UserId(user.parse().ok()?);
    let tag = hex::decode(tag).ok()?;
    mac(secret, user, id).verify_slice(&tag).ok()?;
    Some(KnownDevice {
        user,
        id: id.to_owned(),
    })
}

/// The device cookie among a request's `Cookie` headers.
pub fn from_headers(headers: &http::HeaderMap) -> Option<String> {
    crate::accounts::sessions::cookie(headers, COOKIE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new(b"a signing secret long enough for the tests".to_vec())
    }

    #[test]
    fn a_cookie_names_its_account_and_nothing_else() {
        let value = issue(&secret(), UserId(7));
        let device = verify(&secret(), &value).expect("our own cookie");
        assert_eq!(device.user, UserId(7));
        assert_eq!(device.id.len(), 32);
        assert_ne!(issue(&secret(), UserId(7)), value, "each browser its own");
    }

    #[test]
    fn a_forged_or_moved_cookie_is_not_recognised() {
        let value = issue(&secret(), UserId(7));
        let moved = value.replacen("7.", "8.", 1);
        assert_eq!(verify(&secret(), &moved), None, "moved to another account");
        assert_eq!(verify(&secret(), &format!("{value}0")), None);
        let other = Secret::new(b"another server's secret, also long enough".to_vec());
        assert_eq!(verify(&other, &value), None);
        for junk in ["", "1.abc.def", "x.y.z", "1..", &format!("{value}.extra")] {
            assert_eq!(verify(&secret(), junk), None, "{junk}");
        }
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = http::HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "salus_session=abc; salus_device=1.2.3; other=x"
                .parse()
                .unwrap(),
        );
        assert_eq!(from_headers(&headers), Some("1.2.3".to_owned()));
    }
}
