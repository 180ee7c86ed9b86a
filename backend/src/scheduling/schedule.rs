//! A doctor's schedule as the slot engine reads it: the booking rules on their row, their
//! weekly hours and dated exceptions, for one doctor, a range of doctors or a clinic.

use crate::db::Db;
use chrono::{DateTime, NaiveDate, Utc, Weekday};
use shared::error::AppError;
use shared::schedule::Interval;
use shared::schedule::{Availability, BookingRules, Exception, ExceptionKind, WeeklyHours, Window};
use shared::time::start_of_day;
use shared::{ClinicId, UserId};
use std::collections::HashMap;

/// Everything the slot engine needs about one doctor.
#[derive(Debug, Clone)]
pub struct DoctorSchedule {
    pub doctor: UserId,
    pub clinic: ClinicId,
    pub zone: chrono_tz::Tz,
    /// The consultation length, for extra hours that do not give their own slot length.
    pub consultation_minutes: u16,
    pub availability: Availability,
    /// Grows with every change; a next-free value computed from an older version is dropped.
    pub version: i64,
}

impl DoctorSchedule {
    /// The slots patients may book in `window` at `now`, clear of the `busy` times.
    pub fn free_slots(
        &self,
        busy: &[Interval],
        window: Interval,
        now: DateTime<Utc>,
    ) -> Vec<Interval> {
        shared::schedule::free_slots(
            &self.availability,
            self.zone,
            self.consultation_minutes,
            busy,
            window,
            now,
        )
    }

    /// The instants of this clinic's local days `from..=to`.
    pub fn days(&self, from: NaiveDate, to: NaiveDate) -> Interval {
        Interval::new(
            start_of_day(self.zone, from),
            start_of_day(self.zone, to + chrono::Duration::days(1)),
        )
    }
}

#[derive(sqlx::FromRow)]
struct ScheduleRow {
    user_id: i64,
    clinic_id: i64,
    time_zone: String,
    consultation_minutes: i64,
    min_notice_minutes: i64,
    horizon_days: i64,
    buffer_minutes: i64,
    unavailable: i64,
    schedule_version: i64,
}

const SCHEDULE_COLUMNS: &str = "SELECT d.user_id, d.clinic_id, c.time_zone, \
    d.consultation_minutes, d.min_notice_minutes, d.horizon_days, d.buffer_minutes, \
    d.unavailable, d.schedule_version FROM doctors d JOIN clinics c ON c.id = d.clinic_id";

#[derive(sqlx::FromRow)]
struct WeeklyRow {
    doctor_id: i64,
    weekday: i64,
    start_minute: i64,
    end_minute: i64,
    slot_minutes: i64,
    break_start: Option<i64>,
    break_end: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ExceptionRow {
    doctor_id: i64,
    kind: String,
    first_day: String,
    last_day: String,
    start_minute: Option<i64>,
    end_minute: Option<i64>,
    slot_minutes: Option<i64>,
    label: String,
}

/// A stored value that no longer parses is a bug or a hand-edited database: logged, and the
/// request fails rather than offering wrong slots.
fn corrupt(what: &str) -> AppError {
    tracing::error!(what, "unreadable availability row");
    AppError::Internal
}

fn minute(value: i64) -> Result<u16, AppError> {
    u16::try_from(value)
        .ok()
        .filter(|m| *m <= 1440)
        .ok_or_else(|| corrupt("minute"))
}

fn window(start: i64, end: i64) -> Result<Window, AppError> {
    Ok(Window {
        start: minute(start)?,
        end: minute(end)?,
    })
}

fn weekday(number: i64) -> Result<Weekday, AppError> {
    match number {
        1..=7 => Ok(Weekday::try_from((number - 1) as u8).map_err(|_| corrupt("weekday"))?),
        _ => Err(corrupt("weekday")),
    }
}

impl TryFrom<WeeklyRow> for WeeklyHours {
    type Error = AppError;

    fn try_from(row: WeeklyRow) -> Result<Self, AppError> {
        Ok(WeeklyHours {
            weekday: weekday(row.weekday)?,
            hours: window(row.start_minute, row.end_minute)?,
            slot_minutes: minute(row.slot_minutes)?,
            pause: match (row.break_start, row.break_end) {
                (Some(start), Some(end)) => Some(window(start, end)?),
                _ => None,
            },
        })
    }
}

impl TryFrom<ExceptionRow> for Exception {
    type Error = AppError;

    fn try_from(row: ExceptionRow) -> Result<Self, AppError> {
        let date = |text: &str| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| corrupt("exception date"))
        };
        Ok(Exception {
            kind: ExceptionKind::parse(&row.kind).map_err(|_| corrupt("exception kind"))?,
            first_day: date(&row.first_day)?,
            last_day: date(&row.last_day)?,
            window: match (row.start_minute, row.end_minute) {
                (Some(start), Some(end)) => Some(window(start, end)?),
                _ => None,
            },
            slot_minutes: row.slot_minutes.map(minute).transpose()?,
            label: row.label,
        })
    }
}

impl ScheduleRow {
    /// The schedule of this row's doctor, with their weekly hours and exceptions as stored.
    fn into_schedule(
        self,
        weekly: Vec<WeeklyRow>,
        exceptions: Vec<ExceptionRow>,
    ) -> Result<DoctorSchedule, AppError> {
        let weekly = weekly
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<_, _>>()?;
        let exceptions = exceptions
            .into_iter()
            .map(TryInto::try_into)
            .collect::<Result<_, _>>()?;
        Ok(DoctorSchedule {
            doctor: UserId(self.user_id),
            clinic: ClinicId(self.clinic_id),
            zone: self
                .time_zone
                .parse()
                .map_err(|_| corrupt("clinic time zone"))?,
            consultation_minutes: minute(self.consultation_minutes)?,
            availability: Availability {
                weekly,
                exceptions,
                booking: BookingRules {
                    min_notice_minutes: self.min_notice_minutes,
                    horizon_days: self.horizon_days,
                    buffer_minutes: self.buffer_minutes,
                },
                unavailable: self.unavailable != 0,
            },
            version: self.schedule_version,
        })
    }
}

/// One doctor's schedule, or `NotFound` for an account that is not a doctor.
pub async fn load(db: &Db, doctor: UserId) -> Result<DoctorSchedule, AppError> {
    let row: ScheduleRow = sqlx::query_as(&format!("{SCHEDULE_COLUMNS} WHERE d.user_id = $1"))
        .bind(doctor.0)
        .fetch_optional(&db.pool)
        .await?
        .ok_or(AppError::NotFound)?;
    let weekly: Vec<WeeklyRow> = sqlx::query_as(
        "SELECT doctor_id, weekday, start_minute, end_minute, slot_minutes, break_start, \
         break_end FROM weekly_hours WHERE doctor_id = $1",
    )
    .bind(doctor.0)
    .fetch_all(&db.pool)
    .await?;
    let exceptions: Vec<ExceptionRow> = sqlx::query_as(
        "SELECT doctor_id, kind, first_day, last_day, start_minute, end_minute, slot_minutes, \
         label FROM availability_exceptions WHERE doctor_id = $1 ORDER BY first_day, id",
    )
    .bind(doctor.0)
    .fetch_all(&db.pool)
    .await?;
    row.into_schedule(weekly, exceptions)
}

/// The schedules of a batch of doctors, in three queries whatever the batch size (for the
/// periodic next-free refresh): doctors with ids in `(after, up_to]`.
pub async fn load_range(
    db: &Db,
    after: UserId,
    up_to: UserId,
) -> Result<Vec<DoctorSchedule>, AppError> {
    load_where(db, "{} > $1 AND {} <= $2", &[after.0, up_to.0]).await
}

/// The schedules of every doctor of a clinic, in three queries (for its statistics).
pub async fn load_clinic(db: &Db, clinic: ClinicId) -> Result<Vec<DoctorSchedule>, AppError> {
    load_where(db, "{}_clinic = $1", &[clinic.0]).await
}

/// Schedules whose doctor matches `filter`, where `{}` names the doctor id column of each
/// table (`{}_clinic` its clinic column).
async fn load_where(
    db: &Db,
    filter: &str,
    values: &[i64],
) -> Result<Vec<DoctorSchedule>, AppError> {
    let on = |doctor: &str, clinic: &str| filter.replace("{}_clinic", clinic).replace("{}", doctor);
    let sql = [
        format!(
            "{SCHEDULE_COLUMNS} WHERE {} ORDER BY d.user_id",
            on("d.user_id", "d.clinic_id")
        ),
        format!(
            "SELECT doctor_id, weekday, start_minute, end_minute, slot_minutes, break_start, \
             break_end FROM weekly_hours WHERE {}",
            on("doctor_id", "clinic_id")
        ),
        format!(
            "SELECT doctor_id, kind, first_day, last_day, start_minute, end_minute, \
             slot_minutes, label FROM availability_exceptions WHERE {}",
            on("doctor_id", "clinic_id")
        ),
    ];
    let mut rows = sqlx::query_as::<_, ScheduleRow>(&sql[0]);
    let mut weekly = sqlx::query_as::<_, WeeklyRow>(&sql[1]);
    let mut exceptions = sqlx::query_as::<_, ExceptionRow>(&sql[2]);
    for value in values {
        rows = rows.bind(*value);
        weekly = weekly.bind(*value);
        exceptions = exceptions.bind(*value);
    }
    let rows = rows.fetch_all(&db.pool).await?;
    let weekly = weekly.fetch_all(&db.pool).await?;
    let exceptions = exceptions.fetch_all(&db.pool).await?;
    let mut weekly_of = group_by_doctor(weekly, |w| w.doctor_id);
    let mut exceptions_of = group_by_doctor(exceptions, |e| e.doctor_id);
    rows.into_iter()
        .map(|row| {
            let id = row.user_id;
            let weekly = weekly_of.remove(&id).unwrap_or_default();
            let exceptions = exceptions_of.remove(&id).unwrap_or_default();
            row.into_schedule(weekly, exceptions)
        })
        .collect()
}

fn group_by_doctor<T>(rows: Vec<T>, doctor: impl Fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut groups: HashMap<i64, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(doctor(&row)).or_default().push(row);
    }
    groups
}
