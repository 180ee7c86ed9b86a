//! Emailing one notification: the letter in the recipient's language, the calendar file, and
//! the outcome on the notification row (sent, or the error while retrying, then failed).

use super::ics::{self, Visit};
use super::letter::{self, Notice};
use crate::db::Db;
use crate::jobs::Job;
use crate::notify::mail::Recipient;
use crate::notify::mail::{Attachment, Letter};
use crate::AppState;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::notification::NoticeKind;
use shared::schedule::Interval;
use shared::{Language, LocalSlot, LocalTime};

/// What a notification's email says of its visit. The booking domain describes it
/// (`appointments::visit_facts`) and the worker hands it over: notify reads no appointment
/// itself, so booking, which writes notices, never depends on what reads them back.
#[derive(Debug, Clone)]
pub struct VisitFacts {
    pub appointment: i64,
    pub doctor_id: i64,
    pub zone: chrono_tz::Tz,
    pub starts: DateTime<Utc>,
    pub ends: DateTime<Utc>,
    /// The patient's name as the doctor reads it: a family member's visit names them, with
    /// the patient who manages it.
    pub patient_name: String,
    pub doctor_name: String,
    pub clinic_name: String,
    pub clinic_address: String,
    /// The phone line a patient calls to change the visit (the practice's, else the clinic's).
    pub phone: String,
    /// Why the clinic refused or cancelled, when it did.
    pub status_reason: Option<String>,
    pub request_expires_at: Option<DateTime<Utc>>,
    pub proposal_expires_at: Option<DateTime<Utc>>,
    pub paid_online: bool,
    /// The calendar entry this visit is a version of: the first appointment of its chain of
    /// moves, and how many versions came before this one.
    pub series: i64,
    pub sequence: u32,
}

/// A notification whose email is still to be sent.
#[derive(Debug, Clone, Copy)]
pub struct PendingEmail {
    pub id: i64,
    pub user: i64,
    pub appointment: i64,
    pub kind: NoticeKind,
}

/// The notification `id`, if its email is still to be sent (a job run twice finds it sent).
pub async fn pending_email(db: &Db, id: i64) -> Result<Option<PendingEmail>, AppError> {
    let notification: Option<(i64, i64, String, String)> = sqlx::query_as(
        "SELECT user_id, appointment_id, kind, email_state FROM notifications WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((user, appointment, kind, email_state)) = notification else {
        return Ok(None);
    };
    if email_state != "pending" {
        return Ok(None);
    }
    let kind = NoticeKind::parse(&kind).map_err(|_| AppError::Internal)?;
    Ok(Some(PendingEmail {
        id,
        user,
        appointment,
        kind,
    }))
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

/// Builds the email of a notification about `visit`, for its recipient.
async fn letter_for(
    state: &AppState,
    visit: &VisitFacts,
    user: i64,
    to: &Recipient,
    kind: NoticeKind,
    now: DateTime<Utc>,
) -> Result<(Letter, Attachment), AppError> {
    let zone = visit.zone;
    let slot = LocalSlot::new(Interval::new(visit.starts, visit.ends), zone);
    let to_doctor = user == visit.doctor_id;
    let other = if to_doctor {
        visit.patient_name.trim()
    } else {
        visit.doctor_name.trim()
    };
    let link = state
        .settings
        .link(&format!("/appointments/{}", visit.appointment));
    let rebook = state
        .settings
        .link(&format!("/doctors/{}", visit.doctor_id));
    let reason = match kind {
        NoticeKind::Refused | NoticeKind::Cancelled => visit.status_reason.as_deref(),
        _ => None,
    };
    let answer_by = match kind {
        NoticeKind::Requested => visit.request_expires_at,
        NoticeKind::MoveProposed => visit.proposal_expires_at,
        _ => None,
    }
    .map(|t| LocalTime::new(t, zone));
    let (subject, body) = letter::notice(
        to.language,
        &Notice {
            kind,
            to_doctor,
            name: &to.first_name,
            other,
            visit: &slot,
            time_zone: zone.name(),
            clinic: &visit.clinic_name,
            address: &visit.clinic_address,
            reason,
            link: &link,
            rebook: &rebook,
            paid_online: visit.paid_online,
            answer_by: answer_by.as_ref(),
            phone: &visit.phone,
        },
    );
    let location = [visit.clinic_name.as_str(), visit.clinic_address.as_str()]
        .iter()
        .filter(|part| !part.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    let calendar = ics::calendar(
        &Visit {
            series: visit.series,
            // A cancellation is a newer version of the entry than the booking it withdraws.
            sequence: visit.sequence + u32::from(kind.withdraws()),
            starts: visit.starts,
            ends: visit.ends,
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
            to: to.email.clone(),
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

/// The job that emails a pending notification about `visit`: sent once; a failure is kept on
/// the row and the job tried again later, and the last attempt's failure marks it failed for
/// staff to see.
pub async fn deliver(
    state: &AppState,
    job: &Job,
    notification: &PendingEmail,
    visit: &VisitFacts,
    to: &Recipient,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let id = notification.id;
    let (letter, attachment) =
        letter_for(state, visit, notification.user, to, notification.kind, now).await?;
    let outcome = state
        .settings
        .mailer
        .deliver(
            &state.db,
            &letter,
            Some(&attachment),
            Some(id),
            now.timestamp(),
        )
        .await;
    let last_attempt = job.attempt >= job.max_attempts;
    record(&state.db, id, &outcome, last_attempt, now.timestamp()).await?;
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
