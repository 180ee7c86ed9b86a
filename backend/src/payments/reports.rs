//! Reading payments back: a patient's history, one appointment's payment, a doctor's revenue.

use super::{of_appointment, PaymentRow, SELECT};
use crate::accounts::auth::{Caller, Rule};
use crate::appointments::{self, party_of};
use crate::db::instant;
use crate::db::Db;
use shared::error::AppError;
use shared::{Currency, Money, Payment, Role};
use std::collections::BTreeMap;

/// The caller's payments, newest first (patients).
pub async fn history(db: &Db, caller: &Caller) -> Result<Vec<Payment>, AppError> {
    caller.require(Rule::Role(&[Role::Patient]))?;
    let rows: Vec<PaymentRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE p.patient_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 200"
    ))
    .bind(caller.id.0)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(PaymentRow::into_payment).collect()
}

/// The payment of one appointment, for whoever may see the appointment.
pub async fn of_visible_appointment(
    db: &Db,
    caller: &Caller,
    appointment: i64,
) -> Result<Option<Payment>, AppError> {
    let row = appointments::fetch(db, appointment).await?;
    party_of(caller, &row)?;
    of_appointment(db, appointment)
        .await?
        .map(PaymentRow::into_payment)
        .transpose()
}

/// A doctor's money per day, week or month (by the visit's local date), net of refunds.
pub async fn revenue(db: &Db, caller: &Caller, period: &str) -> Result<shared::Revenue, AppError> {
    caller.require(Rule::Role(&[Role::Doctor]))?;
    let period =
        shared::RevenuePeriod::parse(period).map_err(|code| AppError::field("period", code))?;
    let rows: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
        "SELECT a.starts_at, c.time_zone, p.currency, p.amount_captured, p.amount_refunded \
         FROM payments p JOIN appointments a ON a.id = p.appointment_id \
         JOIN clinics c ON c.id = p.clinic_id \
         WHERE a.doctor_id = $1 AND p.amount_captured > 0 ORDER BY a.starts_at DESC LIMIT 5000",
    )
    .bind(caller.id.0)
    .fetch_all(&db.pool)
    .await?;
    let mut by_currency: BTreeMap<String, Vec<(chrono::NaiveDate, i64, i64)>> = BTreeMap::new();
    for (starts_at, zone, currency, captured, refunded) in rows {
        let zone: chrono_tz::Tz = zone.parse().map_err(|_| AppError::Internal)?;
        let date = instant(starts_at)?.with_timezone(&zone).date_naive();
        by_currency
            .entry(currency)
            .or_default()
            .push((date, captured, refunded));
    }
    let mut result = shared::Revenue {
        period,
        rows: Vec::new(),
        total_net: Vec::new(),
    };
    for (code, payments) in by_currency {
        let currency = Currency::parse(&code).map_err(|_| AppError::Internal)?;
        let rows = shared::payment::revenue_rows(period, currency, &payments);
        let net: i64 = rows.iter().map(|r| r.net.minor).sum();
        result.total_net.push(Money::new(net, currency));
        result.rows.extend(rows);
    }
    Ok(result)
}
