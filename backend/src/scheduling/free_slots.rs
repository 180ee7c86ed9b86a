//! Free slots as patients see them, and the stored "next free slot" that lets the directory
//! sort by soonest availability without computing slots per card.

use super::availability::{self, DoctorSchedule};
use crate::accounts::auth::{Caller, Rule};
use crate::appointments;
use crate::clinics::doctor_rows;
use crate::db::Db;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use shared::error::AppError;
use shared::schedule::{self, Interval};
use shared::time::{start_of_day, utc_offset};
use shared::{DaySlots, LocalSlot, Role, SlotList, UserId, ValidationCode, ValidationErrors};

/// The longest range one request may ask slots for.
pub const MAX_RANGE_DAYS: i64 = 62;

/// Reads the `from`/`to` dates of a slot request (both inclusive, the clinic's local days).
/// Without `from`, today; without `to`, a week.
pub fn parse_range(
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate), AppError> {
    let mut errors = ValidationErrors::default();
    let date = |raw: Option<&str>| {
        raw.filter(|r| !r.trim().is_empty())
            .map(schedule::parse_date)
            .transpose()
    };
    let from = errors.check("from", date(from)).map(|d| d.unwrap_or(today));
    let to = errors.check("to", date(to));
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errors.into());
    };
    let to = to.unwrap_or(from + Duration::days(6));
    if to < from {
        return Err(AppError::field("to", ValidationCode::EndNotAfterStart));
    }
    if (to - from).num_days() >= MAX_RANGE_DAYS {
        return Err(AppError::field(
            "to",
            ValidationCode::RangeTooLong {
                max_days: MAX_RANGE_DAYS as u32,
            },
        ));
    }
    Ok((from, to))
}

/// Whether patients can see this doctor; the doctor always sees their own.
async fn check_visible(db: &Db, doctor: UserId, viewer: Option<&Caller>) -> Result<(), AppError> {
    if viewer.is_some_and(|v| v.id == doctor) {
        return Ok(());
    }
    let listed: Option<i64> = sqlx::query_scalar(
        "SELECT d.user_id FROM doctors d JOIN users u ON u.id = d.user_id \
         WHERE d.user_id = $1 AND d.status = 'approved' AND u.disabled = 0",
    )
    .bind(doctor.0)
    .fetch_optional(&db.pool)
    .await?;
    listed.map(|_| ()).ok_or(AppError::NotFound)
}

/// Free slots of a doctor, day by day, over local dates `from..=to` (the days are the clinic's,
/// as given by `parse_range`).
pub async fn slot_list(
    db: &Db,
    doctor: UserId,
    viewer: Option<&Caller>,
    range: Option<(&str, &str)>,
    now: DateTime<Utc>,
) -> Result<SlotList, AppError> {
    check_visible(db, doctor, viewer).await?;
    let schedule = availability::load(db, doctor).await?;
    let today = now.with_timezone(&schedule.zone).date_naive();
    let (from, to) = match range {
        Some((from, to)) => parse_range(Some(from), Some(to), today)?,
        None => parse_range(None, None, today)?,
    };
    let window = schedule.days(from, to);
    let busy = appointments::busy_times(db, doctor, window, now).await?;
    let slots = schedule.free_slots(&busy, window, now);
    Ok(listed(&schedule, (from, to), today, &slots))
}

/// `slots` of `schedule`, day by day over the local dates `from..=to`, as the lists show them.
pub fn listed(
    schedule: &DoctorSchedule,
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDate,
    slots: &[Interval],
) -> SlotList {
    SlotList {
        doctor_id: schedule.doctor,
        time_zone: schedule.zone.name().to_owned(),
        utc_offset: utc_offset(schedule.zone, start_of_day(schedule.zone, from)),
        from,
        to,
        today,
        days: by_day(slots, schedule.zone, from, to),
    }
}

/// The signed-in doctor's next seven days of free slots, as patients see them now.
pub async fn preview(db: &Db, caller: &Caller, now: DateTime<Utc>) -> Result<SlotList, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    slot_list(db, caller.id, Some(caller), None, now).await
}

/// Groups slots by local day, keeping days without any.
pub(crate) fn by_day(
    slots: &[Interval],
    zone: chrono_tz::Tz,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<DaySlots> {
    let mut days: Vec<DaySlots> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|date| DaySlots {
            date,
            slots: Vec::new(),
        })
        .collect();
    for slot in slots {
        let local = LocalSlot::new(*slot, zone);
        if let Some(day) = days.iter_mut().find(|d| d.date == local.date) {
            day.slots.push(local);
        }
    }
    days
}

/// The soonest free slot of one schedule at `now`, given the doctor's busy times.
fn compute_next_free(
    schedule: &DoctorSchedule,
    busy: &[Interval],
    now: DateTime<Utc>,
) -> Option<Interval> {
    schedule::next_free_slot(
        &schedule.availability,
        schedule.zone,
        schedule.consultation_minutes,
        busy,
        now,
    )
}

/// The span in which a doctor's appointments matter for their next free slot.
fn horizon(schedule: &DoctorSchedule, now: DateTime<Utc>) -> Interval {
    Interval::new(
        now,
        now + Duration::days(schedule.availability.booking.horizon_days),
    )
}

/// Stores a next free slot, unless the schedule changed since it was computed (that change
/// stores its own); `seen_marks` are the marks it was computed after.
async fn store_next_free(
    db: &Db,
    schedule: &DoctorSchedule,
    next: Option<Interval>,
    now: DateTime<Utc>,
    seen_marks: i64,
) -> Result<(), AppError> {
    doctor_rows::set_next_free(
        &db.pool,
        schedule.doctor,
        schedule.version,
        next,
        now,
        seen_marks,
    )
    .await
}

/// Recomputes one doctor's next free slot at once: after their schedule changed, the
/// directory shows the new hours as the doctor saves them. The doctor is marked too, so the
/// refresher tells the open pages of their slots.
pub async fn refresh_next_free(
    db: &Db,
    doctor: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    refresh_one(db, doctor, 0, now).await?;
    doctor_rows::mark_next_free(&db.pool, doctor).await
}

async fn refresh_one(
    db: &Db,
    doctor: UserId,
    seen_marks: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let schedule = availability::load(db, doctor).await?;
    let busy = appointments::busy_times(db, doctor, horizon(&schedule, now), now).await?;
    let next = compute_next_free(&schedule, &busy, now);
    store_next_free(db, &schedule, next, now, seen_marks).await
}

/// Marks a doctor whose free time changed (a booking, a cancellation, an expiry, a move), in
/// the change's own transaction. The booking commits once; `refresh_marked` recomputes the
/// next free slot off the request path, once for however many changes came meanwhile.
pub async fn mark_changed(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    doctor: UserId,
) -> Result<(), AppError> {
    doctor_rows::mark_next_free(&mut **tx, doctor).await
}

/// How often the server looks for marked doctors: the directory is right again within a
/// second of a booking (issue 23).
pub const REFRESH_MARKED_EVERY: std::time::Duration = std::time::Duration::from_millis(250);

/// Recomputes the next free slot of every doctor marked since their last refresh; answers
/// who was refreshed (their open pages are told). Run by every instance's worker (two
/// computing one doctor store the same).
pub async fn refresh_marked(db: &Db, now: DateTime<Utc>) -> Result<Vec<UserId>, AppError> {
    let marked = doctor_rows::unseen_next_free_marks(db, BATCH as i64).await?;
    for (doctor, marks) in &marked {
        // The marks were read before the appointments: a change committed meanwhile adds a
        // mark this refresh has not seen, and is computed next time.
        refresh_one(db, *doctor, *marks, now).await?;
    }
    Ok(marked.into_iter().map(|(doctor, _)| doctor).collect())
}

/// A number that grows each time a listed doctor's free slots change (what the live slot
/// stream compares); `NotFound` for anyone else.
pub async fn slots_version(db: &Db, doctor: UserId) -> Result<i64, AppError> {
    check_visible(db, doctor, None).await?;
    doctor_rows::next_free_seen_marks(db, doctor)
        .await?
        .ok_or(AppError::NotFound)
}

/// How often a doctor without any free slot is looked at again: time passing brings new days
/// into the booking horizon.
const EMPTY_RECHECK_SECONDS: i64 = 3600;
/// The longest a stored next free slot goes unchecked.
const RECHECK_SECONDS: i64 = 1800;
/// Doctors refreshed per batch of schedule queries.
const BATCH: usize = 200;

/// Refreshes every next free slot that time has made stale: it is no longer bookable (past
/// or inside the minimum notice), there was none and it has not been looked at for an hour,
/// or it was computed more than half an hour ago (a missed refresh after a change heals on
/// its own). Run periodically by the server; returns how many doctors were refreshed.
pub async fn refresh_due(db: &Db, now: DateTime<Utc>) -> Result<usize, AppError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM doctors WHERE \
         (next_free_at IS NOT NULL AND next_free_at < $1 + min_notice_minutes * 60) \
         OR (next_free_at IS NULL AND (next_free_checked_at IS NULL OR next_free_checked_at < $2)) \
         OR next_free_checked_at < $3 \
         ORDER BY user_id",
    )
    .bind(now.timestamp())
    .bind(now.timestamp() - EMPTY_RECHECK_SECONDS)
    .bind(now.timestamp() - RECHECK_SECONDS)
    .fetch_all(&db.pool)
    .await?;
    for batch in due.chunks(BATCH) {
        let (Some(first), Some(last)) = (batch.first(), batch.last()) else {
            continue;
        };
        let (after, up_to) = (UserId(first - 1), UserId(*last));
        let schedules = availability::load_range(db, after, up_to).await?;
        let longest = schedules
            .iter()
            .map(|s| s.availability.booking.horizon_days)
            .max()
            .unwrap_or(1);
        let span = Interval::new(now, now + Duration::days(longest));
        let mut busy = appointments::busy_times_of_range(db, after, up_to, span, now).await?;
        for schedule in schedules.iter().filter(|s| batch.contains(&s.doctor.0)) {
            let doctor_busy = busy.remove(&schedule.doctor.0).unwrap_or_default();
            let next = compute_next_free(schedule, &doctor_busy, now);
            store_next_free(db, schedule, next, now, 0).await?;
        }
    }
    Ok(due.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_range_defaults_to_a_week_from_today() {
        let today = day("2026-11-23");
        assert_eq!(
            parse_range(None, None, today),
            Ok((today, day("2026-11-29")))
        );
        assert_eq!(
            parse_range(Some("2026-12-01"), Some(""), today),
            Ok((day("2026-12-01"), day("2026-12-07")))
        );
    }

    #[test]
    fn a_bad_range_names_its_field() {
        let today = day("2026-11-23");
        assert_eq!(
            parse_range(Some("tomorrow"), None, today),
            Err(AppError::field("from", ValidationCode::InvalidDate))
        );
        assert_eq!(
            parse_range(Some("2026-12-05"), Some("2026-12-01"), today),
            Err(AppError::field("to", ValidationCode::EndNotAfterStart))
        );
        assert_eq!(
            parse_range(Some("2026-12-01"), Some("2027-03-01"), today),
            Err(AppError::field(
                "to",
                ValidationCode::RangeTooLong { max_days: 62 }
            ))
        );
    }

    #[test]
    fn days_start_at_local_midnight() {
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            start_of_day(paris, day("2026-07-01")).to_rfc3339(),
            "2026-06-30T22:00:00+00:00"
        );
        // Santiago moves its clocks at midnight: 6 September 2026 begins at 01:00.
        let santiago = chrono_tz::America::Santiago;
        assert_eq!(
            start_of_day(santiago, day("2026-09-06")).to_rfc3339(),
            "2026-09-06T04:00:00+00:00"
        );
        assert_eq!(
            utc_offset(paris, start_of_day(paris, day("2026-01-15"))),
            "UTC+01:00"
        );
    }
}
