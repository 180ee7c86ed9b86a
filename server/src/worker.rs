//! The server's background worker: runs the jobs of the `jobs` table (appointment expiries,
//! the next-free refresh), and queues the recurring refresh once a minute. Several server
//! instances may run it at once: a job is claimed by one of them only (see `backend::jobs`).

use app::backend::appointments::{run_job, schedule_refresh};
use app::backend::jobs;
use app::backend::AppState;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often the queue is looked at.
const POLL_EVERY: Duration = Duration::from_millis(500);
/// How often the recurring next-free refresh is queued.
const REFRESH_EVERY: Duration = Duration::from_secs(60);
const BATCH: i64 = 20;

/// A name for this worker in the job rows, for an operator reading them.
fn worker_name() -> String {
    let mut bytes = [0u8; 4];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    format!(
        "{}-{}",
        std::process::id(),
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

/// Claims and runs the jobs due at `now` once; returns how many ran. (Time is passed in so
/// tests can stand after a deadline.)
pub async fn run_due_jobs(
    state: &AppState,
    worker: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<usize, app::AppError> {
    let db = &state.db;
    let claimed = jobs::claim(db, worker, now.timestamp(), BATCH).await?;
    for job in &claimed {
        match run_job(state, job, now).await {
            Ok(()) => jobs::finish(db, job, now.timestamp()).await?,
            Err(error) => {
                tracing::warn!(job = job.id, attempt = job.attempt, %error, "job failed");
                jobs::fail(db, job, &error.to_string(), now.timestamp()).await?;
            }
        }
    }
    Ok(claimed.len())
}

/// Starts the worker; it stops when the returned task is aborted.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        let worker = worker_name();
        let mut poll = tokio::time::interval(POLL_EVERY);
        poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut refresh = tokio::time::interval(REFRESH_EVERY);
        refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = refresh.tick() => {
                    if let Err(error) = schedule_refresh(&state.db).await {
                        tracing::warn!(%error, "could not queue the next-free refresh");
                    }
                }
                _ = poll.tick() => {
                    if let Err(error) = run_due_jobs(&state, &worker, chrono::Utc::now()).await {
                        tracing::warn!(%error, "could not run jobs");
                    }
                }
            }
        }
    })
}
