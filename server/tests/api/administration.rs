//! Clinics, staff and doctor applications: who may do what, through HTTP.
//!
//! One coherent thing over 400 lines: who may run a clinic, and how.

use crate::db_tests;
use crate::helpers::{error_of, refused_fields, spawn_app, Database, TestApp, PASSWORD};
use reqwest::Method;
use serde_json::{json, Value};
use shared::Role;

db_tests!(
    a_patient_cannot_use_admin_functions,
    a_clinic_admin_cannot_touch_another_clinic,
    a_platform_admin_creates_a_clinic_and_appoints_its_admin,
    only_platform_admins_appoint_clinic_admins,
    a_clinic_admin_edits_the_settings_within_their_bounds,
    an_invited_secretary_sets_a_password_and_logs_in,
    a_disabled_account_is_signed_out_and_cannot_log_in,
    an_applying_doctor_is_hidden_until_approved,
    a_refused_doctor_stays_hidden_and_learns_why,
    an_application_is_decided_once,
);

fn doctor_application(email: &str, clinic: i64) -> Value {
    json!({
        "first_name": "Karim",
        "last_name": "Ben Ali",
        "email": email,
        "phone": "+216 98 765 432",
        "password": PASSWORD,
        "clinic_id": clinic.to_string(),
        "specialty_id": "2",
        "licence_number": "tn-12345",
        "language": "fr",
    })
}

/// A clinic with its admin; returns (clinic id, admin token).
async fn clinic_with_admin(app: &TestApp, name: &str, admin: &str) -> (i64, String) {
    let clinic = app.clinic(name).await;
    app.account(admin, Role::ClinicAdmin, Some(clinic)).await;
    (clinic, app.token(admin, PASSWORD).await)
}

async fn listed_names(app: &TestApp) -> Vec<String> {
    let doctors: Value = app.get("/api/v1/doctors").await.json().await.unwrap();
    doctors["doctors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_patient_cannot_use_admin_functions(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let patient = app.verified_patient("patient@example.org").await;
    let create = app
        .api(
            Method::POST,
            "/api/v1/clinics",
            Some(&patient),
            Some(json!({"name": "Mine", "time_zone": "Europe/Paris", "currency": "EUR"})),
        )
        .await;
    assert_eq!(create.status(), 403);
    let settings = app
        .api(
            Method::GET,
            &format!("/api/v1/clinics/{clinic}/settings"),
            Some(&patient),
            None,
        )
        .await;
    assert_eq!(settings.status(), 403);
    // The same through the web app's server functions.
    let session = app.web_session("patient@example.org", PASSWORD).await;
    let response = app
        .server_fn(
            "/api/admin/create_clinic",
            &[
                ("form[name]", "Mine"),
                ("form[time_zone]", "Europe/Paris"),
                ("form[currency]", "EUR"),
            ],
            Some(&session),
        )
        .await;
    assert_eq!(response.status(), 403);
    let anonymous = app
        .server_fn(
            "/api/admin/create_clinic",
            &[
                ("form[name]", "Mine"),
                ("form[time_zone]", "Europe/Paris"),
                ("form[currency]", "EUR"),
            ],
            None,
        )
        .await;
    assert_eq!(anonymous.status(), 401);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM clinics")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

async fn a_clinic_admin_cannot_touch_another_clinic(db: Database) {
    let app = spawn_app(db).await;
    let (_, admin_a) = clinic_with_admin(&app, "Clinique A", "a@clinic.test").await;
    let clinic_b = app.clinic("Clinique B").await;
    app.post_json(
        "/api/v1/auth/doctor-applications",
        doctor_application("doc@b.test", clinic_b),
    )
    .await;
    let doctor_b: i64 = app.user_id("doc@b.test").await;

    for (method, path, body) in [
        (
            Method::GET,
            format!("/api/v1/clinics/{clinic_b}/settings"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/clinics/{clinic_b}/staff"),
            None,
        ),
        (
            Method::GET,
            format!("/api/v1/clinics/{clinic_b}/doctor-applications"),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/clinics/{clinic_b}/staff"),
            Some(
                json!({"email": "s@b.test", "first_name": "S", "last_name": "B", "role": "secretary"}),
            ),
        ),
        (
            Method::POST,
            format!("/api/v1/doctor-applications/{doctor_b}/review"),
            Some(json!({"approve": true})),
        ),
    ] {
        let response = app.api(method, &path, Some(&admin_a), body).await;
        assert_eq!(response.status(), 403, "{path}");
    }
    let status: String = sqlx::query_scalar("SELECT status FROM doctors WHERE user_id = $1")
        .bind(doctor_b)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "pending");
}

async fn a_platform_admin_creates_a_clinic_and_appoints_its_admin(db: Database) {
    let app = spawn_app(db).await;
    app.account("root@salus.test", Role::PlatformAdmin, None)
        .await;
    let admin = app.token("root@salus.test", PASSWORD).await;
    let response = app
        .api(
            Method::POST,
            "/api/v1/clinics",
            Some(&admin),
            Some(json!({"name": "Centre Nord", "time_zone": "Europe/Paris", "currency": "EUR"})),
        )
        .await;
    assert_eq!(response.status(), 201);
    let clinic: Value = response.json().await.unwrap();
    let id = clinic["id"].as_i64().unwrap();
    let duplicate = app
        .api(
            Method::POST,
            "/api/v1/clinics",
            Some(&admin),
            Some(json!({"name": "centre  nord", "time_zone": "Europe/Paris", "currency": "EUR"})),
        )
        .await;
    assert_eq!(duplicate.status(), 409);

    let invite = app
        .api(
            Method::POST,
            &format!("/api/v1/clinics/{id}/staff"),
            Some(&admin),
            Some(json!({"email": "boss@nord.test", "first_name": "Claire", "last_name": "Dubois", "role": "clinic_admin", "language": "fr"})),
        )
        .await;
    assert_eq!(invite.status(), 201);
    let (subject, _) = app.last_mail("boss@nord.test").await;
    assert_eq!(subject, "Votre compte Salus chez Centre Nord");
    let token = app.link_token("boss@nord.test", "/reset-password").await;
    let set = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "clinic boss 2026"}),
        )
        .await;
    assert_eq!(set.status(), 204);
    let boss = app.token("boss@nord.test", "clinic boss 2026").await;
    let settings = app
        .api(
            Method::GET,
            &format!("/api/v1/clinics/{id}/settings"),
            Some(&boss),
            None,
        )
        .await;
    assert_eq!(settings.status(), 200);
}

async fn only_platform_admins_appoint_clinic_admins(db: Database) {
    let app = spawn_app(db).await;
    let (clinic, admin) = clinic_with_admin(&app, "Clinique du Lac", "admin@lac.test").await;
    let response = app
        .api(
            Method::POST,
            &format!("/api/v1/clinics/{clinic}/staff"),
            Some(&admin),
            Some(json!({"email": "second@lac.test", "first_name": "A", "last_name": "B", "role": "clinic_admin"})),
        )
        .await;
    assert_eq!(
        error_of(response).await.2,
        Some(("role".into(), "not_a_choice".into()))
    );
    let response = app
        .api(
            Method::POST,
            &format!("/api/v1/clinics/{clinic}/staff"),
            Some(&admin),
            Some(json!({"email": "root@lac.test", "first_name": "A", "last_name": "B", "role": "platform_admin"})),
        )
        .await;
    assert_eq!(response.status(), 422);
}

async fn a_clinic_admin_edits_the_settings_within_their_bounds(db: Database) {
    let app = spawn_app(db).await;
    let (clinic, admin) = clinic_with_admin(&app, "Clinique du Lac", "admin@lac.test").await;
    let path = format!("/api/v1/clinics/{clinic}/settings");
    let mut settings = json!({
        "name": "Clinique du Lac",
        "address": "Rue du Lac Léman\nLes Berges du Lac, Tunis",
        "phone": "+216 71 000 000",
        "time_zone": "Africa/Tunis",
        "currency": "TND",
        "cancellation_notice_hours": "24",
        "late_cancellation_refund_percent": "150",
        "request_deadline_hours": "500",
        "reminder_hours": "0",
    });
    let refused = app
        .api(Method::PUT, &path, Some(&admin), Some(settings.clone()))
        .await;
    let fields = refused_fields(refused).await;
    assert_eq!(
        fields,
        [
            "late_cancellation_refund_percent",
            "request_deadline_hours",
            "reminder_hours"
        ]
    );

    settings["late_cancellation_refund_percent"] = json!("50");
    settings["request_deadline_hours"] = json!("48");
    settings["time_zone"] = json!("Europe/Paris");
    settings["reminder_hours"] = json!("6");
    let saved = app
        .api(Method::PUT, &path, Some(&admin), Some(settings))
        .await;
    assert_eq!(saved.status(), 200);
    let read: Value = app
        .api(Method::GET, &path, Some(&admin), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["late_cancellation_refund_percent"], 50);
    assert_eq!(read["time_zone"], "Europe/Paris");
    assert_eq!(read["phone"], "+21671000000");
    assert_eq!(read["reminder_hours"], 6);
}

async fn an_invited_secretary_sets_a_password_and_logs_in(db: Database) {
    let app = spawn_app(db).await;
    let (clinic, admin) = clinic_with_admin(&app, "Clinique du Lac", "admin@lac.test").await;
    let response = app
        .api(
            Method::POST,
            &format!("/api/v1/clinics/{clinic}/staff"),
            Some(&admin),
            Some(json!({"email": "sonia@lac.test", "first_name": "Sonia", "last_name": "Trabelsi", "role": "secretary"})),
        )
        .await;
    assert_eq!(response.status(), 201);
    let member: Value = response.json().await.unwrap();
    assert_eq!(member["activated"], false);
    // No password yet: no way in.
    let early = app
        .post_json(
            "/api/v1/auth/token",
            json!({"email": "sonia@lac.test", "password": PASSWORD}),
        )
        .await;
    assert_eq!(early.status(), 401);
    let token = app.link_token("sonia@lac.test", "/reset-password").await;
    let set = app
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "front desk 2026"}),
        )
        .await;
    assert_eq!(set.status(), 204);
    let secretary = app.token("sonia@lac.test", "front desk 2026").await;
    let me: Value = app
        .api(Method::GET, "/api/v1/me", Some(&secretary), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "secretary");
    assert_eq!(me["clinic_name"], "Clinique du Lac");
    assert_eq!(
        me["email_verified"], true,
        "the invitation link proved the address"
    );
    let staff: Value = app
        .api(
            Method::GET,
            &format!("/api/v1/clinics/{clinic}/staff"),
            Some(&admin),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let sonia = staff
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == "sonia@lac.test")
        .unwrap();
    assert_eq!(sonia["activated"], true);
}

async fn a_disabled_account_is_signed_out_and_cannot_log_in(db: Database) {
    let app = spawn_app(db).await;
    let (clinic, admin) = clinic_with_admin(&app, "Clinique du Lac", "admin@lac.test").await;
    let secretary_id = app
        .account("desk@lac.test", Role::Secretary, Some(clinic))
        .await;
    let secretary = app.token("desk@lac.test", PASSWORD).await;
    let path = format!("/api/v1/clinics/{clinic}/staff/{secretary_id}/disabled");
    let response = app
        .api(
            Method::PUT,
            &path,
            Some(&admin),
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(response.status(), 204);
    let me = app
        .api(Method::GET, "/api/v1/me", Some(&secretary), None)
        .await;
    assert_eq!(me.status(), 401, "its sessions ended");
    let login = app
        .post_json(
            "/api/v1/auth/token",
            json!({"email": "desk@lac.test", "password": PASSWORD}),
        )
        .await;
    assert_eq!(error_of(login).await.1, "account_disabled");
    // An admin cannot lock themselves out.
    let admin_id: i64 = app.user_id("admin@lac.test").await;
    let response = app
        .api(
            Method::PUT,
            &format!("/api/v1/clinics/{clinic}/staff/{admin_id}/disabled"),
            Some(&admin),
            Some(json!({"disabled": true})),
        )
        .await;
    assert_eq!(response.status(), 409);
    // Re-enabled, the secretary logs in again.
    app.api(
        Method::PUT,
        &path,
        Some(&admin),
        Some(json!({"disabled": false})),
    )
    .await;
    app.token("desk@lac.test", PASSWORD).await;
}

async fn an_applying_doctor_is_hidden_until_approved(db: Database) {
    let app = spawn_app(db).await;
    let (clinic, admin) = clinic_with_admin(&app, "Clinique du Lac", "admin@lac.test").await;
    let response = app
        .post_json(
            "/api/v1/auth/doctor-applications",
            doctor_application("karim@lac.test", clinic),
        )
        .await;
    assert_eq!(response.status(), 202);
    assert!(
        listed_names(&app).await.is_empty(),
        "not listed while pending"
    );

    // The doctor can log in and sees the pending application.
    let doctor = app.token("karim@lac.test", PASSWORD).await;
    let me: Value = app
        .api(Method::GET, "/api/v1/me", Some(&doctor), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["application"]["status"], "pending");
    assert_eq!(me["application"]["licence_number"], "TN-12345");
    assert_eq!(me["application"]["specialty"]["slug"], "cardiology");

    let applications: Value = app
        .api(
            Method::GET,
            &format!("/api/v1/clinics/{clinic}/doctor-applications"),
            Some(&admin),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    let id = applications[0]["doctor_id"].as_i64().unwrap();
    let response = app
        .api(
            Method::POST,
            &format!("/api/v1/doctor-applications/{id}/review"),
            Some(&admin),
            Some(json!({"approve": true})),
        )
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(listed_names(&app).await, ["Karim Ben Ali"]);
    let (subject, _) = app.last_mail("karim@lac.test").await;
    assert_eq!(subject, "Clinique du Lac a approuvé votre candidature");
}

async fn a_refused_doctor_stays_hidden_and_learns_why(db: Database) {
    let app = spawn_app(db).await;
    let (clinic, admin) = clinic_with_admin(&app, "Clinique du Lac", "admin@lac.test").await;
    app.post_json(
        "/api/v1/auth/doctor-applications",
        doctor_application("nope@lac.test", clinic),
    )
    .await;
    let id: i64 = app.user_id("nope@lac.test").await;
    let path = format!("/api/v1/doctor-applications/{id}/review");
    let without_reason = app
        .api(
            Method::POST,
            &path,
            Some(&admin),
            Some(json!({"approve": false})),
        )
        .await;
    assert_eq!(
        error_of(without_reason).await.2,
        Some(("reason".into(), "required".into()))
    );
    let refused = app
        .api(
            Method::POST,
            &path,
            Some(&admin),
            Some(json!({"approve": false, "reason": "Licence not found in the register"})),
        )
        .await;
    assert_eq!(refused.status(), 200);
    assert!(listed_names(&app).await.is_empty());
    let doctor = app.token("nope@lac.test", PASSWORD).await;
    let me: Value = app
        .api(Method::GET, "/api/v1/me", Some(&doctor), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["application"]["status"], "refused");
    assert_eq!(
        me["application"]["refusal_reason"],
        "Licence not found in the register"
    );
    let (_, body) = app.last_mail("nope@lac.test").await;
    assert!(body.contains("Licence not found in the register"));
}

async fn an_application_is_decided_once(db: Database) {
    let app = spawn_app(db).await;
    let (clinic, admin) = clinic_with_admin(&app, "Clinique du Lac", "admin@lac.test").await;
    app.post_json(
        "/api/v1/auth/doctor-applications",
        doctor_application("twice@lac.test", clinic),
    )
    .await;
    let id: i64 = app.user_id("twice@lac.test").await;
    let path = format!("/api/v1/doctor-applications/{id}/review");
    let first = app
        .api(
            Method::POST,
            &path,
            Some(&admin),
            Some(json!({"approve": true})),
        )
        .await;
    assert_eq!(first.status(), 200);
    let second = app
        .api(
            Method::POST,
            &path,
            Some(&admin),
            Some(json!({"approve": false, "reason": "Changed my mind"})),
        )
        .await;
    assert_eq!(error_of(second).await.0, 409);
    assert_eq!(listed_names(&app).await, ["Karim Ben Ali"]);
}
