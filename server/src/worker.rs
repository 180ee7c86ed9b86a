//! The server's background worker: runs the jobs of the `jobs` table (appointment expiries,
//! payments to settle, notices to email, the next-free refresh), queues the recurring
//! refresh and deletes forgotten rate-limit counts once a minute, and recomputes the next free slot of doctors whose free time just
//! changed, within a second. Several server instances may run it at once: a job is claimed by one
//! of them only (see `backend::jobs`).
//!
//! This is the one dispatcher from a job's kind to the domain that handles it: domains queue
//! jobs but never run another domain's, so none of them depends on all the others.

use app::AppError;
use backend::accounts::users;
use backend::booking::{expire, schedule_refresh};
use backend::db::Backend;
use backend::jobs::{self, Job, Task};
use backend::live::Change;
use backend::notify::notices;
use backend::scheduling::free_slots;
use backend::{appointments, booking, feedback, payments, AppState};
use chrono::{DateTime, Utc};
use shared::AppointmentStatus;
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

/// Runs one claimed job with the domain it belongs to.
async fn run_job(state: &AppState, job: &Job, now: DateTime<Utc>) -> Result<(), AppError> {
    let db = &state.db;
    match &job.task {
        Task::ExpireHold { appointment } => {
            // Stripe first: a card authorised at the last second keeps the booking.
            if payments::before_hold_expires(state, *appointment, now).await? {
                expire(db, *appointment, AppointmentStatus::Held, now).await?;
            }
            payments::settle(state, *appointment, now).await
        }
        Task::ExpireRequest { appointment } => {
            expire(db, *appointment, AppointmentStatus::Requested, now).await
        }
        Task::LapseProposal { appointment } => booking::lapse_proposal(db, *appointment, now).await,
        Task::RefreshNextFree => free_slots::refresh_due(db, now).await.map(|_| ()),
        Task::SettlePayment { appointment } => payments::settle(state, *appointment, now).await,
        Task::InviteRating { appointment } => feedback::invite(state, *appointment, now).await,
        Task::Notify { notification } => {
            // Notify is told of the visit by booking and of its reader by accounts, here, rather
            // than reading them itself.
            let Some(pending) = notices::pending_email(db, *notification).await? else {
                return Ok(());
            };
            let visit = appointments::visit_facts(db, pending.appointment).await?;
            let to = users::recipient(db, shared::UserId(pending.user)).await?;
            notices::deliver(state, job, &pending, &visit, &to, now).await
        }
        Task::Remind { appointment } => notices::remind(db, *appointment, now).await,
    }
}

/// Claims and runs the jobs due at `now` once; returns how many ran. (Time is passed in so
/// tests can stand after a deadline.)
pub async fn run_due_jobs(
    state: &AppState,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
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

/// Starts the worker; it stops when the returned task is aborted. Its loops share its task:
/// the job queue, the next-free refresher (which a slow job never holds up) and, on SQLite,
/// the watch for new notifications.
pub fn spawn(state: AppState) -> JoinHandle<()> {
    tokio::spawn(async move {
        tokio::join!(
            run_jobs(&state),
            refresh_marked_doctors(&state),
            watch_notifications(&state)
        );
    })
}

async fn run_jobs(state: &AppState) {
    let worker = worker_name();
    let mut poll = tokio::time::interval(POLL_EVERY);
    poll.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut refresh = tokio::time::interval(REFRESH_EVERY);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = refresh.tick() => {
                if let Err(error) = schedule_refresh(&state.db, state.clock.now()).await {
                    tracing::warn!(%error, "could not queue the next-free refresh");
                }
                if let Err(error) = state.throttles.delete_forgotten(state.clock.now_unix()).await {
                    tracing::warn!(%error, "could not delete forgotten rate-limit counts");
                }
            }
            _ = poll.tick() => {
                if let Err(error) = run_due_jobs(state, &worker, state.clock.now()).await {
                    tracing::warn!(%error, "could not run jobs");
                }
            }
        }
    }
}

/// Recomputes the next free slot of the doctors whose free time changed (bookings mark them
/// in their own transaction), a few times a second, and tells their open pages.
async fn refresh_marked_doctors(state: &AppState) {
    let mut tick = tokio::time::interval(free_slots::REFRESH_MARKED_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let refreshed = match free_slots::refresh_marked(&state.db, state.clock.now()).await {
            Ok(refreshed) => refreshed,
            Err(error) => {
                tracing::warn!(%error, "could not refresh marked next free slots");
                continue;
            }
        };
        for doctor in refreshed {
            if let Err(error) = state.live.announce(&state.db, Change::Slots(doctor)).await {
                tracing::warn!(%error, "could not announce changed slots");
            }
        }
    }
}

/// On SQLite, tells the open bells of new notifications (PostgreSQL tells them at commit,
/// see `backend::live::announce_in`): one query a few times a second for the instance,
/// rather than one per open bell.
async fn watch_notifications(state: &AppState) {
    if state.db.backend != Backend::Sqlite {
        return;
    }
    // Only what comes from now on: the bells read what was there when they opened.
    let mut seen = loop {
        match notices::newest_id(&state.db).await {
            Ok(newest) => break newest,
            Err(error) => tracing::warn!(%error, "could not read the newest notification"),
        }
        tokio::time::sleep(POLL_EVERY).await;
    };
    let mut tick = tokio::time::interval(free_slots::REFRESH_MARKED_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match notices::notified_since(&state.db, seen).await {
            Ok((people, newest)) => {
                for person in people {
                    state.live.deliver(Change::Notifications(person));
                }
                seen = newest;
            }
            Err(error) => tracing::warn!(%error, "could not look for new notifications"),
        }
    }
}
