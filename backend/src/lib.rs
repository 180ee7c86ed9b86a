//! Salus's backend: the service layer and the only code that reads or writes the database.
//! Server functions, REST handlers, the CLI and background jobs all call these modules, so
//! every business rule is written once. It knows nothing of Leptos or of pages: the UI crate
//! (`app`) depends on it on the server only, and a change to a page never recompiles it.

pub mod accounts;
pub mod appointments;
pub mod booking;
pub mod client_address;
pub mod clinics;
pub mod clock;
pub mod db;
pub mod demo;
pub mod doctor_profiles;
pub mod feedback;
pub mod jobs;
pub mod live;
pub mod notify;
pub mod payments;
pub mod profiles;
pub mod scheduling;
pub mod security;
pub mod sql_filter;
pub mod stats;

use db::Db;
use notify::{letters, mail};
use shared::error::AppError;
use std::sync::Arc;

/// What every request handler needs from the running server.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The one clock every handler, server function and job reads.
    pub clock: clock::Clock,
    pub settings: Arc<Settings>,
    pub throttles: Arc<accounts::throttle::Throttles>,
    /// This instance's hub of live changes (free slots, notifications) for open streams.
    pub live: Arc<live::Live>,
}

impl AppState {
    /// Spends one email of the mail budget (sign-ups, resets, verification links) of
    /// `account` and of the client's `address`; `RateLimited` when either is used up.
    pub async fn spend_mail_budget(
        &self,
        account: &str,
        address: Option<std::net::IpAddr>,
    ) -> Result<(), AppError> {
        let now_ms = self.clock.now().timestamp_millis();
        self.throttles.mail.check(account, address, now_ms).await
    }

    /// Writes (and, with SMTP, sends) one email: `text` is the subject and body from
    /// `letters`, already in `language`.
    pub async fn mail(
        &self,
        to: &shared::Email,
        language: shared::Language,
        text: letters::Text,
    ) -> Result<(), AppError> {
        let (subject, body) = text;
        let letter = mail::Letter {
            to: to.clone(),
            language,
            subject,
            body,
        };
        self.settings
            .mailer
            .send(&self.db, letter, &self.clock)
            .await
    }
}

/// Settings the service layer reads. The server builds them from its configuration.
#[derive(Clone)]
pub struct Settings {
    /// The key that signs session tokens. Never logged.
    pub jwt_secret: Secret,
    /// Where Salus is reached from browsers, e.g. `https://salus.example.org`.
    pub public_url: String,
    /// The data directory: the SQLite file, the development key and uploaded photos.
    pub data_dir: std::path::PathBuf,
    /// Cookies carry `Secure` when Salus is served over HTTPS.
    pub secure_cookies: bool,
    /// Whether the development-only outbox page may list the emails written.
    pub show_outbox: bool,
    pub mailer: mail::Mailer,
    /// Reverse proxies whose `X-Forwarded-For` names the client (for rate limits).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Stripe, when online payment is set up.
    pub stripe: Option<payments::gateway::Gateway>,
}

impl Settings {
    /// An absolute link into Salus, for emails.
    pub fn link(&self, path_and_query: &str) -> String {
        format!(
            "{}{}",
            self.public_url.trim_end_matches('/'),
            path_and_query
        )
    }
}

/// A secret value whose `Debug` output never shows it.
#[derive(Clone)]
pub struct Secret(Arc<[u8]>);

impl Secret {
    pub fn new(bytes: impl Into<Arc<[u8]>>) -> Self {
        Self(bytes.into())
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use crate::Secret;

    #[test]
    fn secrets_never_print_themselves() {
        let secret = Secret::new(b"super-secret-signing-key".to_vec());
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(secret.expose(), b"super-secret-signing-key");
    }
}
