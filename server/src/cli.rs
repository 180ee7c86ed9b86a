//! The operator's command line: run the server, create clinics, create the first platform
//! admin, back up and restore. There is no default account and no default password anywhere.

use crate::config::Config;
use crate::startup::open_database;
use app::AppError;
use backend::clock::Clock;
use backend::{accounts::users, clinics};
use clap::{Args, Parser, Subcommand};
use std::io::{BufRead, IsTerminal};

#[derive(Debug, Parser)]
#[command(name = "server", version, about = "Salus: online medical appointments")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web application and the API (the default).
    Serve,
    /// Manage clinics.
    Clinic {
        #[command(subcommand)]
        action: ClinicAction,
    },
    /// Manage platform administrators.
    Admin {
        #[command(subcommand)]
        action: AdminAction,
    },
    /// Copy the database (SQLite; PostgreSQL is dumped with pg_dump) and the stored photos
    /// into a new directory, while the server keeps running.
    Backup {
        /// A new or empty directory.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Put a backup back, with the server stopped.
    Restore {
        /// A directory written by `server backup`.
        #[arg(long)]
        from: std::path::PathBuf,
        /// Replace an existing SQLite database (it is kept beside, renamed).
        #[arg(long)]
        force: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClinicAction {
    /// Create a clinic.
    Create(CreateClinic),
}

#[derive(Debug, Args)]
pub struct CreateClinic {
    /// The clinic's display name.
    #[arg(long)]
    pub name: String,
    /// IANA time zone, e.g. Africa/Tunis or Europe/Paris.
    #[arg(long)]
    pub time_zone: String,
    /// ISO 4217 currency code, e.g. TND or EUR.
    #[arg(long)]
    pub currency: String,
}

#[derive(Debug, Subcommand)]
pub enum AdminAction {
    /// Create a platform administrator. The password is asked for on the terminal, or read
    /// from the first line of standard input with --password-stdin (for scripts).
    Create(CreateAdmin),
}

#[derive(Debug, Args)]
pub struct CreateAdmin {
    #[arg(long)]
    pub email: String,
    /// Read the password from the first line of standard input instead of prompting.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Startup(#[from] crate::startup::StartupError),
    #[error("{0}")]
    Rejected(String),
    #[error("could not read the password: {0}")]
    PasswordInput(std::io::Error),
    #[error("the two passwords differ")]
    PasswordMismatch,
}

pub async fn create_clinic(config: &Config, args: &CreateClinic) -> Result<String, CliError> {
    let db = open_database(config).await?;
    let clinic = clinics::NewClinic::parse(&args.name, &args.time_zone, &args.currency)
        .map_err(|errors| CliError::Rejected(describe(&AppError::Validation(errors))))?;
    // The CLI is an entry point of its own: it reads the system clock once, here.
    let created = clinics::create(&db.pool, &clinic, Clock::system().now_unix())
        .await
        .map_err(|e| CliError::Rejected(describe(&e)))?;
    db.pool.close().await;
    Ok(format!(
        "Created clinic \"{}\" (id {}, {}, {})",
        created.name, created.id, created.time_zone, created.currency
    ))
}

pub async fn create_admin(config: &Config, args: &CreateAdmin) -> Result<String, CliError> {
    let password = read_password(args.password_stdin)?;
    let db = open_database(config).await?;
    let id = users::create_platform_admin(&db, &args.email, &password, Clock::system().now_unix())
        .await
        .map_err(|e| CliError::Rejected(describe(&e)))?;
    db.pool.close().await;
    Ok(format!(
        "Created platform admin {} (id {id})",
        args.email.trim().to_lowercase()
    ))
}

fn read_password(from_stdin: bool) -> Result<String, CliError> {
    if from_stdin || !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(CliError::PasswordInput)?;
        return Ok(line.trim_end_matches(['\r', '\n']).to_owned());
    }
    let first = rpassword::prompt_password("Password: ").map_err(CliError::PasswordInput)?;
    let second = rpassword::prompt_password("Password again: ").map_err(CliError::PasswordInput)?;
    if first != second {
        return Err(CliError::PasswordMismatch);
    }
    Ok(first)
}

/// An operator-facing sentence for a refused command.
fn describe(error: &AppError) -> String {
    match error {
        AppError::Validation(errors) => errors
            .errors
            .iter()
            .map(|e| format!("--{}: {}", e.field.replace('_', "-"), e.code))
            .collect::<Vec<_>>()
            .join("\n"),
        AppError::Conflict(app::ConflictCode::ClinicAlreadyExists) => {
            "a clinic with this name already exists".to_owned()
        }
        AppError::Conflict(app::ConflictCode::EmailAlreadyRegistered) => {
            "an account with this email already exists".to_owned()
        }
        other => other.to_string(),
    }
}
