//! The job queue through a running server: a job is claimed by one worker only, even with
//! two server instances, and a job whose worker died is run again.

use crate::bookings::{book_ok, doctor, run_jobs_at, status_of};
use crate::db_tests;
use crate::helpers::{slot_at, spawn_app, Database};
use crate::scenario::ONLINE;
use chrono::{Duration, Utc};

db_tests!(
    a_job_is_claimed_once_by_two_workers,
    a_job_whose_worker_died_is_run_again,
);

async fn a_job_is_claimed_once_by_two_workers(db: Database) {
    let app = spawn_app(db).await;
    let other = app.second_instance().await;
    let now = Utc::now().timestamp();
    for n in 0..60 {
        backend::jobs::enqueue(
            &app.db.pool,
            &backend::jobs::Task::ExpireHold {
                appointment: 1_000_000 + n,
            },
            now - 1,
            None,
            now,
        )
        .await
        .unwrap();
    }
    let claim_all = |db: backend::db::Db, worker: &'static str| async move {
        let mut ids = Vec::new();
        loop {
            let jobs = backend::jobs::claim(&db, worker, Utc::now().timestamp(), 3)
                .await
                .unwrap();
            if jobs.is_empty() {
                break ids;
            }
            for job in &jobs {
                backend::jobs::finish(&db, job, Utc::now().timestamp())
                    .await
                    .unwrap();
            }
            ids.extend(jobs.into_iter().map(|j| j.id));
        }
    };
    // Two claimers here, and each server's own background worker: four at once.
    let (a, b) = tokio::join!(
        claim_all(app.db.clone(), "worker-a"),
        claim_all(other.db.clone(), "worker-b")
    );
    let mut ours: Vec<i64> = a.iter().chain(b.iter()).copied().collect();
    let claimed = ours.len();
    ours.sort();
    ours.dedup();
    assert_eq!(ours.len(), claimed, "no job was handed to both claimers");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let attempts: Vec<i64> = loop {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, attempts FROM jobs WHERE kind = 'expire_hold'")
                .fetch_all(&app.db.pool)
                .await
                .unwrap();
        if rows.iter().all(|(state, _)| state == "done") || std::time::Instant::now() > deadline {
            break rows.into_iter().map(|(_, attempts)| attempts).collect();
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert_eq!(attempts.len(), 60);
    assert!(
        attempts.iter().all(|n| *n == 1),
        "every job was claimed exactly once: {attempts:?}"
    );
}

async fn a_job_whose_worker_died_is_run_again(db: Database) {
    let app = spawn_app(db).await;
    let clinic = app.clinic("Clinique du Lac").await;
    let (online, _) = doctor(&app, "online@example.org", clinic, ONLINE).await;
    let patient = app.verified_patient("amina@example.org").await;
    let id = book_ok(&app, &patient, online, &slot_at(10, "09:00")).await["appointment"]["id"]
        .as_i64()
        .unwrap();
    let later = Utc::now() + Duration::minutes(16);
    // A worker claims the expiry, then dies before finishing it.
    let claimed = backend::jobs::claim(&app.db, "doomed", later.timestamp(), 10)
        .await
        .unwrap();
    let expiries = claimed
        .iter()
        .filter(|job| matches!(job.task, backend::jobs::Task::ExpireHold { .. }))
        .count();
    assert_eq!(expiries, 1);
    run_jobs_at(&app, later).await;
    assert_eq!(status_of(&app, id).await, "held", "its lease holds");
    // Once the lease runs out another worker takes it.
    let after_lease = later + Duration::seconds(backend::jobs::LEASE_SECONDS + 1);
    assert!(run_jobs_at(&app, after_lease).await >= 1);
    assert_eq!(status_of(&app, id).await, "expired");
    let (state, attempts): (String, i64) =
        sqlx::query_as("SELECT state, attempts FROM jobs WHERE payload LIKE '%expire_hold%'")
            .fetch_one(&app.db.pool)
            .await
            .unwrap();
    assert_eq!((state.as_str(), attempts), ("done", 2));
}
