//! A doctor's and a clinic's statistics. SQL sums and counts per 15-minute UTC bucket (one
//! query per figure, sums cast to BIGINT because PostgreSQL's SUM is NUMERIC, which sqlx's
//! `Any` driver cannot decode); `shared::stats` places the buckets into the clinic's local
//! days, weeks and hours; offered time comes from the slot engine, not from SQL.

use crate::accounts::auth::{Caller, Rule};
use crate::accounts::tenancy::ClinicScope;
use crate::db::Db;
use crate::scheduling::availability;
use chrono::{DateTime, Duration, Utc};
use shared::error::AppError;
use shared::schedule::{offered_slots, Interval};
use shared::stats::{
    clinic_counts, doctor_stats, AppointmentBucket, ClinicStats, ClinicStatsQuery, DoctorFigures,
    DoctorStats, DoctorUtilisation, Rate, StatsGrain, SumBucket,
};
use shared::time::start_of_day;
use shared::{AppointmentStatus, ClinicId, Currency, Role, UserId, ValidationCode};
use std::collections::BTreeMap;

/// A clinic's zone and currency.
async fn clinic_facts(db: &Db, clinic: i64) -> Result<(chrono_tz::Tz, Currency), AppError> {
    let (zone, currency): (String, String) =
        sqlx::query_as("SELECT time_zone, currency FROM clinics WHERE id = $1")
            .bind(clinic)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    Ok((
        zone.parse().map_err(|_| AppError::Internal)?,
        Currency::parse(&currency).map_err(|_| AppError::Internal)?,
    ))
}

fn status(raw: &str) -> Result<AppointmentStatus, AppError> {
    AppointmentStatus::parse(raw).map_err(|_| AppError::Internal)
}

/// The signed-in doctor's statistics over the last twelve weeks or months.
pub async fn of_doctor(
    db: &Db,
    caller: &Caller,
    grain: &str,
    now: DateTime<Utc>,
) -> Result<DoctorStats, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let clinic = match caller.scope()? {
        ClinicScope::Clinic(clinic) => clinic,
        ClinicScope::AllClinics => return Err(AppError::Forbidden),
    };
    let grain = StatsGrain::parse(grain).map_err(|code| AppError::field("grain", code))?;
    let (zone, currency) = clinic_facts(db, clinic.0).await?;
    let today = now.with_timezone(&zone).date_naive();
    let spans = grain.spans(today, shared::stats::DOCTOR_SPANS);
    let from = start_of_day(zone, spans[0]).timestamp();
    let to = start_of_day(zone, grain.next(spans[spans.len() - 1])).timestamp();
    let doctor = caller.id.0;

    let appointments: Vec<(i64, String, i64, i64)> = sqlx::query_as(
        "SELECT starts_at / 900, status, COUNT(*), CAST(SUM(ends_at - starts_at) AS BIGINT) \
         FROM appointments WHERE doctor_id = $1 AND starts_at >= $2 AND starts_at < $3 \
         GROUP BY starts_at / 900, status",
    )
    .bind(doctor)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    let payments: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT a.starts_at / 900, CAST(SUM(p.amount_captured) AS BIGINT), \
         CAST(SUM(p.amount_refunded) AS BIGINT) \
         FROM payments p JOIN appointments a ON a.id = p.appointment_id \
         WHERE a.doctor_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 \
         AND p.amount_captured > 0 GROUP BY a.starts_at / 900",
    )
    .bind(doctor)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;
    let ratings: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT visit_at / 900, CAST(SUM(stars) AS BIGINT), COUNT(*) FROM ratings \
         WHERE doctor_id = $1 AND visit_at >= $2 AND visit_at < $3 GROUP BY visit_at / 900",
    )
    .bind(doctor)
    .bind(from)
    .bind(to)
    .fetch_all(&db.pool)
    .await?;

    let appointments = appointments
        .into_iter()
        .map(|(bucket, raw, count, seconds)| {
            Ok(AppointmentBucket {
                bucket,
                status: status(&raw)?,
                count,
                seconds,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let sums = |rows: Vec<(i64, i64, i64)>| {
        rows.into_iter()
            .map(|(bucket, first, second)| SumBucket {
                bucket,
                first,
                second,
            })
            .collect::<Vec<_>>()
    };
    let figures = DoctorFigures {
        appointments: &appointments,
        payments: &sums(payments),
        ratings: &sums(ratings),
    };
    Ok(doctor_stats(grain, zone, currency, today, &figures))
}

/// Which clinic a staff member's report is about: their own, or for a platform admin the one
/// asked for.
fn report_clinic(caller: &Caller, asked: Option<i64>) -> Result<ClinicId, AppError> {
    caller.require(Rule::Role(&[
        Role::Secretary,
        Role::ClinicAdmin,
        Role::PlatformAdmin,
    ]))?;
    match caller.scope()? {
        ClinicScope::Clinic(clinic) => Ok(clinic),
        ClinicScope::AllClinics => asked
            .map(ClinicId)
            .ok_or_else(|| AppError::field("clinic", ValidationCode::Required)),
    }
}

/// A clinic's figures over a period of its local days, for its secretaries and admins.
pub async fn of_clinic(
    db: &Db,
    caller: &Caller,
    clinic: Option<i64>,
    query: &ClinicStatsQuery,
    now: DateTime<Utc>,
) -> Result<ClinicStats, AppError> {
    let clinic = report_clinic(caller, clinic)?;
    let (zone, _) = clinic_facts(db, clinic.0).await?;
    let today = now.with_timezone(&zone).date_naive();
    let (first, last) = query.period(today)?;
    let window = Interval::new(
        start_of_day(zone, first),
        start_of_day(zone, last + Duration::days(1)),
    );

    let rows: Vec<(i64, i64, String, i64, i64)> = sqlx::query_as(
        "SELECT doctor_id, starts_at / 900, status, COUNT(*), \
         CAST(SUM(ends_at - starts_at) AS BIGINT) FROM appointments \
         WHERE clinic_id = $1 AND starts_at >= $2 AND starts_at < $3 \
         GROUP BY doctor_id, starts_at / 900, status",
    )
    .bind(clinic.0)
    .bind(window.start.timestamp())
    .bind(window.end.timestamp())
    .fetch_all(&db.pool)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(doctor, bucket, raw, count, seconds)| {
            Ok((
                UserId(doctor),
                AppointmentBucket {
                    bucket,
                    status: status(&raw)?,
                    count,
                    seconds,
                },
            ))
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let (counts, busiest_hours, booked) = clinic_counts(zone, &rows);
    let doctors = utilisation(db, clinic, window, &booked).await?;
    Ok(ClinicStats {
        from: first,
        to: last,
        time_zone: zone.name().to_owned(),
        cancellation: counts.cancellation_rate(),
        no_show: counts.no_show_rate(),
        counts,
        doctors,
        busiest_hours,
    })
}

/// Booked time against offered time for every approved doctor of the clinic (and any other
/// doctor with visits in the period), by name.
async fn utilisation(
    db: &Db,
    clinic: ClinicId,
    window: Interval,
    booked: &BTreeMap<UserId, i64>,
) -> Result<Vec<DoctorUtilisation>, AppError> {
    let names: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT d.user_id, u.first_name, u.last_name, d.status FROM doctors d \
         JOIN users u ON u.id = d.user_id WHERE d.clinic_id = $1",
    )
    .bind(clinic.0)
    .fetch_all(&db.pool)
    .await?;
    let schedules = availability::load_clinic(db, clinic).await?;
    let mut doctors: Vec<DoctorUtilisation> = names
        .into_iter()
        .filter(|(id, _, _, status)| status == "approved" || booked.contains_key(&UserId(*id)))
        .map(|(id, first, last, _)| {
            let offered_minutes = schedules
                .iter()
                .find(|s| s.doctor.0 == id)
                .map(|s| {
                    offered_slots(&s.availability, s.zone, s.consultation_minutes, window)
                        .iter()
                        .map(|slot| (slot.end - slot.start).num_minutes())
                        .sum()
                })
                .unwrap_or(0);
            let booked_minutes = booked.get(&UserId(id)).copied().unwrap_or(0) / 60;
            DoctorUtilisation {
                doctor_id: UserId(id),
                name: format!("{first} {last}").trim().to_owned(),
                booked_minutes,
                offered_minutes,
                utilisation: Rate::new(booked_minutes, offered_minutes),
            }
        })
        .collect();
    doctors.sort_by(|a, b| a.name.cmp(&b.name).then(a.doctor_id.0.cmp(&b.doctor_id.0)));
    Ok(doctors)
}

/// The clinic report as CSV: the same figures as the screen, one `section,item,value` row
/// each. Cells that a spreadsheet would run as a formula are prefixed with `'`.
pub fn csv(stats: &ClinicStats) -> Result<String, AppError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["section", "item", "value"])
        .map_err(|_| AppError::Internal)?;
    for row in stats.table() {
        let safe = row.map(|cell| defuse_formula(&cell));
        writer.write_record(&safe).map_err(|_| AppError::Internal)?;
    }
    let bytes = writer.into_inner().map_err(|_| AppError::Internal)?;
    String::from_utf8(bytes).map_err(|_| AppError::Internal)
}

fn defuse_formula(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_never_reach_a_spreadsheet() {
        assert_eq!(defuse_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse_formula("Amina Ben Salah"), "Amina Ben Salah");
        assert_eq!(defuse_formula("12.5"), "12.5");
    }
}
