//! Booking under load, beside the raw speed of the same database:
//! - bookings per second on distinct slots (one at a time, and 8 in flight), against the rate
//!   of plain single-row INSERTs into a scratch table of the same database in the same run;
//! - the time to refuse a booking of a slot that is already taken;
//! - a month of free slots for a doctor with 300 appointments (the service call behind
//!   `GET /api/v1/doctors/{id}/slots`).
//!
//! `cargo bench -p server --bench booking` (SQLite); with `SALUS_BENCH_POSTGRES_URL` set to a
//! server's maintenance database, PostgreSQL too, in a database the bench creates and drops.
//! Never part of the test command.

use backend::accounts::auth::Caller;
use backend::booking;
use backend::db::{self, Db};
use backend::demo::doctors::{demo_profile, seed_doctor, CLINICS};
use backend::scheduling::availability;
use backend::scheduling::free_slots;
use backend::{accounts::passwords, accounts::users, clinics};
use chrono::{Duration, Utc};
use server::config::Config;
use server::startup::Application;
use shared::schedule::{Availability, BookingRules, WeeklyHours, Window};
use shared::{BookSlot, ClinicId, Email, Language, Password, Role, UserId};
use std::collections::HashMap;
use std::time::Instant;

const BOOKINGS: usize = 400;

fn percentiles(mut samples: Vec<std::time::Duration>) -> String {
    samples.sort();
    let at = |p: f64| samples[((samples.len() as f64 * p) as usize).min(samples.len() - 1)];
    format!(
        "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms ({} runs)",
        at(0.50).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        samples.len()
    )
}

/// Open every day, all day, in 15-minute slots, bookable a year ahead from now.
fn always_open() -> Availability {
    use chrono::Weekday::*;
    Availability {
        weekly: [Mon, Tue, Wed, Thu, Fri, Sat, Sun]
            .into_iter()
            .map(|weekday| WeeklyHours {
                weekday,
                hours: Window {
                    start: 0,
                    end: 1440,
                },
                slot_minutes: 15,
                pause: None,
            })
            .collect(),
        exceptions: vec![],
        booking: BookingRules {
            min_notice_minutes: 0,
            horizon_days: 365,
            buffer_minutes: 0,
        },
        unavailable: false,
    }
}

async fn setup(db: &Db) -> (UserId, Vec<Caller>) {
    let hash = passwords::hash(Password::parse("bench password 2026").unwrap())
        .await
        .unwrap();
    let specialty: i64 = sqlx::query_scalar("SELECT id FROM specialties ORDER BY id LIMIT 1")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    let clinic = clinics::create(
        &mut *tx,
        &clinics::NewClinic::parse("Bench Clinic", "UTC", "EUR").unwrap(),
        chrono::Utc::now().timestamp(),
    )
    .await
    .unwrap()
    .id;
    let mut profile = demo_profile(&CLINICS[1], specialty, 0, 1);
    profile.booking_mode = shared::BookingMode::Instant;
    profile.payment_mode = shared::PaymentMode::AtVisit;
    profile.consultation_minutes = 15;
    let doctor = seed_doctor(
        &mut tx,
        &hash,
        clinic,
        ("Bench", "Doctor", "bench.doctor@salus.test"),
        &profile,
        &always_open(),
        "approved",
        Utc::now().timestamp(),
    )
    .await
    .unwrap();
    let mut patients = Vec::new();
    for n in 0..50 {
        let account = users::NewAccount {
            email: Email::parse(&format!("bench.patient{n}@salus.test")).unwrap(),
            password_hash: Some(hash.clone()),
            role: Role::Patient,
            clinic_id: None,
            first_name: "Bench".into(),
            last_name: format!("Patient{n}"),
            language: Language::En,
            email_verified: true,
        };
        let id = users::insert(&mut *tx, &account, chrono::Utc::now().timestamp())
            .await
            .unwrap();
        patients.push(Caller {
            id,
            role: Role::Patient,
            clinic_id: None::<ClinicId>,
            email_verified: true,
            token_version: 0,
            clinic_access: true,
        });
    }
    tx.commit().await.unwrap();
    (doctor, patients)
}

fn form(doctor: UserId, start: chrono::DateTime<Utc>) -> BookSlot {
    BookSlot {
        doctor,
        start,
        reason: "Benchmark visit".into(),
        for_dependant: None,
    }
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
    ]);
    let config = Config::from_lookup(|name| vars.get(name).cloned()).unwrap();
    let application = Application::build(config).await.unwrap();
    let db = application.db().clone();
    let state = application.state().clone();
    let (doctor, patients) = setup(&db).await;
    // Whole quarter hours from tomorrow, one distinct slot per booking.
    let first = (Utc::now() + Duration::days(1))
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    let slot = move |n: usize| first + Duration::minutes(15 * n as i64);

    // Raw INSERT rate of this database: one autocommitted row at a time.
    sqlx::query("CREATE TABLE bench_raw (id BIGINT PRIMARY KEY, starts_at BIGINT NOT NULL, note TEXT NOT NULL)")
        .execute(&db.pool)
        .await
        .unwrap();
    let started = Instant::now();
    for n in 0..BOOKINGS as i64 {
        sqlx::query("INSERT INTO bench_raw (id, starts_at, note) VALUES ($1, $2, $3)")
            .bind(n)
            .bind(n * 900)
            .bind("raw")
            .execute(&db.pool)
            .await
            .unwrap();
    }
    let raw = BOOKINGS as f64 / started.elapsed().as_secs_f64();
    println!("raw single-row INSERTs:            {raw:>8.0} /s");

    // Bookings one at a time.
    let mut latencies = Vec::new();
    let started = Instant::now();
    for n in 0..BOOKINGS {
        let t = Instant::now();
        booking::book(
            &state,
            &patients[n % patients.len()],
            &form(doctor, slot(n)),
            Utc::now(),
        )
        .await
        .unwrap();
        latencies.push(t.elapsed());
    }
    let sequential = BOOKINGS as f64 / started.elapsed().as_secs_f64();
    println!(
        "bookings, one at a time:           {sequential:>8.0} /s  ({:.1}% of raw)  {}",
        100.0 * sequential / raw,
        percentiles(latencies)
    );

    // Bookings with 8 in flight.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let state = state.clone();
        let patients = patients.clone();
        tasks.push(tokio::spawn(async move {
            for n in (BOOKINGS + worker..2 * BOOKINGS).step_by(8) {
                booking::book(
                    &state,
                    &patients[n % patients.len()],
                    &form(doctor, slot(n)),
                    Utc::now(),
                )
                .await
                .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let concurrent = BOOKINGS as f64 / started.elapsed().as_secs_f64();
    println!(
        "bookings, 8 in flight:             {concurrent:>8.0} /s  ({:.1}% of raw)",
        100.0 * concurrent / raw
    );

    // Refusing a slot that is taken.
    let mut refusals = Vec::new();
    for n in 0..200 {
        let t = Instant::now();
        let result = booking::book(
            &state,
            &patients[(n + 1) % patients.len()],
            &form(doctor, slot(0)),
            Utc::now(),
        )
        .await;
        refusals.push(t.elapsed());
        assert!(result.is_err());
    }
    println!(
        "refusing a taken slot:             {}",
        percentiles(refusals)
    );

    // A month of free slots for a doctor with 300 appointments in that month.
    let month_doctor = {
        let mut tx = db.pool.begin().await.unwrap();
        let hash = "unused";
        let mut profile = demo_profile(&CLINICS[1], 1, 0, 1);
        profile.booking_mode = shared::BookingMode::Instant;
        profile.payment_mode = shared::PaymentMode::AtVisit;
        let clinic: i64 = sqlx::query_scalar("SELECT id FROM clinics LIMIT 1")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        let id = seed_doctor(
            &mut tx,
            hash,
            ClinicId(clinic),
            ("Busy", "Doctor", "busy.doctor@salus.test"),
            &profile,
            &always_open(),
            "approved",
            Utc::now().timestamp(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    };
    let schedule = availability::load(&db, month_doctor).await.unwrap();
    assert_eq!(schedule.consultation_minutes, 30);
    // After the days the bookings above used, so the same patients are free again.
    let month_first = first + Duration::days(2 * BOOKINGS as i64 * 15 / (24 * 60) + 2);
    for n in 0..300 {
        // Ten a day over thirty days, every other half hour from 08:00.
        let start = month_first
            + Duration::days((n / 10) as i64)
            + Duration::hours(8)
            + Duration::minutes(60 * (n % 10) as i64);
        booking::book(
            &state,
            &patients[n % patients.len()],
            &form(month_doctor, start),
            Utc::now(),
        )
        .await
        .unwrap();
    }
    let from = month_first.date_naive().to_string();
    let to = (month_first.date_naive() + Duration::days(30)).to_string();
    let mut month = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        let list = free_slots::slot_list(&db, month_doctor, None, Some((&from, &to)), Utc::now())
            .await
            .unwrap();
        month.push(t.elapsed());
        assert_eq!(list.days.len(), 31);
    }
    println!("a month of slots, 300 appointments: {}", percentiles(month));
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = std::env::temp_dir().join(format!("salus-booking-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        run(
            format!("sqlite://{}/bench.db?mode=rwc", dir.display()),
            dir.clone(),
        )
        .await;
        if let Ok(admin_url) = std::env::var("SALUS_BENCH_POSTGRES_URL") {
            let name = format!("salus_booking_bench_{}", std::process::id());
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
