//! Ratings: a patient rates a completed visit (once, editable for a week), the doctor replies
//! once in public, a clinic admin or platform admin hides an abusive comment (logged; the star
//! still counts). Every change keeps the doctor's rating summary (sum, count, rank) in the same
//! transaction, so the directory reads it from one indexed row.

use super::appointments::{self, instant, party_of, AppointmentRow};
use super::auth::{Caller, Rule};
use super::db::{begin_write, Db};
use super::free_slots::start_of_day;
use super::{letters, users, AppState};
use crate::error::{AppError, ConflictCode};
use chrono::{DateTime, Duration, Utc};
use shared::feedback::{
    edit_deadline, may_edit, may_rate, parse_comment, parse_stars, rating_deadline, FeedbackQuery,
    Rating, RatingForm, RatingRefusal, RatingsPage, VisitRating, RATINGS_PER_PAGE,
};
use shared::validation::trimmed_text;
use shared::{ClinicId, Party, RatingSummary, Role, UserId, ValidationCode, ValidationErrors};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

fn refusal(refusal: RatingRefusal) -> AppError {
    AppError::Conflict(match refusal {
        RatingRefusal::VisitNotCompleted => ConflictCode::VisitNotCompleted,
        RatingRefusal::AlreadyRated => ConflictCode::AlreadyRated,
        RatingRefusal::RatingClosed => ConflictCode::RatingClosed,
        RatingRefusal::EditClosed => ConflictCode::RatingLocked,
    })
}

#[derive(sqlx::FromRow, Debug, Clone)]
struct RatingRow {
    id: i64,
    appointment_id: i64,
    clinic_id: i64,
    doctor_id: i64,
    patient_id: i64,
    stars: i64,
    comment: String,
    visit_at: i64,
    created_at: i64,
    hidden_at: Option<i64>,
    hidden_reason: Option<String>,
    reply: Option<String>,
    first_name: String,
    last_name: String,
    time_zone: String,
}

const SELECT: &str = "SELECT r.id, r.appointment_id, r.clinic_id, r.doctor_id, r.patient_id, \
    r.stars, r.comment, r.visit_at, r.created_at, r.hidden_at, r.hidden_reason, r.reply, \
    u.first_name, u.last_name, c.time_zone \
    FROM ratings r JOIN users u ON u.id = r.patient_id JOIN clinics c ON c.id = r.clinic_id";

/// Who reads a rating, which decides what of it they see.
#[derive(Debug, Clone, Copy)]
struct Reader<'a> {
    caller: Option<&'a Caller>,
    now: DateTime<Utc>,
}

impl Reader<'_> {
    fn is_author(&self, row: &RatingRow) -> bool {
        self.caller
            .is_some_and(|c| c.role == Role::Patient && c.id.0 == row.patient_id)
    }

    fn is_doctor(&self, row: &RatingRow) -> bool {
        self.caller
            .is_some_and(|c| c.role == Role::Doctor && c.id.0 == row.doctor_id && c.clinic_access)
    }

    fn may_moderate(&self, row: &RatingRow) -> bool {
        self.caller.is_some_and(|c| {
            c.clinic_access
                && c.require(Rule::ManageClinic(ClinicId(row.clinic_id)))
                    .is_ok()
        })
    }

    /// The clinic and the author read a hidden comment (and why); the public does not.
    fn sees_hidden(&self, row: &RatingRow) -> bool {
        self.is_author(row) || self.is_doctor(row) || self.may_moderate(row)
    }
}

impl RatingRow {
    fn into_rating(self, reader: Reader<'_>) -> Result<Rating, AppError> {
        let zone: chrono_tz::Tz = self.time_zone.parse().map_err(|_| AppError::Internal)?;
        let posted_at = instant(self.created_at)?;
        let hidden = self.hidden_at.is_some();
        let insider = reader.sees_hidden(&self);
        let comment =
            (!self.comment.is_empty() && (!hidden || insider)).then(|| self.comment.clone());
        // The public sees "Amina B."; the doctor and the clinic the whole name.
        let patient_name = if insider {
            format!("{} {}", self.first_name, self.last_name)
                .trim()
                .to_owned()
        } else {
            let initial = self
                .last_name
                .chars()
                .next()
                .map(|c| format!(" {c}."))
                .unwrap_or_default();
            format!("{}{initial}", self.first_name)
        };
        let editable_until = (reader.is_author(&self) && may_edit(posted_at, reader.now).is_ok())
            .then(|| edit_deadline(posted_at));
        Ok(Rating {
            id: self.id,
            appointment_id: self.appointment_id,
            doctor_id: UserId(self.doctor_id),
            stars: self.stars,
            comment,
            hidden,
            hidden_reason: if insider {
                self.hidden_reason.clone()
            } else {
                None
            },
            patient_name,
            visit_date: instant(self.visit_at)?.with_timezone(&zone).date_naive(),
            posted_at,
            editable_until,
            may_reply: reader.is_doctor(&self) && self.reply.is_none(),
            may_moderate: reader.may_moderate(&self) && !hidden,
            reply: self.reply,
        })
    }
}

async fn rating_of_appointment(db: &Db, appointment: i64) -> Result<Option<RatingRow>, AppError> {
    Ok(
        sqlx::query_as(&format!("{SELECT} WHERE r.appointment_id = $1"))
            .bind(appointment)
            .fetch_optional(&db.pool)
            .await?,
    )
}

/// Adds `stars` (and `count` ratings) to a doctor's summary and recomputes the stored rank
/// (the average in thousandths) from the new totals.
async fn add_to_summary(tx: &mut Tx, doctor: i64, stars: i64, count: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE doctors SET rating_sum = rating_sum + $1, rating_count = rating_count + $2, \
         rating_rank = CASE WHEN rating_count + $2 > 0 \
             THEN ((rating_sum + $1) * 1000) / (rating_count + $2) ELSE 0 END \
         WHERE user_id = $3",
    )
    .bind(stars)
    .bind(count)
    .bind(doctor)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn parse_form(form: &RatingForm) -> Result<(i64, String), AppError> {
    let mut errors = ValidationErrors::default();
    let stars = errors.check("stars", parse_stars(form.stars));
    let comment = errors.check("comment", parse_comment(&form.comment));
    match (stars, comment) {
        (Some(stars), Some(comment)) if errors.is_empty() => Ok((stars, comment)),
        _ => Err(errors.into()),
    }
}

/// The appointment, for its own patient only (anyone else: not found or forbidden).
fn own_visit(caller: &Caller, row: &AppointmentRow) -> Result<(), AppError> {
    caller.require(Rule::Role(&[Role::Patient]))?;
    match party_of(caller, row)? {
        Party::Patient => Ok(()),
        Party::Clinic => Err(AppError::Forbidden),
    }
}

/// A visit's rating and whether it may be rated now, for the patient or the clinic.
pub async fn of_visit(
    db: &Db,
    caller: &Caller,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<VisitRating, AppError> {
    let row = appointments::fetch(db, appointment).await?;
    let party = party_of(caller, &row)?;
    let rating = rating_of_appointment(db, appointment).await?;
    let facts = row.facts()?;
    let allowed = party == Party::Patient
        && may_rate(facts.status, facts.ends_at, rating.is_some(), now).is_ok();
    let reader = Reader {
        caller: Some(caller),
        now,
    };
    Ok(VisitRating {
        rating: rating.map(|r| r.into_rating(reader)).transpose()?,
        may_rate: allowed,
        rate_until: allowed.then(|| rating_deadline(facts.ends_at)),
    })
}

/// The patient rates their completed visit.
pub async fn rate(
    db: &Db,
    caller: &Caller,
    appointment: i64,
    form: &RatingForm,
    now: DateTime<Utc>,
) -> Result<Rating, AppError> {
    let mut tx = begin_write(db).await?;
    let row = appointments::fetch_locked(db, &mut tx, appointment).await?;
    own_visit(caller, &row)?;
    let facts = row.facts()?;
    let exists: Option<i64> =
        sqlx::query_scalar("SELECT id FROM ratings WHERE appointment_id = $1")
            .bind(appointment)
            .fetch_optional(&mut *tx)
            .await?;
    may_rate(facts.status, facts.ends_at, exists.is_some(), now).map_err(refusal)?;
    let (stars, comment) = parse_form(form)?;
    sqlx::query(
        "INSERT INTO ratings (appointment_id, clinic_id, doctor_id, patient_id, stars, comment, \
         visit_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(appointment)
    .bind(row.clinic_id)
    .bind(row.doctor_id)
    .bind(row.patient_id)
    .bind(stars)
    .bind(&comment)
    .bind(row.starts_at)
    .bind(now.timestamp())
    .execute(&mut *tx)
    .await
    .map_err(AppError::conflict_on_unique(ConflictCode::AlreadyRated))?;
    add_to_summary(&mut tx, row.doctor_id, stars, 1).await?;
    tx.commit().await?;
    read_own(db, caller, appointment, now).await
}

/// The patient changes their rating, within a week of posting it.
pub async fn edit(
    db: &Db,
    caller: &Caller,
    appointment: i64,
    form: &RatingForm,
    now: DateTime<Utc>,
) -> Result<Rating, AppError> {
    let mut tx = begin_write(db).await?;
    let row = appointments::fetch_locked(db, &mut tx, appointment).await?;
    own_visit(caller, &row)?;
    let (id, old_stars, posted_at): (i64, i64, i64) =
        sqlx::query_as("SELECT id, stars, created_at FROM ratings WHERE appointment_id = $1")
            .bind(appointment)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    may_edit(instant(posted_at)?, now).map_err(refusal)?;
    let (stars, comment) = parse_form(form)?;
    sqlx::query("UPDATE ratings SET stars = $1, comment = $2, updated_at = $3 WHERE id = $4")
        .bind(stars)
        .bind(&comment)
        .bind(now.timestamp())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    add_to_summary(&mut tx, row.doctor_id, stars - old_stars, 0).await?;
    tx.commit().await?;
    read_own(db, caller, appointment, now).await
}

async fn read_own(
    db: &Db,
    caller: &Caller,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<Rating, AppError> {
    rating_of_appointment(db, appointment)
        .await?
        .ok_or(AppError::NotFound)?
        .into_rating(Reader {
            caller: Some(caller),
            now,
        })
}

async fn fetch_rating(db: &Db, id: i64) -> Result<RatingRow, AppError> {
    sqlx::query_as(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)
}

fn note_text(field: &str, raw: &str) -> Result<String, AppError> {
    trimmed_text(raw, 2, shared::feedback::COMMENT_MAX).map_err(|code| AppError::field(field, code))
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

/// A value bound to a filter.
enum Bind {
    Int(i64),
    Text(String),
}

/// The filters of a ratings list as SQL conditions (numbered from `$2`; `$1` is the doctor)
/// and their values.
fn conditions(query: &FeedbackQuery, zone: chrono_tz::Tz) -> Result<(String, Vec<Bind>), AppError> {
    let mut errors = ValidationErrors::default();
    let stars = optional(&query.stars).and_then(|raw| {
        errors.check(
            "stars",
            raw.parse::<i64>()
                .map_err(|_| ValidationCode::NotANumber)
                .and_then(parse_stars),
        )
    });
    let from = optional(&query.from)
        .and_then(|raw| errors.check("from", shared::schedule::parse_date(raw)));
    let to =
        optional(&query.to).and_then(|raw| errors.check("to", shared::schedule::parse_date(raw)));
    let patient =
        optional(&query.patient).and_then(|raw| errors.check("patient", trimmed_text(raw, 1, 100)));
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.add("to", ValidationCode::EndNotAfterStart);
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut sql = String::new();
    let mut binds = Vec::new();
    let mut add = |condition: &str, bind: Bind| {
        binds.push(bind);
        sql.push_str(&format!(
            " AND {}",
            condition.replace("{}", &format!("${}", binds.len() + 1))
        ));
    };
    if let Some(stars) = stars {
        add("r.stars = {}", Bind::Int(stars));
    }
    if let Some(from) = from {
        add(
            "r.visit_at >= {}",
            Bind::Int(start_of_day(zone, from).timestamp()),
        );
    }
    if let Some(to) = to {
        let end = start_of_day(zone, to + Duration::days(1));
        add("r.visit_at < {}", Bind::Int(end.timestamp()));
    }
    if let Some(name) = patient {
        let pattern = format!("%{}%", escape_like(&name.to_lowercase()));
        add(
            "LOWER(u.first_name || ' ' || u.last_name) LIKE {} ESCAPE '\\'",
            Bind::Text(pattern),
        );
    }
    Ok((sql, binds))
}

/// A filter's value, `None` when missing or blank.
fn optional(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn page_number(raw: &Option<String>) -> Result<i64, AppError> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(1),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|p| (1..=10_000).contains(p))
            .ok_or_else(|| {
                AppError::field(
                    "page",
                    ValidationCode::OutOfRange {
                        min: 1,
                        max: 10_000,
                    },
                )
            }),
    }
}

/// One doctor, as ratings lists need them.
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

async fn ratings_page(
    db: &Db,
    reader: Reader<'_>,
    doctor: i64,
    query: &FeedbackQuery,
) -> Result<RatingsPage, AppError> {
    let (zone, sum, count, _) = doctor_facts(db, doctor).await?;
    let page = page_number(&query.page)?;
    let (filter, binds) = conditions(query, zone)?;
    let list_sql = format!(
        "{SELECT} WHERE r.doctor_id = $1{filter} ORDER BY r.created_at DESC, r.id DESC \
         LIMIT {RATINGS_PER_PAGE} OFFSET {}",
        (page - 1) * RATINGS_PER_PAGE
    );
    let count_sql = format!(
        "SELECT COUNT(*) FROM ratings r JOIN users u ON u.id = r.patient_id \
         WHERE r.doctor_id = $1{filter}"
    );
    let mut list = sqlx::query_as::<_, RatingRow>(&list_sql).bind(doctor);
    let mut total = sqlx::query_scalar::<_, i64>(&count_sql).bind(doctor);
    for bind in &binds {
        match bind {
            Bind::Int(value) => {
                list = list.bind(*value);
                total = total.bind(*value);
            }
            Bind::Text(value) => {
                list = list.bind(value.clone());
                total = total.bind(value.clone());
            }
        }
    }
    let rows = list.fetch_all(&db.pool).await?;
    let total = total.fetch_one(&db.pool).await?;
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
    Ok(RatingsPage {
        summary: RatingSummary::from_totals(sum, count),
        distribution,
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
    ratings_page(
        db,
        Reader {
            caller: viewer,
            now,
        },
        doctor.0,
        &query,
    )
    .await
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
    ratings_page(
        db,
        Reader {
            caller: Some(caller),
            now,
        },
        caller.id.0,
        query,
    )
    .await
}

/// The worker's job after a visit is completed: the patient is invited by email to rate it.
pub async fn invite(
    state: &AppState,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = appointments::fetch(&state.db, appointment).await?;
    let facts = row.facts()?;
    let rated = rating_of_appointment(&state.db, appointment)
        .await?
        .is_some();
    if may_rate(facts.status, facts.ends_at, rated, now).is_err() {
        return Ok(());
    }
    let to = users::recipient(&state.db, UserId(row.patient_id)).await?;
    let zone: chrono_tz::Tz = row.time_zone.parse().map_err(|_| AppError::Internal)?;
    let slot = shared::LocalSlot::new(
        shared::schedule::Interval::new(facts.starts_at, facts.ends_at),
        zone,
    );
    let doctor = format!("{} {}", row.doctor_first, row.doctor_last);
    let link = state
        .settings
        .link(&format!("/appointments/{appointment}#rating"));
    let text = letters::rating_invitation(to.language, &to.first_name, doctor.trim(), &slot, &link);
    state.mail(&to.email, to.language, text).await
}
