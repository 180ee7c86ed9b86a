//! A visit described for the notify domain's emails (`notices::VisitFacts`): booking reads its
//! own rows and hands notify the facts, so notify never reads an appointment itself.

use super::fetch;
use crate::db::{instant, Db};
use crate::notify::notices::VisitFacts;
use shared::error::AppError;

/// The longest chain of moves followed back to find a visit's first appointment.
const MAX_MOVES: u32 = 100;

/// The first appointment of `id`'s chain of moves, and how many moves led to `id`.
async fn series_of(db: &Db, id: i64) -> Result<(i64, u32), AppError> {
    let (mut first, mut moves) = (id, 0);
    while moves < MAX_MOVES {
        let previous: Option<i64> =
            sqlx::query_scalar("SELECT rescheduled_from FROM appointments WHERE id = $1")
                .bind(first)
                .fetch_one(&db.pool)
                .await?;
        match previous {
            Some(previous) => {
                first = previous;
                moves += 1;
            }
            None => break,
        }
    }
    // Since moves keep the appointment, each move is one more version of the same entry.
    let moved: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM appointment_events WHERE appointment_id = $1 AND kind = 'moved'",
    )
    .bind(id)
    .fetch_one(&db.pool)
    .await?;
    Ok((first, moves + u32::try_from(moved).unwrap_or(0)))
}

/// What an email about appointment `id` says of the visit.
pub async fn visit_facts(db: &Db, id: i64) -> Result<VisitFacts, AppError> {
    let row = fetch(db, id).await?;
    let patient = format!("{} {}", row.patient_first, row.patient_last);
    let patient_name = match row.visit_for()? {
        Some(member) => format!("{} ({})", member.name, patient.trim()),
        None => patient,
    };
    let (series, sequence) = series_of(db, row.id).await?;
    Ok(VisitFacts {
        appointment: row.id,
        doctor_id: row.doctor_id,
        zone: row.zone()?,
        starts: instant(row.starts_at)?,
        ends: instant(row.ends_at)?,
        patient_name,
        doctor_name: format!("{} {}", row.doctor_first, row.doctor_last),
        phone: shared::clinic::phone_to_call(&row.practice_phone, &row.clinic_phone)
            .unwrap_or_default()
            .to_owned(),
        clinic_name: row.clinic_name,
        clinic_address: row.clinic_address,
        status_reason: row.status_reason,
        request_expires_at: row.request_expires_at.map(instant).transpose()?,
        proposal_expires_at: row.proposal_expires_at.map(instant).transpose()?,
        paid_online: row.payment_mode == shared::PaymentMode::Online.as_str(),
        series,
        sequence,
    })
}
