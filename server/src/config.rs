//! Configuration from environment variables (and a `.env` file, loaded by `main`), validated
//! once at start-up with a message that names the variable at fault.
//!
//! One coherent thing over 400 lines: every setting of the server, each parsed and checked in
//! one pass, with the error that names it.

use backend::db::{redact_url, Backend};
use backend::Secret;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

/// Where the server runs. Development is the default so a newcomer's first start just works;
/// production refuses to start without real secrets and never seeds demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone)]
pub struct Config {
    pub environment: Environment,
    pub addr: SocketAddr,
    pub public_url: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// `None` in development when not given: a key is generated once in the data directory.
    pub jwt_secret: Option<Secret>,
    /// The bearer token `GET /metrics` asks for (`SALUS_METRICS_TOKEN`). Without one, the
    /// metrics are served only to loopback in development.
    pub metrics_token: Option<Secret>,
    pub demo_data: bool,
    pub site_root: PathBuf,
    pub log_format: LogFormat,
    /// `smtp://user:password@host:587` (STARTTLS) or `smtps://…`; `None` keeps mail in the outbox.
    pub smtp_url: Option<String>,
    /// The sender of every email, e.g. `Salus <no-reply@salus.example.org>`.
    pub mail_from: String,
    /// Reverse proxies whose `X-Forwarded-For` header is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Stripe, when online payment is on.
    pub stripe: Option<StripeConfig>,
}

/// How Salus reaches Stripe (or, in development and tests, localstripe).
#[derive(Clone)]
pub struct StripeConfig {
    /// Stripe's root URL: `https://api.stripe.com/`.
    pub api_url: String,
    pub secret_key: Secret,
    pub publishable_key: String,
    pub js_url: String,
    pub webhook_secret: Secret,
}

impl std::fmt::Debug for StripeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StripeConfig")
            .field("api_url", &self.api_url)
            .field("publishable_key", &self.publishable_key)
            .field("js_url", &self.js_url)
            .finish_non_exhaustive()
    }
}

/// The local Stripe stand-in's address in development: `scripts/start.sh` runs localstripe
/// there. Its keys are not secrets: localstripe accepts any.
pub const LOCALSTRIPE_URL: &str = "http://127.0.0.1:8420/";
const LOCAL_SECRET_KEY: &str = "sk_test_salus_localstripe";
const LOCAL_PUBLISHABLE_KEY: &str = "pk_test_salus_localstripe";
const LOCAL_WEBHOOK_SECRET: &str = "whsec_salus_localstripe";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("SALUS_ENV must be `development` or `production`, not `{0}`")]
    InvalidEnvironment(String),
    #[error("{var} must be an address like 127.0.0.1:3000, not `{value}`")]
    InvalidAddress { var: &'static str, value: String },
    #[error("SALUS_PUBLIC_URL must be an http:// or https:// URL with a host, like https://salus.example.org, not `{0}`")]
    InvalidPublicUrl(String),
    #[error("SALUS_PUBLIC_URL is required in production: the URL patients use, like https://salus.example.org")]
    MissingPublicUrl,
    #[error("DATABASE_URL cannot be an in-memory SQLite database: each pooled connection would get its own empty copy and every restart would lose the data; use a file, e.g. sqlite://data/salus.db?mode=rwc")]
    InMemoryDatabase,
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got `{0}`)")]
    InvalidDatabaseUrl(String),
    #[error("SALUS_JWT_SECRET is required in production: set it to at least 32 random bytes, e.g. `openssl rand -base64 48`")]
    MissingJwtSecret,
    #[error("SALUS_JWT_SECRET is too short: use at least 32 characters of random data")]
    WeakJwtSecret,
    #[error("SALUS_DEMO_DATA cannot be on in production: demo accounts have published passwords")]
    DemoDataInProduction,
    #[error("{var} must be `true` or `false`, not `{value}`")]
    InvalidFlag { var: &'static str, value: String },
    #[error("SALUS_LOG_FORMAT must be `text` or `json`, not `{0}`")]
    InvalidLogFormat(String),
    #[error("{0}")]
    Mail(String),
    #[error("SALUS_TRUSTED_PROXIES must list IP addresses separated by commas, like 10.0.0.2,10.0.0.3; `{0}` is not one")]
    InvalidTrustedProxy(String),
    #[error("{0} is missing: online payment needs SALUS_STRIPE_SECRET_KEY, SALUS_STRIPE_PUBLISHABLE_KEY and SALUS_STRIPE_WEBHOOK_SECRET together")]
    MissingStripeSetting(&'static str),
    #[error("{var} must be an http:// or https:// URL, not `{value}`")]
    InvalidStripeUrl { var: &'static str, value: String },
    #[error("SALUS_PAYMENTS must be `on` or `off`, not `{0}`")]
    InvalidPayments(String),
    #[error("SALUS_METRICS_TOKEN is too short: use at least 32 characters of random data")]
    WeakMetricsToken,
}

/// Shortest accepted signing key, in bytes: HS256 wants at least its 256-bit output size.
const MIN_JWT_SECRET_LEN: usize = 32;

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Builds the configuration from any variable source, so tests need not touch the process
    /// environment.
    pub fn from_lookup(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let environment = match var("SALUS_ENV").as_deref().map(str::trim) {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => return Err(ConfigError::InvalidEnvironment(other.to_owned())),
        };
        let addr_var = if var("SALUS_ADDR").is_some() {
            "SALUS_ADDR"
        } else {
            "LEPTOS_SITE_ADDR"
        };
        let addr_text = var(addr_var).unwrap_or_else(|| "127.0.0.1:3000".to_owned());
        let addr: SocketAddr =
            addr_text
                .trim()
                .parse()
                .map_err(|_| ConfigError::InvalidAddress {
                    var: addr_var,
                    value: addr_text.clone(),
                })?;
        let public_url = var("SALUS_PUBLIC_URL")
            .map(|url| parse_public_url(&url))
            .transpose()?;
        let data_dir = PathBuf::from(var("SALUS_DATA_DIR").unwrap_or_else(|| "data".to_owned()));
        let database_url = var("DATABASE_URL").unwrap_or_else(|| default_database_url(&data_dir));
        Backend::from_url(&database_url)
            .map_err(|_| ConfigError::InvalidDatabaseUrl(redact_url(&database_url)))?;
        if database_url.contains(":memory:") || database_url.contains("mode=memory") {
            return Err(ConfigError::InMemoryDatabase);
        }
        let jwt_secret = match var("SALUS_JWT_SECRET") {
            Some(secret) if secret.len() < MIN_JWT_SECRET_LEN => {
                return Err(ConfigError::WeakJwtSecret)
            }
            Some(secret) => Some(Secret::new(secret.into_bytes())),
            None if environment == Environment::Production => {
                return Err(ConfigError::MissingJwtSecret)
            }
            None => None,
        };
        // Demo accounts have a published password: by default they exist only on a development
        // server that nobody else can reach. Listening on a public address, or deploying
        // without SALUS_ENV, never exposes them unless asked for explicitly.
        let demo_data = match var("SALUS_DEMO_DATA") {
            Some(value) => parse_flag("SALUS_DEMO_DATA", &value)?,
            None => environment == Environment::Development && addr.ip().is_loopback(),
        };
        if demo_data && environment == Environment::Production {
            return Err(ConfigError::DemoDataInProduction);
        }
        let public_url = match public_url {
            Some(url) => url,
            None if environment == Environment::Production => {
                return Err(ConfigError::MissingPublicUrl)
            }
            None => default_public_url(addr),
        };
        let log_format = match var("SALUS_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => return Err(ConfigError::InvalidLogFormat(other.to_owned())),
        };
        let site_root =
            PathBuf::from(var("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".to_owned()));
        let smtp_url = var("SALUS_SMTP_URL").map(|url| url.trim().to_owned());
        let mail_from = var("SALUS_MAIL_FROM")
            .map(|from| from.trim().to_owned())
            .unwrap_or_else(|| default_mail_from(&public_url));
        // Checked here so a typo stops the server at start-up, not at the first email.
        backend::notify::mail::Mailer::new(smtp_url.as_deref(), &mail_from)
            .map_err(|e| ConfigError::Mail(e.to_string()))?;
        let trusted_proxies = parse_trusted_proxies(var("SALUS_TRUSTED_PROXIES").as_deref())?;
        let metrics_token = match var("SALUS_METRICS_TOKEN").map(|t| t.trim().to_owned()) {
            Some(token) if token.len() < MIN_JWT_SECRET_LEN => {
                return Err(ConfigError::WeakMetricsToken)
            }
            Some(token) => Some(Secret::new(token.into_bytes())),
            None => None,
        };
        let stripe = parse_stripe(&var, environment)?;
        Ok(Config {
            stripe,
            trusted_proxies,
            smtp_url,
            mail_from,
            environment,
            addr,
            public_url,
            data_dir,
            database_url,
            jwt_secret,
            metrics_token,
            demo_data,
            site_root,
            log_format,
        })
    }
}

/// Everything but the database password, which `redact_url` masks.
impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("environment", &self.environment)
            .field("addr", &self.addr)
            .field("public_url", &self.public_url)
            .field("data_dir", &self.data_dir)
            .field("database_url", &redact_url(&self.database_url))
            .field("jwt_secret", &self.jwt_secret)
            .field("metrics_token", &self.metrics_token)
            .field("demo_data", &self.demo_data)
            .field("site_root", &self.site_root)
            .field("log_format", &self.log_format)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("mail_from", &self.mail_from)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("stripe", &self.stripe)
            .finish()
    }
}

/// Online payment: real Stripe when its three keys are given; in development, localstripe
/// by default; off when `SALUS_PAYMENTS=off` or (in production) no key is given.
fn parse_stripe(
    var: &impl Fn(&str) -> Option<String>,
    environment: Environment,
) -> Result<Option<StripeConfig>, ConfigError> {
    let wanted = match var("SALUS_PAYMENTS").as_deref().map(str::trim) {
        None | Some("on") => true,
        Some("off") => false,
        Some(other) => return Err(ConfigError::InvalidPayments(other.to_owned())),
    };
    if !wanted {
        return Ok(None);
    }
    let keys = [
        "SALUS_STRIPE_SECRET_KEY",
        "SALUS_STRIPE_PUBLISHABLE_KEY",
        "SALUS_STRIPE_WEBHOOK_SECRET",
    ]
    .map(|name| (name, var(name).map(|v| v.trim().to_owned())));
    let given = keys.iter().filter(|(_, v)| v.is_some()).count();
    let url = |name: &'static str, default: &str| -> Result<String, ConfigError> {
        let value = var(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_else(|| default.to_owned());
        if value.starts_with("https://") || value.starts_with("http://") {
            Ok(value)
        } else {
            Err(ConfigError::InvalidStripeUrl { var: name, value })
        }
    };
    if given == 0 {
        if environment == Environment::Production {
            return Ok(None);
        }
        let api_url = url("SALUS_STRIPE_API_URL", LOCALSTRIPE_URL)?;
        let js_default = format!("{}/js.stripe.com/v3/", api_url.trim_end_matches('/'));
        return Ok(Some(StripeConfig {
            js_url: url("SALUS_STRIPE_JS_URL", &js_default)?,
            api_url,
            secret_key: Secret::new(LOCAL_SECRET_KEY.as_bytes().to_vec()),
            publishable_key: LOCAL_PUBLISHABLE_KEY.to_owned(),
            webhook_secret: Secret::new(LOCAL_WEBHOOK_SECRET.as_bytes().to_vec()),
        }));
    }
    if let Some((missing, _)) = keys.iter().find(|(_, v)| v.is_none()) {
        return Err(ConfigError::MissingStripeSetting(missing));
    }
    let [secret, publishable, webhook] = keys.map(|(_, v)| v.unwrap_or_default());
    Ok(Some(StripeConfig {
        api_url: url("SALUS_STRIPE_API_URL", "https://api.stripe.com/")?,
        js_url: url("SALUS_STRIPE_JS_URL", "https://js.stripe.com/v3/")?,
        secret_key: Secret::new(secret.into_bytes()),
        publishable_key: publishable,
        webhook_secret: Secret::new(webhook.into_bytes()),
    }))
}

/// Checks the scheme and that a real host follows it; drops a trailing slash.
fn parse_public_url(raw: &str) -> Result<String, ConfigError> {
    let url = raw.trim().trim_end_matches('/');
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| rest.split(['/', ':']).next().unwrap_or_default());
    match host {
        Some(host) if !host.is_empty() && host != "0.0.0.0" && !host.contains(['@', ' ']) => {
            Ok(url.to_owned())
        }
        _ => Err(ConfigError::InvalidPublicUrl(raw.trim().to_owned())),
    }
}

/// In development the public URL is where the server listens; a wildcard address is reached
/// through loopback.
fn default_public_url(addr: SocketAddr) -> String {
    if addr.ip().is_unspecified() {
        format!("http://127.0.0.1:{}", addr.port())
    } else {
        format!("http://{addr}")
    }
}

fn parse_trusted_proxies(raw: Option<&str>) -> Result<Vec<IpAddr>, ConfigError> {
    raw.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<IpAddr>()
                .map_err(|_| ConfigError::InvalidTrustedProxy(item.to_owned()))
        })
        .collect()
}

/// `Salus <no-reply@host>` with the public URL's host (a loopback address becomes
/// `localhost`, which mail libraries accept as a domain).
fn default_mail_from(public_url: &str) -> String {
    let host = public_url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split(['/', ':']).next())
        .filter(|host| host.chars().any(|c| c.is_ascii_alphabetic()))
        .unwrap_or("localhost");
    format!("Salus <no-reply@{host}>")
}

fn default_database_url(data_dir: &Path) -> String {
    format!("sqlite://{}/salus.db?mode=rwc", data_dir.display())
}

fn parse_flag(var: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(ConfigError::InvalidFlag {
            var,
            value: value.to_owned(),
        }),
    }
}

/// The development signing key: read from the data directory, or generated there once with
/// owner-only permissions. It lives beside the database, never in the repository.
pub fn dev_jwt_secret(data_dir: &Path) -> std::io::Result<Secret> {
    use base64::Engine as _;
    use rand::RngCore as _;

    let path = data_dir.join("jwt-secret.key");
    if let Ok(existing) = std::fs::read_to_string(&path) {
        if existing.trim().len() >= MIN_JWT_SECRET_LEN {
            return Ok(Secret::new(existing.trim().as_bytes().to_vec()));
        }
    }
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    write_owner_only(&path, &encoded)?;
    Ok(Secret::new(encoded.into_bytes()))
}

#[cfg(unix)]
fn write_owner_only(path: &Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents.as_bytes())
}

#[cfg(not(unix))]
fn write_owner_only(path: &Path, contents: &str) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

#[cfg(test)]
mod tests;
