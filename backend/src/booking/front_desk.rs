//! The front desk of a clinic (secretaries and clinic admins): find a patient or create one,
//! the day's free slots of a doctor (urgent or not), and handing a request to another doctor
//! of the same specialty. Booking itself is `booking::book_at_desk`.

use crate::accounts::auth::{Caller, Rule};
use crate::accounts::users::{self, NewAccount};
use crate::appointments::{self, record_event};
use crate::booking::doctor_busy;
use crate::db::instant;
use crate::db::{begin_write, lock, Db, Lock};
use crate::scheduling::{availability, free_slots};
use crate::sql_filter::contains_pattern;
use crate::{accounts, AppState};
use chrono::{DateTime, Utc};
use shared::error::{AppError, ConflictCode};
use shared::front_desk::{may_reassign, takes_over, DeskDoctor, NewPatient, PatientMatch};
use shared::schedule::{self, parse_date, Interval};
use shared::{
    AppointmentDetail, AppointmentStatus, ClinicId, Email, PaymentMode, Phone, Role, SlotList,
    UserId, ValidationCode,
};

const DESK: &[Role] = &[Role::Secretary, Role::ClinicAdmin];
/// The most patients one search lists.
const MATCHES: i64 = 20;

/// The desk's own clinic (a platform admin has no desk).
fn desk_clinic(caller: &Caller) -> Result<ClinicId, AppError> {
    caller.require(Rule::Role(DESK))?;
    match caller.scope()? {
        crate::accounts::tenancy::ClinicScope::Clinic(clinic) => Ok(clinic),
        crate::accounts::tenancy::ClinicScope::AllClinics => Err(AppError::Forbidden),
    }
}

#[derive(sqlx::FromRow)]
struct PatientRow {
    id: i64,
    first_name: String,
    last_name: String,
    email: String,
    phone: String,
    birth_date: Option<String>,
}

impl From<PatientRow> for PatientMatch {
    fn from(row: PatientRow) -> Self {
        PatientMatch {
            id: row.id,
            name: format!("{} {}", row.first_name, row.last_name)
                .trim()
                .to_owned(),
            email: row.email,
            phone: row.phone,
            birth_date: row.birth_date,
        }
    }
}

const PATIENT_COLUMNS: &str = "u.id, u.first_name, u.last_name, u.email, u.phone, u.birth_date";

/// Finds patients by exact email or phone (anyone with an account), or by name among the
/// clinic's own patients, so the desk cannot browse the whole platform's patients by name.
pub async fn find_patients(
    db: &Db,
    caller: &Caller,
    query: &str,
) -> Result<Vec<PatientMatch>, AppError> {
    let clinic = desk_clinic(caller)?;
    let query = query.trim();
    if query.chars().count() < 2 {
        return Err(AppError::field("q", ValidationCode::TooShort { min: 2 }));
    }
    let rows: Vec<PatientRow> = if let Ok(email) = Email::parse(query) {
        sqlx::query_as(&format!(
            "SELECT {PATIENT_COLUMNS} FROM users u WHERE u.role = 'patient' \
             AND u.disabled = 0 AND u.email = $1"
        ))
        .bind(email.as_str())
        .fetch_all(&db.pool)
        .await?
    } else if let Ok(phone) = Phone::parse(query) {
        sqlx::query_as(&format!(
            "SELECT {PATIENT_COLUMNS} FROM users u WHERE u.role = 'patient' \
             AND u.disabled = 0 AND u.phone = $1 ORDER BY u.id LIMIT $2"
        ))
        .bind(phone.as_str())
        .bind(MATCHES)
        .fetch_all(&db.pool)
        .await?
    } else {
        sqlx::query_as(&format!(
            "SELECT {PATIENT_COLUMNS} FROM users u WHERE u.role = 'patient' AND u.disabled = 0 \
             AND LOWER(u.first_name || ' ' || u.last_name) LIKE $1 ESCAPE '\\' \
             AND EXISTS (SELECT 1 FROM appointments a WHERE a.patient_id = u.id \
                 AND a.clinic_id = $2) \
             ORDER BY u.last_name, u.first_name, u.id LIMIT $3"
        ))
        .bind(contains_pattern(&query.to_lowercase()))
        .bind(clinic.0)
        .bind(MATCHES)
        .fetch_all(&db.pool)
        .await?
    };
    Ok(rows.into_iter().map(PatientMatch::from).collect())
}

/// Creates a patient at the desk (a walk-in without an account). They are emailed a link to
/// set their password, in their language.
pub async fn create_patient(
    state: &AppState,
    caller: &Caller,
    patient: &NewPatient,
) -> Result<PatientMatch, AppError> {
    let clinic = desk_clinic(caller)?;
    let NewPatient {
        first_name,
        last_name,
        email,
        phone,
        birth_date,
        language,
    } = patient.clone();
    let names = (&first_name, &last_name);
    let account = NewAccount::invited(email.clone(), Role::Patient, None, names, language);
    let db = &state.db;
    let mut tx = db.pool.begin().await?;
    let id = users::insert(&mut *tx, &account, state.clock.now_unix()).await?;
    users::set_contact(&mut *tx, id, &phone, Some(birth_date)).await?;
    tx.commit().await?;
    let clinic_name: String = sqlx::query_scalar("SELECT name FROM clinics WHERE id = $1")
        .bind(clinic.0)
        .fetch_one(&db.pool)
        .await?;
    let invitation = accounts::Invitation::of(id, &account, &clinic_name);
    accounts::send_invitation(state, &invitation).await?;
    Ok(PatientMatch {
        id: id.0,
        name: format!("{} {}", first_name.as_str(), last_name.as_str()),
        email: email.as_str().to_owned(),
        phone: phone.as_str().to_owned(),
        birth_date: Some(birth_date.date().to_string()),
    })
}

/// The clinic's approved doctors, with their specialty.
pub async fn doctors(db: &Db, caller: &Caller) -> Result<Vec<DeskDoctor>, AppError> {
    clinic_doctors(&db.pool, desk_clinic(caller)?).await
}

/// The clinic's approved doctors with an enabled account: the desk's list, read on any
/// executor (the reassignment reads it inside its write transaction).
async fn clinic_doctors<'e, E>(executor: E, clinic: ClinicId) -> Result<Vec<DeskDoctor>, AppError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows: Vec<(i64, String, String, i64, String, String)> = sqlx::query_as(
        "SELECT u.id, u.first_name, u.last_name, s.id, s.name_en, s.name_fr \
         FROM doctors d JOIN users u ON u.id = d.user_id JOIN specialties s ON s.id = d.specialty_id \
         WHERE d.clinic_id = $1 AND u.disabled = 0 AND d.status = 'approved' \
         ORDER BY u.last_name, u.first_name, u.id",
    )
    .bind(clinic.0)
    .fetch_all(executor)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, first, last, specialty_id, en, fr)| DeskDoctor {
            id,
            name: format!("{first} {last}").trim().to_owned(),
            specialty_id,
            specialty_en: en,
            specialty_fr: fr,
        })
        .collect())
}

/// A doctor's free slots on one local day, for the desk: as patients see them, or, urgent,
/// every slot of the doctor's hours still ahead that no appointment takes.
pub async fn day_slots(
    db: &Db,
    caller: &Caller,
    doctor: i64,
    date: &str,
    urgent: bool,
    now: DateTime<Utc>,
) -> Result<SlotList, AppError> {
    let clinic = desk_clinic(caller)?;
    // Not a doctor at all reads as a wrong choice; a database failure stays one.
    let schedule = match availability::load(db, UserId(doctor)).await {
        Err(AppError::NotFound) => {
            return Err(AppError::field("doctor_id", ValidationCode::NotAChoice))
        }
        other => other?,
    };
    if schedule.clinic != clinic {
        return Err(AppError::field("doctor_id", ValidationCode::NotAChoice));
    }
    let today = now.with_timezone(&schedule.zone).date_naive();
    let date = if date.trim().is_empty() {
        today
    } else {
        parse_date(date).map_err(|code| AppError::field("date", code))?
    };
    let window = schedule.days(date, date);
    let busy = appointments::busy_times(db, UserId(doctor), window, now).await?;
    let slots: Vec<Interval> = if urgent {
        // Clear of every appointment by the doctor's buffer, as the booking will check.
        let clear = schedule::BusyTimes::new(&busy, schedule.availability.booking.buffer_minutes);
        schedule::day_slots(
            &schedule.availability,
            schedule.zone,
            date,
            schedule.consultation_minutes,
        )
        .into_iter()
        .filter(|slot| slot.start > now && clear.is_free(slot))
        .collect()
    } else {
        schedule.free_slots(&busy, window, now)
    };
    Ok(free_slots::listed(&schedule, (date, date), today, &slots))
}

/// Hands a request to another doctor of the same clinic and specialty, free at that time.
/// The new doctor is told; the patient keeps their time.
pub async fn reassign(
    db: &Db,
    caller: &Caller,
    id: i64,
    to: UserId,
    now: DateTime<Utc>,
) -> Result<AppointmentDetail, AppError> {
    let clinic = desk_clinic(caller)?;
    let to = to.0;
    let mut tx = begin_write(db).await?;
    let row = appointments::fetch_locked(db, &mut tx, id).await?;
    if ClinicId(row.clinic_id) != clinic {
        return Err(AppError::NotFound);
    }
    // The desk's own list of doctors, as the page offers them.
    let colleagues = clinic_doctors(&mut *tx, clinic).await?;
    let payment = PaymentMode::parse(&row.payment_mode).map_err(|_| AppError::Internal)?;
    if !may_reassign(row.status()?, payment) {
        return Err(AppError::Conflict(ConflictCode::InvalidTransition));
    }
    let Some(name) = colleagues
        .into_iter()
        .find(|d| d.id == to && takes_over(d, row.specialty_id, row.doctor_id))
        .map(|d| d.name)
    else {
        return Err(AppError::field("doctor_id", ValidationCode::NotAChoice));
    };
    lock(db, &mut tx, Lock::Doctor(to)).await?;
    let (price, buffer): (Option<i64>, i64) =
        sqlx::query_as("SELECT price_minor, buffer_minutes FROM doctors WHERE user_id = $1")
            .bind(to)
            .fetch_one(&mut *tx)
            .await?;
    let visit = Interval::new(instant(row.starts_at)?, instant(row.ends_at)?);
    // The same check as a booking: the new doctor is free, buffer included.
    if doctor_busy(
        &mut tx,
        UserId(to),
        visit,
        buffer,
        now.timestamp(),
        Some(id),
    )
    .await?
    {
        return Err(AppError::Conflict(ConflictCode::SlotTaken));
    }
    appointments::set_doctor(&mut tx, id, UserId(to), price, now.timestamp()).await?;
    let note = shared::reason::reassigned_to(&name);
    record_event(
        &mut tx,
        id,
        clinic,
        Some(caller.id),
        Some(AppointmentStatus::Requested),
        AppointmentStatus::Requested,
        Some(&note),
        now.timestamp(),
    )
    .await?;
    crate::notify::notices::tell_doctor(&mut tx, id, to, now.timestamp()).await?;
    free_slots::mark_changed(&mut tx, UserId(row.doctor_id)).await?;
    free_slots::mark_changed(&mut tx, UserId(to)).await?;
    tx.commit()
        .await
        .map_err(AppError::conflict_on_unique(ConflictCode::SlotTaken))?;
    appointments::detail(db, caller, id, now).await
}
