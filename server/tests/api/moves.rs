//! Moving an appointment through HTTP: the same appointment changes its time (staff and
//! instant doctors at once, a confirmed visit with a doctor who answers requests by a
//! proposal that holds its slot until answered), with every step in its history.
//!
//! One coherent thing over 400 lines: every way an appointment's time changes.

use crate::db_tests;
use crate::helpers::{join_all, slot_at, spawn_app, Database, TestApp, PASSWORD};
use crate::scenario::{Scenario, APPROVAL, INSTANT};
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use shared::Role;

db_tests!(
    a_move_by_staff_changes_the_time_of_the_same_appointment,
    a_confirmed_visit_with_a_doctor_who_answers_requests_is_moved_by_proposal,
    a_refused_proposal_keeps_the_visit_and_frees_the_proposed_slot,
    an_unanswered_proposal_lapses_and_the_visit_keeps_its_time,
    a_proposal_and_a_booking_of_one_slot_leave_one_winner,
    only_the_clinic_of_the_visit_answers_its_proposal,
    a_moved_request_waits_for_the_doctor_at_its_new_time,
);

async fn book_id(app: &TestApp, token: &str, doctor: i64, start: &str) -> i64 {
    let response = app.book(token, doctor, start).await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "booking {start}: {body}");
    body["appointment"]["id"].as_i64().unwrap()
}

async fn move_to(app: &TestApp, token: &str, id: i64, start: &str) -> reqwest::Response {
    app.api(
        Method::POST,
        &format!("/api/v1/appointments/{id}/reschedule"),
        Some(token),
        Some(json!({"start": start})),
    )
    .await
}

async fn answer(app: &TestApp, token: &str, id: i64, verb: &str) -> reqwest::Response {
    app.api(
        Method::POST,
        &format!("/api/v1/appointments/{id}/proposal/{verb}"),
        Some(token),
        Some(json!({"reason": ""})),
    )
    .await
}

async fn json_ok(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body
}

/// The doctor accepts request `id`: the appointment as it then stands.
async fn accept(app: &TestApp, doctor_token: &str, id: i64) -> Value {
    json_ok(
        app.api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/accept"),
            Some(doctor_token),
            None,
        )
        .await,
    )
    .await
}

/// A confirmed visit with a doctor who answers requests: (doctor id, doctor token, patient
/// token, appointment id at 09:00 in ten days).
async fn confirmed_visit(app: &TestApp) -> (i64, String, String, i64) {
    let clinic = app.clinic("Clinique du Lac").await;
    let (doctor, doctor_token) = app.listed_doctor("doc@example.org", clinic, APPROVAL).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_id(app, &patient, doctor, &slot_at(10, "09:00")).await;
    accept(app, &doctor_token, id).await;
    (doctor, doctor_token, patient, id)
}

/// The kinds of an appointment's history, in order.
fn kinds(detail: &Value) -> Vec<String> {
    detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn appointment_rows(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM appointments")
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// Whether the doctor's public free slots of day `days` list `time`.
async fn offered(app: &TestApp, doctor: i64, days: i64, time: &str) -> bool {
    let day = crate::helpers::local_day(days);
    let slots = app
        .get_json(
            &format!("/api/v1/doctors/{doctor}/slots?from={day}&to={day}"),
            None,
        )
        .await;
    slots["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|day| day["slots"].as_array().unwrap())
        .any(|slot| slot["time"] == time)
}

async fn a_move_by_staff_changes_the_time_of_the_same_appointment(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (instant, instant_token) = app
        .listed_doctor("instant@example.org", clinic, INSTANT)
        .await;
    let patient = app.verified_patient("amina@example.org").await;
    // The doctor moves a confirmed visit: the time changes at once, the patient is told.
    let id = book_id(&app, &patient, instant, &slot_at(10, "09:00")).await;
    let rows = appointment_rows(&app).await;
    let moved = json_ok(move_to(&app, &instant_token, id, &slot_at(10, "10:30")).await).await;
    assert_eq!(moved["appointment"]["id"], id, "the same appointment");
    assert_eq!(moved["appointment"]["status"], "confirmed");
    assert_eq!(moved["appointment"]["slot"]["time"], "10:30");
    assert_eq!(moved["appointment"]["proposal"], Value::Null);
    assert_eq!(appointment_rows(&app).await, rows, "no appointment added");
    let last = moved["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "moved");
    assert_eq!(last["moved_from"]["time"], "09:00");
    assert_eq!(last["moved_to"]["time"], "10:30");
    assert_eq!(last["to"], Value::Null);
    assert_eq!(
        app.notice_kinds("amina@example.org", id).await,
        ["confirmed", "rescheduled"]
    );
    assert_eq!(
        app.notice_kinds("instant@example.org", id).await,
        ["confirmed"],
        "the doctor is not told of their own move"
    );
    // The old time is free again, the new one is not.
    assert!(offered(&app, instant, 10, "09:00").await);
    assert!(!offered(&app, instant, 10, "10:30").await);
    // Moving it to the time it already has is refused with why.
    let same: Value = move_to(&app, &instant_token, id, &slot_at(10, "10:30"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(same["details"], "already_at_that_time");
}

async fn a_confirmed_visit_with_a_doctor_who_answers_requests_is_moved_by_proposal(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token, patient, id) = confirmed_visit(&app).await;
    let proposed = json_ok(move_to(&app, &patient, id, &slot_at(11, "10:00")).await).await;
    let appointment = &proposed["appointment"];
    assert_eq!(appointment["id"], id);
    assert_eq!(appointment["status"], "confirmed", "the visit stands");
    assert_eq!(appointment["slot"]["time"], "09:00", "at its time");
    assert_eq!(appointment["proposal"]["slot"]["time"], "10:00");
    assert_eq!(
        appointment["proposal"]["slot"]["date"],
        crate::helpers::local_day(11)
    );
    assert!(appointment["proposal"]["expires_at"]["at"].is_string());
    assert_eq!(appointment["allowed"]["answer_proposal"], false);
    assert_eq!(kinds(&proposed).last().unwrap(), "move_proposed");
    // The doctor is asked; the patient's record says it was sent.
    assert_eq!(
        app.notice_kinds("doc@example.org", id).await,
        ["requested", "move_proposed"]
    );
    assert!(app
        .notice_kinds("amina@example.org", id)
        .await
        .contains(&"move_proposed".to_owned()));
    // Both times are held: neither is offered, and nobody else can book the proposed one.
    assert!(!offered(&app, doctor, 10, "09:00").await);
    assert!(!offered(&app, doctor, 11, "10:00").await);
    let rival = app.verified_patient("omar@example.org").await;
    let taken: Value = app
        .book(&rival, doctor, &slot_at(11, "10:00"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(taken["details"], "slot_taken");
    // The doctor's list of new times to answer has it.
    let waiting = app
        .get_json("/api/v1/appointments?scope=proposals", Some(&doctor_token))
        .await;
    assert_eq!(waiting.as_array().unwrap().len(), 1);
    assert_eq!(waiting[0]["id"], id);
    assert_eq!(waiting[0]["proposal"]["slot"]["time"], "10:00");
    // So does the front desk's list for the clinic; another clinic's desk sees nothing.
    let clinic: i64 = sqlx::query_scalar("SELECT clinic_id FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let elsewhere = app.clinic("Clinique du Nord").await;
    for (email, at) in [("desk@lac.test", clinic), ("desk@nord.test", elsewhere)] {
        app.account(email, Role::Secretary, Some(at)).await;
    }
    let desk = app.token("desk@lac.test", PASSWORD).await;
    let desk_list = app
        .get_json("/api/v1/appointments?scope=proposals", Some(&desk))
        .await;
    assert_eq!(desk_list.as_array().unwrap().len(), 1);
    assert_eq!(desk_list[0]["id"], id);
    let other_desk = app.token("desk@nord.test", PASSWORD).await;
    assert!(app
        .get_json("/api/v1/appointments?scope=proposals", Some(&other_desk))
        .await
        .as_array()
        .unwrap()
        .is_empty());
    // The patient cannot answer their own proposal.
    assert_eq!(answer(&app, &patient, id, "accept").await.status(), 403);
    // The doctor sees it and accepts: the same appointment moves, the old time frees.
    let seen = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&doctor_token))
        .await;
    assert_eq!(seen["appointment"]["allowed"]["answer_proposal"], true);
    let accepted = json_ok(answer(&app, &doctor_token, id, "accept").await).await;
    assert_eq!(accepted["appointment"]["id"], id);
    assert_eq!(accepted["appointment"]["status"], "confirmed");
    assert_eq!(accepted["appointment"]["slot"]["time"], "10:00");
    assert_eq!(accepted["appointment"]["proposal"], Value::Null);
    let last = accepted["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["kind"], "moved");
    assert_eq!(last["moved_from"]["time"], "09:00");
    assert_eq!(last["actor_name"], seen["appointment"]["doctor_name"]);
    assert!(offered(&app, doctor, 10, "09:00").await);
    assert_eq!(
        app.notice_kinds("amina@example.org", id)
            .await
            .last()
            .unwrap(),
        "rescheduled"
    );
    assert!(app
        .get_json("/api/v1/appointments?scope=proposals", Some(&doctor_token))
        .await
        .as_array()
        .unwrap()
        .is_empty());
    // Answered once: a second answer finds nothing to answer.
    let again: Value = answer(&app, &doctor_token, id, "refuse")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["details"], "no_proposal");
}

async fn a_refused_proposal_keeps_the_visit_and_frees_the_proposed_slot(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token, patient, id) = confirmed_visit(&app).await;
    json_ok(move_to(&app, &patient, id, &slot_at(11, "10:00")).await).await;
    // A second proposal replaces the first, whose slot frees at once.
    json_ok(move_to(&app, &patient, id, &slot_at(12, "11:00")).await).await;
    assert!(offered(&app, doctor, 11, "10:00").await);
    assert!(!offered(&app, doctor, 12, "11:00").await);
    let refused = json_ok(
        app.api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/proposal/refuse"),
            Some(&doctor_token),
            Some(json!({"reason": "Fully booked that morning"})),
        )
        .await,
    )
    .await;
    let appointment = &refused["appointment"];
    assert_eq!(appointment["status"], "confirmed");
    assert_eq!(appointment["slot"]["time"], "09:00");
    assert_eq!(appointment["slot"]["date"], crate::helpers::local_day(10));
    assert_eq!(appointment["proposal"], Value::Null);
    assert_eq!(
        kinds(&refused)[2..],
        [
            "move_proposed",
            "move_withdrawn",
            "move_proposed",
            "move_refused"
        ]
    );
    let last = refused["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["reason"], "Fully booked that morning");
    assert_eq!(last["moved_to"]["time"], "11:00");
    assert!(offered(&app, doctor, 12, "11:00").await);
    assert!(!offered(&app, doctor, 10, "09:00").await);
    assert_eq!(
        app.notice_kinds("amina@example.org", id)
            .await
            .last()
            .unwrap(),
        "move_refused"
    );
}

async fn an_unanswered_proposal_lapses_and_the_visit_keeps_its_time(db: Database) {
    let app = spawn_app(db).await;
    let (doctor, doctor_token, patient, id) = confirmed_visit(&app).await;
    let proposed = json_ok(move_to(&app, &patient, id, &slot_at(11, "10:00")).await).await;
    let expires = chrono::DateTime::parse_from_rfc3339(
        proposed["appointment"]["proposal"]["expires_at"]["at"]
            .as_str()
            .unwrap(),
    )
    .unwrap()
    .with_timezone(&Utc);
    // The clinic's request deadline (48 hours), before either time and the card's end.
    let hours = (expires - Utc::now()).num_minutes() as f64 / 60.0;
    assert!((47.9..=48.0).contains(&hours), "{hours} hours");
    server::worker::run_due_jobs(&app.state, "moves-test", expires + Duration::seconds(1))
        .await
        .unwrap();
    let after = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&patient))
        .await;
    assert_eq!(after["appointment"]["status"], "confirmed");
    assert_eq!(after["appointment"]["slot"]["time"], "09:00");
    assert_eq!(after["appointment"]["proposal"], Value::Null);
    assert_eq!(kinds(&after).last().unwrap(), "move_lapsed");
    assert_eq!(
        after["events"].as_array().unwrap().last().unwrap()["actor_name"],
        Value::Null,
        "Salus let it lapse"
    );
    assert_eq!(
        app.notice_kinds("amina@example.org", id)
            .await
            .last()
            .unwrap(),
        "move_lapsed"
    );
    assert!(!app
        .notice_kinds("doc@example.org", id)
        .await
        .contains(&"move_lapsed".to_owned()));
    assert!(offered(&app, doctor, 11, "10:00").await);
    let late: Value = answer(&app, &doctor_token, id, "accept")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(late["details"], "no_proposal");
}

async fn a_proposal_and_a_booking_of_one_slot_leave_one_winner(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).build().await;
    for round in 0..4 {
        let day = 10 + round;
        let mover = app
            .quick_patient(&format!("mover{round}@example.org"))
            .await
            .1;
        let rivals: Vec<String> = join_all((0..3).map(|n| {
            let email = format!("rival{round}-{n}@example.org");
            let app = &app;
            async move { app.quick_patient(&email).await }
        }))
        .await
        .into_iter()
        .map(|(_, token)| token)
        .collect();
        let id = book_id(&app, &mover, s.doctor, &slot_at(day, "09:00")).await;
        accept(&app, &s.doctor_token, id).await;
        let target = slot_at(day, "11:00");
        let (proposal, bookings) = tokio::join!(
            move_to(&app, &mover, id, &target),
            join_all(
                rivals
                    .iter()
                    .map(|rival| app.book(rival, s.doctor, &target))
            ),
        );
        let proposed = u64::from(proposal.status() == 200);
        let booked = bookings.iter().filter(|r| r.status() == 201).count() as u64;
        assert_eq!(
            proposed + booked,
            1,
            "one claim on the slot: proposal {}, bookings {booked}",
            proposal.status()
        );
        let start = chrono::DateTime::parse_from_rfc3339(&target)
            .unwrap()
            .timestamp();
        let claims: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM appointments WHERE doctor_id = $1 AND starts_at = $2 \
             AND status IN ('requested', 'confirmed')) \
             + (SELECT COUNT(*) FROM appointment_proposals WHERE doctor_id = $1 AND starts_at = $2)",
        )
        .bind(s.doctor)
        .bind(start)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        assert_eq!(claims, 1);
        let visit = app
            .get_json(&format!("/api/v1/appointments/{id}"), Some(&mover))
            .await;
        assert_eq!(visit["appointment"]["status"], "confirmed");
        assert_eq!(visit["appointment"]["slot"]["time"], "09:00");
    }
}

async fn only_the_clinic_of_the_visit_answers_its_proposal(db: Database) {
    let app = spawn_app(db).await;
    let (_, _, patient, id) = confirmed_visit(&app).await;
    json_ok(move_to(&app, &patient, id, &slot_at(11, "10:00")).await).await;
    let elsewhere = app.clinic("Clinique des Pins").await;
    let (_, other_doctor) = app
        .listed_doctor("other@example.org", elsewhere, APPROVAL)
        .await;
    app.account("desk@example.org", shared::Role::Secretary, Some(elsewhere))
        .await;
    let other_desk = app
        .token("desk@example.org", crate::helpers::PASSWORD)
        .await;
    let stranger = app.verified_patient("omar@example.org").await;
    for token in [&other_doctor, &other_desk, &stranger] {
        for verb in ["accept", "refuse"] {
            assert_eq!(answer(&app, token, id, verb).await.status(), 404, "{verb}");
        }
        assert_eq!(
            move_to(&app, token, id, &slot_at(12, "10:00"))
                .await
                .status(),
            404
        );
    }
    assert_eq!(
        app.api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/proposal/accept"),
            None,
            None,
        )
        .await
        .status(),
        401
    );
    // The visit's own clinic desk may answer it.
    let clinic: i64 = sqlx::query_scalar("SELECT clinic_id FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    app.account("front@example.org", shared::Role::Secretary, Some(clinic))
        .await;
    let desk = app
        .token("front@example.org", crate::helpers::PASSWORD)
        .await;
    let accepted = json_ok(answer(&app, &desk, id, "accept").await).await;
    assert_eq!(accepted["appointment"]["slot"]["time"], "10:00");
}

async fn a_moved_request_waits_for_the_doctor_at_its_new_time(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).patient().build().await;
    let id = book_id(&app, &s.patient, s.doctor, &slot_at(10, "09:00")).await;
    let moved = json_ok(move_to(&app, &s.patient, id, &slot_at(10, "11:00")).await).await;
    assert_eq!(moved["appointment"]["id"], id);
    assert_eq!(moved["appointment"]["status"], "requested");
    assert_eq!(moved["appointment"]["slot"]["time"], "11:00");
    assert_eq!(moved["appointment"]["proposal"], Value::Null);
    assert!(offered(&app, s.doctor, 10, "09:00").await);
    // The doctor answers the request at its new time.
    let accepted = accept(&app, &s.doctor_token, id).await;
    assert_eq!(accepted["appointment"]["status"], "confirmed");
    assert_eq!(accepted["appointment"]["slot"]["time"], "11:00");
}
