//! The seams of the journeys (issue 21) through HTTP, as a browser without JavaScript meets
//! them: a sign-up from a chosen slot leads back to it through the email's link, an
//! unverified patient learns it on the doctor's page, and each role lands on its work page.

use crate::db_tests;
use crate::helpers::{link_token_in, sign_up, spawn_app, Database, TestApp, PASSWORD};
use shared::Role;

db_tests!(
    a_sign_up_from_a_slot_leads_back_to_it_through_the_emailed_link,
    an_unverified_patient_learns_it_on_the_doctor_page_and_gets_a_new_link,
    each_role_lands_on_its_work_page,
);

/// A form posted by a browser without JavaScript (it follows no redirect: the test reads it).
async fn plain_post(
    app: &TestApp,
    path: &str,
    form: &[(&str, &str)],
    session: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(path))
        .header("origin", app.address.clone())
        .header("accept", "text/html,application/xhtml+xml")
        .form(form);
    if let Some(session) = session {
        request = request.header("cookie", format!("salus_session={session}"));
    }
    request.send().await.unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

async fn is_verified(app: &TestApp, email: &str) -> bool {
    let verified: Option<i64> =
        sqlx::query_scalar("SELECT email_verified_at FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    verified.is_some()
}

async fn a_sign_up_from_a_slot_leads_back_to_it_through_the_emailed_link(db: Database) {
    let app = spawn_app(db).await;
    let slot = "/book?doctor=3&start=2026-12-20T08%3A00%3A00Z";
    let signed_up = plain_post(
        &app,
        "/api/auth/sign_up",
        &[
            ("form[first_name]", "Omar"),
            ("form[last_name]", "Haddad"),
            ("form[email]", "omar@example.org"),
            ("form[phone]", "+216 20 123 456"),
            ("form[birth_date]", "1990-04-12"),
            ("form[password]", PASSWORD),
            ("form[language]", "en"),
            ("form[next]", slot),
        ],
        None,
    )
    .await;
    assert_eq!(signed_up.status(), 303);
    let encoded = "%2Fbook%3Fdoctor%3D3%26start%3D2026-12-20T08%253A00%253A00Z";
    assert_eq!(
        location(&signed_up),
        format!("/signup?sent=1&next={encoded}")
    );
    // The email's link carries the slot along.
    let (_, body) = app.last_mail("omar@example.org").await;
    assert!(body.contains(&format!("&next={encoded}")), "{body}");
    let token = link_token_in(&body, "/verify-email").unwrap();
    // Opening the link (a mail scanner's GET) changes nothing.
    let opened = app
        .page(&format!("/verify-email?token={token}&next={encoded}"), &[])
        .await;
    assert_eq!(opened.status(), 200);
    assert!(!is_verified(&app, "omar@example.org").await);
    // The button confirms, and the page leads on to the slot.
    let confirmed = plain_post(
        &app,
        "/api/auth/verify_email",
        &[("token", token.as_str()), ("next", slot)],
        None,
    )
    .await;
    assert_eq!(confirmed.status(), 303);
    let done = location(&confirmed);
    assert_eq!(done, format!("/verify-email?verified=1&next={encoded}"));
    assert!(is_verified(&app, "omar@example.org").await);
    let page = app.page(&done, &[]).await.text().await.unwrap();
    assert!(
        page.contains(r#"href="/book?doctor=3&amp;start=2026-12-20T08%3A00%3A00Z""#),
        "the way back to the slot: {page}"
    );
    // A `next` off the site is dropped, never followed.
    app.post_json("/api/v1/auth/register", {
        let mut form = sign_up("lina@example.org");
        form["next"] = serde_json::json!("//evil.example/book");
        form
    })
    .await;
    let (_, body) = app.last_mail("lina@example.org").await;
    assert!(!body.contains("next="), "{body}");
}

async fn an_unverified_patient_learns_it_on_the_doctor_page_and_gets_a_new_link(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (doctor, _) = app
        .listed_doctor("doc@example.org", clinic, ("at_visit", "approval"))
        .await;
    let response = app
        .post_json("/api/v1/auth/register", sign_up("amina@example.org"))
        .await;
    assert_eq!(response.status(), 202);
    let session = app.web_session("amina@example.org", PASSWORD).await;
    let doctor_page = format!("/doctors/{doctor}");
    let page = app
        .page(
            &doctor_page,
            &[("cookie", &format!("salus_session={session}"))],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Confirm your email address"), "{page}");
    assert!(page.contains("Send the link again"), "{page}");
    // The button works without JavaScript and comes back to the doctor's page.
    let resent = plain_post(
        &app,
        "/api/auth/resend_verification",
        &[("next", doctor_page.as_str())],
        Some(&session),
    )
    .await;
    assert_eq!(resent.status(), 303);
    assert_eq!(location(&resent), format!("{doctor_page}?resent=1"));
    assert_eq!(app.mail_count("amina@example.org").await, 2);
    let (_, body) = app.last_mail("amina@example.org").await;
    assert!(
        body.contains(&format!("&next=%2Fdoctors%2F{doctor}")),
        "{body}"
    );
    // A verified patient sees no such notice.
    app.verified_patient("lina@example.org").await;
    let verified = app.web_session("lina@example.org", PASSWORD).await;
    let page = app
        .page(
            &doctor_page,
            &[("cookie", &format!("salus_session={verified}"))],
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!page.contains("Send the link again"));
}

async fn each_role_lands_on_its_work_page(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    app.doctor("doc@example.org", clinic, true).await;
    app.account("desk@example.org", Role::Secretary, Some(clinic))
        .await;
    app.account("admin@example.org", Role::ClinicAdmin, Some(clinic))
        .await;
    app.account("platform@example.org", Role::PlatformAdmin, None)
        .await;
    app.verified_patient("amina@example.org").await;
    for (email, home) in [
        ("doc@example.org", "/practice"),
        ("desk@example.org", "/clinic/desk"),
        ("admin@example.org", "/clinic"),
        ("platform@example.org", "/admin"),
        ("amina@example.org", "/account"),
    ] {
        let response = plain_post(
            &app,
            "/api/auth/log_in",
            &[("email", email), ("password", PASSWORD), ("next", "")],
            None,
        )
        .await;
        assert_eq!(response.status(), 303, "{email}");
        assert_eq!(location(&response), home, "{email}");
    }
}
