//! What the slot engine must avoid: the times a doctor is already booked.

use crate::db::instant;
use crate::db::Db;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::schedule::Interval;
use shared::UserId;
use std::collections::HashMap;

/// The times a doctor is booked during `span`: every active appointment (a hold only until
/// it lapses at `now`) and every proposed new time waiting for an answer, for the slot engine.
pub async fn busy_times(
    db: &Db,
    doctor: UserId,
    span: Interval,
    now: DateTime<Utc>,
) -> Result<Vec<Interval>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT starts_at, ends_at FROM appointments WHERE doctor_id = $1 \
         AND starts_at < $2 AND ends_at > $3 AND {} \
         UNION ALL SELECT starts_at, ends_at FROM appointment_proposals WHERE doctor_id = $1 \
         AND starts_at < $2 AND ends_at > $3",
        super::holds_its_time_at(4)
    ))
    .bind(doctor.0)
    .bind(span.end.timestamp())
    .bind(span.start.timestamp())
    .bind(now.timestamp())
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|(start, end)| Ok(Interval::new(instant(start)?, instant(end)?)))
        .collect()
}

/// The busy times of every doctor with an id in `(after, up_to]`, by doctor, in one query (for
/// the periodic next-free refresh).
pub async fn busy_times_of_range(
    db: &Db,
    after: UserId,
    up_to: UserId,
    span: Interval,
    now: DateTime<Utc>,
) -> Result<HashMap<i64, Vec<Interval>>, AppError> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT doctor_id, starts_at, ends_at FROM appointments \
         WHERE doctor_id > $1 AND doctor_id <= $2 AND starts_at < $3 AND ends_at > $4 AND {} \
         UNION ALL SELECT doctor_id, starts_at, ends_at FROM appointment_proposals \
         WHERE doctor_id > $1 AND doctor_id <= $2 AND starts_at < $3 AND ends_at > $4",
        super::holds_its_time_at(5)
    ))
    .bind(after.0)
    .bind(up_to.0)
    .bind(span.end.timestamp())
    .bind(span.start.timestamp())
    .bind(now.timestamp())
    .fetch_all(&db.pool)
    .await?;
    let mut busy: HashMap<i64, Vec<Interval>> = HashMap::new();
    for (doctor, start, end) in rows {
        busy.entry(doctor)
            .or_default()
            .push(Interval::new(instant(start)?, instant(end)?));
    }
    Ok(busy)
}
