//! The server binary's command line, run as an operator would.

use crate::bookings::book_ok;
use crate::db_tests;
use crate::helpers::{slot_at, spawn_app, spawn_on, Database, TestDatabase};
use crate::profiles::png;
use crate::scenario::INSTANT;
use backend::{accounts::users, clinics};
use serde_json::Value;
use shared::{Email, Role};
use std::io::Write;
use std::process::{Command, Output, Stdio};

db_tests!(
    clinic_create_adds_a_clinic,
    clinic_create_explains_every_bad_argument,
    clinic_create_refuses_a_duplicate_name,
    admin_create_stores_an_argon2id_hash_of_the_chosen_password,
    admin_create_refuses_a_weak_password_and_creates_nothing,
    admin_create_refuses_an_email_already_registered,
    a_backup_restored_elsewhere_serves_the_same_appointments_and_photos,
    backup_and_restore_refuse_to_overwrite,
);

fn run(database: &TestDatabase, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        // Outside the repository, so no developer's .env is picked up.
        .current_dir(&database.data_dir)
        .env_clear()
        .envs(database.env())
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    {
        let mut input = child.stdin.take().expect("stdin is piped");
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    child
        .wait_with_output()
        .expect("the server binary finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn clinic_create_adds_a_clinic(db: Database) {
    let database = TestDatabase::new(db).await;
    let out = run(
        &database,
        &[
            "clinic",
            "create",
            "--name",
            "Clinique du Lac",
            "--time-zone",
            "Africa/Tunis",
            "--currency",
            "tnd",
        ],
        None,
    );
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Created clinic \"Clinique du Lac\""));
    let pool = database.connect().await;
    let listed = clinics::list(&pool).await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].time_zone, "Africa/Tunis");
    assert_eq!(listed[0].currency, "TND");
    pool.pool.close().await;
}

async fn clinic_create_explains_every_bad_argument(db: Database) {
    let database = TestDatabase::new(db).await;
    let out = run(
        &database,
        &[
            "clinic",
            "create",
            "--name",
            "X",
            "--time-zone",
            "Mars/Olympus",
            "--currency",
            "ZZZ",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("--name: must be at least 2 characters"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--time-zone: unknown IANA time zone"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--currency: unsupported currency"),
        "{stderr}"
    );
    let pool = database.connect().await;
    assert_eq!(clinics::count(&pool).await.unwrap(), 0);
    pool.pool.close().await;
}

async fn clinic_create_refuses_a_duplicate_name(db: Database) {
    let database = TestDatabase::new(db).await;
    let args = [
        "clinic",
        "create",
        "--name",
        "Clinique Atlas",
        "--time-zone",
        "Africa/Casablanca",
        "--currency",
        "MAD",
    ];
    assert!(run(&database, &args, None).status.success());
    let again = run(
        &database,
        &[
            "clinic",
            "create",
            "--name",
            "clinique atlas",
            "--time-zone",
            "Africa/Casablanca",
            "--currency",
            "MAD",
        ],
        None,
    );
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("a clinic with this name already exists"));
}

async fn admin_create_stores_an_argon2id_hash_of_the_chosen_password(db: Database) {
    let database = TestDatabase::new(db).await;
    let out = run(
        &database,
        &[
            "admin",
            "create",
            "--email",
            "Root@Salus.Example",
            "--password-stdin",
        ],
        Some("a long admin passphrase 7\n"),
    );
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Created platform admin root@salus.example"));
    let pool = database.connect().await;
    let email = Email::parse("root@salus.example").unwrap();
    assert_eq!(
        users::role_of(&pool, &email).await.unwrap(),
        Some(Role::PlatformAdmin)
    );
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE email = $1")
        .bind(email.as_str())
        .fetch_one(&pool.pool)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert!(
        backend::accounts::passwords::verify("a long admin passphrase 7".into(), hash)
            .await
            .unwrap()
    );
    pool.pool.close().await;
}

async fn admin_create_refuses_a_weak_password_and_creates_nothing(db: Database) {
    let database = TestDatabase::new(db).await;
    let out = run(
        &database,
        &[
            "admin",
            "create",
            "--email",
            "root@salus.example",
            "--password-stdin",
        ],
        Some("short\n"),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--password: must be at least 12 characters"));
    let pool = database.connect().await;
    assert_eq!(users::count(&pool).await.unwrap(), 0);
    pool.pool.close().await;
}

async fn admin_create_refuses_an_email_already_registered(db: Database) {
    let database = TestDatabase::new(db).await;
    let args = [
        "admin",
        "create",
        "--email",
        "root@salus.example",
        "--password-stdin",
    ];
    assert!(run(&database, &args, Some("first passphrase 123\n"))
        .status
        .success());
    let again = run(&database, &args, Some("second passphrase 456\n"));
    assert_eq!(again.status.code(), Some(1));
    assert!(text(&again.stderr).contains("an account with this email already exists"));
}

/// Configuration errors stop the binary before it touches anything, with the variable named.
#[test]
fn production_start_without_a_jwt_secret_is_refused_with_a_clear_message() {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(std::env::temp_dir())
        .env_clear()
        .env("SALUS_ENV", "production")
        .output()
        .expect("the server binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("SALUS_JWT_SECRET is required in production"));
}

#[test]
fn a_malformed_variable_is_refused_with_its_name() {
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(std::env::temp_dir())
        .env_clear()
        .env("SALUS_ADDR", "not-an-address")
        .output()
        .expect("the server binary runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("SALUS_ADDR must be an address"));
}

#[test]
fn a_malformed_env_file_is_refused() {
    let dir = std::env::temp_dir().join(format!("salus-dotenv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".env"),
        "SALUS_ENV=development\nthis line is not a variable\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_server"))
        .current_dir(&dir)
        .env_clear()
        .output()
        .expect("the server binary runs");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("could not read .env"),
        "{}",
        text(&out.stderr)
    );
}

/// A backup taken while the server serves, restored on another machine (an empty data
/// directory), serves the same appointments and photos. On PostgreSQL the database itself
/// goes through pg_dump/pg_restore (README, "Backups"): the backup carries the photos, and
/// the restored server is started on the same database.
async fn a_backup_restored_elsewhere_serves_the_same_appointments_and_photos(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (doctor, _) = app.listed_doctor("doc@example.org", clinic, INSTANT).await;
    let patient = app.verified_patient("amina@example.org").await;
    let booked = book_ok(&app, &patient, doctor, &slot_at(3, "10:00")).await;
    let id = booked["appointment"]["id"].as_i64().unwrap();
    let uploaded = app
        .client
        .put(app.url("/api/v1/me/photo"))
        .bearer_auth(&patient)
        .header("content-type", "image/png")
        .body(png())
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 200);
    let photo_url = uploaded.json::<Value>().await.unwrap()["photo_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let photo = app.get(&photo_url).await.bytes().await.unwrap();
    let before = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&patient))
        .await;

    let source = TestDatabase::shared_with(app.database());
    let backup_dir = source.data_dir.join("backup");
    let backup_arg = backup_dir.display().to_string();
    let out = run(&source, &["backup", "--to", &backup_arg], None);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("1 photo to") || text(&out.stdout).contains("Backed up 1 photo"),
        "{}",
        text(&out.stdout)
    );

    let elsewhere = match db {
        Database::Sqlite => TestDatabase::new(db).await,
        // The database is restored by pg_restore; a fresh data directory on the same one.
        Database::Postgres => source.with_fresh_data_dir(),
    };
    let out = run(&elsewhere, &["restore", "--from", &backup_arg], None);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("Restored 1 appointment and 1 photo from"),
        "{}",
        text(&out.stdout)
    );
    let restored = spawn_on(elsewhere, &[]).await;
    let after = restored
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&patient))
        .await;
    assert_eq!(
        after, before,
        "the same appointment, as its patient sees it"
    );
    let served = restored.get(&photo_url).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.bytes().await.unwrap(), photo, "the same photo");
}

async fn backup_and_restore_refuse_to_overwrite(db: Database) {
    let database = TestDatabase::new(db).await;
    let taken = database.data_dir.join("taken");
    std::fs::create_dir_all(&taken).unwrap();
    std::fs::write(taken.join("notes.txt"), "an operator's file").unwrap();
    let taken_arg = taken.display().to_string();
    let out = run(&database, &["backup", "--to", &taken_arg], None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("is not empty"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(taken.join("notes.txt")).unwrap(),
        "an operator's file"
    );

    let out = run(&database, &["restore", "--from", &taken_arg], None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("holds no Salus backup"),
        "{}",
        text(&out.stderr)
    );

    let backup = database.data_dir.join("backup").display().to_string();
    let out = run(&database, &["backup", "--to", &backup], None);
    assert!(out.status.success(), "stderr: {}", text(&out.stderr));
    if db == Database::Sqlite {
        // The live database is never replaced without --force (and is kept beside when it is).
        let out = run(&database, &["restore", "--from", &backup], None);
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("--force"),
            "{}",
            text(&out.stderr)
        );
        let out = run(&database, &["restore", "--from", &backup, "--force"], None);
        assert!(out.status.success(), "stderr: {}", text(&out.stderr));
        // The replaced database, and its write-ahead files when it had them.
        let kept: Vec<String> = std::fs::read_dir(&database.data_dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.contains("before-restore"))
            .collect();
        let databases = kept
            .iter()
            .filter(|name| !name.ends_with("-wal") && !name.ends_with("-shm"))
            .count();
        assert_eq!(
            databases, 1,
            "the replaced database is kept beside: {kept:?}"
        );
    }
}
