//! Demo feedback: past completed visits with ratings and comments, so the directory's rating
//! sort, the doctor pages and the statistics have something to show; and one recent visit of
//! the demo patient left unrated, so a newcomer can try rating.

use crate::accounts::users::{self, NewAccount};
use crate::appointments::{self, NewAppointment};
use crate::db::instant;
use crate::feedback::{self, NewRating};
use shared::error::AppError;
use shared::schedule::Interval;
use shared::{AppointmentStatus, ClinicId, Currency, Email, Language, PaymentMode, Role, UserId};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Patients who left the demo ratings (they can log in with the demo password).
const RATERS: [(&str, &str, &str); 4] = [
    ("rania@salus.test", "Rania", "Khelifi"),
    ("omar@salus.test", "Omar", "Saidi"),
    ("lea@salus.test", "Léa", "Fontaine"),
    ("youssef.b@salus.test", "Youssef", "Bouzid"),
];

const COMMENTS: [&str; 6] = [
    "Very attentive, explained everything clearly.",
    "Ponctuel et à l'écoute. Je recommande.",
    "",
    "The wait was a little long, but the consultation was thorough.",
    "Très professionnelle, cabinet facile d'accès.",
    "Took time to answer all my questions.",
];

const DAY: i64 = 24 * 3600;

/// A completed half-hour visit, booked a week before it took place and paid at the clinic.
async fn insert_visit(
    tx: &mut Tx,
    (doctor, clinic, currency): (i64, i64, &str),
    patient: i64,
    starts_at: i64,
) -> Result<i64, AppError> {
    let visit = NewAppointment {
        doctor: UserId(doctor),
        clinic: ClinicId(clinic),
        patient: UserId(patient),
        slot: Interval::new(instant(starts_at)?, instant(starts_at + 1800)?),
        status: AppointmentStatus::Completed,
        reason: "Consultation".to_owned(),
        price_minor: None,
        currency: Currency::parse(currency).map_err(|_| AppError::Internal)?,
        payment_mode: PaymentMode::AtVisit,
        hold_expires_at: None,
        request_expires_at: None,
        created_by: UserId(patient),
        dependant: None,
        urgent: false,
    };
    appointments::insert(tx, &visit, starts_at - 7 * DAY).await
}

/// Seeds the ratings of the approved doctors; `hash` is the demo password's.
pub async fn seed_ratings(tx: &mut Tx, hash: &str, now: i64) -> Result<(), AppError> {
    let mut raters = Vec::new();
    for (email, first, last) in RATERS {
        let account = NewAccount {
            email: Email::parse(email).map_err(|code| AppError::field("email", code))?,
            password_hash: Some(hash.to_owned()),
            role: Role::Patient,
            clinic_id: None,
            first_name: first.to_owned(),
            last_name: last.to_owned(),
            language: Language::Fr,
            email_verified: true,
        };
        raters.push(users::insert(&mut **tx, &account, now).await?.0);
    }
    let doctors: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT d.user_id, d.clinic_id, c.currency FROM doctors d \
         JOIN clinics c ON c.id = d.clinic_id WHERE d.status = 'approved' ORDER BY d.user_id",
    )
    .fetch_all(&mut **tx)
    .await?;
    // Visits at 09:00 UTC (about 10:00 in the demo clinics), some days ago, so they fall in
    // past weeks of the statistics.
    let morning = now - now.rem_euclid(DAY) + 9 * 3600;
    for (index, (doctor, clinic, currency)) in doctors.iter().enumerate() {
        let count = (index * 7) % 5;
        for k in 0..count {
            let patient = raters[(index + k) % raters.len()];
            let starts_at = morning - (3 + 9 * k as i64 + index as i64 % 5) * DAY;
            let visit = insert_visit(tx, (*doctor, *clinic, currency), patient, starts_at).await?;
            let stars = 3 + ((index + k) % 3) as i64;
            let comment = COMMENTS[(index + 2 * k) % COMMENTS.len()];
            let rating = NewRating {
                appointment: visit,
                clinic: *clinic,
                doctor: *doctor,
                patient,
                stars,
                comment,
                visit_at: starts_at,
            };
            feedback::insert(tx, &rating, starts_at + DAY).await?;
        }
    }
    unrated_visit_of_the_demo_patient(tx, morning + 2 * 3600).await
}

/// Two and three days ago, the demo patient saw the demo doctor and Dr Sami Bouazizi: the
/// visits wait for their ratings.
async fn unrated_visit_of_the_demo_patient(tx: &mut Tx, noon: i64) -> Result<(), AppError> {
    for (days, doctor_email) in [(2, "doctor@salus.test"), (3, "dr.sami.bouazizi@salus.test")] {
        let pair: Option<(i64, i64, i64, String)> = sqlx::query_as(
            "SELECT d.user_id, d.clinic_id, p.id, c.currency FROM doctors d \
             JOIN users du ON du.id = d.user_id JOIN clinics c ON c.id = d.clinic_id \
             JOIN users p ON p.email = 'patient@salus.test' WHERE du.email = $1",
        )
        .bind(doctor_email)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some((doctor, clinic, patient, currency)) = pair {
            insert_visit(tx, (doctor, clinic, &currency), patient, noon - days * DAY).await?;
        }
    }
    Ok(())
}
