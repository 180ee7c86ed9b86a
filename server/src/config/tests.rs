use super::*;
use std::collections::HashMap;

fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(|name| map.get(name).cloned())
}

#[test]
fn defaults_are_a_local_development_server_on_sqlite() {
    let config = config(&[]).unwrap();
    assert_eq!(config.environment, Environment::Development);
    assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
    assert_eq!(config.public_url, "http://127.0.0.1:3000");
    assert_eq!(config.database_url, "sqlite://data/salus.db?mode=rwc");
    assert!(config.demo_data);
    assert!(config.jwt_secret.is_none());
    assert_eq!(config.log_format, LogFormat::Text);
}

const PUBLIC: (&str, &str) = ("SALUS_PUBLIC_URL", "https://salus.example.org/");

#[test]
fn development_pays_through_localstripe_by_default() {
    let stripe = config(&[]).unwrap().stripe.unwrap();
    assert_eq!(stripe.api_url, "http://127.0.0.1:8420/");
    assert_eq!(stripe.js_url, "http://127.0.0.1:8420/js.stripe.com/v3/");
    assert!(config(&[("SALUS_PAYMENTS", "off")])
        .unwrap()
        .stripe
        .is_none());
    assert_eq!(
        config(&[("SALUS_PAYMENTS", "maybe")]).unwrap_err(),
        ConfigError::InvalidPayments("maybe".into())
    );
}

#[test]
fn production_pays_only_with_all_three_stripe_keys() {
    let base = [
        ("SALUS_ENV", "production"),
        PUBLIC,
        ("SALUS_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
    ];
    assert!(
        config(&base).unwrap().stripe.is_none(),
        "no keys: no online payment"
    );
    let mut partial = base.to_vec();
    partial.push(("SALUS_STRIPE_SECRET_KEY", "sk_live_x"));
    assert_eq!(
        config(&partial).unwrap_err(),
        ConfigError::MissingStripeSetting("SALUS_STRIPE_PUBLISHABLE_KEY")
    );
    let mut full = partial.clone();
    full.push(("SALUS_STRIPE_PUBLISHABLE_KEY", "pk_live_x"));
    full.push(("SALUS_STRIPE_WEBHOOK_SECRET", "whsec_x"));
    let stripe = config(&full).unwrap().stripe.unwrap();
    assert_eq!(stripe.api_url, "https://api.stripe.com/");
    assert_eq!(stripe.js_url, "https://js.stripe.com/v3/");
    assert!(
        !format!("{stripe:?}").contains("sk_live_x"),
        "the secret key is never printed"
    );
    let mut bad = full.clone();
    bad.push(("SALUS_STRIPE_JS_URL", "javascript:alert(1)"));
    assert!(matches!(
        config(&bad).unwrap_err(),
        ConfigError::InvalidStripeUrl { .. }
    ));
}

#[test]
fn production_requires_a_jwt_secret() {
    let production = ("SALUS_ENV", "production");
    assert_eq!(
        config(&[production, PUBLIC]).unwrap_err(),
        ConfigError::MissingJwtSecret
    );
    assert_eq!(
        config(&[production, PUBLIC, ("SALUS_JWT_SECRET", "short")]).unwrap_err(),
        ConfigError::WeakJwtSecret
    );
    let long = "k".repeat(40);
    let config = config(&[production, PUBLIC, ("SALUS_JWT_SECRET", &long)]).unwrap();
    assert!(
        !config.demo_data,
        "production never seeds demo data by default"
    );
    assert_eq!(config.public_url, "https://salus.example.org");
}

#[test]
fn production_requires_a_public_url() {
    let long = "k".repeat(40);
    assert_eq!(
        config(&[("SALUS_ENV", "production"), ("SALUS_JWT_SECRET", &long)]).unwrap_err(),
        ConfigError::MissingPublicUrl
    );
}

#[test]
fn production_refuses_demo_data() {
    let long = "k".repeat(40);
    assert_eq!(
        config(&[
            ("SALUS_ENV", "production"),
            PUBLIC,
            ("SALUS_JWT_SECRET", &long),
            ("SALUS_DEMO_DATA", "true")
        ])
        .unwrap_err(),
        ConfigError::DemoDataInProduction
    );
}

#[test]
fn demo_data_is_off_by_default_on_a_public_address() {
    let public = config(&[("SALUS_ADDR", "0.0.0.0:3000")]).unwrap();
    assert!(!public.demo_data);
    assert_eq!(public.public_url, "http://127.0.0.1:3000");
    let asked = config(&[("SALUS_ADDR", "0.0.0.0:3000"), ("SALUS_DEMO_DATA", "true")]).unwrap();
    assert!(asked.demo_data);
}

#[test]
fn in_memory_sqlite_is_refused() {
    assert_eq!(
        config(&[("DATABASE_URL", "sqlite::memory:")]).unwrap_err(),
        ConfigError::InMemoryDatabase
    );
}

#[test]
fn debug_output_masks_the_database_password() {
    let config = config(&[("DATABASE_URL", "postgres://salus:hunter2@db/salus")]).unwrap();
    let printed = format!("{config:?}");
    assert!(!printed.contains("hunter2"), "{printed}");
    assert!(
        printed.contains("postgres://salus:***@db/salus"),
        "{printed}"
    );
}

#[test]
fn mail_and_proxy_settings_are_checked_at_start_up() {
    let config = config(&[("SALUS_TRUSTED_PROXIES", "10.0.0.2, ::1")]).unwrap();
    assert_eq!(config.trusted_proxies.len(), 2);
    assert_eq!(config.mail_from, "Salus <no-reply@localhost>");
    assert_eq!(
        super::default_mail_from("https://salus.example.org"),
        "Salus <no-reply@salus.example.org>"
    );
    assert_eq!(
        config_err(&[("SALUS_TRUSTED_PROXIES", "10.0.0.2,proxy.local")]),
        ConfigError::InvalidTrustedProxy("proxy.local".into())
    );
    assert!(matches!(
        config_err(&[("SALUS_MAIL_FROM", "not a mailbox")]),
        ConfigError::Mail(_)
    ));
    assert!(matches!(
        config_err(&[("SALUS_SMTP_URL", "ftp://mail.example.org")]),
        ConfigError::Mail(_)
    ));
}

fn config_err(vars: &[(&str, &str)]) -> ConfigError {
    match config(vars) {
        Ok(_) => panic!("{vars:?} is refused"),
        Err(error) => error,
    }
}

#[test]
fn malformed_values_name_their_variable() {
    assert_eq!(
        config(&[("SALUS_ENV", "staging")]).unwrap_err(),
        ConfigError::InvalidEnvironment("staging".into())
    );
    assert_eq!(
        config(&[("SALUS_ADDR", "localhost")]).unwrap_err(),
        ConfigError::InvalidAddress {
            var: "SALUS_ADDR",
            value: "localhost".into()
        }
    );
    assert_eq!(
        config(&[("DATABASE_URL", "mysql://root:pw@db/x")]).unwrap_err(),
        ConfigError::InvalidDatabaseUrl("mysql://root:***@db/x".into())
    );
    assert_eq!(
        config(&[("SALUS_DEMO_DATA", "maybe")]).unwrap_err(),
        ConfigError::InvalidFlag {
            var: "SALUS_DEMO_DATA",
            value: "maybe".into()
        }
    );
    for bad in ["salus.example.org", "https://", "http://0.0.0.0:3000"] {
        assert_eq!(
            config(&[("SALUS_PUBLIC_URL", bad)]).unwrap_err(),
            ConfigError::InvalidPublicUrl(bad.into())
        );
    }
}

#[test]
fn the_database_follows_the_data_directory() {
    let config = config(&[("SALUS_DATA_DIR", "/var/lib/salus")]).unwrap();
    assert_eq!(
        config.database_url,
        "sqlite:///var/lib/salus/salus.db?mode=rwc"
    );
}

#[test]
fn dev_secret_is_generated_once_and_reused() {
    let dir = std::env::temp_dir().join(format!("salus-secret-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let first = dev_jwt_secret(&dir).unwrap();
    let second = dev_jwt_secret(&dir).unwrap();
    assert_eq!(first.expose(), second.expose());
    assert!(first.expose().len() >= MIN_JWT_SECRET_LEN);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.join("jwt-secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
