//! What others do with a posted rating: the doctor's one public reply, and a moderator hiding
//! an abusive comment (logged; the star still counts).

use super::{RatingRow, Reader, SELECT};
use crate::accounts::auth::{Caller, Rule};
use crate::db::{begin_write, Db};
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::feedback::{Rating, COMMENT_MAX};
use shared::validation::trimmed_text;
use shared::{ClinicId, Role};

async fn fetch_rating(db: &Db, id: i64) -> Result<RatingRow, AppError> {
    sqlx::query_as(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

fn note_text(field: &str, raw: &str) -> Result<String, AppError> {
    trimmed_text(raw, 2, COMMENT_MAX).map_err(|code| AppError::field(field, code))
}

/// The doctor answers a rating in public, once.
pub async fn reply(
    db: &Db,
    caller: &Caller,
    rating: i64,
    text: &str,
    now: DateTime<Utc>,
) -> Result<Rating, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let row = fetch_rating(db, rating).await?;
    if row.doctor_id != caller.id.0 || !caller.clinic_access {
        return Err(AppError::NotFound);
    }
    let text = note_text("text", text)?;
    let changed = sqlx::query(
        "UPDATE ratings SET reply = $1, replied_at = $2 WHERE id = $3 AND reply IS NULL",
    )
    .bind(&text)
    .bind(now.timestamp())
    .bind(rating)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(AppError::Conflict(ConflictCode::AlreadyReplied));
    }
    fetch_rating(db, rating).await?.into_rating(Reader {
        caller: Some(caller),
        now,
    })
}

/// A clinic admin (of the doctor's clinic) or a platform admin hides an abusive comment. The
/// star still counts; who hid it, when and why is logged.
pub async fn hide(
    db: &Db,
    caller: &Caller,
    rating: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Rating, AppError> {
    let row = fetch_rating(db, rating).await?;
    caller.require(Rule::ManageClinic(ClinicId(row.clinic_id)))?;
    if !caller.clinic_access {
        return Err(AppError::Forbidden);
    }
    let reason = note_text("reason", reason)?;
    let mut tx = begin_write(db).await?;
    let changed = sqlx::query(
        "UPDATE ratings SET hidden_at = $1, hidden_by = $2, hidden_reason = $3 \
         WHERE id = $4 AND hidden_at IS NULL",
    )
    .bind(now.timestamp())
    .bind(caller.id.0)
    .bind(&reason)
    .bind(rating)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed > 0 {
        sqlx::query(
            "INSERT INTO rating_moderation (rating_id, clinic_id, actor_id, action, reason, \
             created_at) VALUES ($1, $2, $3, 'hide', $4, $5)",
        )
        .bind(rating)
        .bind(row.clinic_id)
        .bind(caller.id.0)
        .bind(&reason)
        .bind(now.timestamp())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    fetch_rating(db, rating).await?.into_rating(Reader {
        caller: Some(caller),
        now,
    })
}
