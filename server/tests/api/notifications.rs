//! Notifications through HTTP: the bell (list, mark read, live stream), emails in the
//! recipient's language with a calendar file received by a real SMTP server, the reminder
//! sent once with two workers, and a failing SMTP server retried then shown failed to staff.
//!
//! One coherent thing over 400 lines: who is told of what, by bell and by email.

use crate::db_tests;
use crate::helpers::{slot_at, spawn_app, spawn_app_with, Database, TestApp, PASSWORD};
use crate::scenario::{Scenario, APPROVAL, INSTANT};
use crate::smtp_sink::SmtpSink;
use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, Component, EventStatus};
use reqwest::Method;
use serde_json::{json, Value};
use shared::Role;

db_tests!(
    a_request_rings_both_bells_and_each_marks_only_their_own,
    a_secretarys_cancellation_tells_both_with_the_reason,
    emails_reach_an_smtp_server_in_the_recipients_language_with_a_calendar_file,
    a_reminder_is_sent_once_with_two_workers_at_the_clinics_delay,
    a_visit_moved_after_its_reminder_is_reminded_again_of_its_new_time,
    a_failing_smtp_server_is_retried_then_shown_failed_to_staff,
    the_bell_stream_tells_of_news_without_asking_again,
);

async fn book(app: &TestApp, token: &str, doctor: i64, start: &str) -> i64 {
    let response = app
        .api(
            Method::POST,
            "/api/v1/appointments",
            Some(token),
            Some(json!({"doctor_id": doctor, "start": start, "reason": "Check-up and blood pressure"})),
        )
        .await;
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert_eq!(status, 201, "booking {start}: {body}");
    body["appointment"]["id"].as_i64().unwrap()
}

async fn bell(app: &TestApp, token: &str) -> Value {
    app.get_json("/api/v1/notifications", Some(token)).await
}

fn kinds(bell: &Value) -> Vec<&str> {
    bell["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["kind"].as_str().unwrap())
        .collect()
}

async fn run_jobs(app: &TestApp, at: DateTime<Utc>) {
    server::worker::run_due_jobs(&app.state, "test-worker", at)
        .await
        .unwrap();
}

/// Runs the due jobs until no notification email is waiting: the server's own worker may
/// hold one of them at that moment, so a single run is not enough to see every email.
async fn emails_settle(app: &TestApp) {
    for _ in 0..100 {
        run_jobs(app, Utc::now()).await;
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE email_state = 'pending' AND email_attempts = 0",
        )
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        if waiting == 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("notification emails still waiting after 10 s");
}

/// The emails written to the outbox for `recipient` that carry a notification.
async fn notice_mails(app: &TestApp, recipient: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "SELECT subject, body FROM mail_outbox WHERE recipient = $1 \
         AND notification_id IS NOT NULL ORDER BY id",
    )
    .bind(recipient)
    .fetch_all(&app.db.pool)
    .await
    .unwrap()
}

async fn a_request_rings_both_bells_and_each_marks_only_their_own(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).patient().build().await;
    let id = book(&app, &s.patient, s.doctor, &slot_at(3, "09:00")).await;

    let doctors_bell = bell(&app, &s.doctor_token).await;
    assert_eq!(doctors_bell["unread"], 1);
    assert_eq!(kinds(&doctors_bell), ["requested"]);
    let item = &doctors_bell["items"][0];
    assert_eq!(item["about"], "Amina Mansour");
    assert_eq!(item["appointment_id"], id);
    assert_eq!(item["starts"]["time"], "09:00", "the clinic's local time");
    assert_eq!(item["read"], false);

    // The doctor accepts: the patient is told, the doctor is not told of their own answer.
    let accepted = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/accept"),
            Some(&s.doctor_token),
            Some(json!({"reason": ""})),
        )
        .await;
    assert_eq!(accepted.status(), 200);
    let patients_bell = bell(&app, &s.patient).await;
    assert_eq!(kinds(&patients_bell), ["confirmed", "requested"]);
    assert_eq!(patients_bell["items"][0]["about"], "Test doc");
    // The patient's own request is listed (and emailed) but is not news: only the answer rings.
    assert_eq!(patients_bell["unread"], 1);
    assert_eq!(patients_bell["items"][0]["read"], false);
    assert_eq!(patients_bell["items"][1]["read"], true);
    assert_eq!(bell(&app, &s.doctor_token).await["unread"], 1);

    // Marking someone else's notification changes nothing for either.
    let doctors_item = doctors_bell["items"][0]["id"].as_i64().unwrap();
    let marked = app
        .post_ok(
            "/api/v1/notifications/read",
            &s.patient,
            json!({"ids": [doctors_item]}),
        )
        .await;
    assert_eq!(marked["unread"], 1);
    assert_eq!(bell(&app, &s.doctor_token).await["unread"], 1);
    let marked = app
        .post_ok(
            "/api/v1/notifications/read",
            &s.doctor_token,
            json!({"ids": [doctors_item]}),
        )
        .await;
    assert_eq!(marked["unread"], 0);
    assert_eq!(bell(&app, &s.doctor_token).await["items"][0]["read"], true);
    let marked = app
        .post_ok(
            "/api/v1/notifications/read",
            &s.patient,
            json!({"all": true}),
        )
        .await;
    assert_eq!(marked["unread"], 0);
    let too_many: Vec<i64> = (1..=201).collect();
    let refused = app
        .api(
            Method::POST,
            "/api/v1/notifications/read",
            Some(&s.patient),
            Some(json!({ "ids": too_many })),
        )
        .await;
    assert_eq!(refused.status(), 422);
    let anonymous = app
        .api(Method::GET, "/api/v1/notifications", None, None)
        .await;
    assert_eq!(anonymous.status(), 401);

    // Each notification is emailed once, and its staff see that it went.
    emails_settle(&app).await;
    let mails = notice_mails(&app, "amina@example.org").await;
    let subjects: Vec<&str> = mails.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(
        subjects,
        [
            "Appointment requested with Test doc",
            "Appointment confirmed with Test doc"
        ]
    );
    let mails = notice_mails(&app, "doc@example.org").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].0, "New appointment request from Amina Mansour");
    let detail = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&s.doctor_token))
        .await;
    let notices = detail["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(notices
        .iter()
        .all(|n| n["email"] == "sent" && n["attempts"] == 1));
    let patient_view = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&s.patient))
        .await;
    assert_eq!(patient_view["notices"], json!([]));
}

async fn a_secretarys_cancellation_tells_both_with_the_reason(db: Database) {
    let (app, s) = Scenario::new(db).doctor(INSTANT).patient().build().await;
    app.account("sonia@lac.test", Role::Secretary, Some(s.clinic))
        .await;
    let secretary = app.token("sonia@lac.test", PASSWORD).await;
    let id = book(&app, &s.patient, s.doctor, &slot_at(3, "10:00")).await;
    let cancelled = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            Some(&secretary),
            Some(json!({"reason": "Doctor unwell"})),
        )
        .await;
    assert_eq!(cancelled.status(), 200);
    assert_eq!(
        kinds(&bell(&app, &s.patient).await),
        ["cancelled", "confirmed"]
    );
    assert_eq!(
        kinds(&bell(&app, &s.doctor_token).await),
        ["cancelled", "confirmed"]
    );
    assert_eq!(bell(&app, &secretary).await["items"], json!([]));
    emails_settle(&app).await;
    let mails = notice_mails(&app, "amina@example.org").await;
    let (subject, body) = mails.last().unwrap();
    assert_eq!(subject, "Appointment cancelled with Test doc");
    assert!(body.contains("Reason: Doctor unwell"), "{body}");
    assert!(
        body.contains("10:00") && body.contains("Africa/Tunis"),
        "{body}"
    );
    // The secretary sees the log; a secretary of another clinic sees nothing.
    let log = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&secretary))
        .await;
    assert_eq!(log["notices"].as_array().unwrap().len(), 4);
    let other = app.clinic("Clinique des Oliviers").await;
    app.account("nour@oliviers.test", Role::Secretary, Some(other))
        .await;
    let stranger = app.token("nour@oliviers.test", PASSWORD).await;
    let hidden = app
        .api(
            Method::GET,
            &format!("/api/v1/appointments/{id}"),
            Some(&stranger),
            None,
        )
        .await;
    assert_eq!(hidden.status(), 404);
}

async fn emails_reach_an_smtp_server_in_the_recipients_language_with_a_calendar_file(db: Database) {
    let sink = SmtpSink::start().await;
    let app = spawn_app_with(db, &[("SALUS_SMTP_URL", &sink.url())]).await;
    let clinic = app.clinic("Clinique du Lac").await;
    sqlx::query("UPDATE clinics SET address = '12 rue du Lac, Tunis' WHERE id = $1")
        .bind(clinic)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (doctor, _) = app.listed_doctor("doc@example.org", clinic, INSTANT).await;
    let (_, patient) = app.quick_patient("amina@example.org").await;
    sqlx::query("UPDATE users SET language = 'fr' WHERE email = 'amina@example.org'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let start = slot_at(5, "10:30");
    let id = book(&app, &patient, doctor, &start).await;
    run_jobs(&app, Utc::now()).await;

    let received = sink.wait_for("amina@example.org", 1).await;
    let mail = &received[0];
    assert_eq!(mail.subject, "Rendez-vous confirmé avec Test doc");
    assert!(mail.text.starts_with("Bonjour Quick,"), "{}", mail.text);
    assert!(
        mail.text.contains("à 10:30"),
        "Tunis time in: {}",
        mail.text
    );
    assert!(mail.text.contains("Clinique du Lac, 12 rue du Lac, Tunis"));
    assert!(mail.text.contains(&format!("/appointments/{id}")));
    let (name, ics) = mail.calendar.as_ref().expect("a calendar attachment");
    assert_eq!(name, "appointment.ics");
    let calendar: Calendar = ics.parse().expect("a valid iCalendar file");
    let event = calendar
        .components
        .iter()
        .find_map(|c| c.as_event())
        .expect("an event");
    let starts_utc = start.replace(['-', ':'], "");
    assert!(
        ics.contains(&format!("DTSTART:{}", &starts_utc)),
        "{starts_utc} in {ics}"
    );
    assert_eq!(event.get_status(), Some(EventStatus::Confirmed));
    assert_eq!(event.get_summary(), Some("Rendez-vous avec Test doc"));
    let uid = event.get_uid().unwrap().to_owned();
    // The doctor reads English, about the patient.
    let to_doctor = sink.wait_for("doc@example.org", 1).await;
    assert!(
        to_doctor[0]
            .subject
            .starts_with("New appointment: Quick Patient, "),
        "{}",
        to_doctor[0].subject
    );

    // Cancelled: the same calendar entry, withdrawn.
    let cancelled = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/cancel"),
            Some(&patient),
            Some(json!({"reason": ""})),
        )
        .await;
    assert_eq!(cancelled.status(), 200);
    run_jobs(&app, Utc::now()).await;
    let received = sink.wait_for("amina@example.org", 2).await;
    let mail = received
        .iter()
        .find(|m| m.subject.starts_with("Rendez-vous annulé"))
        .expect("the cancellation");
    let calendar: Calendar = mail.calendar.as_ref().unwrap().1.parse().unwrap();
    let event = calendar
        .components
        .iter()
        .find_map(|c| c.as_event())
        .unwrap();
    assert_eq!(event.get_uid(), Some(uid.as_str()));
    assert_eq!(event.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(event.get_sequence(), Some(1));
}

/// The subjects of the reminders emailed to `recipient`, oldest first.
async fn reminder_subjects(app: &TestApp, recipient: &str) -> Vec<String> {
    notice_mails(app, recipient)
        .await
        .into_iter()
        .map(|(subject, _)| subject)
        .filter(|subject| subject.starts_with("Reminder:"))
        .collect()
}

async fn reminders(app: &TestApp, id: i64) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE appointment_id = $1 AND kind = 'reminder'",
    )
    .bind(id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap()
}

async fn a_reminder_is_sent_once_with_two_workers_at_the_clinics_delay(db: Database) {
    let app = spawn_app(db).await;
    let other = app.second_instance().await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (doctor, _) = app.listed_doctor("doc@example.org", clinic, INSTANT).await;
    let (_, patient) = app.quick_patient("amina@example.org").await;
    let start = slot_at(3, "09:00");
    let id = book(&app, &patient, doctor, &start).await;
    let starts: DateTime<Utc> = start.parse().unwrap();
    let cancelled = book(&app, &patient, doctor, &slot_at(3, "11:00")).await;
    app.api(
        Method::POST,
        &format!("/api/v1/appointments/{cancelled}/cancel"),
        Some(&patient),
        Some(json!({"reason": ""})),
    )
    .await;

    // 25 hours before: too early for the default 24-hour reminder.
    run_jobs(&app, starts - Duration::hours(25)).await;
    assert_eq!(reminders(&app, id).await, 0);
    // 23 hours before, two instances run their workers at once, then again.
    let at = starts - Duration::hours(23);
    for _ in 0..2 {
        let (a, b) = tokio::join!(
            server::worker::run_due_jobs(&app.state, "worker-a", at),
            server::worker::run_due_jobs(&other.state, "worker-b", at),
        );
        a.unwrap();
        b.unwrap();
    }
    assert_eq!(reminders(&app, id).await, 1);
    assert_eq!(
        reminders(&app, cancelled).await,
        0,
        "no reminder once cancelled"
    );
    let reminded = reminder_subjects(&app, "amina@example.org").await;
    assert_eq!(reminded.len(), 1, "{reminded:?}");
    assert!(reminded[0].ends_with("at 09:00"), "{}", reminded[0]);

    // A clinic that reminds 2 hours before.
    sqlx::query("UPDATE clinics SET reminder_hours = 2 WHERE id = $1")
        .bind(clinic)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let start = slot_at(4, "10:00");
    let late = book(&app, &patient, doctor, &start).await;
    let starts: DateTime<Utc> = start.parse().unwrap();
    run_jobs(&app, starts - Duration::hours(3)).await;
    assert_eq!(reminders(&app, late).await, 0);
    run_jobs(&app, starts - Duration::hours(1)).await;
    assert_eq!(reminders(&app, late).await, 1);
}

async fn a_visit_moved_after_its_reminder_is_reminded_again_of_its_new_time(db: Database) {
    let (app, s) = Scenario::new(db).doctor(INSTANT).build().await;
    let (_, patient) = app.quick_patient("amina@example.org").await;
    let start = slot_at(3, "09:00");
    let id = book(&app, &patient, s.doctor, &start).await;
    let starts: DateTime<Utc> = start.parse().unwrap();
    run_jobs(&app, starts - Duration::hours(23)).await;
    assert_eq!(reminders(&app, id).await, 1);

    // The doctor moves the visit two days later: the reminder follows it, once more.
    let later = slot_at(5, "10:00");
    let moved = app
        .api(
            Method::POST,
            &format!("/api/v1/appointments/{id}/reschedule"),
            Some(&s.doctor_token),
            Some(json!({"start": later})),
        )
        .await;
    assert_eq!(moved.status(), 200);
    let later_start: DateTime<Utc> = later.parse().unwrap();
    run_jobs(&app, later_start - Duration::hours(25)).await;
    assert_eq!(reminders(&app, id).await, 1, "not yet: 25 hours before");
    for _ in 0..2 {
        run_jobs(&app, later_start - Duration::hours(23)).await;
    }
    assert_eq!(
        reminders(&app, id).await,
        2,
        "reminded of the new time, once"
    );
    let reminded = reminder_subjects(&app, "amina@example.org").await;
    assert_eq!(reminded.len(), 2, "{reminded:?}");
    assert!(reminded[1].ends_with("at 10:00"), "{}", reminded[1]);
}

async fn a_failing_smtp_server_is_retried_then_shown_failed_to_staff(db: Database) {
    // A port nobody listens on: every delivery is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtp://127.0.0.1:{closed}");
    let app = spawn_app_with(db, &[("SALUS_SMTP_URL", &url)]).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (doctor, doctor_token) = app.listed_doctor("doc@example.org", clinic, INSTANT).await;
    let (_, patient) = app.quick_patient("amina@example.org").await;
    let id = book(&app, &patient, doctor, &slot_at(3, "09:30")).await;

    // The first attempt fails; the notification waits for the next one, with the error.
    emails_settle(&app).await;
    let detail = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&doctor_token))
        .await;
    let first = &detail["notices"][0];
    assert_eq!(first["email"], "pending", "retrying: {first}");
    assert!(first["attempts"].as_i64().unwrap() >= 1);
    assert!(first["last_error"].as_str().is_some_and(|e| !e.is_empty()));

    // Later and later tries, until the job gives up.
    let mut at = Utc::now();
    for _ in 0..10 {
        at += Duration::hours(2);
        run_jobs(&app, at).await;
    }
    let detail = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&doctor_token))
        .await;
    let notices = detail["notices"].as_array().unwrap();
    assert_eq!(notices.len(), 2);
    for notice in notices {
        assert_eq!(notice["email"], "failed", "{notice}");
        assert_eq!(notice["attempts"], 8, "{notice}");
        assert!(notice["last_error"].as_str().is_some_and(|e| !e.is_empty()));
        assert_eq!(notice["sent"], Value::Null);
    }
    // The in-app notification is there all the same.
    assert_eq!(kinds(&bell(&app, &doctor_token).await), ["confirmed"]);
}

/// Reads the stream until an event carries `needle`, or fails after 15 s.
async fn read_until(response: &mut reqwest::Response, needle: &str) -> String {
    read_within(response, needle, std::time::Duration::from_secs(15)).await
}

/// Reads the stream until an event carries `needle`, or fails after `within`.
pub(crate) async fn read_within(
    response: &mut reqwest::Response,
    needle: &str,
    within: std::time::Duration,
) -> String {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + within;
    while !seen.contains(needle) {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .unwrap_or_else(|_| panic!("no {needle} within {within:?}; got {seen}"))
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }
    seen
}

async fn the_bell_stream_tells_of_news_without_asking_again(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).build().await;
    let (_, patient) = app.quick_patient("amina@example.org").await;
    let mut stream = app
        .client
        .get(app.url("/api/v1/notifications/stream"))
        .bearer_auth(&s.doctor_token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert!(stream.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/event-stream"));
    let first = read_until(&mut stream, "\"unread\":0").await;
    assert!(first.contains("event: unread"), "{first}");
    book(&app, &patient, s.doctor, &slot_at(3, "09:00")).await;
    read_until(&mut stream, "\"unread\":1").await;

    // The browser's stream is the same, authenticated by the session cookie.
    let anonymous = app
        .client
        .get(app.url("/notifications/stream"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let session = app.web_session("doc@example.org", PASSWORD).await;
    let mut browser = app
        .client
        .get(app.url("/notifications/stream"))
        .header("cookie", format!("salus_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(browser.status(), 200);
    read_until(&mut browser, "\"unread\":1").await;
}
