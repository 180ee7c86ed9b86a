//! Ratings: a patient rates a completed visit (once, editable for a week), the doctor replies
//! once in public, a clinic admin or platform admin hides an abusive comment (logged; the star
//! still counts). Every change keeps the doctor's rating summary (sum, count, rank) in the same
//! transaction, so the directory reads it from one indexed row.

use crate::accounts::auth::{Caller, Rule};
use crate::appointments::{self, party_of, AppointmentRow};
use crate::db::instant;
use crate::db::{begin_write, Db};
use crate::notify::letters;
use crate::{accounts::users, AppState};
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::feedback::{
    edit_deadline, may_edit, rating_deadline, Rating, RatingContent, RatingRefusal, VisitRating,
};
use shared::{ClinicId, Party, Role, UserId};

mod listing;
mod responses;

pub use listing::{own_feedback, public_ratings};
pub use responses::{hide, reply};

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
/// (the average in thousandths) from the new totals. The one place the summary changes.
async fn add_to_summary(tx: &mut Tx, doctor: i64, stars: i64, count: i64) -> Result<(), AppError> {
    crate::clinics::doctor_rows::add_to_rating(&mut **tx, UserId(doctor), stars, count).await
}

/// The appointment locked in a write transaction, for its own patient only (other patients:
/// not found; staff: forbidden).
async fn own_visit_locked(
    db: &Db,
    caller: &Caller,
    appointment: i64,
) -> Result<(Tx, AppointmentRow), AppError> {
    caller.require(Rule::Role(&[Role::Patient]))?;
    let mut tx = begin_write(db).await?;
    let row = appointments::fetch_locked(db, &mut tx, appointment).await?;
    party_of(caller, &row)?;
    Ok((tx, row))
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
    let allowed = party == Party::Patient && row.rating_check(&facts, now).is_ok();
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

/// A rating about to be stored (by `rate`, or by the demo data).
pub(crate) struct NewRating<'a> {
    pub appointment: i64,
    pub clinic: i64,
    pub doctor: i64,
    pub patient: i64,
    pub stars: i64,
    pub comment: &'a str,
    pub visit_at: i64,
}

/// Stores a rating posted at `at` and adds it to its doctor's summary, inside `tx`. A visit
/// is rated once: the unique index over the appointment says `AlreadyRated`.
pub(crate) async fn insert(tx: &mut Tx, rating: &NewRating<'_>, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO ratings (appointment_id, clinic_id, doctor_id, patient_id, stars, comment, \
         visit_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
    )
    .bind(rating.appointment)
    .bind(rating.clinic)
    .bind(rating.doctor)
    .bind(rating.patient)
    .bind(rating.stars)
    .bind(rating.comment)
    .bind(rating.visit_at)
    .bind(at)
    .execute(&mut **tx)
    .await
    .map_err(AppError::conflict_on_unique(ConflictCode::AlreadyRated))?;
    add_to_summary(tx, rating.doctor, rating.stars, 1).await
}

/// The patient rates their completed visit.
pub async fn rate(
    db: &Db,
    caller: &Caller,
    appointment: i64,
    content: &RatingContent,
    now: DateTime<Utc>,
) -> Result<Rating, AppError> {
    let (mut tx, row) = own_visit_locked(db, caller, appointment).await?;
    row.rating_check(&row.facts()?, now).map_err(refusal)?;
    let RatingContent { stars, comment } = content;
    let rating = NewRating {
        appointment,
        clinic: row.clinic_id,
        doctor: row.doctor_id,
        patient: row.patient_id,
        stars: *stars,
        comment,
        visit_at: row.starts_at,
    };
    insert(&mut tx, &rating, now.timestamp()).await?;
    tx.commit().await?;
    read_own(db, caller, appointment, now).await
}

/// The patient changes their rating, within a week of posting it.
pub async fn edit(
    db: &Db,
    caller: &Caller,
    appointment: i64,
    content: &RatingContent,
    now: DateTime<Utc>,
) -> Result<Rating, AppError> {
    let (mut tx, row) = own_visit_locked(db, caller, appointment).await?;
    let (id, old_stars, posted_at): (i64, i64, i64) =
        sqlx::query_as("SELECT id, stars, created_at FROM ratings WHERE appointment_id = $1")
            .bind(appointment)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
    may_edit(instant(posted_at)?, now).map_err(refusal)?;
    let RatingContent { stars, comment } = content;
    sqlx::query("UPDATE ratings SET stars = $1, comment = $2, updated_at = $3 WHERE id = $4")
        .bind(stars)
        .bind(comment)
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

/// The worker's job after a visit is completed: the patient is invited by email to rate it.
pub async fn invite(
    state: &AppState,
    appointment: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let row = appointments::fetch(&state.db, appointment).await?;
    let facts = row.facts()?;
    if row.rating_check(&facts, now).is_err() {
        // Rated already, or no longer rateable: nothing to invite to.
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
