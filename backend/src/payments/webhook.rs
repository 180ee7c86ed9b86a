//! Stripe's webhook signature: `Stripe-Signature: t=<unix time>,v1=<hex HMAC-SHA256>`, the HMAC
//! taken over `<t>.<raw body>` with the endpoint's secret. Checked over the raw bytes, in
//! constant time, and only within a tolerance of the signing time (an old delivery replayed
//! by someone else is refused).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// How far the signing time may be from now.
pub const TOLERANCE_SECONDS: i64 = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no usable Stripe-Signature header")]
    Malformed,
    #[error("the signature is outside the time tolerance")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

fn mac(secret: &[u8], timestamp: &str, body: &[u8]) -> Hmac<Sha256> {
    // HMAC accepts keys of any length: this cannot fail.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    mac.update(timestamp.as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// Checks a `Stripe-Signature` header against the raw body.
pub fn verify(header: &str, body: &[u8], secret: &[u8], now: i64) -> Result<(), SignatureError> {
    let mut timestamp = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) => timestamp = Some(value),
            Some(("v1", value)) => signatures.push(value),
            _ => {}
        }
    }
    let timestamp = timestamp.ok_or(SignatureError::Malformed)?;
    let signed_at: i64 = timestamp.parse().map_err(|_| SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now - signed_at).abs() > TOLERANCE_SECONDS {
        return Err(SignatureError::Stale);
    }
    let matches = signatures.iter().any(|signature| {
        hex::decode(signature)
            .map(|bytes| mac(secret, timestamp, body).verify_slice(&bytes).is_ok())
            .unwrap_or(false)
    });
    if matches {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// A header signing `body` at `timestamp`, as Stripe writes it (for tests and local tools).
pub fn sign(body: &[u8], secret: &[u8], timestamp: i64) -> String {
    let signature = mac(secret, &timestamp.to_string(), body)
        .finalize()
        .into_bytes();
    format!("t={timestamp},v1={}", hex::encode(signature))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"whsec_test_secret";
    const BODY: &[u8] = br#"{"id":"evt_1","type":"payment_intent.succeeded"}"#;

    #[test]
    fn a_signature_made_with_the_secret_is_accepted() {
        let header = sign(BODY, SECRET, 1_800_000_000);
        assert_eq!(verify(&header, BODY, SECRET, 1_800_000_010), Ok(()));
        // Stripe may list several signatures (during a secret rotation): one match is enough.
        let rotated = format!("{},v1=deadbeef", header);
        assert_eq!(verify(&rotated, BODY, SECRET, 1_800_000_010), Ok(()));
    }

    #[test]
    fn a_changed_body_or_another_secret_is_refused() {
        let header = sign(BODY, SECRET, 1_800_000_000);
        assert_eq!(
            verify(
                &header,
                br#"{"id":"evt_1","type":"payment_intent.canceled"}"#,
                SECRET,
                1_800_000_000
            ),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&header, BODY, b"whsec_other", 1_800_000_000),
            Err(SignatureError::Mismatch)
        );
    }

    #[test]
    fn old_and_malformed_signatures_are_refused() {
        let header = sign(BODY, SECRET, 1_800_000_000);
        assert_eq!(
            verify(&header, BODY, SECRET, 1_800_000_301),
            Err(SignatureError::Stale)
        );
        assert_eq!(
            verify(&header, BODY, SECRET, 1_799_999_699),
            Err(SignatureError::Stale)
        );
        assert_eq!(verify("", BODY, SECRET, 0), Err(SignatureError::Malformed));
        assert_eq!(
            verify("t=abc,v1=00", BODY, SECRET, 0),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify("t=1800000000", BODY, SECRET, 1_800_000_000),
            Err(SignatureError::Malformed)
        );
        assert_eq!(
            verify("t=1800000000,v1=zz", BODY, SECRET, 1_800_000_000),
            Err(SignatureError::Mismatch)
        );
    }
}
