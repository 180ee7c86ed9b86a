//! A doctor's booking terms (schedule, how bookings are answered and paid, the price) and the
//! slot a booking may take under them.

use crate::db::Db;
use crate::scheduling::availability::{self, DoctorSchedule};
use chrono::{DateTime, Duration, Utc};
use shared::error::AppError;
use shared::schedule::{self, Interval};
use shared::{BookingMode, Currency, Party, PaymentMode, UserId};

/// What a doctor offers: the schedule, how bookings are answered and paid, and the price.
pub struct BookingTerms {
    pub doctor: UserId,
    pub schedule: DoctorSchedule,
    pub listed: bool,
    pub booking_mode: BookingMode,
    pub payment_mode: PaymentMode,
    pub price_minor: Option<i64>,
    pub currency: Currency,
    pub deadline_hours: i64,
}

#[derive(sqlx::FromRow)]
struct TermsRow {
    status: String,
    disabled: i64,
    booking_mode: String,
    payment_mode: String,
    price_minor: Option<i64>,
    currency: String,
    request_deadline_hours: i64,
}

/// A doctor's terms; online payment only when the server can take it (`online`).
pub async fn terms(db: &Db, doctor: UserId, online: bool) -> Result<BookingTerms, AppError> {
    let row: TermsRow = sqlx::query_as(
        "SELECT d.status, u.disabled, d.booking_mode, d.payment_mode, d.price_minor, c.currency, \
         c.request_deadline_hours FROM doctors d JOIN users u ON u.id = d.user_id \
         JOIN clinics c ON c.id = d.clinic_id WHERE d.user_id = $1",
    )
    .bind(doctor.0)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(BookingTerms {
        doctor,
        schedule: availability::load(db, doctor).await?,
        listed: row.status == "approved" && row.disabled == 0,
        booking_mode: BookingMode::parse(&row.booking_mode).unwrap_or_default(),
        // Online payment needs a price to charge.
        payment_mode: match (PaymentMode::parse(&row.payment_mode), row.price_minor) {
            (Ok(PaymentMode::Online), Some(_)) if online => PaymentMode::Online,
            _ => PaymentMode::AtVisit,
        },
        price_minor: row.price_minor,
        currency: Currency::parse(&row.currency).map_err(|_| AppError::Internal)?,
        deadline_hours: row.request_deadline_hours,
    })
}

/// The slot of `schedule` that starts at `start`: for a patient, one the booking rules offer
/// now (notice, horizon, "unavailable now"); for staff, any slot of the doctor's hours that
/// has not begun. Appointments are checked later, inside the booking transaction.
pub fn offered_slot(
    schedule: &DoctorSchedule,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    party: Party,
) -> Option<Interval> {
    let probe = Interval::new(start, start + Duration::seconds(1));
    let slots = match party {
        Party::Patient => schedule.free_slots(&[], probe, now),
        Party::Clinic => {
            let day = start.with_timezone(&schedule.zone).date_naive();
            schedule::day_slots(
                &schedule.availability,
                schedule.zone,
                day,
                schedule.consultation_minutes,
            )
        }
    };
    slots
        .into_iter()
        .find(|slot| slot.start == start && (party == Party::Patient || slot.start > now))
}
