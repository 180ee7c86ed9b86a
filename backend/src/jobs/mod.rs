//! A job queue in the database, run by the server's worker: appointment expiries, the
//! next-free refresh, later emails. A job is claimed with a lease: on PostgreSQL with
//! `FOR UPDATE SKIP LOCKED`, so several server instances never run one job twice; on SQLite
//! inside the single writer's lock. A worker that dies loses its lease and the job is taken
//! again, so a restart loses no job. A failed job is retried later and later, then kept as
//! failed with its error.

use crate::db::{Backend, Db};
use serde::{Deserialize, Serialize};
use shared::error::AppError;

/// What a job does, with what it needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Task {
    /// A held slot not paid in time becomes `expired`.
    ExpireHold { appointment: i64 },
    /// A request not answered in time becomes `expired`.
    ExpireRequest { appointment: i64 },
    /// A proposed new time not answered in time is dropped; the visit keeps its time.
    LapseProposal { appointment: i64 },
    /// Every stale next free slot of the directory is recomputed (recurring).
    RefreshNextFree,
    /// Stripe does what an online-paid appointment's status asks (capture, release, refund).
    SettlePayment { appointment: i64 },
    /// The patient of a completed visit is invited by email to rate it.
    InviteRating { appointment: i64 },
    /// One notification is emailed to its recipient.
    Notify { notification: i64 },
    /// A confirmed visit's reminder is written and emailed, once.
    Remind { appointment: i64 },
}

impl Task {
    /// Every kind of job, as stored in `jobs.kind`.
    pub const KINDS: [&'static str; 8] = [
        "expire_hold",
        "expire_request",
        "lapse_proposal",
        "refresh_next_free",
        "settle_payment",
        "invite_rating",
        "notify",
        "remind",
    ];

    fn kind(&self) -> &'static str {
        match self {
            Task::ExpireHold { .. } => "expire_hold",
            Task::ExpireRequest { .. } => "expire_request",
            Task::LapseProposal { .. } => "lapse_proposal",
            Task::RefreshNextFree => "refresh_next_free",
            Task::SettlePayment { .. } => "settle_payment",
            Task::InviteRating { .. } => "invite_rating",
            Task::Notify { .. } => "notify",
            Task::Remind { .. } => "remind",
        }
    }
}

/// How one kind of job stands in the queue at a moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueDepth {
    pub kind: &'static str,
    /// Waiting to run, due or not.
    pub pending: i64,
    /// Due now and not yet run.
    pub due: i64,
    /// How long the oldest due job has waited, in seconds (0 when none is due).
    pub lag_seconds: i64,
}

/// The queue per kind of job at `now`: every kind, those with nothing waiting at zero (so a
/// drained queue reads 0, not its last value).
pub async fn depth(db: &Db, now: i64) -> Result<Vec<QueueDepth>, AppError> {
    let rows: Vec<(String, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT kind, COUNT(*), \
         SUM(CASE WHEN run_at <= $1 THEN 1 ELSE 0 END), \
         MIN(CASE WHEN run_at <= $1 THEN run_at END) \
         FROM jobs WHERE state = 'pending' GROUP BY kind",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    Ok(Task::KINDS
        .into_iter()
        .map(|kind| {
            let row = rows.iter().find(|row| row.0 == kind);
            QueueDepth {
                kind,
                pending: row.map_or(0, |row| row.1),
                due: row.map_or(0, |row| row.2),
                lag_seconds: row.and_then(|row| row.3).map_or(0, |oldest| now - oldest),
            }
        })
        .collect())
}

/// A claimed job.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub task: Task,
    /// This attempt's number, from 1.
    pub attempt: i64,
    pub max_attempts: i64,
}

/// How long a claimed job is reserved for its worker.
pub const LEASE_SECONDS: i64 = 120;

/// Queues `task` to run at `run_at` (unix seconds). With a `dedupe_key`, nothing is queued
/// while a pending job has the same key. Takes any executor, so a job is queued in the same
/// transaction as the change that needs it: both happen, or neither.
pub async fn enqueue<'e, E>(
    executor: E,
    task: &Task,
    run_at: i64,
    dedupe_key: Option<&str>,
    now: i64,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let payload = serde_json::to_string(task).map_err(|_| AppError::Internal)?;
    sqlx::query(
        "INSERT INTO jobs (kind, payload, run_at, dedupe_key, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(task.kind())
    .bind(payload)
    .bind(run_at)
    .bind(dedupe_key)
    .bind(now)
    .execute(executor)
    .await?;
    Ok(())
}

/// Moves the pending job with `key` to `run_at`, or queues `task` there when none waits (a
/// visit's reminder that follows the visit to its new time).
pub async fn requeue_keyed(
    tx: &mut sqlx::AnyConnection,
    task: &Task,
    run_at: i64,
    key: &str,
    now: i64,
) -> Result<(), AppError> {
    let moved = sqlx::query(
        "UPDATE jobs SET run_at = $1 WHERE dedupe_key = $2 AND state = 'pending' \
         AND locked_until IS NULL",
    )
    .bind(run_at)
    .bind(key)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if moved == 0 {
        enqueue(&mut *tx, task, run_at, Some(key), now).await?;
    }
    Ok(())
}

/// Claims up to `limit` due jobs for `worker` until `now + LEASE_SECONDS`.
pub async fn claim(db: &Db, worker: &str, now: i64, limit: i64) -> Result<Vec<Job>, AppError> {
    let lock = match db.backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        // SQLite has one writer at a time: the UPDATE below is the claim.
        Backend::Sqlite => "",
    };
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(&format!(
        "UPDATE jobs SET locked_until = $1, locked_by = $2, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs WHERE state = 'pending' AND run_at <= $3 \
             AND (locked_until IS NULL OR locked_until < $3) ORDER BY run_at, id LIMIT $4{lock}) \
         RETURNING id, payload, attempts, max_attempts"
    ))
    .bind(now + LEASE_SECONDS)
    .bind(worker)
    .bind(now)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    let mut jobs = Vec::with_capacity(rows.len());
    for (id, payload, attempt, max_attempts) in rows {
        match serde_json::from_str(&payload) {
            Ok(task) => jobs.push(Job {
                id,
                task,
                attempt,
                max_attempts,
            }),
            Err(error) => {
                tracing::error!(id, %error, "unreadable job, set aside");
                give_up(db, id, &format!("unreadable payload: {error}"), now).await?;
            }
        }
    }
    jobs.sort_by_key(|job| job.id);
    Ok(jobs)
}

/// Marks a job done.
pub async fn finish(db: &Db, job: &Job, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE jobs SET state = 'done', finished_at = $1, locked_until = NULL, last_error = NULL \
         WHERE id = $2",
    )
    .bind(now)
    .bind(job.id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// The wait before the next attempt: 30 s, 1 min, 2 min… capped at an hour.
pub fn retry_delay(attempt: i64) -> i64 {
    (30_i64 << (attempt - 1).clamp(0, 7)).min(3600)
}

/// Records a failed attempt: tried again later, or failed for good after the last attempt.
pub async fn fail(db: &Db, job: &Job, error: &str, now: i64) -> Result<(), AppError> {
    if job.attempt >= job.max_attempts {
        return give_up(db, job.id, error, now).await;
    }
    sqlx::query("UPDATE jobs SET run_at = $1, locked_until = NULL, last_error = $2 WHERE id = $3")
        .bind(now + retry_delay(job.attempt))
        .bind(error)
        .bind(job.id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

async fn give_up(db: &Db, id: i64, error: &str, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE jobs SET state = 'failed', finished_at = $1, locked_until = NULL, \
         last_error = $2 WHERE id = $3",
    )
    .bind(now)
    .bind(error)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests;
