//! Ratings and statistics through HTTP: who may rate and when, one rating per visit, edits
//! for a week, replies, moderation, the directory's maintained summary, and every figure of
//! the doctor's and the clinic's statistics on a fixture that spans a DST change.
//!
//! One coherent thing over 400 lines: ratings and the figures computed from them, on one fixture.

use crate::db_tests;
use crate::helpers::{error_of, refused_fields, spawn_app, Database, TestApp, PASSWORD};
use crate::scenario::{Cast, Scenario, INSTANT};
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::Paris;
use reqwest::Method;
use serde_json::{json, Value};
use shared::Role;

db_tests!(
    a_patient_rates_a_completed_visit_once_and_edits_it,
    only_a_completed_visit_of_ones_own_can_be_rated,
    ratings_close_thirty_days_after_the_visit_and_edits_after_seven,
    the_rating_invitation_is_emailed_after_the_visit,
    the_doctor_replies_once_and_filters_the_feedback,
    hidden_comments_are_not_shown_publicly_and_still_count,
    the_directory_sorts_and_filters_by_the_kept_summary,
    doctor_statistics_are_exact_across_a_dst_change,
    clinic_statistics_are_exact_scoped_and_exported,
);

/// The start of a visit two days on by the server's clock, at `time` in Tunis (UTC+1).
fn visit_start(app: &TestApp, time: &str) -> String {
    let day = app
        .state
        .clock
        .now()
        .with_timezone(&chrono_tz::Africa::Tunis)
        .date_naive()
        + Duration::days(2);
    let hour: u32 = time[..2].parse().unwrap();
    format!("{day}T{:02}:{}:00Z", hour - 1, &time[3..])
}

/// A confirmed visit of `patient` with `doctor` at `start`.
async fn booked_visit(app: &TestApp, patient: &str, doctor: i64, start: &str) -> i64 {
    let body = app
        .post_ok(
            "/api/v1/appointments",
            patient,
            json!({"doctor_id": doctor, "start": start, "reason": "Check-up please"}),
        )
        .await;
    body["appointment"]["id"].as_i64().unwrap()
}

/// The doctor marks a visit that has begun as completed.
async fn complete(app: &TestApp, doctor_token: &str, id: i64) {
    let done = act(app, doctor_token, id, "complete").await;
    assert_eq!(done.status(), 200, "{}", done.text().await.unwrap());
}

/// The scenario's patient books its doctor two days on at `time`; the clock moves to 40
/// minutes into the visit, where both sign in again and the doctor completes it.
async fn completed_visit(app: &TestApp, s: &mut Cast, time: &str) -> i64 {
    let start = visit_start(app, time);
    let id = booked_visit(app, &s.patient, s.doctor, &start).await;
    s.travel_to(app, &start, 40).await;
    complete(app, &s.doctor_token, id).await;
    id
}

async fn act(app: &TestApp, token: &str, id: i64, action: &str) -> reqwest::Response {
    app.api(
        Method::POST,
        &format!("/api/v1/appointments/{id}/{action}"),
        Some(token),
        Some(json!({"reason": "Doctor unavailable"})),
    )
    .await
}

async fn rate(app: &TestApp, token: &str, id: i64, body: Value) -> reqwest::Response {
    app.api(
        Method::POST,
        &format!("/api/v1/appointments/{id}/rating"),
        Some(token),
        Some(body),
    )
    .await
}

async fn edit(app: &TestApp, token: &str, id: i64, body: Value) -> reqwest::Response {
    app.api(
        Method::PUT,
        &format!("/api/v1/appointments/{id}/rating"),
        Some(token),
        Some(body),
    )
    .await
}

async fn summary(app: &TestApp, doctor: i64) -> Value {
    app.get_json(&format!("/api/v1/doctors/{doctor}"), None)
        .await["card"]["rating"]
        .clone()
}

async fn a_patient_rates_a_completed_visit_once_and_edits_it(db: Database) {
    let (app, mut s) = Scenario::new(db).doctor(INSTANT).patient().build().await;
    let id = completed_visit(&app, &mut s, "09:00").await;

    let visit = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&s.patient))
        .await;
    assert_eq!(visit["appointment"]["may_rate"], true);
    let before = app
        .get_json(
            &format!("/api/v1/appointments/{id}/rating"),
            Some(&s.patient),
        )
        .await;
    assert_eq!(
        (before["may_rate"].clone(), before["rating"].clone()),
        (json!(true), Value::Null)
    );

    // Bad input is named, field by field, and nothing is stored.
    let (status, error, field) = error_of(
        rate(
            &app,
            &s.patient,
            id,
            json!({"stars": 6, "comment": "x".repeat(1001)}),
        )
        .await,
    )
    .await;
    assert_eq!((status, error.as_str()), (422, "validation"));
    assert!(field.is_some());
    assert_eq!(summary(&app, s.doctor).await, Value::Null);

    let posted = rate(
        &app,
        &s.patient,
        id,
        json!({"stars": 5, "comment": "  Kind and on time. "}),
    )
    .await;
    assert_eq!(posted.status(), 201);
    let posted: Value = posted.json().await.unwrap();
    assert_eq!(posted["stars"], 5);
    assert_eq!(posted["comment"], "Kind and on time.");
    assert!(posted["editable_until"].is_string());
    assert_eq!(
        summary(&app, s.doctor).await,
        json!({"average_tenths": 50, "count": 1})
    );

    let again = rate(&app, &s.patient, id, json!({"stars": 1})).await;
    assert_eq!(again.status(), 409);
    let body: Value = again.json().await.unwrap();
    assert_eq!(body["details"], "already_rated");

    let edited: Value = edit(&app, &s.patient, id, json!({"stars": 3, "comment": ""}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (edited["stars"].clone(), edited["comment"].clone()),
        (json!(3), Value::Null)
    );
    assert_eq!(
        summary(&app, s.doctor).await,
        json!({"average_tenths": 30, "count": 1})
    );
    let visit = app
        .get_json(&format!("/api/v1/appointments/{id}"), Some(&s.patient))
        .await;
    assert_eq!(
        (
            visit["appointment"]["rated"].clone(),
            visit["appointment"]["may_rate"].clone()
        ),
        (json!(true), json!(false))
    );

    // The web app posts the same rating through its server function.
    let session = app.web_session("amina@example.org", PASSWORD).await;
    let response = app
        .client
        .post(app.url("/api/feedback/rate"))
        .header("origin", app.address.clone())
        .header("cookie", format!("salus_session={session}"))
        .form(&[
            ("appointment", id.to_string().as_str()),
            ("form[stars]", "4"),
            ("form[comment]", "Good"),
            ("edit", "true"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(
        summary(&app, s.doctor).await,
        json!({"average_tenths": 40, "count": 1})
    );
}

async fn only_a_completed_visit_of_ones_own_can_be_rated(db: Database) {
    let (app, mut s) = Scenario::new(db).doctor(INSTANT).patient().build().await;
    app.verified_patient("sami@example.org").await;

    // Confirmed, not yet seen.
    let upcoming = booked_visit(&app, &s.patient, s.doctor, &visit_start(&app, "09:00")).await;
    let (status, _, _) =
        error_of(rate(&app, &s.patient, upcoming, json!({"stars": 5})).await).await;
    assert_eq!(status, 409);
    let body: Value = rate(&app, &s.patient, upcoming, json!({"stars": 5}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["details"], "visit_not_completed");

    // Missed, and cancelled.
    let missed_at = visit_start(&app, "10:00");
    let missed = booked_visit(&app, &s.patient, s.doctor, &missed_at).await;
    s.travel_to(&app, &missed_at, 40).await;
    assert_eq!(
        act(&app, &s.doctor_token, missed, "no-show").await.status(),
        200
    );
    let cancelled = booked_visit(&app, &s.patient, s.doctor, &visit_start(&app, "11:00")).await;
    assert_eq!(
        act(&app, &s.patient, cancelled, "cancel").await.status(),
        200
    );
    for id in [missed, cancelled] {
        let body: Value = rate(&app, &s.patient, id, json!({"stars": 5}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["details"], "visit_not_completed", "appointment {id}");
    }

    // Seen, but by someone else; the doctor cannot rate either.
    let seen = completed_visit(&app, &mut s, "09:30").await;
    let stranger = app.token("sami@example.org", PASSWORD).await;
    assert_eq!(
        rate(&app, &stranger, seen, json!({"stars": 1}))
            .await
            .status(),
        404
    );
    assert_eq!(
        rate(&app, &s.doctor_token, seen, json!({"stars": 5}))
            .await
            .status(),
        403
    );
    assert_eq!(
        rate(&app, "not-a-token", seen, json!({"stars": 5}))
            .await
            .status(),
        401
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM ratings")
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

async fn ratings_close_thirty_days_after_the_visit_and_edits_after_seven(db: Database) {
    let (app, mut s) = Scenario::new(db).doctor(INSTANT).patient().build().await;
    let old = completed_visit(&app, &mut s, "09:00").await;
    // A month and a day on.
    s.travel_to(
        &app,
        &(app.state.clock.now() + Duration::days(31)).to_rfc3339(),
        0,
    )
    .await;
    let body: Value = rate(&app, &s.patient, old, json!({"stars": 4}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["details"], "rating_closed");

    let recent = completed_visit(&app, &mut s, "10:00").await;
    assert_eq!(
        rate(&app, &s.patient, recent, json!({"stars": 4}))
            .await
            .status(),
        201
    );
    // A week and a second later, the rating is locked.
    app.advance_clock(Duration::days(7) + Duration::seconds(1));
    s.sign_in_again(&app).await;
    let body: Value = edit(&app, &s.patient, recent, json!({"stars": 1, "comment": ""}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["details"], "rating_locked");
    assert_eq!(
        summary(&app, s.doctor).await,
        json!({"average_tenths": 40, "count": 1})
    );
    let rating = app
        .get_json(
            &format!("/api/v1/appointments/{recent}/rating"),
            Some(&s.patient),
        )
        .await;
    assert_eq!(rating["rating"]["editable_until"], Value::Null);
}

async fn the_rating_invitation_is_emailed_after_the_visit(db: Database) {
    let (app, mut s) = Scenario::new(db).doctor(INSTANT).patient().build().await;
    sqlx::query("UPDATE users SET language = 'fr' WHERE email = 'amina@example.org'")
        .execute(&app.db.pool)
        .await
        .unwrap();
    let id = completed_visit(&app, &mut s, "09:00").await;
    app.run_due_jobs().await;
    let (subject, body) = app.last_mail("amina@example.org").await;
    assert!(subject.starts_with("Comment s'est passée"), "{subject}");
    assert!(
        body.contains(&format!("/appointments/{id}#rating")),
        "{body}"
    );
    let start: i64 = sqlx::query_scalar("SELECT starts_at FROM appointments WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    let local = DateTime::from_timestamp(start, 0)
        .unwrap()
        .with_timezone(&chrono_tz::Africa::Tunis)
        .format("%H:%M")
        .to_string();
    assert!(
        body.contains(&local),
        "the clinic's local time {local} in: {body}"
    );
    // Run again: the job is done, nothing more is sent.
    let sent = app.mail_count("amina@example.org").await;
    app.run_due_jobs().await;
    assert_eq!(app.mail_count("amina@example.org").await, sent);
}

async fn the_doctor_replies_once_and_filters_the_feedback(db: Database) {
    let (app, mut s) = Scenario::new(db).doctor(INSTANT).build().await;
    let (other_doctor, _) = app
        .listed_doctor("other@example.org", s.clinic, INSTANT)
        .await;
    let visits = [
        ("amina@example.org", "Amina", "Ben Salah", "09:00", 5),
        ("sami@example.org", "Sami", "Trabelsi", "09:30", 2),
        ("lea@example.org", "Léa", "Martin", "10:00", 5),
    ];
    // Three patients see the doctor one morning...
    let mut ids = Vec::new();
    for (email, first, last, time, _) in visits {
        let token = app.verified_patient(email).await;
        sqlx::query("UPDATE users SET first_name = $1, last_name = $2 WHERE email = $3")
            .bind(first)
            .bind(last)
            .bind(email)
            .execute(&app.db.pool)
            .await
            .unwrap();
        ids.push(booked_visit(&app, &token, s.doctor, &visit_start(&app, time)).await);
    }
    // ...and each rates their visit once it is over.
    s.travel_to(&app, &visit_start(&app, "10:00"), 40).await;
    let other_token = app.token("other@example.org", PASSWORD).await;
    for ((email, _, _, time, stars), id) in visits.into_iter().zip(ids.iter().copied()) {
        complete(&app, &s.doctor_token, id).await;
        let token = app.token(email, PASSWORD).await;
        let body = json!({"stars": stars, "comment": format!("Visit at {time}")});
        assert_eq!(rate(&app, &token, id, body).await.status(), 201);
    }
    let feedback = app
        .get_json("/api/v1/me/feedback", Some(&s.doctor_token))
        .await;
    assert_eq!(feedback["total"], 3);
    assert_eq!(feedback["distribution"], json!([0, 1, 0, 0, 2]));
    assert_eq!(
        feedback["summary"],
        json!({"average_tenths": 40, "count": 3})
    );
    let names: Vec<&str> = feedback["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["patient_name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Amina Ben Salah"),
        "the doctor sees full names: {names:?}"
    );

    let five = app
        .get_json("/api/v1/me/feedback?stars=5", Some(&s.doctor_token))
        .await;
    assert_eq!(five["total"], 2);
    assert!(five["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["stars"] == 5));
    let by_name = app
        .get_json("/api/v1/me/feedback?patient=trabel", Some(&s.doctor_token))
        .await;
    assert_eq!(by_name["total"], 1);
    assert_eq!(by_name["ratings"][0]["patient_name"], "Sami Trabelsi");
    // The feedback page's server function, with no filter and with one.
    let session = app.web_session("doc@example.org", PASSWORD).await;
    let cookie = format!("salus_session={session}");
    for (path, total) in [("/api/feedback/mine", 3), ("/api/feedback/mine?stars=2", 1)] {
        let page: Value = app
            .page(path, &[("cookie", cookie.as_str())])
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], total, "{path}");
    }
    let today = app
        .state
        .clock
        .now()
        .with_timezone(&chrono_tz::Africa::Tunis)
        .date_naive();
    let future = format!("/api/v1/me/feedback?from={}", today + Duration::days(1));
    assert_eq!(
        app.get_json(&future, Some(&s.doctor_token)).await["total"],
        0
    );
    let window = format!(
        "/api/v1/me/feedback?from={}&to={today}",
        today - Duration::days(1)
    );
    assert_eq!(
        app.get_json(&window, Some(&s.doctor_token)).await["total"],
        3
    );
    let bad = app
        .api(
            Method::GET,
            "/api/v1/me/feedback?stars=9&from=soon",
            Some(&s.doctor_token),
            None,
        )
        .await;
    let fields = refused_fields(bad).await;
    assert_eq!(fields, ["stars", "from"]);
    // Another doctor has no feedback, and cannot see this one's.
    assert_eq!(
        app.get_json("/api/v1/me/feedback", Some(&other_token))
            .await["total"],
        0
    );

    let rating_id = feedback["ratings"][0]["id"].as_i64().unwrap();
    let reply = |token: String, text: &'static str| {
        let app = &app;
        async move {
            app.api(
                Method::POST,
                &format!("/api/v1/ratings/{rating_id}/reply"),
                Some(&token),
                Some(json!({"text": text})),
            )
            .await
        }
    };
    assert_eq!(reply(other_token.clone(), "Not mine").await.status(), 404);
    let replied = reply(s.doctor_token.clone(), "Thank you for your trust.").await;
    assert_eq!(replied.status(), 200);
    let twice = reply(s.doctor_token.clone(), "Again").await;
    let body: Value = twice.json().await.unwrap();
    assert_eq!(body["details"], "already_replied");
    let public = app
        .get_json(&format!("/api/v1/doctors/{}/ratings", s.doctor), None)
        .await;
    let shown = public["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == rating_id)
        .unwrap()
        .clone();
    assert_eq!(shown["reply"], "Thank you for your trust.");
    // The public reads a first name and an initial.
    let public_names: Vec<&str> = public["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["patient_name"].as_str().unwrap())
        .collect();
    assert!(public_names.contains(&"Amina B."), "{public_names:?}");
    let _ = (ids, other_doctor);
}

async fn hidden_comments_are_not_shown_publicly_and_still_count(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let elsewhere = app.clinic("Clinique des Pins").await;
    let (doctor, _) = app.listed_doctor("doc@example.org", clinic, INSTANT).await;
    let patient = app.verified_patient("amina@example.org").await;
    let start = visit_start(&app, "09:00");
    let id = booked_visit(&app, &patient, doctor, &start).await;
    app.travel_to(&start, 40);
    let (doctor_token, patient) = (
        app.token("doc@example.org", PASSWORD).await,
        app.token("amina@example.org", PASSWORD).await,
    );
    complete(&app, &doctor_token, id).await;
    let rating: Value = rate(
        &app,
        &patient,
        id,
        json!({"stars": 1, "comment": "Rude words here"}),
    )
    .await
    .json()
    .await
    .unwrap();
    let rating_id = rating["id"].as_i64().unwrap();
    app.account("admin@lac.example.org", Role::ClinicAdmin, Some(clinic))
        .await;
    app.account("admin@pins.example.org", Role::ClinicAdmin, Some(elsewhere))
        .await;
    app.account("desk@lac.example.org", Role::Secretary, Some(clinic))
        .await;
    let hide = |email: &'static str, reason: &'static str| {
        let app = &app;
        async move {
            let token = app.token(email, PASSWORD).await;
            app.api(
                Method::POST,
                &format!("/api/v1/ratings/{rating_id}/hide"),
                Some(&token),
                Some(json!({"text": reason})),
            )
            .await
        }
    };
    assert_eq!(
        hide("admin@pins.example.org", "Abusive").await.status(),
        403
    );
    assert_eq!(hide("desk@lac.example.org", "Abusive").await.status(), 403);
    assert_eq!(hide("admin@lac.example.org", "").await.status(), 422);
    let hidden = hide("admin@lac.example.org", "Insults staff").await;
    assert_eq!(hidden.status(), 200);

    let public = app
        .get_json(&format!("/api/v1/doctors/{doctor}/ratings"), None)
        .await;
    let shown = &public["ratings"][0];
    assert_eq!(
        (shown["comment"].clone(), shown["hidden"].clone()),
        (Value::Null, json!(true))
    );
    assert_eq!(shown["hidden_reason"], Value::Null);
    assert_eq!(
        public["summary"],
        json!({"average_tenths": 10, "count": 1}),
        "the star counts"
    );
    let page = app
        .get(&format!("/doctors/{doctor}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("Rude words here"),
        "the public page leaves it out"
    );
    // The doctor and the author still read it, with the reason.
    let feedback = app
        .get_json("/api/v1/me/feedback", Some(&doctor_token))
        .await;
    assert_eq!(feedback["ratings"][0]["comment"], "Rude words here");
    assert_eq!(feedback["ratings"][0]["hidden_reason"], "Insults staff");
    let log: (String, String) = sqlx::query_as(
        "SELECT m.action, m.reason FROM rating_moderation m JOIN users u ON u.id = m.actor_id \
         WHERE m.rating_id = $1 AND u.email = 'admin@lac.example.org'",
    )
    .bind(rating_id)
    .fetch_one(&app.db.pool)
    .await
    .unwrap();
    assert_eq!(log, ("hide".to_owned(), "Insults staff".to_owned()));
}

async fn the_directory_sorts_and_filters_by_the_kept_summary(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (good, _) = app.listed_doctor("good@example.org", clinic, INSTANT).await;
    let (fair, _) = app.listed_doctor("fair@example.org", clinic, INSTANT).await;
    let (unrated, _) = app.listed_doctor("new@example.org", clinic, INSTANT).await;
    let patient = app.verified_patient("amina@example.org").await;
    let visits = [
        (good, "good@example.org", "09:00", 5),
        (good, "good@example.org", "10:00", 4),
        (fair, "fair@example.org", "11:00", 3),
    ];
    let mut ids = Vec::new();
    for (doctor, _, time, _) in visits {
        ids.push(booked_visit(&app, &patient, doctor, &visit_start(&app, time)).await);
    }
    // The morning's visits are over.
    app.travel_to(&visit_start(&app, "11:00"), 40);
    let patient = app.token("amina@example.org", PASSWORD).await;
    for ((_, doctor_email, _, stars), id) in visits.into_iter().zip(ids) {
        complete(&app, &app.token(doctor_email, PASSWORD).await, id).await;
        assert_eq!(
            rate(&app, &patient, id, json!({"stars": stars}))
                .await
                .status(),
            201
        );
    }
    let ids = |page: Value| -> Vec<i64> {
        page["doctors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_i64().unwrap())
            .collect()
    };
    let sorted = app.get_json("/api/v1/doctors?sort=rating", None).await;
    assert_eq!(ids(sorted.clone()), [good, fair, unrated]);
    assert_eq!(
        sorted["doctors"][0]["rating"],
        json!({"average_tenths": 45, "count": 2})
    );
    assert_eq!(
        ids(app.get_json("/api/v1/doctors?min_rating=4", None).await),
        [good]
    );
    assert_eq!(
        ids(app
            .get_json("/api/v1/doctors?min_rating=3&sort=rating", None)
            .await),
        [good, fair]
    );
    let rank: i64 = sqlx::query_scalar("SELECT rating_rank FROM doctors WHERE user_id = $1")
        .bind(good)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(rank, 4500);
}

/// The most recent DST change of Paris at least ten days ago, and the months before and
/// after it (the first day of each).
fn recent_dst_change() -> (NaiveDate, NaiveDate) {
    let now = Utc::now();
    let last_sunday = |year: i32, month: u32| {
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }
        .unwrap();
        let mut day = next - Duration::days(1);
        while day.weekday() != Weekday::Sun {
            day -= Duration::days(1);
        }
        day
    };
    let change = [now.year() - 1, now.year()]
        .into_iter()
        .flat_map(|y| [last_sunday(y, 3), last_sunday(y, 10)])
        .filter(|d| d.and_hms_opt(12, 0, 0).unwrap().and_utc() + Duration::days(10) < now)
        .max()
        .unwrap();
    let month = change.with_day(1).unwrap();
    let next = month.checked_add_months(chrono::Months::new(1)).unwrap();
    (month, next)
}

/// The instant of a Paris wall-clock time.
fn paris(day: NaiveDate, hour: u32, minute: u32) -> i64 {
    Paris
        .from_local_datetime(&day.and_hms_opt(hour, minute, 0).unwrap())
        .single()
        .unwrap()
        .timestamp()
}

/// A Paris clinic with a doctor (hours every day 09:00-12:00) and a patient; visits written
/// directly, because they are in the past: (start, status, stars, captured, refunded).
async fn paris_practice(
    app: &TestApp,
    visits: &[(i64, &str, Option<i64>, i64, i64)],
) -> (i64, i64, String) {
    let clinic = app.clinic("Cabinet du Marais").await;
    sqlx::query("UPDATE clinics SET time_zone = 'Europe/Paris', currency = 'EUR' WHERE id = $1")
        .bind(clinic)
        .execute(&app.db.pool)
        .await
        .unwrap();
    let (doctor, token) = app
        .listed_doctor("doc@marais.example.org", clinic, INSTANT)
        .await;
    let (patient, _) = app.quick_patient("claire@example.org").await;
    for (start, status, stars, captured, refunded) in visits {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO appointments (clinic_id, doctor_id, patient_id, starts_at, ends_at, \
             status, currency, payment_mode, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'EUR', 'online', $3, $4, $4) RETURNING id",
        )
        .bind(clinic)
        .bind(doctor)
        .bind(patient)
        .bind(*start)
        .bind(start + 1800)
        .bind(*status)
        .fetch_one(&app.db.pool)
        .await
        .unwrap();
        if let Some(stars) = stars {
            sqlx::query(
                "INSERT INTO ratings (appointment_id, clinic_id, doctor_id, patient_id, stars, \
                 visit_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6)",
            )
            .bind(id)
            .bind(clinic)
            .bind(doctor)
            .bind(patient)
            .bind(*stars)
            .bind(*start)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
        if *captured > 0 {
            sqlx::query(
                "INSERT INTO payments (appointment_id, clinic_id, patient_id, amount_minor, \
                 currency, status, amount_captured, amount_refunded, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, 'EUR', 'captured', $4, $5, $6, $6)",
            )
            .bind(id)
            .bind(clinic)
            .bind(patient)
            .bind(*captured)
            .bind(*refunded)
            .bind(*start)
            .execute(&app.db.pool)
            .await
            .unwrap();
        }
    }
    (clinic, doctor, token)
}

/// Around the change: the 1st of its month at 00:30 (old offset), the 15th at 10:00, the last
/// day at 23:30 (new offset), and the 1st of the next month at 00:30. Counted in UTC, the
/// first and the last would land in the neighbouring months.
fn dst_fixture(
    month: NaiveDate,
    next: NaiveDate,
) -> Vec<(i64, &'static str, Option<i64>, i64, i64)> {
    let last_day = next - Duration::days(1);
    vec![
        (paris(month, 0, 30), "completed", Some(4), 5000, 1000),
        (
            paris(month.with_day(15).unwrap(), 10, 0),
            "cancelled",
            None,
            0,
            0,
        ),
        (paris(last_day, 23, 30), "no_show", None, 0, 0),
        (paris(next, 0, 30), "completed", Some(5), 3000, 0),
    ]
}

async fn doctor_statistics_are_exact_across_a_dst_change(db: Database) {
    let app = spawn_app(db).await;
    let (month, next) = recent_dst_change();
    let (_, _, token) = paris_practice(&app, &dst_fixture(month, next)).await;
    let stats = app
        .get_json("/api/v1/me/stats?grain=month", Some(&token))
        .await;
    assert_eq!(stats["time_zone"], "Europe/Paris");
    let rows = stats["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12);
    let row = |day: NaiveDate| {
        rows.iter()
            .find(|r| r["from"] == day.to_string())
            .unwrap()
            .clone()
    };
    let first = row(month);
    assert_eq!(first["counts"]["completed"], 1);
    assert_eq!(first["counts"]["no_show"], 1);
    assert_eq!(first["counts"]["cancelled"], 1);
    assert_eq!(first["cancellation"], json!({"part": 1, "whole": 3}));
    assert_eq!(first["no_show"], json!({"part": 1, "whole": 2}));
    assert_eq!(first["net"], json!({"minor": 4000, "currency": "EUR"}));
    assert_eq!(first["rating"], json!({"average_tenths": 40, "count": 1}));
    let second = row(next);
    assert_eq!(second["counts"]["completed"], 1);
    assert_eq!(second["counts"]["no_show"], 0);
    assert_eq!(second["net"], json!({"minor": 3000, "currency": "EUR"}));
    assert_eq!(second["rating"], json!({"average_tenths": 50, "count": 1}));
    let previous = month.checked_sub_months(chrono::Months::new(1)).unwrap();
    if let Some(before) = rows.iter().find(|r| r["from"] == previous.to_string()) {
        assert_eq!(
            before["counts"]["completed"], 0,
            "nothing leaks into the month before"
        );
    }
    assert_eq!(stats["totals"]["completed"], 2);
    assert_eq!(stats["rating"], json!({"average_tenths": 45, "count": 2}));
    assert_eq!(stats["net"]["minor"], 7000);
    // Patients and staff who are not doctors have no practice statistics.
    let (_, patient) = app.quick_patient("p@example.org").await;
    assert_eq!(
        app.api(Method::GET, "/api/v1/me/stats", Some(&patient), None)
            .await
            .status(),
        403
    );
    let bad = app
        .api(
            Method::GET,
            "/api/v1/me/stats?grain=year",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(bad.status(), 422);
}

async fn clinic_statistics_are_exact_scoped_and_exported(db: Database) {
    let app = spawn_app(db).await;
    let (month, next) = recent_dst_change();
    let (clinic, doctor, doctor_token) = paris_practice(&app, &dst_fixture(month, next)).await;
    let other = app.clinic("Clinique des Pins").await;
    app.account("desk@marais.example.org", Role::Secretary, Some(clinic))
        .await;
    app.account("admin@marais.example.org", Role::ClinicAdmin, Some(clinic))
        .await;
    app.account("desk@pins.example.org", Role::Secretary, Some(other))
        .await;
    app.account("root@example.org", Role::PlatformAdmin, None)
        .await;
    let secretary = app.token("desk@marais.example.org", PASSWORD).await;
    let last = next + Duration::days(9);
    let period = format!("from={month}&to={last}");
    let stats = app
        .get_json(&format!("/api/v1/clinic/stats?{period}"), Some(&secretary))
        .await;
    assert_eq!(stats["from"], month.to_string());
    assert_eq!(stats["to"], last.to_string());
    assert_eq!(stats["counts"]["completed"], 2);
    assert_eq!(stats["counts"]["no_show"], 1);
    assert_eq!(stats["counts"]["cancelled"], 1);
    assert_eq!(stats["cancellation"], json!({"part": 1, "whole": 4}));
    assert_eq!(stats["no_show"], json!({"part": 1, "whole": 3}));
    let hours = stats["busiest_hours"].as_array().unwrap();
    assert_eq!(
        (hours[0].clone(), hours[23].clone(), hours[10].clone()),
        (json!(2), json!(1), json!(0))
    );
    // Offered: 09:00-12:00 every day of the period, from the slot engine.
    let days = (last - month).num_days() + 1;
    let doctors = stats["doctors"].as_array().unwrap();
    assert_eq!(doctors.len(), 1);
    assert_eq!(doctors[0]["doctor_id"], doctor);
    assert_eq!(doctors[0]["booked_minutes"], 90);
    assert_eq!(doctors[0]["offered_minutes"], 180 * days);
    assert_eq!(
        doctors[0]["utilisation"],
        json!({"part": 90, "whole": 180 * days})
    );
    // The same for the clinic admin; nothing of it for another clinic's secretary.
    let admin = app.token("admin@marais.example.org", PASSWORD).await;
    let again = app
        .get_json(&format!("/api/v1/clinic/stats?{period}"), Some(&admin))
        .await;
    assert_eq!(again, stats);
    let foreign = app.token("desk@pins.example.org", PASSWORD).await;
    let theirs = app
        .get_json(&format!("/api/v1/clinic/stats?{period}"), Some(&foreign))
        .await;
    assert_eq!(theirs["counts"]["completed"], 0);
    assert_eq!(theirs["doctors"], json!([]));
    let sneaky = format!("/api/v1/clinic/stats?{period}&clinic={clinic}");
    assert_eq!(
        app.get_json(&sneaky, Some(&foreign)).await["counts"]["completed"],
        0,
        "staff get their own clinic"
    );
    // Doctors and patients get none; a platform admin names the clinic.
    assert_eq!(
        app.api(
            Method::GET,
            "/api/v1/clinic/stats",
            Some(&doctor_token),
            None
        )
        .await
        .status(),
        403
    );
    let root = app.token("root@example.org", PASSWORD).await;
    assert_eq!(
        app.api(Method::GET, "/api/v1/clinic/stats", Some(&root), None)
            .await
            .status(),
        422
    );
    assert_eq!(app.get_json(&sneaky, Some(&root)).await, stats);
    // Bad periods are named.
    let reversed = app
        .api(
            Method::GET,
            &format!("/api/v1/clinic/stats?from={last}&to={month}"),
            Some(&secretary),
            None,
        )
        .await;
    assert_eq!(reversed.status(), 422);

    // The CSV holds the screen's figures.
    let csv = app
        .api(
            Method::GET,
            &format!("/api/v1/clinic/stats.csv?{period}"),
            Some(&secretary),
            None,
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text().await.unwrap();
    let cell = |section: &str, item: &str| {
        text.lines()
            .find_map(|line| {
                let parts: Vec<&str> = line.split(',').collect();
                (parts[0] == section && parts[1] == item).then(|| parts[2].to_owned())
            })
            .unwrap_or_else(|| panic!("{section},{item} in {text}"))
    };
    assert_eq!(text.lines().next(), Some("section,item,value"));
    assert_eq!(
        cell("appointments", "completed"),
        stats["counts"]["completed"].to_string()
    );
    assert_eq!(cell("appointments", "cancelled"), "1");
    assert_eq!(cell("rate_percent", "cancellation"), "25.0");
    assert_eq!(cell("rate_percent", "no_show"), "33.3");
    assert_eq!(cell("visits_by_hour", "00:00"), "2");
    let name = doctors[0]["name"].as_str().unwrap();
    assert_eq!(cell("booked_minutes", name), "90");
    assert_eq!(cell("offered_minutes", name), (180 * days).to_string());
    // The page's download link answers the same file to the signed-in browser, and nothing
    // without a session.
    let session = app.web_session("desk@marais.example.org", PASSWORD).await;
    let download = app
        .page(
            &format!("/clinic/stats.csv?{period}"),
            &[("cookie", format!("salus_session={session}").as_str())],
        )
        .await;
    assert_eq!(download.status(), 200);
    assert!(download.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("attachment"));
    assert_eq!(download.text().await.unwrap(), text);
    // The page's server function answers with no period given (the default 30 days) and
    // with one.
    let cookie = format!("salus_session={session}");
    let fallback = app
        .page("/api/stats/clinic", &[("cookie", cookie.as_str())])
        .await;
    assert_eq!(fallback.status(), 200);
    let chosen = app
        .page(
            &format!("/api/stats/clinic?from={month}&to={last}"),
            &[("cookie", cookie.as_str())],
        )
        .await;
    let chosen: Value = chosen.json().await.unwrap();
    assert_eq!(chosen, stats);
    assert_eq!(
        app.get(&format!("/clinic/stats.csv?{period}"))
            .await
            .status(),
        401
    );
}
