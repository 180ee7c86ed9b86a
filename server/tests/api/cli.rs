//! The server binary's command line, run as an operator would.

use crate::db_tests;
use crate::helpers::{Database, TestDatabase};
use backend::{accounts::users, clinics};
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
