//! A doctor's public profile: what the doctor edits (bio, specialty, price, languages, how
//! they take bookings and payment, where they practise) and what patients read.

use crate::accounts::auth::{Caller, Rule};
use crate::clinics::directory::{CardRow, CARD_FROM, CARD_SELECT};
use crate::clinics::doctor_rows::{self, languages_from_column};
use crate::clinics::doctors::parse_specialty;
use crate::db::Db;
use crate::scheduling::free_slots;
use chrono::{DateTime, Utc};
use shared::account::parse_address;
use shared::doctor::CONSULTATION_MINUTES;
use shared::error::AppError;
use shared::validation::trimmed_text;
use shared::{
    BookingMode, Currency, DoctorProfile, DoctorProfileForm, Money, PaymentMode, Phone, Role,
    SpokenLanguage, UserId, ValidationCode, ValidationErrors,
};

pub const MAX_BIO_CHARS: usize = 2000;
pub const MAX_LIST_ENTRIES: usize = 20;

/// Free text over several lines (a bio): line breaks kept, other control characters refused.
pub fn parse_long_text(raw: &str, max: usize) -> Result<String, ValidationCode> {
    let text = raw.replace("\r\n", "\n");
    let text = text.trim();
    if text.chars().count() > max {
        return Err(ValidationCode::TooLong { max: max as u32 });
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ValidationCode::ForbiddenCharacters);
    }
    Ok(text.to_owned())
}

/// A list of short entries (diplomas, positions): blanks dropped, each entry checked.
fn parse_list(
    errors: &mut ValidationErrors,
    field: &str,
    entries: &[String],
) -> Option<Vec<String>> {
    let entries: Vec<&String> = entries.iter().filter(|e| !e.trim().is_empty()).collect();
    if entries.len() > MAX_LIST_ENTRIES {
        errors.add(
            field,
            ValidationCode::TooMany {
                max: MAX_LIST_ENTRIES as u32,
            },
        );
        return None;
    }
    let parsed: Vec<Option<String>> = entries
        .iter()
        .enumerate()
        .map(|(i, entry)| errors.check(&format!("{field}[{i}]"), trimmed_text(entry, 2, 160)))
        .collect();
    parsed.into_iter().collect()
}

fn parse_languages(errors: &mut ValidationErrors, codes: &[String]) -> Option<Vec<SpokenLanguage>> {
    let mut languages = Vec::new();
    for code in codes.iter().filter(|c| !c.trim().is_empty()) {
        languages.push(errors.check("languages", SpokenLanguage::parse(code))?);
    }
    languages.sort();
    languages.dedup();
    if languages.is_empty() {
        errors.add("languages", ValidationCode::ChooseAtLeastOne);
        return None;
    }
    Some(languages)
}

pub use crate::clinics::doctor_rows::ProfileUpdate;

/// Parses every field but the specialty (checked against the database by the caller) and
/// reports all refused fields together. The price is in the clinic's currency.
pub fn parse_form(
    form: &DoctorProfileForm,
    currency: Currency,
    specialty: Result<i64, ValidationCode>,
) -> Result<ProfileUpdate, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let bio = errors.check("bio", parse_long_text(&form.bio, MAX_BIO_CHARS));
    let specialty_id = errors.check("specialty_id", specialty);
    let qualifications = parse_list(&mut errors, "qualifications", &form.qualifications);
    let experience = parse_list(&mut errors, "experience", &form.experience);
    let languages = parse_languages(&mut errors, &form.languages);
    let price = errors.check("price", Money::parse_major(&form.price, currency));
    let consultation_minutes = errors.check(
        "consultation_minutes",
        form.consultation_minutes
            .trim()
            .parse::<u16>()
            .ok()
            .filter(|m| CONSULTATION_MINUTES.contains(m))
            .ok_or(if form.consultation_minutes.trim().is_empty() {
                ValidationCode::Required
            } else {
                ValidationCode::NotAChoice
            }),
    );
    let payment_mode = errors.check("payment_mode", PaymentMode::parse(&form.payment_mode));
    let booking_mode = errors.check("booking_mode", BookingMode::parse(&form.booking_mode));
    let practice_address = errors.check(
        "practice_address",
        parse_address(&form.practice_address).and_then(|a| {
            if a.is_empty() {
                Err(ValidationCode::Required)
            } else {
                Ok(a)
            }
        }),
    );
    let city = errors.check("city", trimmed_text(&form.city, 2, 80));
    let practice_phone = if form.practice_phone.trim().is_empty() {
        Some(None)
    } else {
        errors.check(
            "practice_phone",
            Phone::parse(&form.practice_phone).map(Some),
        )
    };
    // Each field is `Some` once parsed; a refused one is `None`, with its error recorded.
    let parsed = || {
        Some(ProfileUpdate {
            bio: bio?,
            specialty_id: specialty_id?,
            qualifications: qualifications?,
            experience: experience?,
            languages: languages?,
            price: price?,
            consultation_minutes: consultation_minutes?,
            payment_mode: payment_mode?,
            booking_mode: booking_mode?,
            practice_address: practice_address?,
            city: city?,
            practice_phone: practice_phone?,
        })
    };
    match parsed() {
        Some(update) if errors.is_empty() => Ok(update),
        _ => Err(errors),
    }
}

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

/// Saves the signed-in doctor's profile. The consultation length is the slot length of extra
/// hours, so the next free slot is refreshed too.
pub async fn update(
    db: &Db,
    caller: &Caller,
    form: &DoctorProfileForm,
    now: DateTime<Utc>,
) -> Result<DoctorProfile, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let currency: String = sqlx::query_scalar(
        "SELECT c.currency FROM doctors d JOIN clinics c ON c.id = d.clinic_id \
         WHERE d.user_id = $1",
    )
    .bind(caller.id.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    let currency = Currency::parse(&currency).map_err(|_| AppError::Internal)?;
    let specialty = parse_specialty(db, &form.specialty_id).await;
    let update = parse_form(form, currency, specialty)?;
    doctor_rows::set_profile(&db.pool, caller.id, &update).await?;
    free_slots::refresh_next_free(db, caller.id, now).await?;
    load(db, caller.id, now).await
}

#[cfg(test)]
mod tests;
