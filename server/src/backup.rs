//! `server backup --to DIR` and `server restore --from DIR`: a copy of what Salus stores, and
//! the way back.
//!
//! On SQLite the backup holds the whole database, written by `VACUUM INTO` (a consistent
//! copy taken while the server keeps serving), and the stored photos. On PostgreSQL the
//! database is dumped by `pg_dump`, the operator's tool for it (README, "Backups"); the backup
//! holds the stored files and says how to dump and restore the database beside them.
//! Restoring is done with the server stopped: the database file is put in place whole
//! (never over a live one without `--force`) and the photos copied back.

use crate::config::Config;
use crate::startup::open_database;
use backend::accounts::photos;
use backend::db::{Backend, Db};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The SQLite database's file inside a backup.
const DATABASE_FILE: &str = "salus.db";
/// What the backup holds, read back by `restore`.
const MANIFEST_FILE: &str = "manifest.json";
/// Bumped when a backup's layout changes; `restore` refuses layouts it does not know.
const FORMAT: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    created_at: chrono::DateTime<chrono::Utc>,
    /// `sqlite` (the database is in the backup) or `postgres` (dumped by pg_dump).
    database: String,
    appointments: i64,
    photos: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Startup(#[from] crate::startup::StartupError),
    #[error("{0} is not empty: a backup goes to a new or empty directory, never over another")]
    NotEmpty(PathBuf),
    #[error("{0} holds no Salus backup (no manifest.json)")]
    NotABackup(PathBuf),
    #[error("{path}: unreadable manifest ({reason})")]
    BadManifest { path: PathBuf, reason: String },
    #[error("this backup's format ({0}) is newer than this server understands")]
    UnknownFormat(u32),
    #[error("the backup holds a {backup} database but DATABASE_URL is {configured}")]
    WrongDatabase {
        backup: String,
        configured: &'static str,
    },
    #[error("{0} already exists: stop the server and pass --force to replace it (the current file is kept beside it)")]
    DatabaseExists(PathBuf),
    #[error("DATABASE_URL names no SQLite file: {0}")]
    NoDatabaseFile(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database refused: {0}")]
    Database(#[from] sqlx::Error),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_owned(),
        source,
    }
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// Writes a backup of the configured database and data directory into `to`.
pub async fn backup(config: &Config, to: &Path) -> Result<String, BackupError> {
    if to.exists() && std::fs::read_dir(to).map_err(io(to))?.next().is_some() {
        return Err(BackupError::NotEmpty(to.to_owned()));
    }
    std::fs::create_dir_all(to).map_err(io(to))?;
    let db = open_database(config).await?;
    let appointments = count_appointments(&db).await?;
    if db.backend == Backend::Sqlite {
        let file = to.join(DATABASE_FILE);
        // VACUUM INTO writes a consistent, compacted copy; readers and writers go on.
        sqlx::query("VACUUM INTO $1")
            .bind(file.display().to_string())
            .execute(&db.pool)
            .await?;
    }
    db.pool.close().await;
    let photos = copy_photos(&photos::folder(&config.data_dir), &to.join("photos"))?;
    let manifest = Manifest {
        format: FORMAT,
        created_at: chrono::Utc::now(),
        database: backend_name(db.backend).to_owned(),
        appointments,
        photos,
    };
    let path = to.join(MANIFEST_FILE);
    let text = serde_json::to_string_pretty(&manifest).expect("a manifest serialises");
    std::fs::write(&path, text).map_err(io(&path))?;
    Ok(match db.backend {
        Backend::Sqlite => format!(
            "Backed up the database ({}) and {} to {}",
            counted(appointments, "appointment"),
            counted(photos as i64, "photo"),
            to.display()
        ),
        Backend::Postgres => format!(
            "Backed up {} to {dir}. The PostgreSQL database ({}) is dumped beside them \
             with: pg_dump --format=custom --file={dir}/salus.pgdump \"$DATABASE_URL\"",
            counted(photos as i64, "photo"),
            counted(appointments, "appointment"),
            dir = to.display()
        ),
    })
}

/// Puts a backup back: the SQLite database file (PostgreSQL's is restored with pg_restore)
/// and the photos. The server must be stopped.
pub async fn restore(config: &Config, from: &Path, force: bool) -> Result<String, BackupError> {
    let path = from.join(MANIFEST_FILE);
    if !path.is_file() {
        return Err(BackupError::NotABackup(from.to_owned()));
    }
    let text = std::fs::read_to_string(&path).map_err(io(&path))?;
    let manifest: Manifest =
        serde_json::from_str(&text).map_err(|error| BackupError::BadManifest {
            path: path.clone(),
            reason: error.to_string(),
        })?;
    if manifest.format > FORMAT {
        return Err(BackupError::UnknownFormat(manifest.format));
    }
    let configured = Backend::from_url(&config.database_url)
        .map_err(|_| BackupError::NoDatabaseFile(config.database_url.clone()))?;
    if manifest.database != backend_name(configured) {
        return Err(BackupError::WrongDatabase {
            backup: manifest.database,
            configured: backend_name(configured),
        });
    }
    if configured == Backend::Sqlite {
        put_database_in_place(&config.database_url, &from.join(DATABASE_FILE), force)?;
    }
    std::fs::create_dir_all(&config.data_dir).map_err(io(&config.data_dir))?;
    let photos = copy_photos(&from.join("photos"), &photos::folder(&config.data_dir))?;
    // Opening runs the migrations, so a backup from an older release comes back current.
    let db = open_database(config).await?;
    let appointments = count_appointments(&db).await?;
    db.pool.close().await;
    Ok(format!(
        "Restored {} and {} from {} (backed up {})",
        counted(appointments, "appointment"),
        counted(photos as i64, "photo"),
        from.display(),
        manifest.created_at.format("%-d %B %Y at %H:%M UTC")
    ))
}

/// Copies the backup's database file to where DATABASE_URL points, through a temporary
/// file renamed into place, so a failed copy never leaves half a database.
fn put_database_in_place(url: &str, backup: &Path, force: bool) -> Result<(), BackupError> {
    let target = sqlx::sqlite::SqliteConnectOptions::from_str(url)
        .map(|options| options.get_filename().to_owned())
        .map_err(|_| BackupError::NoDatabaseFile(url.to_owned()))?;
    let sides = |path: &Path| ["-wal", "-shm"].map(|suffix| side_file(path, suffix));
    if target.exists() {
        if !force {
            return Err(BackupError::DatabaseExists(target));
        }
        let kept = target.with_extension(format!(
            "db.before-restore-{}",
            chrono::Utc::now().format("%Y%m%d%H%M%S")
        ));
        // The replaced database goes aside whole: its write-ahead log holds its latest writes.
        for (from, to) in sides(&target).into_iter().zip(sides(&kept)) {
            if from.exists() {
                std::fs::rename(&from, &to).map_err(io(&from))?;
            }
        }
        std::fs::rename(&target, &kept).map_err(io(&target))?;
    }
    // A write-ahead log left without its database would be replayed into the restored one.
    for side in sides(&target) {
        if side.exists() {
            std::fs::remove_file(&side).map_err(io(&side))?;
        }
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let partial = target.with_extension("db.restoring");
    std::fs::copy(backup, &partial).map_err(io(backup))?;
    std::fs::rename(&partial, &target).map_err(io(&target))?;
    Ok(())
}

/// SQLite's file beside `database` with `suffix` (`-wal`, `-shm`).
fn side_file(database: &Path, suffix: &str) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Copies every stored photo (only names Salus gives them) from `from` into `to`.
fn copy_photos(from: &Path, to: &Path) -> Result<usize, BackupError> {
    if !from.is_dir() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).map_err(io(to))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).map_err(io(from))? {
        let entry = entry.map_err(io(from))?;
        let name = entry.file_name();
        if name.to_str().is_some_and(photos::is_photo_name) {
            std::fs::copy(entry.path(), to.join(&name)).map_err(io(&entry.path()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// "1 photo", "3 photos" (the operator's messages are in English).
fn counted(n: i64, thing: &str) -> String {
    if n == 1 {
        format!("1 {thing}")
    } else {
        format!("{n} {thing}s")
    }
}

async fn count_appointments(db: &Db) -> Result<i64, BackupError> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
        .fetch_one(&db.pool)
        .await?)
}
