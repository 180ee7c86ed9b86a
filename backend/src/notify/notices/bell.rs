//! The bell: a person's latest notifications, how many are unread, and marking them read.

use super::full_name;
use crate::db::{instant, Db};
use crate::live::Change;
use crate::AppState;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::notification::{MarkRead, NoticeKind, Notification, NotificationList};
use shared::{LocalTime, UserId};

/// How many notifications the bell lists.
pub const LIST_LIMIT: i64 = 30;

#[derive(sqlx::FromRow)]
struct ListRow {
    id: i64,
    kind: String,
    appointment_id: i64,
    created_at: i64,
    read_at: Option<i64>,
    starts_at: i64,
    time_zone: String,
    patient_id: i64,
    doctor_first: String,
    doctor_last: String,
    patient_first: String,
    patient_last: String,
    member_first: Option<String>,
    member_last: Option<String>,
}

impl ListRow {
    fn into_notification(self, viewer: UserId) -> Result<Notification, AppError> {
        let zone: chrono_tz::Tz = self.time_zone.parse().map_err(|_| AppError::Internal)?;
        let about = if viewer.0 == self.patient_id {
            full_name(&self.doctor_first, &self.doctor_last)
        } else {
            let patient = full_name(&self.patient_first, &self.patient_last);
            match (&self.member_first, &self.member_last) {
                (Some(first), Some(last)) => format!("{} ({patient})", full_name(first, last)),
                _ => patient,
            }
        };
        Ok(Notification {
            id: self.id,
            kind: NoticeKind::parse(&self.kind).map_err(|_| AppError::Internal)?,
            appointment_id: self.appointment_id,
            about,
            starts: LocalTime::new(instant(self.starts_at)?, zone),
            created: LocalTime::new(instant(self.created_at)?, zone),
            read: self.read_at.is_some(),
        })
    }
}

/// How many of the caller's notifications are unread.
pub async fn unread_count(db: &Db, user: UserId) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user.0)
    .fetch_one(&db.pool)
    .await?)
}

/// A person's latest notifications, newest first, and the unread count.
pub async fn list(db: &Db, user: UserId) -> Result<NotificationList, AppError> {
    let rows: Vec<ListRow> = sqlx::query_as(
        "SELECT n.id, n.kind, n.appointment_id, n.created_at, n.read_at, a.starts_at, \
         c.time_zone, a.patient_id, du.first_name AS doctor_first, du.last_name AS doctor_last, \
         pu.first_name AS patient_first, pu.last_name AS patient_last, \
         fm.first_name AS member_first, fm.last_name AS member_last \
         FROM notifications n JOIN appointments a ON a.id = n.appointment_id \
         LEFT JOIN dependants fm ON fm.id = a.dependant_id \
         JOIN clinics c ON c.id = a.clinic_id JOIN users du ON du.id = a.doctor_id \
         JOIN users pu ON pu.id = a.patient_id \
         WHERE n.user_id = $1 ORDER BY n.id DESC LIMIT $2",
    )
    .bind(user.0)
    .bind(LIST_LIMIT)
    .fetch_all(&db.pool)
    .await?;
    Ok(NotificationList {
        unread: unread_count(db, user).await?,
        items: rows
            .into_iter()
            .map(|row| row.into_notification(user))
            .collect::<Result<_, _>>()?,
    })
}

/// Marks a person's notifications read (the ones named, or all); another person's ids are
/// ignored. Answers the unread count left.
pub async fn mark_read(
    state: &AppState,
    user: UserId,
    which: &MarkRead,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let db = &state.db;
    if which.all {
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now.timestamp())
            .bind(user.0)
            .execute(&db.pool)
            .await?;
    } else {
        if which.ids.len() > 200 {
            return Err(AppError::field(
                "ids",
                shared::ValidationCode::TooMany { max: 200 },
            ));
        }
        for id in &which.ids {
            sqlx::query(
                "UPDATE notifications SET read_at = $1 \
                 WHERE id = $2 AND user_id = $3 AND read_at IS NULL",
            )
            .bind(now.timestamp())
            .bind(id)
            .bind(user.0)
            .execute(&db.pool)
            .await?;
        }
    }
    // The person's other tabs and devices update their bell.
    state.live.announce(db, Change::Notifications(user)).await?;
    unread_count(db, user).await
}

/// The id of a person's newest notification (0 without any).
pub async fn latest_id(db: &Db, user: UserId) -> Result<i64, AppError> {
    let latest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(id) FROM notifications WHERE user_id = $1")
            .bind(user.0)
            .fetch_one(&db.pool)
            .await?;
    Ok(latest.unwrap_or(0))
}

/// The newest notification's id, anyone's (0 without any).
pub async fn newest_id(db: &Db) -> Result<i64, AppError> {
    let newest: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM notifications")
        .fetch_one(&db.pool)
        .await?;
    Ok(newest.unwrap_or(0))
}

/// On SQLite: who got a notification after row `after` (a thousand rows at a time; the next
/// call goes on from the newest), and the newest row's id. (SQLite
/// has one writer, so rows become visible in id order and none is skipped; PostgreSQL is
/// told at commit instead, see `live::announce_in`.)
pub async fn notified_since(db: &Db, after: i64) -> Result<(Vec<UserId>, i64), AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, user_id FROM notifications WHERE id > $1 ORDER BY id LIMIT 1000",
    )
    .bind(after)
    .fetch_all(&db.pool)
    .await?;
    let newest = rows.last().map_or(after, |(id, _)| *id);
    let mut users: Vec<UserId> = rows.into_iter().map(|(_, user)| UserId(user)).collect();
    users.sort();
    users.dedup();
    Ok((users, newest))
}
