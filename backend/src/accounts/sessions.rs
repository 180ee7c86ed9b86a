//! Session tokens: short-lived JWTs signed with the server's key. The browser keeps one in an
//! HttpOnly cookie, renewed while it is in use (see the server's renewal middleware); API
//! clients get a bearer token. A token names the account and its token version: raising the
//! version (logout everywhere, password change, disabled account) kills every older token.

use crate::Secret;
use http::HeaderMap;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use shared::error::AppError;
use shared::UserId;

pub const COOKIE_NAME: &str = "salus_session";
/// A browser session ends after this long without a request.
pub const IDLE_LIFETIME_SECONDS: i64 = 60 * 60;
/// A session in use is renewed once its token is this old, so a busy page does not send a
/// new cookie with every request.
pub const RENEW_AFTER_SECONDS: i64 = 5 * 60;
/// However active, a browser session ends this long after the password was typed.
pub const ABSOLUTE_LIFETIME_SECONDS: i64 = 30 * 24 * 60 * 60;
/// Bearer tokens for the REST API are not renewed: clients ask for a new one.
pub const API_TOKEN_LIFETIME_SECONDS: i64 = 60 * 60;

/// Which door a token opens. A cookie token is refused as a bearer token and the other way
/// round, so a leaked API token cannot be planted in a browser, nor a cookie replayed as API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Web,
    Api,
}

impl Audience {
    fn as_str(self) -> &'static str {
        match self {
            Audience::Web => "salus-web",
            Audience::Api => "salus-api",
        }
    }

    pub fn lifetime(self) -> i64 {
        match self {
            Audience::Web => IDLE_LIFETIME_SECONDS,
            Audience::Api => API_TOKEN_LIFETIME_SECONDS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The account id.
    pub sub: i64,
    /// The account's token version when the token was issued.
    pub ver: i64,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    /// When the password was typed; renewals keep it, so the absolute limit holds.
    pub auth_time: i64,
    /// This session's id, kept by renewals, so "log out" can end it on the server too.
    #[serde(default)]
    pub sid: String,
}

impl Claims {
    pub fn user_id(&self) -> UserId {
        UserId(self.sub)
    }

    /// Whether a browser session should be given a fresh token now.
    pub fn due_for_renewal(&self, now: i64) -> bool {
        now - self.iat >= RENEW_AFTER_SECONDS
    }
}

/// Signs a token opening a new session for `user` at `version`, issued at `now` (unix
/// seconds) for a password typed at `auth_time`.
pub fn issue(
    secret: &Secret,
    user: UserId,
    version: i64,
    audience: Audience,
    auth_time: i64,
    now: i64,
) -> Result<String, AppError> {
    let mut id = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut id);
    let sid = id.iter().map(|b| format!("{b:02x}")).collect();
    sign(
        secret,
        claims_at(user, version, audience, auth_time, sid, now),
    )
}

/// A fresh token for the same session (same id and login time), issued at `now`.
pub fn renew(
    secret: &Secret,
    session: &Claims,
    version: i64,
    now: i64,
) -> Result<String, AppError> {
    let claims = claims_at(
        session.user_id(),
        version,
        Audience::Web,
        session.auth_time,
        session.sid.clone(),
        now,
    );
    sign(secret, claims)
}

fn claims_at(
    user: UserId,
    version: i64,
    audience: Audience,
    auth_time: i64,
    sid: String,
    now: i64,
) -> Claims {
    Claims {
        sub: user.0,
        ver: version,
        aud: audience.as_str().to_owned(),
        iat: now,
        // A renewal never stretches a session past its absolute limit.
        exp: (now + audience.lifetime()).min(auth_time + ABSOLUTE_LIFETIME_SECONDS),
        auth_time,
        sid,
    }
}

fn sign(secret: &Secret, claims: Claims) -> Result<String, AppError> {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        &claims,
        &EncodingKey::from_secret(secret.expose()),
    )
    .map_err(|e| {
        tracing::error!(error = %e, "could not sign a session token");
        AppError::Internal
    })
}

/// Checks the signature, the audience and the expiry against `now`. The account itself
/// (version, disabled) is checked by `auth::authenticate`.
pub fn decode(secret: &Secret, token: &str, audience: Audience, now: i64) -> Option<Claims> {
    let mut validation = Validation::new(Algorithm::HS256);
    validation.set_audience(&[audience.as_str()]);
    // Expiry is checked below against the `now` we were given, so tests can stand at any
    // moment; the library would read the clock itself.
    validation.validate_exp = false;
    // `sub` is our numeric account id; the library only knows string subjects, and serde
    // already refuses a token without it.
    validation.set_required_spec_claims(&["exp", "aud"]);
    let data = jsonwebtoken::decode::<Claims>(
        token,
        &DecodingKey::from_secret(secret.expose()),
        &validation,
    )
    .ok()?;
    let claims = data.claims;
    let fresh = claims.exp > now && claims.auth_time + ABSOLUTE_LIFETIME_SECONDS > now;
    fresh.then_some(claims)
}

/// The `Set-Cookie` value that stores a browser session. `Secure` whenever Salus is served
/// over HTTPS; SameSite=Lax keeps the cookie off cross-site form posts and sub-requests.
pub fn session_cookie(token: &str, secure: bool) -> String {
    format!(
        "{COOKIE_NAME}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={IDLE_LIFETIME_SECONDS}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that removes the session from the browser.
pub fn clearing_cookie(secure: bool) -> String {
    format!(
        "{COOKIE_NAME}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The session token in a request's cookies, if any.
pub fn token_from_cookies(headers: &HeaderMap) -> Option<String> {
    cookie(headers, COOKIE_NAME).filter(|value| !value.is_empty())
}

/// The value of the cookie `name` among a request's `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.to_owned())
}

/// The token of an `Authorization: Bearer …` header, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(http::header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
        .filter(|token| !token.is_empty())
}

/// Ends one session before its token expires ("log out" on this device). Expired entries
/// are swept at the same time.
pub async fn revoke(db: &crate::db::Db, session: &Claims, now: i64) -> Result<(), AppError> {
    sqlx::query("DELETE FROM revoked_sessions WHERE expires_at < $1")
        .bind(now)
        .execute(&db.pool)
        .await?;
    if session.sid.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO revoked_sessions (sid, expires_at) VALUES ($1, $2) \
         ON CONFLICT (sid) DO NOTHING",
    )
    .bind(&session.sid)
    .bind(session.exp)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Whether a session was ended by "log out".
pub async fn is_revoked(db: &crate::db::Db, sid: &str) -> Result<bool, AppError> {
    if sid.is_empty() {
        return Ok(false);
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM revoked_sessions WHERE sid = $1")
        .bind(sid)
        .fetch_one(&db.pool)
        .await?;
    Ok(count > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new(b"a-test-secret-that-is-long-enough-for-hs256".to_vec())
    }

    const NOW: i64 = 1_800_000_000;

    #[test]
    fn a_token_is_read_back_until_it_expires() {
        let token = issue(&secret(), UserId(7), 3, Audience::Web, NOW, NOW).unwrap();
        let claims = decode(&secret(), &token, Audience::Web, NOW + 10).unwrap();
        assert_eq!(claims.user_id(), UserId(7));
        assert_eq!(claims.ver, 3);
        assert!(decode(
            &secret(),
            &token,
            Audience::Web,
            NOW + IDLE_LIFETIME_SECONDS - 1
        )
        .is_some());
        assert!(decode(
            &secret(),
            &token,
            Audience::Web,
            NOW + IDLE_LIFETIME_SECONDS
        )
        .is_none());
    }

    #[test]
    fn a_token_for_one_audience_is_refused_by_the_other() {
        let token = issue(&secret(), UserId(7), 0, Audience::Api, NOW, NOW).unwrap();
        assert!(decode(&secret(), &token, Audience::Web, NOW).is_none());
        assert!(decode(&secret(), &token, Audience::Api, NOW).is_some());
    }

    #[test]
    fn a_token_signed_with_another_key_or_tampered_is_refused() {
        let other = Secret::new(b"another-secret-that-is-long-enough-for-hs256".to_vec());
        let token = issue(&other, UserId(7), 0, Audience::Web, NOW, NOW).unwrap();
        assert!(decode(&secret(), &token, Audience::Web, NOW).is_none());
        let good = issue(&secret(), UserId(7), 0, Audience::Web, NOW, NOW).unwrap();
        let mut tampered = good.clone();
        tampered.pop();
        tampered.push(if good.ends_with('A') { 'B' } else { 'A' });
        assert!(decode(&secret(), &tampered, Audience::Web, NOW).is_none());
        assert!(decode(&secret(), "not.a.token", Audience::Web, NOW).is_none());
    }

    #[test]
    fn renewal_never_passes_the_absolute_limit() {
        let logged_in = NOW - ABSOLUTE_LIFETIME_SECONDS + 60;
        let token = issue(&secret(), UserId(1), 0, Audience::Web, logged_in, NOW).unwrap();
        let claims = decode(&secret(), &token, Audience::Web, NOW).unwrap();
        assert_eq!(claims.exp, logged_in + ABSOLUTE_LIFETIME_SECONDS);
        assert!(decode(&secret(), &token, Audience::Web, NOW + 60).is_none());
    }

    #[test]
    fn a_renewal_keeps_the_session_id_and_login_time() {
        let token = issue(&secret(), UserId(1), 0, Audience::Web, NOW, NOW).unwrap();
        let first = decode(&secret(), &token, Audience::Web, NOW).unwrap();
        assert_eq!(first.sid.len(), 32);
        let renewed = renew(&secret(), &first, 0, NOW + 600).unwrap();
        let second = decode(&secret(), &renewed, Audience::Web, NOW + 600).unwrap();
        assert_eq!(second.sid, first.sid);
        assert_eq!(second.auth_time, NOW);
        assert_eq!(second.exp, NOW + 600 + IDLE_LIFETIME_SECONDS);
        let other = issue(&secret(), UserId(1), 0, Audience::Web, NOW, NOW).unwrap();
        assert_ne!(
            decode(&secret(), &other, Audience::Web, NOW).unwrap().sid,
            first.sid
        );
    }

    #[test]
    fn renewal_is_due_after_a_few_minutes() {
        let token = issue(&secret(), UserId(1), 0, Audience::Web, NOW, NOW).unwrap();
        let claims = decode(&secret(), &token, Audience::Web, NOW).unwrap();
        assert!(!claims.due_for_renewal(NOW + RENEW_AFTER_SECONDS - 1));
        assert!(claims.due_for_renewal(NOW + RENEW_AFTER_SECONDS));
    }

    #[test]
    fn cookies_are_http_only_lax_and_secure_over_https() {
        let cookie = session_cookie("abc", true);
        assert!(cookie.starts_with("salus_session=abc; Path=/; HttpOnly; SameSite=Lax"));
        assert!(cookie.ends_with("; Secure"));
        assert!(!session_cookie("abc", false).contains("Secure"));
        assert!(clearing_cookie(false).contains("Max-Age=0"));
    }

    #[test]
    fn tokens_are_found_in_cookies_and_bearer_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::COOKIE,
            "i18n_pref_locale=fr; salus_session=tok.en.x"
                .parse()
                .unwrap(),
        );
        headers.insert(
            http::header::AUTHORIZATION,
            "Bearer abc.def".parse().unwrap(),
        );
        assert_eq!(token_from_cookies(&headers).as_deref(), Some("tok.en.x"));
        assert_eq!(bearer_token(&headers).as_deref(), Some("abc.def"));
        headers.insert(http::header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer_token(&headers), None);
    }
}
