//! One connection pool for either database. `DATABASE_URL` picks SQLite (the embedded default)
//! or PostgreSQL at run time through sqlx's `Any` driver, so one binary serves both.
//!
//! Portable SQL rules (see shared/BUILD.md): every integer is BIGINT/i64, flags are BIGINT 0/1
//! (the Any driver cannot decode SQLite booleans), instants are UTC unix seconds, and
//! placeholders are `$1…$N`, which both backends accept.

use shared::error::AppError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The pool and which database is behind it (some statements, like row locks, differ).
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL must start with sqlite: or postgres:// (got `{0}`)")]
    UnsupportedUrl(String),
    #[error("could not connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not apply database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, DbError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(DbError::UnsupportedUrl(redact_url(url)))
        }
    }
}

/// Opens the pool. SQLite pragmas cannot travel in an Any URL, so they are set on every new
/// connection: WAL lets readers work while one writer commits, foreign keys are off by default
/// in SQLite, and a busy timeout makes concurrent writers wait instead of failing at once.
pub async fn connect(url: &str) -> Result<Db, DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(url)?;
    let options = AnyConnectOptions::from_str(url).map_err(DbError::Connect)?;
    let pool_options = AnyPoolOptions::new()
        .max_connections(match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        })
        .acquire_timeout(Duration::from_secs(10));
    let pool_options = match backend {
        Backend::Sqlite => pool_options.after_connect(|conn, _meta| {
            Box::pin(async move {
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                     PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;",
                )
                .await?;
                Ok(())
            })
        }),
        Backend::Postgres => pool_options,
    };
    let pool = pool_options
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;
    Ok(Db { pool, backend })
}

/// Brings the schema up to date; each backend has its own dialect of the same schema.
pub async fn migrate(db: &Db) -> Result<(), DbError> {
    match db.backend {
        Backend::Sqlite => sqlx::migrate!("../migrations/sqlite").run(&db.pool).await?,
        Backend::Postgres => {
            sqlx::migrate!("../migrations/postgres")
                .run(&db.pool)
                .await?
        }
    }
    Ok(())
}

/// A transaction that writes. On SQLite it takes the database's write lock at once
/// (`BEGIN IMMEDIATE`), so two writers never interleave a check and an insert; on PostgreSQL
/// the rows that matter are locked with `lock`.
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    match db.backend {
        Backend::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => db.pool.begin().await,
    }
}

/// A row a write transaction may lock for its duration.
#[derive(Debug, Clone, Copy)]
pub enum Lock {
    /// A doctor's schedule: bookings of one doctor queue behind each other.
    Doctor(i64),
    /// An account: bookings of one patient queue behind each other.
    Account(i64),
    Appointment(i64),
}

/// Locks a row until the transaction ends (PostgreSQL `SELECT … FOR UPDATE`). SQLite's
/// `BEGIN IMMEDIATE` already holds the whole database, so nothing more is needed there.
pub async fn lock(
    db: &Db,
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    row: Lock,
) -> Result<(), sqlx::Error> {
    if db.backend == Backend::Sqlite {
        return Ok(());
    }
    let (query, id) = match row {
        Lock::Doctor(id) => (
            "SELECT user_id FROM doctors WHERE user_id = $1 FOR UPDATE",
            id,
        ),
        Lock::Account(id) => ("SELECT id FROM users WHERE id = $1 FOR UPDATE", id),
        Lock::Appointment(id) => ("SELECT id FROM appointments WHERE id = $1 FOR UPDATE", id),
    };
    sqlx::query(query)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(())
}

/// Whether the database answers a trivial query, for the readiness probe.
pub async fn is_reachable(db: &Db) -> bool {
    let probe = sqlx::query("SELECT 1").execute(&db.pool);
    matches!(
        tokio::time::timeout(Duration::from_secs(2), probe).await,
        Ok(Ok(_))
    )
}

/// A stored time (seconds since the epoch, UTC) as an instant. A value out of chrono's range
/// cannot come from our own writes, so it is an internal error.
pub(crate) fn instant(seconds: i64) -> Result<chrono::DateTime<chrono::Utc>, AppError> {
    chrono::DateTime::from_timestamp(seconds, 0).ok_or(AppError::Internal)
}

/// A URL fit for logs and error messages: any password, in the credentials or in a
/// `password=` query parameter, is replaced.
pub fn redact_url(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let base = redact_credentials(base);
    match query {
        Some(query) => {
            let params: Vec<String> = query
                .split('&')
                .map(|param| match param.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                    _ => param.to_owned(),
                })
                .collect();
            format!("{base}?{}", params.join("&"))
        }
        None => base,
    }
}

fn redact_credentials(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _password)) => {
                    format!("{}{}:***{}", &url[..scheme_end + 3], user, &url[at..])
                }
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_follows_the_url_scheme() {
        assert_eq!(
            Backend::from_url("sqlite://data/salus.db?mode=rwc").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("sqlite::memory:").unwrap(),
            Backend::Sqlite
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert_eq!(
            Backend::from_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(matches!(
            Backend::from_url("mysql://u:secret@h/db"),
            Err(DbError::UnsupportedUrl(url)) if !url.contains("secret")
        ));
    }

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact_url("postgres://salus:hunter2@db:5432/salus"),
            "postgres://salus:***@db:5432/salus"
        );
        assert_eq!(
            redact_url("postgres://salus@db/salus"),
            "postgres://salus@db/salus"
        );
        assert_eq!(
            redact_url("sqlite://data/salus.db"),
            "sqlite://data/salus.db"
        );
    }
}
