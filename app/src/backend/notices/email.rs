//! Emailing one notification: the letter in the recipient's language, the calendar file, and
//! the outcome on the notification row (sent, or the error while retrying, then failed).

use super::ics::{self, Visit};
use super::letter::{self, Notice};
use crate::backend::appointments::{self, instant, AppointmentRow};
use crate::backend::db::Db;
use crate::backend::jobs::Job;
use crate::backend::mail::{Attachment, Letter};
use crate::backend::{users, AppState};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use shared::notification::NoticeKind;
use shared::schedule::Interval;
use shared::{Language, LocalSlot, LocalTime, UserId};

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

/// The host part of the public URL, for calendar UIDs.
fn host_of(public_url: &str) -> &str {
    let rest = public_url
        .split_once("://")
        .map_or(public_url, |(_, rest)| rest);
    rest.split(['/', ':']).next().unwrap_or("salus")
}

/// The calendar entry's title, for the person reading it.
fn summary(language: Language, to_doctor: bool, other: &str) -> String {
    match (language, to_doctor) {
        (Language::En, false) => format!("Appointment with {other}"),
        (Language::En, true) => format!("Appointment: {other}"),
        (Language::Fr, false) => format!("Rendez-vous avec {other}"),
        (Language::Fr, true) => format!("Rendez-vous : {other}"),
    }
}

/// Builds the email of notification `id` about `row`, for its recipient.
async fn letter_for(
    state: &AppState,
    row: &AppointmentRow,
    user: i64,
    kind: NoticeKind,
    now: DateTime<Utc>,
) -> Result<(Letter, Attachment), AppError> {
    let db = &state.db;
    let to = users::recipient(db, UserId(user)).await?;
    let zone = row.zone()?;
    let (starts, ends) = (instant(row.starts_at)?, instant(row.ends_at)?);
    let visit = LocalSlot::new(Interval::new(starts, ends), zone);
    let to_doctor = user == row.doctor_id;
    let other = if to_doctor {
        // A family member's visit names them, with the patient who manages it.
        let patient = format!("{} {}", row.patient_first, row.patient_last);
        match row.visit_for()? {
            Some(member) => format!("{} ({})", member.name, patient.trim()),
            None => patient,
        }
    } else {
        format!("{} {}", row.doctor_first, row.doctor_last)
    };
    let other = other.trim();
    let address: String = sqlx::query_scalar("SELECT address FROM clinics WHERE id = $1")
        .bind(row.clinic_id)
        .fetch_one(&db.pool)
        .await?;
    let link = state.settings.link(&format!("/appointments/{}", row.id));
    let rebook = state.settings.link(&format!("/doctors/{}", row.doctor_id));
    let reason = match kind {
        NoticeKind::Refused | NoticeKind::Cancelled => row.status_reason.as_deref(),
        _ => None,
    };
    let answer_by = match kind {
        NoticeKind::Requested => row.request_expires_at,
        NoticeKind::MoveProposed => row.proposal_expires_at,
        _ => None,
    }
    .map(|t| Ok::<_, AppError>(LocalTime::new(instant(t)?, zone)))
    .transpose()?;
    let (subject, body) = letter::notice(
        to.language,
        &Notice {
            kind,
            to_doctor,
            name: &to.first_name,
            other,
            visit: &visit,
            time_zone: zone.name(),
            clinic: &row.clinic_name,
            address: &address,
            reason,
            link: &link,
            rebook: &rebook,
            paid_online: row.payment_mode == shared::PaymentMode::Online.as_str(),
            answer_by: answer_by.as_ref(),
            phone: shared::clinic::phone_to_call(&row.practice_phone, &row.clinic_phone)
                .unwrap_or_default(),
        },
    );
    let (series, sequence) = series_of(db, row.id).await?;
    let location = [row.clinic_name.as_str(), address.as_str()]
        .iter()
        .filter(|part| !part.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let calendar = ics::calendar(
        &Visit {
            series,
            // A cancellation is a newer version of the entry than the booking it withdraws.
            sequence: sequence + u32::from(kind.withdraws()),
            starts,
            ends,
            summary: &summary(to.language, to_doctor, other),
            location: &location,
            link: &link,
            host: host_of(&state.settings.public_url),
        },
        kind,
        now,
    );
    Ok((
        Letter {
            to: to.email,
            language: to.language,
            subject,
            body,
        },
        Attachment {
            file_name: "appointment.ics".to_owned(),
            content_type: ics::CONTENT_TYPE,
            body: calendar,
        },
    ))
}

/// The job that emails notification `id`: sent once; a failure is kept on the row and the
/// job tried again later, and the last attempt's failure marks it failed for staff to see.
pub async fn deliver(
    state: &AppState,
    job: &Job,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let db = &state.db;
    let notification: Option<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT user_id, appointment_id, kind, email_state FROM notifications WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((user, appointment, kind, state_now)) = notification else {
        return Ok(());
    };
    if state_now != "pending" {
        return Ok(());
    }
    let kind = NoticeKind::parse(&kind).map_err(|_| AppError::Internal)?;
    let row = appointments::fetch(db, appointment).await?;
    let (letter, attachment) = letter_for(state, &row, user, kind, now).await?;
    let outcome = state
        .settings
        .mailer
        .deliver(db, &letter, Some(&attachment), Some(id))
        .await;
    let last_attempt = job.attempt >= job.max_attempts;
    record(db, id, &outcome, last_attempt, now.timestamp()).await?;
    outcome.map_err(|error| {
        tracing::warn!(notification = id, %error, "notification email not delivered");
        AppError::Internal
    })
}

async fn record(
    db: &Db,
    id: i64,
    outcome: &Result<(), String>,
    last_attempt: bool,
    now: i64,
) -> Result<(), AppError> {
    match outcome {
        Ok(()) => sqlx::query(
            "UPDATE notifications SET email_state = 'sent', emailed_at = $1, \
             email_attempts = email_attempts + 1, email_error = NULL WHERE id = $2",
        )
        .bind(now)
        .bind(id),
        Err(error) => sqlx::query(
            "UPDATE notifications SET email_state = $1, email_attempts = email_attempts + 1, \
             email_error = $2 WHERE id = $3",
        )
        .bind(if last_attempt { "failed" } else { "pending" })
        .bind(error.clone())
        .bind(id),
    }
    .execute(&db.pool)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_uids_use_the_public_host() {
        assert_eq!(host_of("https://salus.example.org"), "salus.example.org");
        assert_eq!(host_of("http://127.0.0.1:3000/"), "127.0.0.1");
        assert_eq!(host_of("salus.test"), "salus.test");
    }
}
