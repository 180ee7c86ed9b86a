//! A doctor's public profile: what the doctor edits (bio, specialty, price, languages, how
//! they take bookings and payment, where they practise) and what patients read.

use crate::accounts::auth::{Caller, Rule};
use crate::clinics::directory::{CardRow, CARD_FROM, CARD_SELECT};
use crate::clinics::doctor_rows::{self, languages_from_column};
use crate::clinics::doctors::check_specialty;
use crate::db::Db;
use crate::scheduling::free_slots;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::forms::{DoctorProfileUpdate, ProfileChoices};
use shared::{BookingMode, Currency, DoctorProfile, Role, UserId};

#[derive(sqlx::FromRow)]
struct ProfileRow {
    #[sqlx(flatten)]
    card: CardRow,
    bio: String,
    qualifications: String,
    experience: String,
    languages: String,
    consultation_minutes: i64,
    booking_mode: String,
    practice_address: String,
    practice_phone: String,
    clinic_address: String,
    clinic_phone: String,
    status: String,
    disabled: i64,
    unavailable: i64,
    cancellation_notice_hours: i64,
    late_cancellation_refund_percent: i64,
    request_deadline_hours: i64,
}

fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_else(|error| {
        tracing::error!(%error, "unreadable list on a doctor's profile");
        Vec::new()
    })
}

async fn load(db: &Db, doctor: UserId, now: DateTime<Utc>) -> Result<DoctorProfile, AppError> {
    let row: ProfileRow = sqlx::query_as(&format!(
        "{CARD_SELECT}, d.bio, d.qualifications, d.experience, d.languages, \
         d.consultation_minutes, d.booking_mode, d.practice_address, d.practice_phone, \
         c.address AS clinic_address, c.phone AS clinic_phone, d.status, u.disabled, d.unavailable, \
         c.cancellation_notice_hours, c.late_cancellation_refund_percent, c.request_deadline_hours \
         {CARD_FROM} WHERE d.user_id = $1"
    ))
    .bind(doctor.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let listed = row.status == "approved" && row.disabled == 0;
    let slot_lengths = match crate::scheduling::availability::load(db, doctor).await {
        Ok(schedule) => schedule.availability.slot_lengths(),
        Err(AppError::NotFound) => Vec::new(),
        Err(other) => return Err(other),
    };
    let (first_name, last_name) = (row.card.first_name.clone(), row.card.last_name.clone());
    Ok(DoctorProfile {
        first_name,
        last_name,
        bio: row.bio,
        qualifications: json_list(&row.qualifications),
        experience: json_list(&row.experience),
        languages: languages_from_column(&row.languages),
        consultation_minutes: row.consultation_minutes,
        booking_mode: BookingMode::parse(&row.booking_mode).unwrap_or_default(),
        practice_address: row.practice_address,
        practice_phone: row.practice_phone,
        clinic_address: row.clinic_address,
        clinic_phone: row.clinic_phone,
        slot_lengths,
        listed,
        unavailable: row.unavailable != 0,
        policy: shared::CancellationPolicy {
            notice_hours: row.cancellation_notice_hours,
            late_refund_percent: row.late_cancellation_refund_percent,
        },
        request_deadline_hours: row.request_deadline_hours,
        card: row.card.into_card(now)?,
    })
}

/// A doctor's page as a patient sees it: listed doctors only, except the doctor themselves.
pub async fn public_profile(
    db: &Db,
    doctor: UserId,
    viewer: Option<&Caller>,
    now: DateTime<Utc>,
) -> Result<DoctorProfile, AppError> {
    let profile = load(db, doctor, now).await?;
    if profile.listed || viewer.is_some_and(|v| v.id == doctor) {
        Ok(profile)
    } else {
        Err(AppError::NotFound)
    }
}

/// The signed-in doctor's own profile.
pub async fn own(db: &Db, caller: &Caller, now: DateTime<Utc>) -> Result<DoctorProfile, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    load(db, caller.id, now).await
}

/// What the signed-in doctor's profile form is read against: their clinic's currency (the
/// price's) and the specialties.
pub async fn choices(db: &Db, caller: &Caller) -> Result<ProfileChoices, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let currency: String = sqlx::query_scalar(
        "SELECT c.currency FROM doctors d JOIN clinics c ON c.id = d.clinic_id \
         WHERE d.user_id = $1",
    )
    .bind(caller.id.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(ProfileChoices {
        currency: Currency::parse(&currency).map_err(|_| AppError::Internal)?,
        specialties: crate::clinics::specialties::ids(db).await?,
    })
}

/// Saves the signed-in doctor's profile. The consultation length is the slot length of extra
/// hours, so the next free slot is refreshed too.
pub async fn update(
    db: &Db,
    caller: &Caller,
    update: &DoctorProfileUpdate,
    now: DateTime<Utc>,
) -> Result<DoctorProfile, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    check_specialty(db, update.specialty_id).await?;
    doctor_rows::set_profile(&db.pool, caller.id, update).await?;
    free_slots::refresh_next_free(db, caller.id, now).await?;
    load(db, caller.id, now).await
}

#[cfg(test)]
mod tests;
