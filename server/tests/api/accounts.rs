//! Opening an account: sign-up, email verification and the development outbox, through HTTP.

use crate::db_tests;
use crate::helpers::{error_of, sign_up, spawn_app, spawn_app_with, Database, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

db_tests!(
    a_patient_signs_up_verifies_the_email_and_logs_in,
    sign_up_refuses_each_bad_field_by_name,
    sign_up_with_a_taken_email_answers_the_same_and_changes_nothing,
    a_verification_link_works_once,
    the_sign_up_server_function_reports_field_errors,
    the_outbox_exists_on_a_development_server_only,
);

async fn a_patient_signs_up_verifies_the_email_and_logs_in(db: Database) {
    let app = spawn_app(db).await;
    let response = app
        .post_json("/api/v1/auth/register", sign_up("amina@example.org"))
        .await;
    assert_eq!(response.status(), 202);
    let (subject, body) = app.last_mail("amina@example.org").await;
    assert_eq!(subject, "Confirm your email address");
    assert!(body.starts_with("Hello Amina,"));

    // Login works before verification; the account says it is not verified yet.
    let token = app.token("amina@example.org", PASSWORD).await;
    let me: Value = app
        .api(Method::GET, "/api/v1/me", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email"], "amina@example.org");
    assert_eq!(me["role"], "patient");
    assert_eq!(me["email_verified"], false);
    assert_eq!(me["phone"], "+21620123456");
    assert_eq!(me["birth_date"], "1990-04-02");

    let link = app.link_token("amina@example.org", "/verify-email").await;
    let verified = app
        .post_json("/api/v1/auth/verify-email", json!({"token": link}))
        .await;
    assert_eq!(verified.status(), 204);
    let me: Value = app
        .api(Method::GET, "/api/v1/me", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email_verified"], true);
}

async fn sign_up_refuses_each_bad_field_by_name(db: Database) {
    let app = spawn_app(db).await;
    let response = app
        .post_json(
            "/api/v1/auth/register",
            json!({
                "first_name": "<script>alert(1)</script>",
                "last_name": "x".repeat(5000),
                "email": "not-an-email",
                "phone": "12",
                "birth_date": "2999-01-01",
                "password": "short",
            }),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let codes: Vec<(String, String)> = body["details"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    for expected in [
        ("first_name", "forbidden_characters"),
        ("last_name", "too_long"),
        ("email", "invalid_email"),
        ("phone", "invalid_phone"),
        ("birth_date", "date_in_future"),
        ("password", "too_short"),
    ] {
        assert!(
            codes.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {codes:?}"
        );
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing stored");

    // Not JSON at all: a clear 422 in the API's format, not a plain-text rejection.
    let garbage = app
        .client
        .post(app.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    let (status, code, field) = error_of(garbage).await;
    assert_eq!((status, code.as_str()), (422, "validation"));
    assert_eq!(field, Some(("body".into(), "invalid_request_body".into())));
}

async fn sign_up_with_a_taken_email_answers_the_same_and_changes_nothing(db: Database) {
    let app = spawn_app(db).await;
    let first = app
        .post_json("/api/v1/auth/register", sign_up("taken@example.org"))
        .await;
    let first_status = first.status();
    let first_body = first.text().await.unwrap();

    let mut again = sign_up("Taken@Example.org");
    again["password"] = json!("another password 7");
    again["first_name"] = json!("Mallory");
    let second = app.post_json("/api/v1/auth/register", again).await;
    assert_eq!(second.status(), first_status);
    assert_eq!(second.text().await.unwrap(), first_body);

    // The owner is told; the account keeps its password and name.
    let (subject, _) = app.last_mail("taken@example.org").await;
    assert_eq!(subject, "You already have a Salus account");
    app.token("taken@example.org", PASSWORD).await;
    let wrong = app
        .post_json(
            "/api/v1/auth/token",
            json!({"email": "taken@example.org", "password": "another password 7"}),
        )
        .await;
    assert_eq!(wrong.status(), 401);
    let name: String = sqlx::query_scalar("SELECT first_name FROM users WHERE email = $1")
        .bind("taken@example.org")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Amina");
}

async fn a_verification_link_works_once(db: Database) {
    let app = spawn_app(db).await;
    app.post_json("/api/v1/auth/register", sign_up("once@example.org"))
        .await;
    let link = app.link_token("once@example.org", "/verify-email").await;
    let first = app
        .post_json("/api/v1/auth/verify-email", json!({"token": link}))
        .await;
    assert_eq!(first.status(), 204);
    let again = app
        .post_json("/api/v1/auth/verify-email", json!({"token": link}))
        .await;
    let (status, _, field) = error_of(again).await;
    assert_eq!(status, 422);
    assert_eq!(field, Some(("token".into(), "invalid_link".into())));
    let forged = app
        .post_json("/api/v1/auth/verify-email", json!({"token": "made-up"}))
        .await;
    assert_eq!(forged.status(), 422);
}

async fn the_sign_up_server_function_reports_field_errors(db: Database) {
    let app = spawn_app(db).await;
    let response = app
        .server_fn(
            "/api/auth/sign_up",
            &[
                ("form[first_name]", "Amina"),
                ("form[last_name]", "Mansour"),
                ("form[email]", "web@example.org"),
                ("form[phone]", "+216 20 123 456"),
                ("form[birth_date]", "1990-04-02"),
                ("form[password]", "password"),
                ("form[language]", "fr"),
            ],
            None,
        )
        .await;
    let (status, code, field) = error_of(response).await;
    assert_eq!((status, code.as_str()), (422, "validation"));
    assert_eq!(field, Some(("password".into(), "too_short".into())));

    let response = app
        .server_fn(
            "/api/auth/sign_up",
            &[
                ("form[first_name]", "Amina"),
                ("form[last_name]", "Mansour"),
                ("form[email]", "web@example.org"),
                ("form[phone]", "+216 20 123 456"),
                ("form[birth_date]", "1990-04-02"),
                ("form[password]", PASSWORD),
                ("form[language]", "fr"),
            ],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    let (subject, body) = app.last_mail("web@example.org").await;
    assert_eq!(
        subject, "Confirmez votre adresse e-mail",
        "in the chosen language"
    );
    assert!(body.contains("/verify-email?token="));
}

async fn the_outbox_exists_on_a_development_server_only(db: Database) {
    let app = spawn_app(db).await;
    app.post_json("/api/v1/auth/register", sign_up("outbox@example.org"))
        .await;
    let mails: Value = app.get("/api/dev/outbox").await.json().await.unwrap();
    assert_eq!(mails[0]["recipient"], "outbox@example.org");
    assert!(mails[0]["body"]
        .as_str()
        .unwrap()
        .contains("/verify-email?token="));

    let production = spawn_app_with(
        db,
        &[
            ("SALUS_ENV", "production"),
            ("SALUS_PUBLIC_URL", "https://salus.example.org"),
        ],
    )
    .await;
    production
        .post_json("/api/v1/auth/register", sign_up("outbox@example.org"))
        .await;
    let response = production.get("/api/dev/outbox").await;
    assert_eq!(response.status(), 404);
    assert!(!response.text().await.unwrap().contains("token"));
}
