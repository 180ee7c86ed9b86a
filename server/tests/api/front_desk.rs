//! The front desk through HTTP: a secretary finds or creates a patient, books for them
//! (urgent inside the notice, never over another appointment), sees the clinic's queue of
//! requests, and hands a request to another doctor of the same specialty; all of it scoped
//! to her own clinic.
//!
//! One coherent thing over 400 lines: the secretary's day at the desk.

use crate::db_tests;
use crate::helpers::{
    error_of, local_day, refused_fields, slot_at, spawn_app, Database, TestApp, PASSWORD,
};
use crate::scenario::{Scenario, APPROVAL, INSTANT};
use reqwest::Method;
use serde_json::{json, Value};
use shared::Role;

db_tests!(
    a_secretary_finds_or_creates_a_patient_and_books_for_them,
    an_urgent_booking_skips_the_notice_but_never_another_appointment,
    a_request_is_reassigned_to_a_free_doctor_of_the_same_specialty,
    the_desk_is_scoped_to_its_own_clinic,
    the_desk_reads_a_doctors_calendar_and_a_patient_their_month,
);

async fn secretary(app: &TestApp, email: &str, clinic: i64) -> String {
    app.account(email, Role::Secretary, Some(clinic)).await;
    app.token(email, PASSWORD).await
}

/// The reason of a 409 answer.
async fn conflict_of(response: reqwest::Response) -> String {
    assert_eq!(response.status(), 409);
    let body: Value = response.json().await.unwrap();
    body["details"].as_str().unwrap_or_default().to_owned()
}

async fn desk_book(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.api(
        Method::POST,
        "/api/v1/clinic/appointments",
        Some(token),
        Some(body),
    )
    .await
}

async fn a_secretary_finds_or_creates_a_patient_and_books_for_them(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).build().await;
    let desk = secretary(&app, "sonia@lac.test", s.clinic).await;
    app.verified_patient("amina@example.org").await;

    // By exact email: any patient with an account.
    let found = app
        .get_json("/api/v1/clinic/patients?q=amina%40example.org", Some(&desk))
        .await;
    assert_eq!(found[0]["name"], "Amina Mansour");
    let amina = found[0]["id"].as_i64().unwrap();
    // By name: only the clinic's own patients (none yet).
    let by_name = app
        .get_json("/api/v1/clinic/patients?q=mansour", Some(&desk))
        .await;
    assert_eq!(by_name, json!([]));
    let short = app
        .api(
            Method::GET,
            "/api/v1/clinic/patients?q=a",
            Some(&desk),
            None,
        )
        .await;
    assert_eq!(short.status(), 422);

    // A walk-in with no account is created on the spot and invited to set a password.
    let refused = app
        .api(
            Method::POST,
            "/api/v1/clinic/patients",
            Some(&desk),
            Some(json!({"first_name": "Youssef", "last_name": "", "email": "nope", "phone": "12", "birth_date": "1985-02-03", "language": "fr"})),
        )
        .await;
    let fields = refused_fields(refused).await;
    assert_eq!(fields, ["last_name", "email", "phone"]);
    let created = app
        .post_ok(
            "/api/v1/clinic/patients",
            &desk,
            json!({"first_name": "Youssef", "last_name": "Gharbi", "email": "youssef@example.org", "phone": "+216 22 333 444", "birth_date": "1985-02-03", "language": "fr"}),
        )
        .await;
    let youssef = created["id"].as_i64().unwrap();
    let (subject, body) = app.last_mail("youssef@example.org").await;
    assert!(subject.contains("Clinique du Lac"), "{subject}");
    assert!(body.contains("/reset-password?token="), "{body}");
    let again = app
        .api(
            Method::POST,
            "/api/v1/clinic/patients",
            Some(&desk),
            Some(json!({"first_name": "Youssef", "last_name": "Gharbi", "email": "youssef@example.org", "phone": "+216 22 333 444", "birth_date": "1985-02-03"})),
        )
        .await;
    assert_eq!(again.status(), 409);
    let by_phone = app
        .get_json(
            "/api/v1/clinic/patients?q=%2B216%2022%20333%20444",
            Some(&desk),
        )
        .await;
    assert_eq!(by_phone[0]["id"], youssef);

    // Booked by the desk: confirmed at once even with a doctor who approves requests.
    let doctors = app.get_json("/api/v1/clinic/doctors", Some(&desk)).await;
    assert_eq!(doctors[0]["id"], s.doctor);
    let slots = app
        .get_json(
            &format!(
                "/api/v1/clinic/slots?doctor={}&date={}",
                s.doctor,
                local_day(3)
            ),
            Some(&desk),
        )
        .await;
    let start = slots["days"][0]["slots"][0]["start"]
        .as_str()
        .unwrap()
        .to_owned();
    let booked = desk_book(
        &app,
        &desk,
        json!({"patient_id": youssef, "doctor_id": s.doctor, "start": start, "reason": "Walk-in: chest pain"}),
    )
    .await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    let id = booked["appointment"]["id"].as_i64().unwrap();
    assert_eq!(booked["appointment"]["status"], "confirmed");
    assert_eq!(booked["appointment"]["patient_name"], "Youssef Gharbi");
    assert_eq!(booked["appointment"]["urgent"], false);
    // The doctor's bell rings; the patient is told too.
    let bell = app
        .get_json("/api/v1/notifications", Some(&s.doctor_token))
        .await;
    assert_eq!(bell["items"][0]["kind"], "confirmed");
    assert_eq!(bell["items"][0]["appointment_id"], id);
    // Now a patient of the clinic: found by name.
    let by_name = app
        .get_json("/api/v1/clinic/patients?q=gharbi", Some(&desk))
        .await;
    assert_eq!(by_name[0]["id"], youssef);
    // The same slot again: taken.
    let twice = desk_book(
        &app,
        &desk,
        json!({"patient_id": amina, "doctor_id": s.doctor, "start": start, "reason": "Follow-up visit"}),
    )
    .await;
    assert_eq!(twice.status(), 409);
}

async fn an_urgent_booking_skips_the_notice_but_never_another_appointment(db: Database) {
    let (app, s) = Scenario::new(db).doctor(INSTANT).build().await;
    let (second, _) = app
        .listed_doctor("doc2@example.org", s.clinic, INSTANT)
        .await;
    let desk = secretary(&app, "sonia@lac.test", s.clinic).await;
    let (patient, _) = app.quick_patient("amina@example.org").await;
    let (other, _) = app.quick_patient("omar@example.org").await;
    // Two days' notice: every slot of tomorrow is too soon for an ordinary booking.
    sqlx::query("UPDATE doctors SET min_notice_minutes = 2880 WHERE user_id = $1")
        .bind(s.doctor)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let count = |list: &Value| list["days"][0]["slots"].as_array().map_or(0, Vec::len);
    let plain = app
        .get_json(
            &format!(
                "/api/v1/clinic/slots?doctor={}&date={}",
                s.doctor,
                local_day(1)
            ),
            Some(&desk),
        )
        .await;
    assert_eq!(count(&plain), 0, "{plain}");
    let urgent = app
        .get_json(
            &format!(
                "/api/v1/clinic/slots?doctor={}&date={}&urgent=true",
                s.doctor,
                local_day(1)
            ),
            Some(&desk),
        )
        .await;
    assert_eq!(count(&urgent), 6, "09:00 to 12:00 in 30 minutes: {urgent}");

    let start = slot_at(1, "10:00");
    let ordinary = desk_book(
        &app,
        &desk,
        json!({"patient_id": patient, "doctor_id": s.doctor, "start": start, "reason": "Fever since yesterday"}),
    )
    .await;
    assert_eq!(conflict_of(ordinary).await, "slot_taken");
    let booked = desk_book(
        &app,
        &desk,
        json!({"patient_id": patient, "doctor_id": s.doctor, "start": start, "reason": "Fever since yesterday", "urgent": true}),
    )
    .await;
    assert_eq!(booked.status(), 201);
    let booked: Value = booked.json().await.unwrap();
    assert_eq!(booked["appointment"]["urgent"], true);
    // Never over another appointment: the doctor's, or the patient's own elsewhere.
    let over = desk_book(
        &app,
        &desk,
        json!({"patient_id": other, "doctor_id": s.doctor, "start": start, "reason": "Urgent as well", "urgent": true}),
    )
    .await;
    assert_eq!(conflict_of(over).await, "slot_taken");
    let elsewhere = desk_book(
        &app,
        &desk,
        json!({"patient_id": patient, "doctor_id": second, "start": start, "reason": "Fever since yesterday", "urgent": true}),
    )
    .await;
    assert_eq!(conflict_of(elsewhere).await, "patient_overlap");
    let still_urgent = app
        .get_json(
            &format!(
                "/api/v1/clinic/slots?doctor={}&date={}&urgent=true",
                s.doctor,
                local_day(1)
            ),
            Some(&desk),
        )
        .await;
    assert_eq!(count(&still_urgent), 5, "the booked slot is gone");
}

async fn a_request_is_reassigned_to_a_free_doctor_of_the_same_specialty(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).build().await;
    let (second, second_token) = app
        .listed_doctor("doc2@example.org", s.clinic, APPROVAL)
        .await;
    let (busy, busy_token) = app
        .listed_doctor("doc3@example.org", s.clinic, INSTANT)
        .await;
    let desk = secretary(&app, "sonia@lac.test", s.clinic).await;
    let patient = app.verified_patient("amina@example.org").await;
    let (_, other) = app.quick_patient("omar@example.org").await;
    let start = slot_at(3, "09:00");
    let booked = app
        .api(
            Method::POST,
            "/api/v1/appointments",
            Some(&patient),
            Some(json!({"doctor_id": s.doctor, "start": start, "reason": "Check-up"})),
        )
        .await;
    let id = booked.json::<Value>().await.unwrap()["appointment"]["id"]
        .as_i64()
        .unwrap();
    // The queue lists it.
    let queue = app
        .get_json("/api/v1/appointments?scope=requests", Some(&desk))
        .await;
    assert!(
        queue.to_string().contains(&format!("\"id\":{id}")),
        "{queue}"
    );
    // A doctor busy at that time cannot take it.
    app.api(
        Method::POST,
        "/api/v1/appointments",
        Some(&other),
        Some(json!({"doctor_id": busy, "start": start, "reason": "Check-up"})),
    )
    .await;
    let path = format!("/api/v1/appointments/{id}/reassign");
    let refused = app
        .api(
            Method::POST,
            &path,
            Some(&desk),
            Some(json!({"doctor_id": busy})),
        )
        .await;
    assert_eq!(refused.status(), 409);
    let _ = busy_token;
    // A doctor of another specialty cannot either.
    sqlx::query("UPDATE doctors SET specialty_id = 2 WHERE user_id = $1")
        .bind(busy)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let refused = app
        .api(
            Method::POST,
            &path,
            Some(&desk),
            Some(json!({"doctor_id": busy})),
        )
        .await;
    let (status, _, field) = error_of(refused).await;
    assert_eq!(status, 422);
    assert_eq!(field.unwrap().0, "doctor_id");
    // The free colleague takes it, and is told.
    let moved = app
        .api(
            Method::POST,
            &path,
            Some(&desk),
            Some(json!({"doctor_id": second})),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let moved: Value = moved.json().await.unwrap();
    assert_eq!(moved["appointment"]["doctor_id"], second);
    assert_eq!(moved["appointment"]["status"], "requested");
    // The history keeps a code with the doctor's name; the page says it in the reader's words.
    let note = moved["events"].as_array().unwrap().last().unwrap()["reason"].clone();
    let doctor_name = moved["appointment"]["doctor_name"].as_str().unwrap();
    assert_eq!(note, format!("reassigned:{doctor_name}"));
    let bell = app
        .get_json("/api/v1/notifications", Some(&second_token))
        .await;
    assert_eq!(bell["items"][0]["kind"], "requested");
    assert_eq!(bell["items"][0]["appointment_id"], id);
    // The new doctor may accept it; a patient may not reassign.
    let by_patient = app
        .api(
            Method::POST,
            &path,
            Some(&patient),
            Some(json!({"doctor_id": s.doctor})),
        )
        .await;
    assert_eq!(by_patient.status(), 403);
    let accepted = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/accept"),
            Some(&second_token),
            Some(json!({"reason": ""})),
        )
        .await;
    assert_eq!(accepted.status(), 200);
    // Once confirmed it is no longer a request.
    let late = app
        .api(
            Method::POST,
            &path,
            Some(&desk),
            Some(json!({"doctor_id": s.doctor})),
        )
        .await;
    assert_eq!(late.status(), 409);
}

async fn the_desk_is_scoped_to_its_own_clinic(db: Database) {
    let app = spawn_app(db).await;
    let lac = app.clinic("Clinique du Lac").await;
    let oliviers = app.clinic("Clinique des Oliviers").await;
    let (doctor, _) = app.listed_doctor("doc@example.org", lac, APPROVAL).await;
    let (_, patient_token) = app.quick_patient("amina@example.org").await;
    let (patient, _) = app.quick_patient("omar@example.org").await;
    let stranger = secretary(&app, "nour@oliviers.test", oliviers).await;
    let slots = app
        .api(
            Method::GET,
            &format!("/api/v1/clinic/slots?doctor={doctor}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_eq!(slots.status(), 422);
    // Not a doctor at all: refused the same way, by name.
    let not_a_doctor = app
        .api(
            Method::GET,
            &format!("/api/v1/clinic/slots?doctor={patient}"),
            Some(&stranger),
            None,
        )
        .await;
    let (status, _, field) = error_of(not_a_doctor).await;
    assert_eq!((status, field.unwrap().0.as_str()), (422, "doctor_id"));
    let booked = desk_book(
        &app,
        &stranger,
        json!({"patient_id": patient, "doctor_id": doctor, "start": slot_at(3, "09:00"), "reason": "Check-up"}),
    )
    .await;
    let (status, _, field) = error_of(booked).await;
    assert_eq!((status, field.unwrap().0.as_str()), (422, "doctor_id"));
    assert_eq!(
        app.get_json("/api/v1/clinic/doctors", Some(&stranger))
            .await,
        json!([])
    );
    let request = app
        .api(
            Method::POST,
            "/api/v1/appointments",
            Some(&patient_token),
            Some(json!({"doctor_id": doctor, "start": slot_at(3, "09:00"), "reason": "Check-up"})),
        )
        .await;
    let id = request.json::<Value>().await.unwrap()["appointment"]["id"]
        .as_i64()
        .unwrap();
    let reassigned = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/reassign"),
            Some(&stranger),
            Some(json!({"doctor_id": doctor})),
        )
        .await;
    assert_eq!(reassigned.status(), 404);
    // Patients and doctors have no desk.
    let denied = app
        .api(
            Method::GET,
            "/api/v1/clinic/patients?q=amina",
            Some(&patient_token),
            None,
        )
        .await;
    assert_eq!(denied.status(), 403);
}

async fn the_desk_reads_a_doctors_calendar_and_a_patient_their_month(db: Database) {
    let app = spawn_app(db).await;
    let lac = app.clinic("Clinique du Lac").await;
    let oliviers = app.clinic("Clinique des Oliviers").await;
    let (doctor, _) = app.listed_doctor("doc@example.org", lac, INSTANT).await;
    let desk = secretary(&app, "sonia@lac.test", lac).await;
    let stranger = secretary(&app, "nour@oliviers.test", oliviers).await;
    let (_, patient) = app.quick_patient("amina@example.org").await;
    let (_, other) = app.quick_patient("omar@example.org").await;
    let day = local_day(3);
    let booked = app
        .api(
            Method::POST,
            "/api/v1/appointments",
            Some(&patient),
            Some(json!({"doctor_id": doctor, "start": slot_at(3, "10:00"), "reason": "Check-up"})),
        )
        .await;
    assert_eq!(booked.status(), 201);

    // The desk sees the doctor's day with the visit at its local time.
    let calendar = app
        .get_json(
            &format!("/api/v1/clinic/calendar?doctor={doctor}&view=day&date={day}"),
            Some(&desk),
        )
        .await;
    assert_eq!(calendar["view"], "day");
    let visits = calendar["days"][0]["appointments"].as_array().unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0]["slot"]["time"], "10:00");
    assert_eq!(visits[0]["status"], "confirmed");
    let week = app
        .get_json(
            &format!("/api/v1/clinic/calendar?doctor={doctor}&date={day}"),
            Some(&desk),
        )
        .await;
    assert_eq!(week["days"].as_array().unwrap().len(), 7);
    // Another clinic's desk, a bad view, a patient: refused.
    let refused = app
        .api(
            Method::GET,
            &format!("/api/v1/clinic/calendar?doctor={doctor}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_eq!(refused.status(), 422);
    let refused = app
        .api(
            Method::GET,
            &format!("/api/v1/clinic/calendar?doctor={doctor}&view=year"),
            Some(&desk),
            None,
        )
        .await;
    let (status, _, field) = error_of(refused).await;
    assert_eq!((status, field.unwrap().0.as_str()), (422, "view"));
    let refused = app
        .api(
            Method::GET,
            &format!("/api/v1/clinic/calendar?doctor={doctor}"),
            Some(&patient),
            None,
        )
        .await;
    assert_eq!(refused.status(), 403);

    // The patient's month holds the visit on its local day; another patient's is empty.
    let month = app
        .get_json(
            &format!("/api/v1/me/appointments/month?date={day}"),
            Some(&patient),
        )
        .await;
    assert_eq!(month["view"], "month");
    let on_day: Vec<&Value> = month["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["date"] == day)
        .collect();
    assert_eq!(on_day[0]["appointments"][0]["slot"]["time"], "10:00");
    let others = app
        .get_json(
            &format!("/api/v1/me/appointments/month?date={day}"),
            Some(&other),
        )
        .await;
    assert!(others["days"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["appointments"] == json!([])));
}
