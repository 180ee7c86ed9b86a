//! The `doctors` table's writes, and the only ones. A doctor's row is made when an account
//! becomes a doctor's; several domains keep a part of it (the profile, the directory's
//! listing and folded name, scheduling's booking rules and next free slot, feedback's rating
//! summary), and each changes its part through one function here, so a newcomer finds every
//! way a doctor's row can change on one page.
//!
//! Every function takes any executor: inside a caller's transaction or on the pool.

use super::directory::fold;
use crate::db::Db;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::forms::DoctorProfileUpdate;
use shared::schedule::{BookingRules, Interval};
use shared::{ClinicId, SpokenLanguage, UserId};

/// The new row of a doctor: an applicant (`pending`) or a doctor created approved.
pub struct NewDoctor<'a> {
    pub user: UserId,
    pub clinic: ClinicId,
    pub specialty: i64,
    pub licence: &'a str,
    /// The application's state, as stored (`ApplicationStatus::as_str`).
    pub status: &'a str,
    pub reviewed_by: Option<UserId>,
    pub now: i64,
}

pub async fn insert<'e, E>(executor: E, doctor: &NewDoctor<'_>) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO doctors (user_id, clinic_id, specialty_id, licence_number, status, \
         reviewed_by, reviewed_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(doctor.user.0)
    .bind(doctor.clinic.0)
    .bind(doctor.specialty)
    .bind(doctor.licence)
    .bind(doctor.status)
    .bind(doctor.reviewed_by.map(|u| u.0))
    .bind(doctor.reviewed_by.map(|_| doctor.now))
    .bind(doctor.now)
    .execute(executor)
    .await?;
    Ok(())
}

/// Decides a pending application; answers whether it was still pending (two admins deciding
/// at once cannot both win).
pub async fn decide<'e, E>(
    executor: E,
    doctor: UserId,
    status: &str,
    refusal_reason: Option<&str>,
    reviewer: UserId,
    now: i64,
) -> Result<bool, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let changed = sqlx::query(
        "UPDATE doctors SET status = $1, refusal_reason = $2, reviewed_by = $3, reviewed_at = $4 \
         WHERE user_id = $5 AND status = 'pending'",
    )
    .bind(status)
    .bind(refusal_reason)
    .bind(reviewer.0)
    .bind(now)
    .bind(doctor.0)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// Recomputes whether a doctor is listed (approved, account enabled) after either changed;
/// a no-op for other accounts.
pub async fn relist<'e, E>(executor: E, user: UserId) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE doctors SET listed = CASE WHEN status = 'approved' AND EXISTS \
         (SELECT 1 FROM users u WHERE u.id = doctors.user_id AND u.disabled = 0) \
         THEN 1 ELSE 0 END WHERE user_id = $1",
    )
    .bind(user.0)
    .execute(executor)
    .await?;
    Ok(())
}

/// Keeps a doctor's folded name in step with the account's name (no-op for other accounts).
pub async fn set_search_name<'e, E>(
    executor: E,
    doctor: UserId,
    first_name: &str,
    last_name: &str,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE doctors SET search_name = $1 WHERE user_id = $2")
        .bind(fold(&format!("{first_name} {last_name}")))
        .bind(doctor.0)
        .execute(executor)
        .await?;
    Ok(())
}

/// Languages as stored: codes between commas, so a LIKE on `,fr,` finds them.
pub fn languages_column(languages: &[SpokenLanguage]) -> String {
    if languages.is_empty() {
        return String::new();
    }
    let codes: Vec<&str> = languages.iter().map(|l| l.as_str()).collect();
    format!(",{},", codes.join(","))
}

/// Languages as read back from their column.
pub fn languages_from_column(column: &str) -> Vec<SpokenLanguage> {
    column
        .split(',')
        .filter_map(|code| SpokenLanguage::parse(code).ok())
        .collect()
}

/// Writes a parsed profile. The consultation length is the slot length of extra hours, so
/// the schedule's version moves on (a next free slot computed before is stale).
pub async fn set_profile<'e, E>(
    executor: E,
    doctor: UserId,
    update: &DoctorProfileUpdate,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let list = |entries: &[String]| serde_json::to_string(entries).map_err(|_| AppError::Internal);
    sqlx::query(
        "UPDATE doctors SET bio = $1, specialty_id = $2, qualifications = $3, experience = $4, \
         languages = $5, price_minor = $6, price_comparable = $7, consultation_minutes = $8, \
         payment_mode = $9, booking_mode = $10, practice_address = $11, city = $12, \
         city_key = $13, practice_phone = $14, schedule_version = schedule_version + 1 \
         WHERE user_id = $15",
    )
    .bind(&update.bio)
    .bind(update.specialty_id)
    .bind(list(&update.qualifications)?)
    .bind(list(&update.experience)?)
    .bind(languages_column(&update.languages))
    .bind(update.price.minor)
    .bind(update.price.comparable())
    .bind(i64::from(update.consultation_minutes))
    .bind(update.payment_mode.as_str())
    .bind(update.booking_mode.as_str())
    .bind(&update.practice_address)
    .bind(&update.city)
    .bind(fold(&update.city))
    .bind(
        update
            .practice_phone
            .as_ref()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default(),
    )
    .bind(doctor.0)
    .execute(executor)
    .await?;
    Ok(())
}

/// The booking rules kept on the doctor's row (the weekly hours and exceptions are
/// scheduling's own tables); the schedule's version moves on.
pub async fn set_booking_rules<'e, E>(
    executor: E,
    doctor: UserId,
    rules: &BookingRules,
    unavailable: bool,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE doctors SET min_notice_minutes = $1, horizon_days = $2, buffer_minutes = $3, \
         unavailable = $4, schedule_version = schedule_version + 1 WHERE user_id = $5",
    )
    .bind(rules.min_notice_minutes)
    .bind(rules.horizon_days)
    .bind(rules.buffer_minutes)
    .bind(i64::from(unavailable))
    .bind(doctor.0)
    .execute(executor)
    .await?;
    Ok(())
}

/// The "unavailable now" switch; answers whether the doctor exists.
pub async fn set_unavailable<'e, E>(
    executor: E,
    doctor: UserId,
    unavailable: bool,
) -> Result<bool, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let changed = sqlx::query(
        "UPDATE doctors SET unavailable = $1, schedule_version = schedule_version + 1 \
         WHERE user_id = $2",
    )
    .bind(i64::from(unavailable))
    .bind(doctor.0)
    .execute(executor)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// Stores a next free slot computed from the schedule at `version`, unless the schedule
/// changed since (that change stores its own).
pub async fn set_next_free<'e, E>(
    executor: E,
    doctor: UserId,
    version: i64,
    next: Option<Interval>,
    checked_at: DateTime<Utc>,
    seen_marks: i64,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE doctors SET next_free_at = $1, next_free_end = $2, next_free_checked_at = $3, \
         next_free_seen_marks = CASE WHEN next_free_seen_marks < $6 THEN $6 \
         ELSE next_free_seen_marks END \
         WHERE user_id = $4 AND schedule_version = $5",
    )
    .bind(next.map(|s| s.start.timestamp()))
    .bind(next.map(|s| s.end.timestamp()))
    .bind(checked_at.timestamp())
    .bind(doctor.0)
    .bind(version)
    .bind(seen_marks)
    .execute(executor)
    .await?;
    Ok(())
}

/// Adds a mark to a doctor whose free time changed, in the change's own transaction (the
/// booking already holds the doctor's row): the refresher recomputes their next free slot.
pub async fn mark_next_free<'e, E>(executor: E, doctor: UserId) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE doctors SET next_free_marks = next_free_marks + 1 WHERE user_id = $1")
        .bind(doctor.0)
        .execute(executor)
        .await?;
    Ok(())
}

/// The marks the refresher has seen of a doctor (`None`: no such doctor).
pub async fn next_free_seen_marks(db: &Db, doctor: UserId) -> Result<Option<i64>, AppError> {
    Ok(
        sqlx::query_scalar("SELECT next_free_seen_marks FROM doctors WHERE user_id = $1")
            .bind(doctor.0)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Doctors with marks the refresher has not seen, and their count of marks now.
pub async fn unseen_next_free_marks(db: &Db, limit: i64) -> Result<Vec<(UserId, i64)>, AppError> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT user_id, next_free_marks FROM doctors \
         WHERE next_free_marks > next_free_seen_marks ORDER BY user_id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(doctor, marks)| (UserId(doctor), marks))
        .collect())
}

/// Adds `stars` (and `count` ratings) to a doctor's summary and recomputes the stored rank
/// (the average in thousandths) from the new totals.
pub async fn add_to_rating<'e, E>(
    executor: E,
    doctor: UserId,
    stars: i64,
    count: i64,
) -> Result<(), AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "UPDATE doctors SET rating_sum = rating_sum + $1, rating_count = rating_count + $2, \
         rating_rank = CASE WHEN rating_count + $2 > 0 \
             THEN ((rating_sum + $1) * 1000) / (rating_count + $2) ELSE 0 END \
         WHERE user_id = $3",
    )
    .bind(stars)
    .bind(count)
    .bind(doctor.0)
    .execute(executor)
    .await?;
    Ok(())
}
