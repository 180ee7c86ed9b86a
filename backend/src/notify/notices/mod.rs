//! Notifications of appointment changes: who is told of what (the rule is
//! `shared::notification::recipients`), the bell's list, and the reminder before a visit.
//!
//! A notification is written in the same transaction as the change it tells of, with a job
//! that emails it; so a change is never told twice nor lost, and a restart loses nothing.
//! The job sends it once (see `email`), retried with backoff until it gives up, and its
//! outcome is kept on the row for staff to see.

mod bell;
mod email;
mod ics;
mod letter;

pub use bell::{latest_id, list, mark_read, newest_id, notified_since, unread_count, LIST_LIMIT};
pub use email::{deliver, pending_email, PendingEmail, VisitFacts};

use crate::db::instant;
use crate::db::Db;
use crate::jobs::{self, Task};
use crate::live;
use chrono::{DateTime, Utc};
use shared::error::AppError;
use shared::moves::EventKind;
use shared::notification::{
    recipients, Actor, Channels, DeliveryState, Happening, NoticeKind, NoticeLog,
};
use shared::reason::EndReason;
use shared::{AppointmentStatus, LocalTime, UserId};

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// What `on_change` needs of the appointment.
#[derive(sqlx::FromRow)]
struct Subject {
    clinic_id: i64,
    patient_id: i64,
    doctor_id: i64,
    starts_at: i64,
    reminder_hours: i64,
}

/// Writes the notifications a status change calls for, with their email jobs, and queues the
/// reminder of a newly confirmed visit; all inside the change's transaction.
pub(crate) async fn on_change(
    tx: &mut Tx,
    appointment: i64,
    from: Option<AppointmentStatus>,
    to: AppointmentStatus,
    actor: Option<UserId>,
    reason: Option<&str>,
    now: i64,
) -> Result<(), AppError> {
    let subject = subject_of(tx, appointment).await?;
    let lapsed = reason == Some(EndReason::PaymentLapsed.as_str())
        && matches!(
            from,
            Some(AppointmentStatus::Requested | AppointmentStatus::Confirmed)
        );
    let happening = if lapsed {
        Happening::PaymentLapsed
    } else {
        Happening::Status { from, to }
    };
    tell(tx, &subject, appointment, happening, actor, now).await?;
    if to == AppointmentStatus::Confirmed {
        let run_at = subject.starts_at - subject.reminder_hours * 3600;
        // A visit booked inside the reminder delay has just been confirmed: no reminder.
        if run_at > now {
            jobs::enqueue(
                &mut **tx,
                &Task::Remind { appointment },
                run_at,
                Some(&format!("remind:{appointment}")),
                now,
            )
            .await?;
        }
    }
    Ok(())
}

/// Writes the notifications a step of a move calls for, inside its transaction.
pub(crate) async fn on_move(
    tx: &mut Tx,
    appointment: i64,
    kind: EventKind,
    actor: Option<UserId>,
    now: i64,
) -> Result<(), AppError> {
    let subject = subject_of(tx, appointment).await?;
    tell(tx, &subject, appointment, Happening::Move(kind), actor, now).await
}

async fn subject_of(tx: &mut Tx, appointment: i64) -> Result<Subject, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.clinic_id, a.patient_id, a.doctor_id, a.starts_at, c.reminder_hours \
         FROM appointments a JOIN clinics c ON c.id = a.clinic_id WHERE a.id = $1",
    )
    .bind(appointment)
    .fetch_one(&mut **tx)
    .await?)
}

/// Writes what `happening` tells, to whom the rule says (`shared::notification::recipients`).
async fn tell(
    tx: &mut Tx,
    subject: &Subject,
    appointment: i64,
    happening: Happening,
    actor: Option<UserId>,
    now: i64,
) -> Result<(), AppError> {
    let actor = match actor {
        None => Actor::System,
        Some(id) if id.0 == subject.patient_id => Actor::Patient,
        Some(id) if id.0 == subject.doctor_id => Actor::Doctor,
        Some(_) => Actor::Clinic,
    };
    if let Some((kind, to_whom)) = recipients(happening, actor) {
        let people = [
            (to_whom.patient, subject.patient_id),
            (to_whom.doctor, subject.doctor_id),
        ];
        for (channels, user) in people {
            if let Some(channels) = channels {
                notify(tx, subject, appointment, user, kind, channels, now).await?;
            }
        }
    }
    Ok(())
}

/// A confirmed visit moved to `starts_at`: its reminder moves with it (or is queued, when
/// the old time had none left to send).
pub(crate) async fn move_reminder(
    tx: &mut Tx,
    appointment: i64,
    starts_at: i64,
    now: i64,
) -> Result<(), AppError> {
    let hours = subject_of(tx, appointment).await?.reminder_hours;
    let run_at = (starts_at - hours * 3600).max(now);
    jobs::requeue_keyed(
        tx,
        &Task::Remind { appointment },
        run_at,
        &format!("remind:{appointment}"),
        now,
    )
    .await
}

/// One notification to write: to whom, of what, how.
struct NewNotice {
    clinic: i64,
    appointment: i64,
    user: i64,
    kind: NoticeKind,
    channels: Channels,
    /// For a reminder: the start it reminds of (a visit moved later is reminded again).
    reminds_of: Option<i64>,
}

/// One notification row; `None` when it already exists (a reminder is written once per
/// visit time). Without the bell, the row arrives already read: listed, but not news.
async fn insert(
    connection: &mut sqlx::AnyConnection,
    notice: NewNotice,
    now: i64,
) -> Result<Option<i64>, AppError> {
    // The reminder's unique index (migration 0012) makes a second one a no-op.
    let read_at = (!notice.channels.bell).then_some(now);
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO notifications \
             (user_id, appointment_id, clinic_id, kind, created_at, read_at, reminds_of) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id",
    )
    .bind(notice.user)
    .bind(notice.appointment)
    .bind(notice.clinic)
    .bind(notice.kind.as_str())
    .bind(now)
    .bind(read_at)
    .bind(notice.reminds_of)
    .fetch_optional(&mut *connection)
    .await?;
    if id.is_some() && notice.channels.bell {
        // The person's open bells learn of it when (and if) the transaction commits.
        let user = UserId(notice.user);
        live::announce_in(connection, live::Change::Notifications(user)).await?;
    }
    // Every notice is emailed today (`Channels::email`); a notice without email would be
    // written here without its job.
    Ok(id.filter(|_| notice.channels.email))
}

async fn notify(
    tx: &mut Tx,
    subject: &Subject,
    appointment: i64,
    user: i64,
    kind: NoticeKind,
    channels: Channels,
    now: i64,
) -> Result<(), AppError> {
    let notice = NewNotice {
        clinic: subject.clinic_id,
        appointment,
        user,
        kind,
        channels,
        reminds_of: None,
    };
    if let Some(id) = insert(tx, notice, now).await? {
        jobs::enqueue(
            &mut **tx,
            &Task::Notify { notification: id },
            now,
            None,
            now,
        )
        .await?;
    }
    Ok(())
}

/// Tells `doctor` of a request handed to them (a reassignment), inside its transaction: a
/// request to answer, like any other (bell and email).
pub(crate) async fn tell_doctor(
    tx: &mut Tx,
    appointment: i64,
    doctor: i64,
    now: i64,
) -> Result<(), AppError> {
    let subject = subject_of(tx, appointment).await?;
    notify(
        tx,
        &subject,
        appointment,
        doctor,
        NoticeKind::Requested,
        Channels::ALL,
        now,
    )
    .await
}

/// The reminder job: a visit still confirmed and still ahead gets its reminder, written once
/// per patient and visit time whatever the number of workers or runs (a unique index), then
/// emailed. A visit moved after its reminder went out is reminded again of its new time.
pub async fn remind(db: &Db, appointment: i64, now: DateTime<Utc>) -> Result<(), AppError> {
    let subject: Option<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT clinic_id, patient_id, starts_at, status FROM appointments WHERE id = $1",
    )
    .bind(appointment)
    .fetch_optional(&db.pool)
    .await?;
    let Some((clinic, patient, starts_at, status)) = subject else {
        return Ok(());
    };
    if status != AppointmentStatus::Confirmed.as_str() || starts_at <= now.timestamp() {
        return Ok(());
    }
    let Some((kind, to_whom)) = recipients(Happening::VisitSoon, Actor::System) else {
        return Ok(());
    };
    let Some(channels) = to_whom.patient else {
        return Ok(());
    };
    let mut tx = db.pool.begin().await?;
    let now = now.timestamp();
    let notice = NewNotice {
        clinic,
        appointment,
        user: patient,
        kind,
        channels,
        reminds_of: Some(starts_at),
    };
    if let Some(id) = insert(&mut tx, notice, now).await? {
        jobs::enqueue(&mut *tx, &Task::Notify { notification: id }, now, None, now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// "First Last", as notices name a person.
fn full_name(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_owned()
}

#[derive(sqlx::FromRow)]
struct LogRow {
    kind: String,
    first_name: String,
    last_name: String,
    created_at: i64,
    email_state: String,
    email_attempts: i64,
    emailed_at: Option<i64>,
    email_error: Option<String>,
}

/// An appointment's notifications as its staff see them: to whom, and how each email went.
pub(crate) async fn log(
    db: &Db,
    appointment: i64,
    zone: chrono_tz::Tz,
) -> Result<Vec<NoticeLog>, AppError> {
    let rows: Vec<LogRow> = sqlx::query_as(
        "SELECT n.kind, u.first_name, u.last_name, n.created_at, n.email_state, \
         n.email_attempts, n.emailed_at, n.email_error FROM notifications n \
         JOIN users u ON u.id = n.user_id WHERE n.appointment_id = $1 ORDER BY n.id",
    )
    .bind(appointment)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(NoticeLog {
                kind: NoticeKind::parse(&row.kind).map_err(|_| AppError::Internal)?,
                recipient_name: full_name(&row.first_name, &row.last_name),
                created: LocalTime::new(instant(row.created_at)?, zone),
                email: DeliveryState::parse(&row.email_state).map_err(|_| AppError::Internal)?,
                attempts: row.email_attempts,
                sent: row
                    .emailed_at
                    .map(|at| instant(at).map(|at| LocalTime::new(at, zone)))
                    .transpose()?,
                last_error: row.email_error,
            })
        })
        .collect()
}
