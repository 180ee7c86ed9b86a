//! Doctors' profiles, availability, free slots and the public directory, through HTTP.
//!
//! One coherent thing over 400 lines: what a patient finds in the directory, from the doctor's own
//! settings.

use crate::db_tests;
use crate::helpers::{
    doctor_profile, error_of, every_day, local_day, refused_fields, spawn_app, Database, TestApp,
    PASSWORD,
};
use chrono::{Duration, Utc};
use reqwest::Method;
use serde_json::{json, Value};
use shared::Role;

db_tests!(
    a_doctor_profile_is_validated_field_by_field,
    a_saved_profile_is_public_once_approved,
    unapproved_doctors_are_hidden_everywhere,
    only_doctors_edit_a_practice_and_only_their_own,
    slots_follow_the_weekly_hours_and_time_off,
    slot_ranges_are_validated,
    availability_is_validated_and_round_trips,
    the_next_free_slot_follows_availability_changes,
    stale_next_free_slots_are_refreshed,
    the_directory_filters_by_name_specialty_city_and_language,
    the_directory_filters_by_price_rating_and_availability,
    the_directory_sorts_and_pages,
    the_directory_names_refused_parameters,
    platform_admins_keep_the_specialty_list,
    the_doctor_page_is_rendered_with_structured_data,
    the_directory_page_is_rendered_with_its_filters,
    the_web_app_searches_with_the_page_query_string,
);

async fn specialty_id(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM specialties WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.db.pool)
        .await
        .unwrap()
}

/// An approved doctor with a full profile and hours every day 09:00-12:00.
async fn listed_doctor(
    app: &TestApp,
    email: &str,
    clinic: i64,
    (specialty, city, price, languages): (&str, &str, &str, &[&str]),
) -> (i64, String) {
    let (id, token) = app.doctor(email, clinic, true).await;
    let specialty = specialty_id(app, specialty).await;
    app.put_ok(
        "/api/v1/me/doctor-profile",
        &token,
        doctor_profile(specialty, city, price, languages),
    )
    .await;
    app.put_ok(
        "/api/v1/me/availability",
        &token,
        every_day("09:00", "12:00"),
    )
    .await;
    (id, token)
}

async fn search(app: &TestApp, query: &str) -> Value {
    app.get_json(&format!("/api/v1/doctors?{query}"), None)
        .await
}

fn ids(page: &Value) -> Vec<i64> {
    page["doctors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect()
}

async fn a_doctor_profile_is_validated_field_by_field(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (_, token) = app.doctor("doc@example.org", clinic, true).await;
    let mut body = doctor_profile(999, "", "45.5555", &["fr", "xx"]);
    body["consultation_minutes"] = json!("37");
    body["practice_address"] = json!("");
    let response = app
        .api(
            Method::PUT,
            "/api/v1/me/doctor-profile",
            Some(&token),
            Some(body),
        )
        .await;
    assert_eq!(response.status(), 422);
    let errors: Value = response.json().await.unwrap();
    let codes: Vec<(String, String)> = errors["details"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for expected in [
        ("specialty_id", "not_a_choice"),
        ("city", "required"),
        ("price", "too_many_decimals"),
        ("languages", "not_a_choice"),
        ("consultation_minutes", "not_a_choice"),
        ("practice_address", "required"),
    ] {
        assert!(
            codes.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} in {codes:?}"
        );
    }
    // Nothing was saved.
    let own = app
        .get_json("/api/v1/me/doctor-profile", Some(&token))
        .await;
    assert_eq!(own["card"]["price"], Value::Null);
    // A number where text is expected is read as the number.
    let mut numbers = doctor_profile(1, "Tunis", "45", &["fr"]);
    numbers["price"] = json!(45.5);
    numbers["consultation_minutes"] = json!(45);
    let saved = app
        .put_ok("/api/v1/me/doctor-profile", &token, numbers)
        .await;
    assert_eq!(
        saved["card"]["price"],
        json!({"minor": 45500, "currency": "TND"})
    );
    assert_eq!(saved["consultation_minutes"], 45);
}

async fn a_saved_profile_is_public_once_approved(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let cardiology = specialty_id(&app, "cardiology").await;
    let (id, token) = app.doctor("heart@example.org", clinic, true).await;
    let mut body = doctor_profile(cardiology, "  Tunis ", "60,500", &["fr", "ar", "fr"]);
    body["booking_mode"] = json!("instant");
    body["payment_mode"] = json!("online");
    body["bio"] = json!("Cardiologist.\nSecond line.");
    let saved = app.put_ok("/api/v1/me/doctor-profile", &token, body).await;
    assert_eq!(saved["listed"], true);
    let public = app.get_json(&format!("/api/v1/doctors/{id}"), None).await;
    assert_eq!(public["card"]["specialty"]["slug"], "cardiology");
    assert_eq!(public["card"]["city"], "Tunis");
    assert_eq!(public["card"]["price"]["minor"], 60500);
    assert_eq!(public["card"]["payment_mode"], "online");
    assert_eq!(public["booking_mode"], "instant");
    assert_eq!(public["languages"], json!(["ar", "fr"]));
    assert_eq!(public["bio"], "Cardiologist.\nSecond line.");
    assert_eq!(public["card"]["time_zone"], "Africa/Tunis");
    // No hours yet: no next free slot.
    assert_eq!(public["card"]["next_free"], Value::Null);
}

async fn unapproved_doctors_are_hidden_everywhere(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (id, token) = app.doctor("pending@example.org", clinic, false).await;
    app.put_ok(
        "/api/v1/me/doctor-profile",
        &token,
        doctor_profile(1, "Tunis", "40", &["fr"]),
    )
    .await;
    app.put_ok(
        "/api/v1/me/availability",
        &token,
        every_day("09:00", "12:00"),
    )
    .await;
    assert!(ids(&search(&app, "").await).is_empty());
    assert_eq!(
        app.get(&format!("/api/v1/doctors/{id}")).await.status(),
        404
    );
    assert_eq!(
        app.get(&format!("/api/v1/doctors/{id}/slots"))
            .await
            .status(),
        404
    );
    assert!(app
        .get_json("/api/v1/cities", None)
        .await
        .as_array()
        .unwrap()
        .is_empty());
    // The doctor still sees their own page, to prepare it before approval.
    let own = app
        .get_json(&format!("/api/v1/doctors/{id}"), Some(&token))
        .await;
    assert_eq!(own["listed"], false);
    let slots = app
        .get_json(&format!("/api/v1/doctors/{id}/slots"), Some(&token))
        .await;
    assert_eq!(slots["days"].as_array().unwrap().len(), 7);

    // The clinic admin approves the application: the doctor is listed at once.
    app.account("admin@lac.test", Role::ClinicAdmin, Some(clinic))
        .await;
    let admin = app.token("admin@lac.test", PASSWORD).await;
    let review = app
        .api(
            Method::POST,
            &format!("/api/v1/doctor-applications/{id}/review"),
            Some(&admin),
            Some(json!({"approve": true})),
        )
        .await;
    assert_eq!(review.status(), 200);
    assert_eq!(ids(&search(&app, "").await), [id]);
    assert_eq!(app.get_json("/api/v1/cities", None).await[0]["doctors"], 1);

    // Disabling the account hides the doctor again; enabling it brings them back.
    let staff_path = format!("/api/v1/clinics/{clinic}/staff/{id}/disabled");
    let disabled = |value: bool| {
        app.api(
            Method::PUT,
            &staff_path,
            Some(&admin),
            Some(json!({"disabled": value})),
        )
    };
    assert_eq!(disabled(true).await.status(), 204);
    assert!(ids(&search(&app, "").await).is_empty());
    assert_eq!(
        app.get(&format!("/api/v1/doctors/{id}")).await.status(),
        404
    );
    assert_eq!(disabled(false).await.status(), 204);
    assert_eq!(ids(&search(&app, "").await), [id]);
}

async fn only_doctors_edit_a_practice_and_only_their_own(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (a, a_token) = listed_doctor(
        &app,
        "a@example.org",
        clinic,
        ("cardiology", "Tunis", "40", &["fr"]),
    )
    .await;
    let (b, _) = listed_doctor(
        &app,
        "b@example.org",
        clinic,
        ("cardiology", "Tunis", "50", &["fr"]),
    )
    .await;
    // Doctor A's edits reach A only: the routes name no other doctor.
    app.put_ok(
        "/api/v1/me/availability",
        &a_token,
        every_day("14:00", "15:00"),
    )
    .await;
    let b_slots = app
        .get_json(
            &format!("/api/v1/doctors/{b}/slots?from={}", local_day(10)),
            None,
        )
        .await;
    assert_eq!(b_slots["days"][0]["slots"][0]["time"], "09:00");
    let a_slots = app
        .get_json(
            &format!("/api/v1/doctors/{a}/slots?from={}", local_day(10)),
            None,
        )
        .await;
    assert_eq!(a_slots["days"][0]["slots"][0]["time"], "14:00");
    // Other roles and visitors are refused.
    let patient = app.verified_patient("patient@example.org").await;
    app.account("sec@example.org", Role::Secretary, Some(clinic))
        .await;
    let secretary = app.token("sec@example.org", PASSWORD).await;
    for token in [&patient, &secretary] {
        for (method, path, body) in [
            (
                Method::PUT,
                "/api/v1/me/availability",
                Some(every_day("09:00", "10:00")),
            ),
            (Method::GET, "/api/v1/me/availability", None),
            (
                Method::PUT,
                "/api/v1/me/doctor-profile",
                Some(doctor_profile(1, "X", "1", &["fr"])),
            ),
            (Method::GET, "/api/v1/me/calendar", None),
        ] {
            let response = app.api(method, path, Some(token), body).await;
            assert_eq!(response.status(), 403, "{path}");
        }
    }
    let anonymous = app
        .api(
            Method::PUT,
            "/api/v1/me/availability",
            None,
            Some(every_day("09:00", "10:00")),
        )
        .await;
    assert_eq!(anonymous.status(), 401);
    // The web app's server functions apply the same rules.
    let session = app.web_session("patient@example.org", PASSWORD).await;
    let response = app
        .server_fn(
            "/api/practice/unavailable",
            &[("unavailable", "true")],
            Some(&session),
        )
        .await;
    assert_eq!(response.status(), 403);
    let b_after = app.get_json(&format!("/api/v1/doctors/{b}"), None).await;
    assert_eq!(b_after["unavailable"], false);
}

async fn slots_follow_the_weekly_hours_and_time_off(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (id, token) = listed_doctor(
        &app,
        "doc@example.org",
        clinic,
        ("cardiology", "Tunis", "40", &["fr"]),
    )
    .await;
    let day = local_day(10);
    let slots = app
        .get_json(
            &format!("/api/v1/doctors/{id}/slots?from={day}&to={day}"),
            None,
        )
        .await;
    assert_eq!(slots["time_zone"], "Africa/Tunis");
    assert_eq!(slots["utc_offset"], "UTC+01:00");
    let times: Vec<&str> = slots["days"][0]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["time"].as_str().unwrap())
        .collect();
    assert_eq!(
        times,
        ["09:00", "09:30", "10:00", "10:30", "11:00", "11:30"]
    );
    assert_eq!(
        slots["days"][0]["slots"][0]["start"],
        format!("{day}T08:00:00Z"),
        "09:00 in Tunis is 08:00 UTC"
    );
    // A day off and a morning off.
    let next = local_day(11);
    let mut week = every_day("09:00", "12:00");
    week["exceptions"] = json!([
        {"kind": "time_off", "first_day": day, "label": "Congress"},
        {"kind": "time_off", "first_day": next, "last_day": next, "start": "09:00", "end": "11:00"}
    ]);
    app.put_ok("/api/v1/me/availability", &token, week).await;
    let slots = app
        .get_json(
            &format!("/api/v1/doctors/{id}/slots?from={day}&to={next}"),
            None,
        )
        .await;
    assert!(slots["days"][0]["slots"].as_array().unwrap().is_empty());
    let times: Vec<&str> = slots["days"][1]["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["time"].as_str().unwrap())
        .collect();
    assert_eq!(times, ["11:00", "11:30"]);
    // The calendar shows the day off.
    let calendar = app
        .get_json(
            &format!("/api/v1/me/calendar?view=day&date={day}"),
            Some(&token),
        )
        .await;
    assert_eq!(calendar["days"][0]["closures"][0]["label"], "Congress");
    assert!(calendar["days"][0]["slots"].as_array().unwrap().is_empty());
}

async fn slot_ranges_are_validated(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (id, _) = listed_doctor(
        &app,
        "doc@example.org",
        clinic,
        ("cardiology", "Tunis", "40", &["fr"]),
    )
    .await;
    for (query, field, code) in [
        ("from=tomorrow", "from", "invalid_date"),
        ("from=2026-12-10&to=2026-12-01", "to", "end_not_after_start"),
        ("from=2026-12-01&to=2027-03-01", "to", "range_too_long"),
    ] {
        let response = app
            .get(&format!("/api/v1/doctors/{id}/slots?{query}"))
            .await;
        let (status, _, refused) = error_of(response).await;
        assert_eq!(status, 422, "{query}");
        assert_eq!(
            refused,
            Some((field.to_owned(), code.to_owned())),
            "{query}"
        );
    }
    assert_eq!(app.get("/api/v1/doctors/999999/slots").await.status(), 404);
}

async fn availability_is_validated_and_round_trips(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (_, token) = app.doctor("doc@example.org", clinic, true).await;
    let bad = json!({
        "weekly": [
            {"weekday": "mon", "start": "09:00", "end": "12:00", "slot_minutes": 30},
            {"weekday": "mon", "start": "11:00", "end": "13:00", "slot_minutes": 30},
            {"weekday": "tue", "start": "25:00", "end": "12:00", "slot_minutes": 30}
        ],
        "exceptions": [{"kind": "vacation", "first_day": "2026-13-01"}],
        "booking": {"min_notice_hours": 2, "horizon_days": 0, "buffer_minutes": 0},
        "unavailable": false
    });
    let response = app
        .api(
            Method::PUT,
            "/api/v1/me/availability",
            Some(&token),
            Some(bad),
        )
        .await;
    let fields = refused_fields(response).await;
    for field in [
        "weekly[1].start",
        "weekly[2].start",
        "exceptions[0].kind",
        "exceptions[0].first_day",
        "booking.horizon_days",
    ] {
        assert!(fields.iter().any(|f| f == field), "{field} in {fields:?}");
    }
    let good = json!({
        "weekly": [
            {"weekday": "wed", "start": "14:00", "end": "18:00", "slot_minutes": "20",
             "break_start": "16:00", "break_end": "16:20"},
            {"weekday": "mon", "start": "9:00", "end": "12:00", "slot_minutes": 30}
        ],
        "exceptions": [{"kind": "extra_hours", "first_day": "2027-01-09", "start": "10:00", "end": "12:00"}],
        "booking": {"min_notice_hours": "24", "horizon_days": "90", "buffer_minutes": "10"},
        "unavailable": false
    });
    let saved = app.put_ok("/api/v1/me/availability", &token, good).await;
    assert_eq!(saved["weekly"][0]["weekday"], "mon", "sorted by weekday");
    assert_eq!(saved["weekly"][0]["start"], "09:00", "written canonically");
    assert_eq!(saved["weekly"][1]["break_end"], "16:20");
    assert_eq!(saved["exceptions"][0]["last_day"], "2027-01-09");
    assert_eq!(saved["booking"]["min_notice_hours"], "24");
    assert_eq!(
        app.get_json("/api/v1/me/availability", Some(&token)).await,
        saved
    );
}

async fn next_free_of(app: &TestApp, id: i64) -> Value {
    app.get_json(&format!("/api/v1/doctors/{id}"), None).await["card"]["next_free"].clone()
}

async fn the_next_free_slot_follows_availability_changes(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (id, token) = listed_doctor(
        &app,
        "doc@example.org",
        clinic,
        ("cardiology", "Tunis", "40", &["fr"]),
    )
    .await;
    let first_slot = |slots: &Value| -> Value {
        slots["days"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["slots"].as_array().unwrap().iter())
            .next()
            .cloned()
            .unwrap_or(Value::Null)
    };
    let slots = app
        .get_json(&format!("/api/v1/doctors/{id}/slots"), None)
        .await;
    let next = next_free_of(&app, id).await;
    assert_eq!(
        next,
        first_slot(&slots),
        "the stored value is the first free slot"
    );
    assert!(!next.is_null());
    // Time off over the next three weeks moves it beyond them.
    let mut week = every_day("09:00", "12:00");
    week["exceptions"] =
        json!([{"kind": "holiday", "first_day": local_day(0), "last_day": local_day(20)}]);
    app.put_ok("/api/v1/me/availability", &token, week).await;
    assert_eq!(next_free_of(&app, id).await["date"], local_day(21));
    // "Unavailable now" clears it; switching back restores it.
    let response = app
        .api(
            Method::PUT,
            "/api/v1/me/availability/unavailable",
            Some(&token),
            Some(json!({"unavailable": true})),
        )
        .await;
    assert_eq!(response.status(), 204);
    assert_eq!(next_free_of(&app, id).await, Value::Null);
    let within = search(&app, "within_days=30").await;
    assert!(ids(&within).is_empty());
    let empty = app
        .get_json(
            &format!("/api/v1/doctors/{id}/slots?from={}", local_day(21)),
            None,
        )
        .await;
    assert!(
        first_slot(&empty).is_null(),
        "no slot at all while unavailable"
    );
    app.api(
        Method::PUT,
        "/api/v1/me/availability/unavailable",
        Some(&token),
        Some(json!({"unavailable": false})),
    )
    .await;
    assert_eq!(next_free_of(&app, id).await["date"], local_day(21));
    // A shorter consultation changes nothing for weekly hours; no hours at all clears it.
    app.put_ok(
        "/api/v1/me/availability",
        &token,
        json!({"weekly": [], "exceptions": [], "booking": {"min_notice_hours": 2, "horizon_days": 60, "buffer_minutes": 0}, "unavailable": false}),
    )
    .await;
    assert_eq!(next_free_of(&app, id).await, Value::Null);
}

async fn stale_next_free_slots_are_refreshed(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (id, _) = listed_doctor(
        &app,
        "doc@example.org",
        clinic,
        ("cardiology", "Tunis", "40", &["fr"]),
    )
    .await;
    let fresh = next_free_of(&app, id).await;
    // As if the stored slot had been computed yesterday and has passed since.
    let yesterday = (Utc::now() - Duration::days(1)).timestamp();
    sqlx::query("UPDATE doctors SET next_free_at = $1, next_free_end = $2 WHERE user_id = $3")
        .bind(yesterday)
        .bind(yesterday + 1800)
        .bind(id)
        .execute(&app.db.pool)
        .await
        .unwrap();
    assert_eq!(
        next_free_of(&app, id).await,
        Value::Null,
        "a past slot is never shown"
    );
    let refreshed = backend::scheduling::free_slots::refresh_due(&app.db, Utc::now())
        .await
        .unwrap();
    assert!(refreshed >= 1);
    assert_eq!(next_free_of(&app, id).await, fresh);
}

async fn the_directory_filters_by_name_specialty_city_and_language(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (heart, _) = listed_doctor(
        &app,
        "helene@example.org",
        clinic,
        ("cardiology", "Tunis", "40", &["fr", "ar"]),
    )
    .await;
    let (skin, _) = listed_doctor(
        &app,
        "karim@example.org",
        clinic,
        ("dermatology", "Sousse", "50", &["ar"]),
    )
    .await;
    let (eyes, _) = listed_doctor(
        &app,
        "zoe@example.org",
        clinic,
        ("ophthalmology", "Tunis", "60", &["en"]),
    )
    .await;
    sqlx::query("UPDATE users SET first_name = 'Hélène', last_name = 'Ben Ali' WHERE id = $1")
        .bind(heart)
        .execute(&app.db.pool)
        .await
        .unwrap();
    // Names change through the profile in real life; the search name follows.
    backend::clinics::doctor_rows::set_search_name(
        &app.db.pool,
        shared::UserId(heart),
        "Hélène",
        "Ben Ali",
    )
    .await
    .unwrap();
    assert_eq!(
        ids(&search(&app, "q=helene").await),
        [heart],
        "accents ignored"
    );
    assert_eq!(
        ids(&search(&app, "q=BEN%20ali").await),
        [heart],
        "case ignored"
    );
    assert_eq!(
        ids(&search(&app, "q=ali%20helene").await),
        [heart],
        "any word order"
    );
    assert!(
        ids(&search(&app, "q=%25").await).is_empty(),
        "% is a plain character"
    );
    assert_eq!(ids(&search(&app, "specialty=dermatology").await), [skin]);
    let mut tunis = ids(&search(&app, "city=tunis").await);
    tunis.sort();
    assert_eq!(tunis, [heart, eyes], "city case ignored");
    let mut arabic = ids(&search(&app, "language=ar").await);
    arabic.sort();
    assert_eq!(arabic, [heart, skin]);
    assert_eq!(ids(&search(&app, "city=Tunis&language=en").await), [eyes]);
    let cities = app.get_json("/api/v1/cities", None).await;
    assert_eq!(
        cities,
        json!([{"name": "Sousse", "doctors": 1}, {"name": "Tunis", "doctors": 2}])
    );
}

async fn the_directory_filters_by_price_rating_and_availability(db: Database) {
    let app = spawn_app(db).await;
    let tunis = app.clinic("Clinique du Lac").await;
    let paris = backend::clinics::create(
        &app.db.pool,
        &backend::clinics::NewClinic::parse("Cabinet Paris", "Europe/Paris", "EUR").unwrap(),
        app.state.clock.now_unix(),
    )
    .await
    .unwrap()
    .id
    .0;
    let (cheap, _) = listed_doctor(
        &app,
        "cheap@example.org",
        tunis,
        ("cardiology", "Tunis", "35.500", &["fr"]),
    )
    .await;
    let (euro, _) = listed_doctor(
        &app,
        "euro@example.org",
        paris,
        ("cardiology", "Paris", "60", &["fr"]),
    )
    .await;
    let (dear, dear_token) = listed_doctor(
        &app,
        "dear@example.org",
        tunis,
        ("cardiology", "Tunis", "90", &["fr"]),
    )
    .await;
    // Prices compare within one currency, in its whole units: the one asked for, or the
    // chosen city's; never 40 dinars beside 40 euros.
    let (status, _, field) = error_of(app.get("/api/v1/doctors?price_max=40").await).await;
    assert_eq!(
        (status, field),
        (422, Some(("currency".into(), "required".into())))
    );
    let in_dinars = search(&app, "price_max=40&currency=TND").await;
    assert_eq!(ids(&in_dinars), [cheap]);
    assert_eq!(in_dinars["price_currency"], "TND");
    assert!(ids(&search(&app, "price_max=70&currency=EUR").await) == [euro]);
    let in_paris = search(&app, "price_min=40&price_max=60&city=Paris").await;
    assert_eq!(ids(&in_paris), [euro]);
    assert_eq!(in_paris["price_currency"], "EUR");
    assert_eq!(
        ids(&search(&app, "price_min=61&currency=TND").await),
        [dear]
    );
    assert!(ids(&search(&app, "price_min=61&currency=EUR").await).is_empty());
    // Without a price filter, no currency is needed nor reported.
    assert_eq!(
        search(&app, "city=Paris").await["price_currency"],
        Value::Null
    );
    // Rating summaries as the feedback service keeps them (its own tests post real
    // ratings): 4.5 from two patients, 3.0 from one.
    for (doctor, sum, count) in [(cheap, 9, 2), (euro, 3, 1)] {
        sqlx::query(
            "UPDATE doctors SET rating_sum = $1, rating_count = $2, rating_rank = $3 \
             WHERE user_id = $4",
        )
        .bind(sum)
        .bind(count)
        .bind(sum * 1000 / count)
        .bind(doctor)
        .execute(&app.db.pool)
        .await
        .unwrap();
    }
    assert_eq!(ids(&search(&app, "min_rating=4").await), [cheap]);
    let rated = search(&app, "sort=rating").await;
    assert_eq!(ids(&rated), [cheap, euro, dear], "unrated last");
    assert_eq!(
        rated["doctors"][0]["rating"],
        json!({"average_tenths": 45, "count": 2})
    );
    // Only doctors free within the days asked.
    let mut busy = every_day("09:00", "12:00");
    busy["exceptions"] =
        json!([{"kind": "time_off", "first_day": local_day(0), "last_day": local_day(12)}]);
    app.put_ok("/api/v1/me/availability", &dear_token, busy)
        .await;
    let mut soon = ids(&search(&app, "within_days=7").await);
    soon.sort();
    assert_eq!(soon, [cheap, euro]);
    assert_eq!(search(&app, "within_days=30").await["total"], 3);
}

async fn the_directory_sorts_and_pages(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let mut doctors = Vec::new();
    for n in 0..14 {
        let email = format!("doc{n:02}@example.org");
        let price = format!("{}", 100 - n);
        let (id, token) = listed_doctor(
            &app,
            &email,
            clinic,
            ("cardiology", "Tunis", &price, &["fr"]),
        )
        .await;
        doctors.push((id, token));
    }
    // Doctor 5 is free only from day 15, doctor 9 has no hours: both come last by soonest.
    let mut late = every_day("09:00", "12:00");
    late["exceptions"] =
        json!([{"kind": "time_off", "first_day": local_day(0), "last_day": local_day(14)}]);
    app.put_ok("/api/v1/me/availability", &doctors[5].1, late)
        .await;
    app.put_ok(
        "/api/v1/me/availability",
        &doctors[9].1,
        json!({"weekly": [], "exceptions": [], "booking": {"min_notice_hours": 2, "horizon_days": 60, "buffer_minutes": 0}, "unavailable": false}),
    )
    .await;
    let first = search(&app, "").await;
    assert_eq!(first["total"], 14);
    assert_eq!(first["per_page"], 12);
    assert_eq!(first["doctors"].as_array().unwrap().len(), 12);
    let second = search(&app, "page=2").await;
    let tail = ids(&second);
    assert_eq!(
        tail,
        [doctors[5].0, doctors[9].0],
        "soonest first, no slot last"
    );
    let by_price = ids(&search(&app, "sort=price").await);
    assert_eq!(by_price[0], doctors[13].0, "cheapest first");
    assert_eq!(by_price[1], doctors[12].0);
    assert!(ids(&search(&app, "page=3").await).is_empty());
}

async fn the_directory_names_refused_parameters(db: Database) {
    let app = spawn_app(db).await;
    for (query, field, code) in [
        ("sort=random", "sort", "not_a_choice"),
        ("price_min=cheap", "price_min", "not_a_number"),
        ("min_rating=9", "min_rating", "out_of_range"),
        ("language=xx", "language", "not_a_choice"),
        ("page=0", "page", "out_of_range"),
        (
            "price_min=50&price_max=10",
            "price_max",
            "end_not_after_start",
        ),
        ("within_days=365", "within_days", "out_of_range"),
    ] {
        let (status, error, refused) =
            error_of(app.get(&format!("/api/v1/doctors?{query}")).await).await;
        assert_eq!((status, error.as_str()), (422, "validation"), "{query}");
        assert_eq!(
            refused,
            Some((field.to_owned(), code.to_owned())),
            "{query}"
        );
    }
}

async fn platform_admins_keep_the_specialty_list(db: Database) {
    let app = spawn_app(db).await;
    app.account("root@example.org", Role::PlatformAdmin, None)
        .await;
    let admin = app.token("root@example.org", PASSWORD).await;
    let patient = app.verified_patient("patient@example.org").await;
    let body = json!({"name_en": "Sports medicine", "name_fr": "Médecine du sport"});
    let refused = app
        .api(
            Method::POST,
            "/api/v1/specialties",
            Some(&patient),
            Some(body.clone()),
        )
        .await;
    assert_eq!(refused.status(), 403);
    let created = app
        .api(
            Method::POST,
            "/api/v1/specialties",
            Some(&admin),
            Some(body.clone()),
        )
        .await;
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    assert_eq!(created["slug"], "sports-medicine");
    let again = app
        .api(
            Method::POST,
            "/api/v1/specialties",
            Some(&admin),
            Some(body),
        )
        .await;
    assert_eq!(error_of(again).await.0, 409);
    let renamed = app
        .put_ok(
            &format!("/api/v1/specialties/{}", created["id"]),
            &admin,
            json!({"name_en": "Sport medicine", "name_fr": "Médecine sportive"}),
        )
        .await;
    assert_eq!(
        renamed["slug"], "sports-medicine",
        "the slug in shared URLs stays"
    );
    let list = app.get_json("/api/v1/specialties", None).await;
    assert!(list
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name_fr"] == "Médecine sportive"));
    assert_eq!(list.as_array().unwrap().len(), 13);
}

async fn the_doctor_page_is_rendered_with_structured_data(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (id, _) = listed_doctor(
        &app,
        "heart@example.org",
        clinic,
        ("cardiology", "Tunis", "60", &["fr"]),
    )
    .await;
    let response = app.get(&format!("/doctors/{id}")).await;
    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    let start = html
        .find(r#"<script type="application/ld+json""#)
        .expect("JSON-LD in the page");
    let json_start = start + html[start..].find('>').unwrap() + 1;
    let json_end = json_start + html[json_start..].find("</script>").unwrap();
    let data: Value = serde_json::from_str(&html[json_start..json_end]).unwrap();
    assert_eq!(data["@context"], "https://schema.org");
    assert_eq!(data["@type"], "Physician");
    assert_eq!(data["name"], "Test heart");
    assert_eq!(data["medicalSpecialty"], "Cardiology");
    assert_eq!(data["address"]["addressLocality"], "Tunis");
    assert!(html.contains("Africa/Tunis"), "times name their zone");
    assert_eq!(app.get("/doctors/999999").await.status(), 404);
}

async fn the_directory_page_is_rendered_with_its_filters(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    listed_doctor(
        &app,
        "heart@example.org",
        clinic,
        ("cardiology", "Tunis", "60", &["fr"]),
    )
    .await;
    listed_doctor(
        &app,
        "skin@example.org",
        clinic,
        ("dermatology", "Tunis", "60", &["fr"]),
    )
    .await;
    let html = app
        .get("/doctors?specialty=cardiology&city=Tunis")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Test heart"), "the matching doctor is listed");
    assert!(!html.contains("Test skin"), "the other is filtered out");
    assert!(
        html.contains(r#"name="specialty""#),
        "the filter form is there"
    );
    let none = app.get("/doctors?q=nobody").await.text().await.unwrap();
    assert!(
        none.contains("No doctor matches"),
        "a helpful no-result state"
    );
}

/// The page hands its own query string to the server function: empty for the whole
/// directory (a regression: an empty search once failed to decode).
async fn the_web_app_searches_with_the_page_query_string(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (heart, _) = listed_doctor(
        &app,
        "heart@example.org",
        clinic,
        ("cardiology", "Tunis", "60", &["fr"]),
    )
    .await;
    listed_doctor(
        &app,
        "skin@example.org",
        clinic,
        ("dermatology", "Tunis", "60", &["fr"]),
    )
    .await;
    let all: Value = app
        .get("/api/doctors/search?search=")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
    let response = app
        .get("/api/doctors/search?search=specialty%3Dcardiology%26city%3DTunis")
        .await;
    assert_eq!(response.status(), 200);
    let found: Value = response.json().await.unwrap();
    assert_eq!(ids(&found), [heart]);
    let refused = app.get("/api/doctors/search?search=sort%3Drandom").await;
    assert_eq!(refused.status(), 422);
}
