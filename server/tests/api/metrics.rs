//! `GET /metrics`: who may read it, and that it counts what happened. The recorder is one per
//! process and the tests share the process, so counts are read as "at least" and as the
//! difference a request makes.

use crate::db_tests;
use crate::helpers::{slot_at, spawn_app_with, Database, TestApp};
use crate::scenario::{Scenario, INSTANT};

db_tests!(
    metrics_are_read_with_the_token_or_from_loopback_in_development,
    requests_bookings_and_the_job_queue_are_counted,
);

const TOKEN: &str = "metrics-token-that-is-long-enough-to-use";

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}/metrics", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("the server answers")
}

/// The value of the sample `name{labels…}`, whatever the order of its labels.
fn sample(text: &str, name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| {
            line.strip_prefix(name)
                .is_some_and(|rest| rest.starts_with('{') || rest.starts_with(' '))
        })
        .find(|line| {
            labels
                .iter()
                .all(|(key, value)| line.contains(&format!("{key}=\"{value}\"")))
        })
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
}

async fn metrics_are_read_with_the_token_or_from_loopback_in_development(db: Database) {
    // Development, from loopback (as the test client is): open.
    let development = spawn_app_with(db, &[]).await;
    let open = scrape(&development, None).await;
    assert_eq!(open.status(), 200);
    assert!(open.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain; version=0.0.4"));
    drop(development);

    // Production: only with the token, even from loopback.
    let production = spawn_app_with(
        db,
        &[
            ("SALUS_ENV", "production"),
            ("SALUS_PUBLIC_URL", "https://salus.example.org"),
            ("SALUS_METRICS_TOKEN", TOKEN),
        ],
    )
    .await;
    let without = scrape(&production, None).await;
    assert_eq!(without.status(), 401);
    assert_eq!(without.headers()["www-authenticate"], "Bearer");
    assert!(!without
        .text()
        .await
        .unwrap()
        .contains("http_requests_total"));
    assert_eq!(
        scrape(&production, Some("not-the-token")).await.status(),
        401
    );
    let with = scrape(&production, Some(TOKEN)).await;
    assert_eq!(with.status(), 200);
    assert!(with
        .text()
        .await
        .unwrap()
        .contains("# TYPE http_requests_total counter"));
    drop(production);

    // Production without a token configured: nobody.
    let closed = spawn_app_with(
        db,
        &[
            ("SALUS_ENV", "production"),
            ("SALUS_PUBLIC_URL", "https://salus.example.org"),
        ],
    )
    .await;
    assert_eq!(scrape(&closed, None).await.status(), 401);
    assert_eq!(scrape(&closed, Some(TOKEN)).await.status(), 401);
}

async fn requests_bookings_and_the_job_queue_are_counted(db: Database) {
    let (app, s) = Scenario::new(db).doctor(INSTANT).patient().build().await;
    let text = || async { scrape(&app, None).await.text().await.unwrap() };
    let directory = [
        ("method", "GET"),
        ("route", "/api/v1/doctors"),
        ("status", "200"),
    ];
    let before = sample(&text().await, "http_requests_total", &directory).unwrap_or(0.0);
    for _ in 0..3 {
        assert_eq!(app.get("/api/v1/doctors").await.status(), 200);
    }
    // A doctor's page is counted under its route pattern, not its id.
    app.get(&format!("/api/v1/doctors/{}", s.doctor)).await;

    let start = slot_at(10, "09:00");
    assert_eq!(app.book(&s.patient, s.doctor, &start).await.status(), 201);
    assert_eq!(app.book(&s.patient, s.doctor, &start).await.status(), 409);

    let metrics = text().await;
    let after = sample(&metrics, "http_requests_total", &directory).unwrap();
    assert!(after >= before + 3.0, "{before} then {after}");
    assert!(
        sample(
            &metrics,
            "http_requests_total",
            &[("route", "/api/v1/doctors/{id}")]
        )
        .is_some(),
        "the pattern, not the id"
    );
    assert!(!metrics.contains(&format!("route=\"/api/v1/doctors/{}\"", s.doctor)));
    assert!(sample(&metrics, "http_request_duration_seconds_count", &directory).unwrap() >= 3.0);
    for (outcome, at_least) in [("confirmed", 1.0), ("slot_taken", 1.0)] {
        let counted = sample(
            &metrics,
            "bookings_total",
            &[("channel", "patient"), ("outcome", outcome)],
        )
        .unwrap_or(0.0);
        assert!(counted >= at_least, "bookings {outcome}: {counted}");
    }
    // The confirmed visit's reminder waits in the queue, read from this server's database at
    // the scrape, not yet due; every kind is listed, those with nothing waiting at zero.
    let remind = [("kind", "remind")];
    assert_eq!(sample(&metrics, "jobs_pending", &remind), Some(1.0));
    assert_eq!(sample(&metrics, "jobs_due", &remind), Some(0.0));
    assert_eq!(sample(&metrics, "jobs_lag_seconds", &remind), Some(0.0));
    assert_eq!(
        sample(&metrics, "jobs_pending", &[("kind", "lapse_proposal")]),
        Some(0.0)
    );
    // The patient's verification email, written to the outbox (no SMTP in these tests).
    let outbox = sample(&metrics, "emails_total", &[("outcome", "outbox")]).unwrap_or(0.0);
    assert!(outbox >= 1.0, "emails to the outbox: {outbox}");
    assert!(sample(&metrics, "db_pool_connections", &[("state", "idle")]).is_some());
    assert!(metrics.contains("# TYPE notification_streams_open gauge"));
}
