//! One settlement of a payment at a time (migration 0015). `settle` reads what was already
//! refunded, then asks Stripe for the rest: two settlements overlapping (the hold's expiry
//! check and a cancellation's settlement, or two instances' workers) would both read
//! "nothing refunded yet" and both refund. A settlement holds the payment's lease while it
//! talks to Stripe; one that finds it held runs again once the other is done.

use crate::db::Db;
use chrono::{DateTime, Utc};
use shared::error::AppError;

/// How long a settlement may hold its payment: well past Stripe's calls' time-outs, so only
/// a crashed worker's lease ever lapses.
const LEASE_SECONDS: i64 = 120;
/// A settlement that found its payment busy runs again this much later.
pub(super) const SETTLE_AGAIN_AFTER_SECONDS: i64 = 2;

/// Takes the payment's settlement lease unless another settlement holds it; answers the
/// lease's end, which `release` is handed back.
pub(super) async fn take(
    db: &Db,
    payment: i64,
    now: DateTime<Utc>,
) -> Result<Option<i64>, AppError> {
    let until = now.timestamp() + LEASE_SECONDS;
    let taken = sqlx::query(
        "UPDATE payments SET settling_until = $1 \
         WHERE id = $2 AND (settling_until IS NULL OR settling_until <= $3)",
    )
    .bind(until)
    .bind(payment)
    .bind(now.timestamp())
    .execute(&db.pool)
    .await?
    .rows_affected();
    Ok((taken == 1).then_some(until))
}

/// Gives the lease back (only the one taken: a lapsed lease another settlement took since
/// stays with it).
pub(super) async fn release(db: &Db, payment: i64, until: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE payments SET settling_until = NULL WHERE id = $1 AND settling_until = $2")
        .bind(payment)
        .bind(until)
        .execute(&db.pool)
        .await?;
    Ok(())
}
