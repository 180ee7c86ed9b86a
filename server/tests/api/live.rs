//! Live changes over server-sent events (issue 23): a doctor's free slots and the bell, told
//! within a second whichever instance made the change (two instances on PostgreSQL; SQLite
//! runs as one), and the caps on open streams.

use crate::db_tests;
use crate::helpers::{local_day, slot_at, Database, TestApp};
use crate::notifications::read_within;
use crate::scenario::{Scenario, APPROVAL};
use std::time::Duration;

db_tests!(
    a_booking_reaches_every_open_slot_stream_within_a_second,
    a_new_request_rings_the_doctors_bell_within_a_second,
    open_streams_are_capped_per_person,
    an_unknown_or_unlisted_doctor_has_no_slot_stream_and_the_bell_needs_a_session,
);

const WITHIN: Duration = Duration::from_secs(1);

async fn open(app: &TestApp, path: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// The instance another patient's page is open on: a second one on PostgreSQL, the same
/// one on SQLite.
async fn elsewhere(app: &TestApp, db: Database) -> Option<TestApp> {
    match db {
        Database::Postgres => Some(app.second_instance().await),
        Database::Sqlite => None,
    }
}

/// The version number in the last `slots` event of `seen`.
fn last_version(seen: &str) -> i64 {
    seen.lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter_map(|data| serde_json::from_str::<serde_json::Value>(data).ok())
        .filter_map(|data| data["version"].as_i64())
        .next_back()
        .expect("a slots event")
}

async fn a_booking_reaches_every_open_slot_stream_within_a_second(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).patient().build().await;
    let other = elsewhere(&app, db).await;
    let watcher = other.as_ref().unwrap_or(&app);
    let path = format!("/api/v1/doctors/{}/slots/stream", s.doctor);
    let mut stream = open(watcher, &path, None).await;
    assert_eq!(stream.status(), 200);
    let first = read_within(&mut stream, "event: slots", WITHIN).await;
    let before = last_version(&first);

    s.booked_at(&app, &slot_at(3, "09:00")).await;
    let seen = read_within(&mut stream, "event: slots", WITHIN).await;
    assert!(last_version(&seen) > before, "{seen}");
    // The page then reads the slots again: the booked one is gone.
    let slots = watcher
        .get_json(
            &format!(
                "/api/v1/doctors/{}/slots?from={day}&to={day}",
                s.doctor,
                day = local_day(3)
            ),
            None,
        )
        .await;
    let starts: Vec<&str> = slots["days"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|day| day["slots"].as_array().unwrap())
        .filter_map(|slot| slot["time"].as_str())
        .collect();
    assert!(!starts.contains(&"09:00"), "{starts:?}");
}

async fn a_new_request_rings_the_doctors_bell_within_a_second(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).patient().build().await;
    let other = elsewhere(&app, db).await;
    let watcher = other.as_ref().unwrap_or(&app);
    let mut bell = open(
        watcher,
        "/api/v1/notifications/stream",
        Some(&s.doctor_token),
    )
    .await;
    assert_eq!(bell.status(), 200);
    read_within(&mut bell, "\"unread\":0", WITHIN).await;
    s.booked_at(&app, &slot_at(3, "09:30")).await;
    read_within(&mut bell, "\"unread\":1", WITHIN).await;
}

async fn open_streams_are_capped_per_person(db: Database) {
    let (app, s) = Scenario::new(db).doctor(APPROVAL).build().await;
    let mut held = Vec::new();
    for _ in 0..server::live_streams::PER_USER {
        let stream = open(&app, "/api/v1/notifications/stream", Some(&s.doctor_token)).await;
        assert_eq!(stream.status(), 200);
        held.push(stream);
    }
    let refused = open(&app, "/api/v1/notifications/stream", Some(&s.doctor_token)).await;
    assert_eq!(refused.status(), 429, "one more than a person may hold");
    // Closing one frees its place (the server notices the client went).
    drop(held.pop());
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let again = open(&app, "/api/v1/notifications/stream", Some(&s.doctor_token)).await;
        if again.status() == 200 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the closed stream's place came back"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn an_unknown_or_unlisted_doctor_has_no_slot_stream_and_the_bell_needs_a_session(
    db: Database,
) {
    let (app, s) = Scenario::new(db).build().await;
    let response = open(&app, "/api/v1/doctors/999999/slots/stream", None).await;
    assert_eq!(response.status(), 404);
    // An applicant the clinic has not approved is nobody's to watch.
    let (applicant, _) = app.doctor("applicant@example.org", s.clinic, false).await;
    let path = format!("/api/v1/doctors/{applicant}/slots/stream");
    assert_eq!(open(&app, &path, None).await.status(), 404);
    assert_eq!(
        open(&app, "/api/v1/notifications/stream", None)
            .await
            .status(),
        401
    );
    assert_eq!(
        open(&app, "/api/v1/notifications/stream", Some("not-a-token"))
            .await
            .status(),
        401
    );
}
