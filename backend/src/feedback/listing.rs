//! Reading ratings back: a doctor's public page of ratings and the doctor's own feedback,
//! filtered by stars, visit dates and patient, with the distribution of stars.

use super::{RatingRow, Reader, SELECT};
use crate::accounts::auth::{Caller, Rule};
use crate::db::Db;
use crate::sql_filter::{bind_all, contains_pattern, optional, Bind, Conditions};
use chrono::{DateTime, Duration, Utc};
use shared::account::parse_bounded;
use shared::error::AppError;
use shared::feedback::{parse_stars, FeedbackQuery, RatingsPage, RATINGS_PER_PAGE};
use shared::time::start_of_day;
use shared::validation::trimmed_text;
use shared::{RatingSummary, Role, UserId, ValidationCode, ValidationErrors};

const MAX_PAGE: i64 = 10_000;

/// A ratings list's filters as SQL conditions after the doctor's `$1`, and its page.
fn filters(
    query: &FeedbackQuery,
    zone: chrono_tz::Tz,
) -> Result<(Conditions, i64), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let stars = optional(&mut errors, "stars", &query.stars, |raw| {
        raw.parse::<i64>()
            .map_err(|_| ValidationCode::NotANumber)
            .and_then(parse_stars)
    });
    let from = optional(
        &mut errors,
        "from",
        &query.from,
        shared::schedule::parse_date,
    );
    let to = optional(&mut errors, "to", &query.to, shared::schedule::parse_date);
    let patient = optional(&mut errors, "patient", &query.patient, |raw| {
        trimmed_text(raw, 1, 100)
    });
    let page = optional(&mut errors, "page", &query.page, |raw| {
        parse_bounded(raw, 1, MAX_PAGE)
    });
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.add("to", ValidationCode::EndNotAfterStart);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut conditions = Conditions::after(1);
    if let Some(stars) = stars {
        conditions.add("r.stars = {}", vec![Bind::Int(stars)]);
    }
    if let Some(from) = from {
        let start = start_of_day(zone, from).timestamp();
        conditions.add("r.visit_at >= {}", vec![Bind::Int(start)]);
    }
    if let Some(to) = to {
        let end = start_of_day(zone, to + Duration::days(1)).timestamp();
        conditions.add("r.visit_at < {}", vec![Bind::Int(end)]);
    }
    if let Some(name) = patient {
        conditions.add(
            "LOWER(u.first_name || ' ' || u.last_name) LIKE {} ESCAPE '\\'",
            vec![Bind::Text(contains_pattern(&name.to_lowercase()))],
        );
    }
    Ok((conditions, page.unwrap_or(1)))
}

/// One doctor, as ratings lists need them: the clinic's zone, the rating totals, listed.
async fn doctor_facts(db: &Db, doctor: i64) -> Result<(chrono_tz::Tz, i64, i64, bool), AppError> {
    let (zone, sum, count, listed): (String, i64, i64, i64) = sqlx::query_as(
        "SELECT c.time_zone, d.rating_sum, d.rating_count, d.listed FROM doctors d \
         JOIN clinics c ON c.id = d.clinic_id WHERE d.user_id = $1",
    )
    .bind(doctor)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let zone = zone.parse().map_err(|_| AppError::Internal)?;
    Ok((zone, sum, count, listed != 0))
}

/// How many ratings gave 1, 2, 3, 4 and 5 stars.
async fn distribution(db: &Db, doctor: i64) -> Result<[i64; 5], AppError> {
    let stars: Vec<(i64, i64)> =
        sqlx::query_as("SELECT stars, COUNT(*) FROM ratings WHERE doctor_id = $1 GROUP BY stars")
            .bind(doctor)
            .fetch_all(&db.pool)
            .await?;
    let mut distribution = [0i64; 5];
    for (star, n) in stars {
        if (1..=5).contains(&star) {
            distribution[(star - 1) as usize] = n;
        }
    }
    Ok(distribution)
}

async fn ratings_page(
    db: &Db,
    reader: Reader<'_>,
    doctor: i64,
    query: &FeedbackQuery,
) -> Result<RatingsPage, AppError> {
    let (zone, sum, count, _) = doctor_facts(db, doctor).await?;
    let (conditions, page) = filters(query, zone)?;
    let filter = &conditions.sql;
    let list_sql = format!(
        "{SELECT} WHERE r.doctor_id = $1{filter} ORDER BY r.created_at DESC, r.id DESC \
         LIMIT {RATINGS_PER_PAGE} OFFSET {}",
        (page - 1) * RATINGS_PER_PAGE
    );
    let count_sql = format!(
        "SELECT COUNT(*) FROM ratings r JOIN users u ON u.id = r.patient_id \
         WHERE r.doctor_id = $1{filter}"
    );
    let rows: Vec<RatingRow> = bind_all(sqlx::query_as(&list_sql).bind(doctor), &conditions.binds)
        .fetch_all(&db.pool)
        .await?;
    let (total,): (i64,) = bind_all(sqlx::query_as(&count_sql).bind(doctor), &conditions.binds)
        .fetch_one(&db.pool)
        .await?;
    Ok(RatingsPage {
        summary: RatingSummary::from_totals(sum, count),
        distribution: distribution(db, doctor).await?,
        ratings: rows
            .into_iter()
            .map(|row| row.into_rating(reader))
            .collect::<Result<_, _>>()?,
        total,
        page,
        per_page: RATINGS_PER_PAGE,
    })
}

/// A listed doctor's ratings, newest first, as the public (or a signed-in reader) sees them.
pub async fn public_ratings(
    db: &Db,
    viewer: Option<&Caller>,
    doctor: UserId,
    page: &Option<String>,
    now: DateTime<Utc>,
) -> Result<RatingsPage, AppError> {
    let (_, _, _, listed) = doctor_facts(db, doctor.0).await?;
    if !listed && viewer.is_none_or(|v| v.id != doctor) {
        return Err(AppError::NotFound);
    }
    let query = FeedbackQuery {
        page: page.clone(),
        ..Default::default()
    };
    let reader = Reader {
        caller: viewer,
        now,
    };
    ratings_page(db, reader, doctor.0, &query).await
}

/// The signed-in doctor's feedback: every rating with the patient's name, filtered.
pub async fn own_feedback(
    db: &Db,
    caller: &Caller,
    query: &FeedbackQuery,
    now: DateTime<Utc>,
) -> Result<RatingsPage, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    if !caller.clinic_access {
        return Err(AppError::Forbidden);
    }
    let reader = Reader {
        caller: Some(caller),
        now,
    };
    ratings_page(db, reader, caller.id.0, query).await
}
