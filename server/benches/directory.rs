//! The directory under load: 10,000 listed doctors, searched through the service layer and
//! over HTTP (the REST API and the server-rendered page), with p50/p95/p99 latencies. Also
//! times the periodic refresh of every doctor's next free slot.
//!
//! `cargo bench -p server --bench directory` (SQLite); with `SALUS_BENCH_POSTGRES_URL` set to
//! a server's maintenance database (e.g. postgres://postgres:postgres@127.0.0.1:5432/postgres),
//! the same on PostgreSQL, in a database the bench creates and drops. Never part of the test
//! command.

use backend::demo::doctors::{demo_profile, demo_week, seed_doctor, CLINICS};
use backend::scheduling::free_slots;
use backend::{accounts::passwords, clinics, clinics::directory, db};
use server::config::Config;
use server::startup::Application;
use shared::{DirectoryQuery, Password};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const DOCTORS: usize = 10_000;

fn percentiles(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    format!(
        "p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  ({} runs)",
        at(0.50).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        samples.len()
    )
}

async fn seed(db: &db::Db) {
    let hash = passwords::hash(Password::parse("bench password 2026").unwrap())
        .await
        .unwrap();
    let specialties: Vec<(String, i64)> =
        sqlx::query_as("SELECT slug, id FROM specialties ORDER BY slug")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    let mut clinic_ids = Vec::new();
    for clinic in &CLINICS {
        let parsed = clinics::NewClinic::parse(clinic.name, clinic.zone, clinic.currency).unwrap();
        clinic_ids.push(
            clinics::create(&mut *tx, &parsed, chrono::Utc::now().timestamp())
                .await
                .unwrap()
                .id,
        );
    }
    let today = chrono::Utc::now().date_naive();
    let now = chrono::Utc::now().timestamp();
    for n in 0..DOCTORS {
        let c = n % CLINICS.len();
        // Not n % len: with six clinics that would tie each specialty to a few cities.
        let specialty = (n / CLINICS.len()) % specialties.len();
        let profile = demo_profile(&CLINICS[c], specialties[specialty].1, specialty, n);
        let week = demo_week(n, today);
        let email = format!("bench.doctor{n}@salus.test");
        let first = format!("Doctor{n}");
        seed_doctor(
            &mut tx,
            &hash,
            clinic_ids[c],
            (&first, "Bench", &email),
            &profile,
            &week,
            "approved",
            now,
        )
        .await
        .unwrap();
    }
    // Rating summaries as the feedback service keeps them: one doctor in five unrated, the
    // others with 1 to 40 ratings of varied averages.
    sqlx::query(
        "UPDATE doctors SET rating_count = CASE WHEN user_id % 5 = 0 THEN 0 \
             ELSE 1 + user_id % 40 END, \
         rating_sum = CASE WHEN user_id % 5 = 0 THEN 0 \
             ELSE (1 + user_id % 40) * (2 + user_id % 4) + user_id % 3 END",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    sqlx::query(
        "UPDATE doctors SET rating_rank = CASE WHEN rating_count > 0 \
         THEN (rating_sum * 1000) / rating_count ELSE 0 END",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn run(url: String, data_dir: std::path::PathBuf) {
    println!("\n== {} ==", db::redact_url(&url));
    let vars = HashMap::from([
        ("DATABASE_URL".to_owned(), url.clone()),
        ("SALUS_DATA_DIR".to_owned(), data_dir.display().to_string()),
        ("SALUS_DEMO_DATA".to_owned(), "false".to_owned()),
        ("SALUS_ADDR".to_owned(), "127.0.0.1:0".to_owned()),
        (
            "SALUS_JWT_SECRET".to_owned(),
            "bench-secret-that-is-long-enough-for-hs256".to_owned(),
        ),
        ("RUST_LOG".to_owned(), "error".to_owned()),
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let application = Application::build(config).await.unwrap();
    let address = format!("http://{}", application.local_addr());
    let db = application.db().clone();
    tokio::spawn(application.run_until(std::future::pending()));

    let started = Instant::now();
    seed(&db).await;
    println!(
        "seeded {DOCTORS} doctors in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let refreshed = free_slots::refresh_due(&db, chrono::Utc::now())
        .await
        .unwrap();
    println!(
        "refresh of every next free slot: {refreshed} doctors in {:.2} s",
        started.elapsed().as_secs_f64()
    );

    let queries: [(&str, DirectoryQuery); 7] = [
        ("all, soonest first", DirectoryQuery::default()),
        (
            "specialty + city",
            DirectoryQuery {
                specialty: Some("cardiology".into()),
                city: Some("Tunis".into()),
                ..Default::default()
            },
        ),
        (
            "name search",
            DirectoryQuery {
                q: Some("doctor123".into()),
                ..Default::default()
            },
        ),
        (
            "price range, by price",
            DirectoryQuery {
                price_min: Some("40".into()),
                price_max: Some("60".into()),
                sort: Some("price".into()),
                ..Default::default()
            },
        ),
        (
            "best rated first",
            DirectoryQuery {
                sort: Some("rating".into()),
                ..Default::default()
            },
        ),
        (
            "at least 4 stars, by rating, page 10",
            DirectoryQuery {
                min_rating: Some("4".into()),
                sort: Some("rating".into()),
                page: Some("10".into()),
                ..Default::default()
            },
        ),
        (
            "language + within 7 days, page 20",
            DirectoryQuery {
                language: Some("fr".into()),
                within_days: Some("7".into()),
                page: Some("20".into()),
                ..Default::default()
            },
        ),
    ];
    println!("-- service layer (directory::search)");
    for (name, query) in &queries {
        let mut samples = Vec::new();
        for _ in 0..300 {
            let start = Instant::now();
            let page = directory::search(&db, query, chrono::Utc::now())
                .await
                .unwrap();
            samples.push(start.elapsed());
            assert!(page.total > 0, "{name} finds doctors");
        }
        println!("{name:<38} {}", percentiles(samples));
    }
    let client = reqwest::Client::new();
    println!("-- HTTP, one request at a time");
    for (name, path) in [
        ("GET /api/v1/doctors", "/api/v1/doctors"),
        (
            "GET /api/v1/doctors?specialty&city",
            "/api/v1/doctors?specialty=cardiology&city=Tunis",
        ),
        ("GET /doctors (server-rendered page)", "/doctors"),
        ("GET /doctors?sort=rating (page)", "/doctors?sort=rating"),
        (
            "GET /doctors?specialty&city (page)",
            "/doctors?specialty=cardiology&city=Tunis",
        ),
    ] {
        let mut samples = Vec::new();
        for _ in 0..200 {
            let start = Instant::now();
            let response = client.get(format!("{address}{path}")).send().await.unwrap();
            assert_eq!(response.status(), 200);
            response.bytes().await.unwrap();
            samples.push(start.elapsed());
        }
        println!("{name:<38} {}", percentiles(samples));
    }
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("salus-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        run(
            format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            dir.clone(),
        )
        .await;
        if let Ok(admin_url) = std::env::var("SALUS_BENCH_POSTGRES_URL") {
            let name = format!("salus_bench_{}", std::process::id());
            let admin = db::connect(&admin_url).await.unwrap();
            // Our own name, not input: CREATE DATABASE takes no parameters.
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&admin.pool)
                .await
                .unwrap();
            let server = admin_url
                .rsplit_once('/')
                .map(|(s, _)| s)
                .unwrap_or(&admin_url);
            run(format!("{server}/{name}"), dir.clone()).await;
            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&admin.pool)
                .await
                .unwrap();
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
