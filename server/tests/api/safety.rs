//! Regression tests of the money and data safety defects (issue 19), each named after what
//! it guards: an empty body never replaces a resource, an oversized body answers 413 before
//! it is read, nobody can lock an account's owner out, and the page asked for before login is
//! the one returned to, never another site. (The payment defects are in `payments`.)
//!
//! One coherent thing over 400 lines: one regression test per defect of issue 19.

use crate::db_tests;
use crate::helpers::{
    error_of, every_day, session_cookie, spawn_app, spawn_app_with, Database, TestApp, PASSWORD,
};
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

db_tests!(
    an_empty_body_never_wipes_a_schedule,
    every_write_operation_refuses_an_empty_body,
    oversized_bodies_answer_413_in_the_callers_format,
    an_oversized_body_is_refused_before_it_is_read,
    a_photo_keeps_its_own_larger_limit,
    wrong_passwords_from_one_address_never_lock_the_owner_out,
    right_passwords_are_never_counted,
    one_address_that_keeps_failing_waits_longer_and_longer,
    failures_from_many_addresses_slow_the_account_but_not_a_known_device,
    the_owner_is_told_of_repeated_failures_once,
    logging_in_without_javascript_returns_to_the_page_asked_for,
    a_next_that_could_leave_the_site_leads_home,
    logging_in_with_javascript_is_told_the_checked_next,
);

/// A doctor with weekly hours, a booking rule and "unavailable" on: what a wipe would lose.
async fn doctor_with_schedule(app: &TestApp) -> String {
    let clinic = app.clinic("Clinique du Lac").await;
    let (_, token) = app
        .listed_doctor("doc@example.org", clinic, ("at_visit", "instant"))
        .await;
    let mut schedule = every_day("09:00", "12:00");
    schedule["booking"]["buffer_minutes"] = json!("10");
    schedule["exceptions"] = json!([{
        "kind": "time_off", "first_day": "2031-01-05", "last_day": "2031-01-09",
        "start": "", "end": "", "slot_minutes": "", "label": "Conference"
    }]);
    schedule["unavailable"] = json!(true);
    app.put_ok("/api/v1/me/availability", &token, schedule)
        .await;
    token
}

async fn an_empty_body_never_wipes_a_schedule(db: Database) {
    let app = spawn_app(db).await;
    let token = doctor_with_schedule(&app).await;
    let before = app.get_json("/api/v1/me/availability", Some(&token)).await;
    assert_eq!(before["weekly"].as_array().unwrap().len(), 7);
    for body in [json!({}), json!([]), json!({"weekly": []})] {
        let response = app
            .api(
                Method::PUT,
                "/api/v1/me/availability",
                Some(&token),
                Some(body.clone()),
            )
            .await;
        let (status, error, field) = error_of(response).await;
        assert_eq!((status, error.as_str()), (422, "validation"), "{body}");
        if body.is_object() {
            let (field, code) = field.expect("the missing field is named");
            assert_eq!(code, "required", "{body}");
            let expected = if body.get("weekly").is_some() {
                "exceptions"
            } else {
                "weekly"
            };
            assert_eq!(field, expected, "{body}");
        }
        let after = app.get_json("/api/v1/me/availability", Some(&token)).await;
        assert_eq!(after, before, "{body} changed nothing");
    }
    // Clearing every hour is said, not implied: a complete body with empty lists.
    let mut cleared = before.clone();
    cleared["weekly"] = json!([]);
    let saved = app.put_ok("/api/v1/me/availability", &token, cleared).await;
    assert_eq!(saved["weekly"], json!([]));
    assert_eq!(saved["unavailable"], true, "the rest is kept as sent");
}

/// Write operations whose body may rightly be empty: nothing in it is required.
const EMPTY_IS_MEANINGFUL: &[&str] = &[
    // A patient's own cancellation needs no reason.
    "POST /api/v1/appointments/{id}/cancel",
    // The same optional reason: the rules (not the schema) require one to refuse, and say so
    // with a 422 naming `reason`.
    "POST /api/v1/appointments/{id}/refuse",
    // Refusing a proposed new time needs no reason: the visit simply keeps its time.
    "POST /api/v1/appointments/{id}/proposal/refuse",
    // A rating's stars are checked as a rule (so a form posted with no star chosen says
    // which field is missing, with a 422 naming `stars`), not as a required JSON field.
    "POST /api/v1/appointments/{id}/rating",
    // Marks the listed notifications, or all of them: none listed marks none.
    "POST /api/v1/notifications/read",
];

/// What a user would see change if an empty body wiped something, plus every table's size.
async fn visible_state(app: &TestApp, tokens: &[&str]) -> Vec<Value> {
    let mut seen = Vec::new();
    for token in tokens {
        for path in [
            "/api/v1/me",
            "/api/v1/me/doctor-profile",
            "/api/v1/me/availability",
            "/api/v1/me/dependants",
            "/api/v1/appointments?scope=all",
            "/api/v1/clinics/1/settings",
            "/api/v1/clinics/1/staff",
        ] {
            let response = app.api(Method::GET, path, Some(token), None).await;
            let status = response.status().as_u16();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            seen.push(json!({"path": path, "status": status, "body": body}));
        }
    }
    let tables: Vec<String> = match app.db.backend {
        backend::db::Backend::Sqlite => sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE '_sqlx%' ORDER BY name",
        ),
        backend::db::Backend::Postgres => sqlx::query_scalar(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' \
             AND tablename NOT LIKE '_sqlx%' ORDER BY tablename",
        ),
    }
    .fetch_all(&app.db.pool)
    .await
    .unwrap();
    for table in tables {
        // Table names come from the catalogue, not from input.
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
        seen.push(json!({"table": table, "rows": rows}));
    }
    seen
}

/// The schema a request body refers to, followed through `$ref`.
fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(reference) => {
            let name = reference.rsplit('/').next().unwrap();
            &document["components"]["schemas"][name]
        }
        None => schema,
    }
}

async fn every_write_operation_refuses_an_empty_body(db: Database) {
    let app = spawn_app(db).await;
    let doctor = doctor_with_schedule(&app).await;
    let clinic_admin = {
        app.account("admin@lac.example.org", shared::Role::ClinicAdmin, Some(1))
            .await;
        app.token("admin@lac.example.org", PASSWORD).await
    };
    let document = app.get_json("/api/v1/openapi.json", None).await;
    let before = visible_state(&app, &[&doctor, &clinic_admin]).await;
    let mut checked = 0;
    let mut meaningful = Vec::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let Some(schema) = operation["requestBody"]["content"]["application/json"]
                .get("schema")
                .map(|schema| resolve(&document, schema))
            else {
                continue;
            };
            let name = format!("{} {path}", method.to_uppercase());
            let required = schema["required"]
                .as_array()
                .is_some_and(|fields| !fields.is_empty());
            let url = path
                .split('/')
                .map(|part| if part.starts_with('{') { "1" } else { part })
                .collect::<Vec<_>>()
                .join("/");
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            for token in [&doctor, &clinic_admin] {
                for body in [json!({}), json!([])] {
                    let response = app
                        .api(method.clone(), &url, Some(token), Some(body.clone()))
                        .await;
                    let status = response.status().as_u16();
                    let text = response.text().await.unwrap();
                    if required {
                        assert!(
                            (400..500).contains(&status),
                            "{name} with {body}: {status} {text}"
                        );
                    } else {
                        assert!(status < 500, "{name} with {body}: {status} {text}");
                    }
                    if required && body.is_object() {
                        assert_eq!(status, 422, "{name}: {text}");
                        let error: Value = serde_json::from_str(&text).unwrap();
                        assert_eq!(
                            error["details"]["errors"][0]["code"], "required",
                            "{name} names a missing field: {text}"
                        );
                    }
                }
            }
            if required {
                checked += 1;
            } else {
                meaningful.push(name);
            }
        }
    }
    meaningful.sort();
    let mut expected: Vec<String> = EMPTY_IS_MEANINGFUL.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(
        meaningful, expected,
        "every write without required fields is one where an empty body means something"
    );
    assert!(checked >= 25, "only {checked} operations checked");
    assert_eq!(
        visible_state(&app, &[&doctor, &clinic_admin]).await,
        before,
        "no empty body changed anything"
    );
}

/// The error code and status of a refused body, and its content type.
async fn refusal(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, kind, response.text().await.unwrap())
}

async fn oversized_bodies_answer_413_in_the_callers_format(db: Database) {
    let app = spawn_app(db).await;
    let big_form = format!(
        "email=a%40b.example&password={}",
        "x".repeat(3 * 1024 * 1024)
    );
    // A server function called by the web app's script: its error, as JSON.
    let (status, kind, text) = refusal(
        app.client
            .post(app.url("/api/auth/log_in"))
            .header("origin", app.address.clone())
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big_form.clone())
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 413, "{text}");
    assert!(kind.starts_with("application/json"), "{kind}");
    let error: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(error["error"], "payload_too_large");
    assert!(error["details"]["limit_bytes"].as_u64().unwrap() > 0);
    // The same form posted by a browser without JavaScript: a page that says so.
    let (status, kind, text) = refusal(
        app.client
            .post(app.url("/api/auth/log_in"))
            .header("origin", app.address.clone())
            .header("accept", "text/html,application/xhtml+xml")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(big_form)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 413);
    assert!(kind.starts_with("text/html"), "{kind}");
    assert!(text.contains("too large"), "{text}");
    // 10 MB of JSON to the REST API: the API's error JSON.
    let huge = json!({"email": "a@b.example", "password": "x".repeat(10 * 1024 * 1024)});
    let (status, error, _) = error_of(app.post_json("/api/v1/auth/token", huge).await).await;
    assert_eq!((status, error.as_str()), (413, "payload_too_large"));
    // A body streamed without a length is cut off as soon as it passes the limit.
    let chunks = (0..64).map(|_| Ok::<_, std::io::Error>(vec![b' '; 64 * 1024]));
    let streamed = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await
        .unwrap();
    let (status, error, _) = error_of(streamed).await;
    assert_eq!((status, error.as_str()), (413, "payload_too_large"));
}

async fn an_oversized_body_is_refused_before_it_is_read(db: Database) {
    let app = spawn_app(db).await;
    let address = app.address.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    // Announces 100 MB and sends one byte: the answer must not wait for the rest.
    let head = format!(
        "POST /api/v1/auth/token HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: 104857600\r\n\r\n{{"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("the server answers before the body arrives")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

async fn a_photo_keeps_its_own_larger_limit(db: Database) {
    let app = spawn_app(db).await;
    let (_, token) = app.quick_patient("amina@example.org").await;
    let put = |bytes: Vec<u8>| {
        app.client
            .put(app.url("/api/v1/me/photo"))
            .bearer_auth(&token)
            .header("content-type", "image/jpeg")
            .body(bytes)
            .send()
    };
    // 3 MB is within a photo's limit: read, and refused for what it is (not an image).
    let (status, error, _) = error_of(put(vec![7u8; 3 * 1024 * 1024]).await.unwrap()).await;
    assert_eq!((status, error.as_str()), (422, "validation"));
    let (status, error, _) = error_of(put(vec![7u8; 8 * 1024 * 1024]).await.unwrap()).await;
    assert_eq!((status, error.as_str()), (413, "payload_too_large"));
}

/// A login through the API from `address` (the server trusts 127.0.0.1 as its proxy).
async fn login_from(app: &TestApp, address: &str, email: &str, password: &str) -> u16 {
    app.client
        .post(app.url("/api/v1/auth/token"))
        .header("x-forwarded-for", address)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn proxied_app(db: Database) -> TestApp {
    spawn_app_with(db, &[("SALUS_TRUSTED_PROXIES", "127.0.0.1")]).await
}

async fn wrong_passwords_from_one_address_never_lock_the_owner_out(db: Database) {
    let app = proxied_app(db).await;
    app.verified_patient("owner@example.org").await;
    let mut attacker = Vec::new();
    for _ in 0..40 {
        attacker.push(
            login_from(
                &app,
                "198.51.100.7",
                "owner@example.org",
                "guess password 1",
            )
            .await,
        );
    }
    assert!(
        attacker.contains(&429),
        "the attacker's address is slowed: {attacker:?}"
    );
    assert_eq!(
        login_from(&app, "203.0.113.5", "owner@example.org", PASSWORD).await,
        200,
        "the owner, elsewhere, signs in at once"
    );
    assert_eq!(
        login_from(&app, "203.0.113.5", "owner@example.org", "one typo here 1").await,
        401,
        "and a typo of theirs is an ordinary refusal"
    );
}

async fn right_passwords_are_never_counted(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("busy@example.org").await;
    for attempt in 0..30 {
        let response = app
            .post_json(
                "/api/v1/auth/token",
                json!({"email": "busy@example.org", "password": PASSWORD}),
            )
            .await;
        assert_eq!(response.status(), 200, "login {attempt}");
    }
}

async fn one_address_that_keeps_failing_waits_longer_and_longer(db: Database) {
    let app = proxied_app(db).await;
    let mut statuses = Vec::new();
    for i in 0..30 {
        statuses.push(
            login_from(
                &app,
                "198.51.100.9",
                &format!("user{i}@example.org"),
                PASSWORD,
            )
            .await,
        );
    }
    let first_refusal = statuses.iter().position(|s| *s == 429).expect("slowed");
    assert!(first_refusal >= 10, "a few typos are free: {statuses:?}");
    assert!(
        statuses[first_refusal..]
            .iter()
            .filter(|s| **s == 429)
            .count()
            >= 5,
        "and then it waits: {statuses:?}"
    );
    assert_eq!(
        login_from(&app, "198.51.100.10", "user0@example.org", PASSWORD).await,
        401,
        "another address is not slowed"
    );
}

/// Signs in through the web login and answers the device cookie it sets.
async fn device_cookie(app: &TestApp, email: &str) -> String {
    let response = app
        .server_fn(
            "/api/auth/log_in",
            &[("email", email), ("password", PASSWORD)],
            None,
        )
        .await;
    assert_eq!(response.status(), 200);
    assert!(session_cookie(&response).is_some());
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|cookie| cookie.strip_prefix("salus_device="))
        .map(|rest| rest.split(';').next().unwrap_or_default().to_owned())
        .expect("a signed device cookie")
}

/// Wrong passwords for `email` from 40 addresses, a few each.
async fn spread_attack(app: &TestApp, email: &str) {
    for address in 0..40 {
        for _ in 0..2 {
            login_from(
                app,
                &format!("198.51.100.{address}"),
                email,
                "guess password 1",
            )
            .await;
        }
    }
}

async fn failures_from_many_addresses_slow_the_account_but_not_a_known_device(db: Database) {
    let app = proxied_app(db).await;
    app.verified_patient("owner@example.org").await;
    let device = device_cookie(&app, "owner@example.org").await;
    spread_attack(&app, "owner@example.org").await;
    assert_eq!(
        login_from(&app, "203.0.113.5", "owner@example.org", PASSWORD).await,
        429,
        "a browser never seen with this account waits"
    );
    let with_cookie = |cookie: String| {
        app.client
            .post(app.url("/api/auth/log_in"))
            .header("origin", app.address.clone())
            .header("x-forwarded-for", "203.0.113.6")
            .header("cookie", format!("salus_device={cookie}"))
            .form(&[("email", "owner@example.org"), ("password", PASSWORD)])
            .send()
    };
    // A device cookie is signed and bound to its account: a forged one does not help.
    for forged in [format!("{device}0"), "1.abc.def".to_owned()] {
        let response = with_cookie(forged.clone()).await.unwrap();
        assert_eq!(response.status(), 429, "{forged}");
    }
    let known = with_cookie(device).await.unwrap();
    assert_eq!(
        known.status(),
        200,
        "the owner's own browser signs in at once"
    );
}

async fn the_owner_is_told_of_repeated_failures_once(db: Database) {
    let app = proxied_app(db).await;
    app.verified_patient("owner@example.org").await;
    let before = app.mail_count("owner@example.org").await;
    spread_attack(&app, "owner@example.org").await;
    spread_attack(&app, "owner@example.org").await;
    assert_eq!(app.mail_count("owner@example.org").await, before + 1);
    let (subject, body) = app.last_mail("owner@example.org").await;
    assert!(subject.contains("sign-in"), "{subject}");
    assert!(body.contains("/forgot-password"), "{body}");
    assert_eq!(
        app.mail_count("nobody@example.org").await,
        0,
        "an unknown address gets nothing"
    );
}

/// A web login posted as a browser without JavaScript posts it (a plain form).
async fn form_login(app: &TestApp, next: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/auth/log_in"))
        .header("origin", app.address.clone())
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url("/login"))
        .form(&[
            ("email", "amina@example.org"),
            ("password", PASSWORD),
            ("next", next),
        ])
        .send()
        .await
        .unwrap()
}

fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

async fn logging_in_without_javascript_returns_to_the_page_asked_for(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("amina@example.org").await;
    let slot = "/book?doctor=3&start=2031-01-06T08%3A00%3A00Z";
    let response = form_login(&app, slot).await;
    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), slot);
    assert!(session_cookie(&response).is_some(), "signed in on the way");
}

async fn a_next_that_could_leave_the_site_leads_home(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("amina@example.org").await;
    let long = format!("/doctors?q={}", "a".repeat(3000));
    for next in [
        "//evil.example",
        "https://evil.example",
        "http:/evil.example",
        "/\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "/%09/evil.example",
        "/%0A/evil.example",
        "/%0d/evil.example",
        "/%2F/evil.example",
        "/%5Cevil.example",
        "/%252F/evil.example",
        "javascript:alert(1)",
        " /account",
        "",
        long.as_str(),
    ] {
        let response = form_login(&app, next).await;
        assert_eq!(response.status(), 303, "{next:?}");
        assert_eq!(location(&response), "/account", "{next:?}");
    }
}

async fn logging_in_with_javascript_is_told_the_checked_next(db: Database) {
    let app = spawn_app(db).await;
    app.verified_patient("amina@example.org").await;
    for (next, expected) in [
        ("/appointments?tab=past", "/appointments?tab=past"),
        ("//evil.example", "/account"),
    ] {
        let response = app
            .server_fn(
                "/api/auth/log_in",
                &[
                    ("email", "amina@example.org"),
                    ("password", PASSWORD),
                    ("next", next),
                ],
                None,
            )
            .await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["next"], expected, "{next}");
        assert_eq!(body["me"]["email"], "amina@example.org");
    }
}
