//! The profile and its photo, through HTTP: validation, storage, serving, hostile input.

use crate::db_tests;
use crate::helpers::{error_of, spawn_app, Database, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};

db_tests!(
    a_patient_edits_the_profile,
    profile_fields_are_checked_with_specific_errors,
    hostile_text_is_refused_or_stored_inert,
    a_photo_is_cleaned_stored_and_served,
    a_file_lying_about_its_type_is_refused,
    a_photo_is_uploaded_from_the_web_page_with_the_session,
    only_stored_photos_are_served,
);

fn profile() -> Value {
    json!({
        "first_name": "Amina",
        "last_name": "Mansour-Haddad",
        "phone": "+33 6 12 34 56 78",
        "birth_date": "1988-02-29",
        "gender": "female",
        "blood_group": "ab-",
        "address": "12 rue de la Paix\n75002 Paris",
        "language": "fr",
    })
}

/// A small real PNG.
pub fn png() -> Vec<u8> {
    let picture =
        image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 3, y as u8 * 5, 120]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .unwrap();
    bytes.into_inner()
}

async fn a_patient_edits_the_profile(db: Database) {
    let app = spawn_app(db).await;
    let token = app.verified_patient("profile@example.org").await;
    let response = app
        .api(Method::PUT, "/api/v1/me", Some(&token), Some(profile()))
        .await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["last_name"], "Mansour-Haddad");
    assert_eq!(me["phone"], "+33612345678");
    assert_eq!(me["birth_date"], "1988-02-29");
    assert_eq!(me["gender"], "female");
    assert_eq!(me["blood_group"], "ab-");
    assert_eq!(me["address"], "12 rue de la Paix\n75002 Paris");
    assert_eq!(me["language"], "fr");
    // Optional choices can be cleared again.
    let mut cleared = profile();
    cleared["gender"] = json!("");
    cleared["blood_group"] = json!("");
    let me: Value = app
        .api(Method::PUT, "/api/v1/me", Some(&token), Some(cleared))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["gender"], Value::Null);
    assert_eq!(me["blood_group"], Value::Null);
    // A client that leaves the language out is told so, and the one chosen is kept (a PUT
    // replaces the whole profile only when it is whole).
    let mut silent = profile();
    silent.as_object_mut().unwrap().remove("language");
    let refused = app
        .api(Method::PUT, "/api/v1/me", Some(&token), Some(silent))
        .await;
    assert_eq!(
        crate::helpers::error_of(refused).await,
        (
            422,
            "validation".into(),
            Some(("language".into(), "required".into()))
        )
    );
    let me = app.get_json("/api/v1/me", Some(&token)).await;
    assert_eq!(me["language"], "fr");
}

async fn profile_fields_are_checked_with_specific_errors(db: Database) {
    let app = spawn_app(db).await;
    let token = app.verified_patient("checks@example.org").await;
    for (field, value, code) in [
        ("birth_date", "2999-12-31", "date_in_future"),
        ("birth_date", "1850-01-01", "date_too_far_in_past"),
        ("birth_date", "31/12/1990", "invalid_date"),
        ("phone", "call me maybe", "invalid_phone"),
        ("phone", "", "required"),
        ("gender", "robot", "not_a_choice"),
        ("blood_group", "C+", "not_a_choice"),
        ("first_name", "", "required"),
    ] {
        let mut body = profile();
        body[field] = json!(value);
        let response = app
            .api(Method::PUT, "/api/v1/me", Some(&token), Some(body))
            .await;
        let (status, _, refused) = error_of(response).await;
        assert_eq!(status, 422, "{field}={value}");
        assert_eq!(
            refused,
            Some((field.to_owned(), code.to_owned())),
            "{field}={value}"
        );
    }
    let anonymous = app
        .api(Method::PUT, "/api/v1/me", None, Some(profile()))
        .await;
    assert_eq!(anonymous.status(), 401);
}

async fn hostile_text_is_refused_or_stored_inert(db: Database) {
    let app = spawn_app(db).await;
    let token = app.verified_patient("hostile@example.org").await;
    let mut body = profile();
    body["first_name"] = json!("Robert'); DROP TABLE users;--");
    let refused = app
        .api(Method::PUT, "/api/v1/me", Some(&token), Some(body))
        .await;
    assert_eq!(refused.status(), 422);

    let mut body = profile();
    body["last_name"] = json!("x".repeat(100_000));
    let refused = app
        .api(Method::PUT, "/api/v1/me", Some(&token), Some(body))
        .await;
    assert_eq!(
        error_of(refused).await.2,
        Some(("last_name".into(), "too_long".into()))
    );

    // Free text keeps what was typed, as data: SQL and markup are never interpreted.
    let hostile = "1'; DROP TABLE users; --\n<script>alert(1)</script> & \"quotes\"";
    let mut body = profile();
    body["address"] = json!(hostile);
    let saved = app
        .api(Method::PUT, "/api/v1/me", Some(&token), Some(body))
        .await;
    assert_eq!(saved.status(), 200);
    let me: Value = app
        .api(Method::GET, "/api/v1/me", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["address"], hostile);
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1, "the table is still there");
    let session = app.web_session("hostile@example.org", PASSWORD).await;
    let cookie = format!("salus_session={session}");
    let html = app
        .page("/account", &[("cookie", &cookie)])
        .await
        .text()
        .await
        .unwrap();
    let at = html.find("<script>alert(1)</script>").unwrap_or(0);
    assert!(
        !html.contains("<script>alert(1)</script>"),
        "markup is escaped: {}",
        &html[at.saturating_sub(300)..(at + 100).min(html.len())]
    );
}

async fn a_photo_is_cleaned_stored_and_served(db: Database) {
    let app = spawn_app(db).await;
    let token = app.verified_patient("photo@example.org").await;
    let response = app
        .client
        .put(app.url("/api/v1/me/photo"))
        .bearer_auth(&token)
        .header("content-type", "image/png")
        .body(png())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    let url = me["photo_url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/media/photos/") && url.ends_with(".jpg"),
        "{url}"
    );

    let served = app.get(&url).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_eq!(served.headers()["x-content-type-options"], "nosniff");
    let bytes = served.bytes().await.unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xD8], "re-encoded as JPEG");
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (64, 48));

    // A new photo replaces the old one, whose file is gone.
    let again: Value = app
        .client
        .put(app.url("/api/v1/me/photo"))
        .bearer_auth(&token)
        .body(png())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(again["photo_url"].as_str().unwrap(), url);
    assert_eq!(app.get(&url).await.status(), 404);
}

async fn a_file_lying_about_its_type_is_refused(db: Database) {
    let app = spawn_app(db).await;
    let token = app.verified_patient("liar@example.org").await;
    for (content_type, body) in [
        (
            "image/jpeg",
            b"<html><script>alert(document.cookie)</script></html>".to_vec(),
        ),
        ("image/png", b"%PDF-1.7 not a picture at all".to_vec()),
        (
            "image/gif",
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00;".to_vec(),
        ),
    ] {
        let response = app
            .client
            .put(app.url("/api/v1/me/photo"))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        let (status, _, field) = error_of(response).await;
        assert_eq!(status, 422);
        assert_eq!(field, Some(("photo".into(), "unsupported_image".into())));
    }
    let me: Value = app
        .api(Method::GET, "/api/v1/me", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["photo_url"], Value::Null);
}

async fn a_photo_is_uploaded_from_the_web_page_with_the_session(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("webphoto@example.org").await;
    let session = app.web_session("webphoto@example.org", PASSWORD).await;
    let response = app
        .client
        .post(app.url("/account/photo"))
        .header("origin", app.address.clone())
        .header("cookie", format!("salus_session={session}"))
        .body(png())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert!(me["photo_url"].as_str().is_some());

    let forged = app
        .client
        .post(app.url("/account/photo"))
        .header("origin", "https://evil.example")
        .header("cookie", format!("salus_session={session}"))
        .body(png())
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    let anonymous = app
        .client
        .post(app.url("/account/photo"))
        .body(png())
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn only_stored_photos_are_served(db: Database) {
    let app = spawn_app(db).await;
    for path in [
        "/media/photos/..%2Fsalus.db",
        "/media/photos/jwt-secret.key",
        "/media/photos/0123456789abcdef0123456789abcdef.jpg",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}
