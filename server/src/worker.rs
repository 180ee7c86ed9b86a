//! Background work of the server: for now, keeping each doctor's stored next free slot right
//! as time passes (slots fall inside the minimum notice, new days enter the horizon).

use app::backend::db::Db;
use app::backend::free_slots;
use std::time::Duration;
use tokio::task::JoinHandle;

/// How often stale next free slots are refreshed.
const REFRESH_EVERY: Duration = Duration::from_secs(60);

/// Starts the periodic refresh; it stops when the returned task is aborted.
pub fn spawn(db: Db) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(REFRESH_EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match free_slots::refresh_due(&db, chrono::Utc::now()).await {
                Ok(0) => {}
                Ok(count) => tracing::debug!(count, "refreshed next free slots"),
                Err(error) => tracing::warn!(%error, "could not refresh next free slots"),
            }
        }
    })
}
