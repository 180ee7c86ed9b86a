//! Single-use links sent by email: verify an address, reset a password, accept an
//! invitation. The token is 256 random bits; only its SHA-256 is stored, and using it is one
//! atomic UPDATE, so two clicks racing each other cannot both succeed.

use base64::Engine as _;
use rand::RngCore as _;
use sha2::{Digest, Sha256};
use shared::error::AppError;
use shared::{UserId, ValidationCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    VerifyEmail,
    ResetPassword,
    Invitation,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::VerifyEmail => "verify_email",
            LinkPurpose::ResetPassword => "reset_password",
            LinkPurpose::Invitation => "invitation",
        }
    }

    /// How long a link works. A reset link is short-lived because it grants the account.
    pub fn lifetime_seconds(self) -> i64 {
        match self {
            LinkPurpose::VerifyEmail => 48 * 3600,
            LinkPurpose::ResetPassword => 3600,
            LinkPurpose::Invitation => 7 * 24 * 3600,
        }
    }
}

fn digest(token: &str) -> String {
    let hash = Sha256::digest(token.as_bytes());
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a link token for `user` and returns it (the only time it exists in clear). Older
/// unused links of the same purpose stop working: only the newest email counts.
pub async fn create(
    pool: &sqlx::AnyPool,
    user: UserId,
    purpose: LinkPurpose,
    now: i64,
) -> Result<String, AppError> {
    // One transaction, so two requests at once cannot leave two live links behind.
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(now)
    .bind(user.0)
    .bind(purpose.as_str())
    .execute(&mut *tx)
    .await?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    sqlx::query(
        "INSERT INTO account_tokens (user_id, purpose, token_hash, expires_at, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(user.0)
    .bind(purpose.as_str())
    .bind(digest(&token))
    .bind(now + purpose.lifetime_seconds())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Whether a link would be accepted, without using it. Lets slow work (hashing a new
/// password) wait until the link is known to be good.
pub async fn is_usable(
    pool: &sqlx::AnyPool,
    token: &str,
    purposes: &[LinkPurpose],
    now: i64,
) -> Result<bool, AppError> {
    let token = token.trim();
    let (Some(first), false) = (purposes.first(), token.is_empty() || token.len() > 100) else {
        return Ok(false);
    };
    let second = purposes.get(1).unwrap_or(first);
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM account_tokens WHERE token_hash = $1 \
         AND (purpose = $2 OR purpose = $3) AND used_at IS NULL AND expires_at > $4",
    )
    .bind(digest(token))
    .bind(first.as_str())
    .bind(second.as_str())
    .bind(now)
    .fetch_one(pool)
    .await?;
    Ok(count > 0)
}

/// Ends every unused reset and invitation link of an account: once a password is set, an
/// older emailed link must not set another.
pub async fn revoke_password_links(
    pool: &sqlx::AnyPool,
    user: UserId,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE account_tokens SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL \
         AND (purpose = 'reset_password' OR purpose = 'invitation')",
    )
    .bind(now)
    .bind(user.0)
    .execute(pool)
    .await?;
    Ok(())
}

/// Uses a link once. Any of `purposes` is accepted (a set-password page takes both reset and
/// invitation links). An unknown, used or expired token is a field error on `token`.
pub async fn consume<'e, E>(
    executor: E,
    token: &str,
    purposes: &[LinkPurpose],
    now: i64,
) -> Result<(UserId, LinkPurpose), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let invalid = || AppError::field("token", ValidationCode::InvalidLink);
    let token = token.trim();
    if token.is_empty() || token.len() > 100 {
        return Err(invalid());
    }
    let first = purposes.first().ok_or_else(invalid)?;
    let second = purposes.get(1).unwrap_or(first);
    let row: Option<(i64, String)> = sqlx::query_as(
        "UPDATE account_tokens SET used_at = $1 \
         WHERE token_hash = $2 AND (purpose = $3 OR purpose = $4) \
           AND used_at IS NULL AND expires_at > $1 \
         RETURNING user_id, purpose",
    )
    .bind(now)
    .bind(digest(token))
    .bind(first.as_str())
    .bind(second.as_str())
    .fetch_optional(executor)
    .await?;
    let (user, purpose) = row.ok_or_else(invalid)?;
    let purpose = [
        LinkPurpose::VerifyEmail,
        LinkPurpose::ResetPassword,
        LinkPurpose::Invitation,
    ]
    .into_iter()
    .find(|p| p.as_str() == purpose)
    .ok_or(AppError::Internal)?;
    Ok((UserId(user), purpose))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_hex_sha256() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn reset_links_are_short_lived() {
        assert!(
            LinkPurpose::ResetPassword.lifetime_seconds()
                < LinkPurpose::VerifyEmail.lifetime_seconds()
        );
        assert_eq!(LinkPurpose::ResetPassword.lifetime_seconds(), 3600);
    }
}
