//! Family members through HTTP: a patient manages them and books for them; the visit says
//! who it is for, and nobody but that patient (and the clinic) sees it.

use crate::db_tests;
use crate::helpers::{error_of, refused_fields, slot_at, spawn_app, Database, TestApp};
use crate::scenario::{Scenario, INSTANT};
use reqwest::Method;
use serde_json::{json, Value};

db_tests!(
    a_patient_manages_family_members_with_clear_errors,
    a_patient_books_for_a_child_and_only_they_see_it,
);

fn lina() -> Value {
    json!({"first_name": "Lina", "last_name": "Mansour", "birth_date": "2019-05-14", "relation": "child"})
}

async fn book(
    app: &TestApp,
    token: &str,
    doctor: i64,
    start: &str,
    for_whom: &str,
) -> reqwest::Response {
    app.api(
        Method::POST,
        "/api/v1/appointments",
        Some(token),
        Some(json!({"doctor_id": doctor, "start": start, "reason": "Fever since yesterday", "for_dependant": for_whom})),
    )
    .await
}

async fn a_patient_manages_family_members_with_clear_errors(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let patient = app.verified_patient("amina@example.org").await;
    let (_, other) = app.quick_patient("omar@example.org").await;
    let (_, doctor) = app.doctor("doc@example.org", clinic, true).await;

    let refused = app
        .api(
            Method::POST,
            "/api/v1/me/dependants",
            Some(&patient),
            Some(json!({"first_name": "", "last_name": "Mansour", "birth_date": "2090-01-01", "relation": "cousin"})),
        )
        .await;
    let fields = refused_fields(refused).await;
    assert_eq!(fields, ["first_name", "birth_date", "relation"]);

    let added = app.post_ok("/api/v1/me/dependants", &patient, lina()).await;
    let id = added["id"].as_i64().unwrap();
    assert_eq!(added["relation"], "child");
    assert_eq!(added["birth_date"], "2019-05-14");
    let mut corrected = lina();
    corrected["first_name"] = json!("Lina-Rose");
    let saved = app
        .put_ok(
            &format!("/api/v1/me/dependants/{id}"),
            &patient,
            corrected.clone(),
        )
        .await;
    assert_eq!(saved["first_name"], "Lina-Rose");
    let listed = app.get_json("/api/v1/me/dependants", Some(&patient)).await;
    assert_eq!(listed.as_array().unwrap().len(), 1);

    // Another patient can neither see, change nor remove them; staff have no family list.
    assert_eq!(
        app.get_json("/api/v1/me/dependants", Some(&other)).await,
        json!([])
    );
    let stranger = app
        .api(
            Method::PUT,
            &format!("/api/v1/me/dependants/{id}"),
            Some(&other),
            Some(corrected),
        )
        .await;
    assert_eq!(stranger.status(), 404);
    let stranger = app
        .api(
            Method::DELETE,
            &format!("/api/v1/me/dependants/{id}"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(stranger.status(), 404);
    let staff = app
        .api(Method::GET, "/api/v1/me/dependants", Some(&doctor), None)
        .await;
    assert_eq!(staff.status(), 403);

    let removed = app
        .api(
            Method::DELETE,
            &format!("/api/v1/me/dependants/{id}"),
            Some(&patient),
            None,
        )
        .await;
    assert_eq!(removed.status(), 204);
    assert_eq!(
        app.get_json("/api/v1/me/dependants", Some(&patient)).await,
        json!([])
    );
}

async fn a_patient_books_for_a_child_and_only_they_see_it(db: Database) {
    let (app, s) = Scenario::new(db).doctor(INSTANT).build().await;
    let (second, _) = app
        .listed_doctor("doc2@example.org", s.clinic, INSTANT)
        .await;
    let patient = app.verified_patient("amina@example.org").await;
    let (_, other) = app.quick_patient("omar@example.org").await;
    let child = app.post_ok("/api/v1/me/dependants", &patient, lina()).await["id"]
        .as_i64()
        .unwrap();

    let start = slot_at(3, "09:00");
    let booked = book(&app, &patient, s.doctor, &start, &child.to_string()).await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    let id = booked["appointment"]["id"].as_i64().unwrap();
    let visit_for = &booked["appointment"]["visit_for"];
    assert_eq!(visit_for["name"], "Lina Mansour");
    assert_eq!(visit_for["relation"], "child");
    assert_eq!(visit_for["birth_date"], "2019-05-14");

    // The mother may have her own visit at that time; the child cannot be in two places.
    let own = book(&app, &patient, second, &start, "").await;
    assert_eq!(own.status(), 201);
    let twice = book(&app, &patient, second, &start, &child.to_string()).await;
    assert_eq!(twice.status(), 409);

    // Another patient cannot book for her child.
    let borrowed = book(
        &app,
        &other,
        s.doctor,
        &slot_at(4, "09:00"),
        &child.to_string(),
    )
    .await;
    let (status, _, field) = error_of(borrowed).await;
    assert_eq!(status, 422);
    assert_eq!(
        field,
        Some(("for_dependant".to_owned(), "not_a_choice".to_owned()))
    );

    // Only the mother and the clinic see the visit; the doctor sees who it is for.
    let hidden = app
        .api(
            Method::GET,
            &format!("/api/v1/appointments/{id}"),
            Some(&other),
            None,
        )
        .await;
    assert_eq!(hidden.status(), 404);
    let others_list = app.get_json("/api/v1/appointments", Some(&other)).await;
    assert!(!others_list.to_string().contains("Lina"), "{others_list}");
    let doctors_view = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&s.doctor_token))
        .await;
    assert_eq!(
        doctors_view["appointment"]["visit_for"]["name"],
        "Lina Mansour"
    );
    assert_eq!(doctors_view["appointment"]["patient_name"], "Amina Mansour");
    let bell = app
        .get_json("/api/v1/notifications", Some(&s.doctor_token))
        .await;
    assert_eq!(bell["items"][0]["about"], "Lina Mansour (Amina Mansour)");

    // A removed family member keeps her name on her past bookings.
    app.api(
        Method::DELETE,
        &format!("/api/v1/me/dependants/{child}"),
        Some(&patient),
        None,
    )
    .await;
    let after = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&patient))
        .await;
    assert_eq!(after["appointment"]["visit_for"]["name"], "Lina Mansour");
    let gone = book(
        &app,
        &patient,
        s.doctor,
        &slot_at(5, "09:00"),
        &child.to_string(),
    )
    .await;
    assert_eq!(gone.status(), 422);
}
