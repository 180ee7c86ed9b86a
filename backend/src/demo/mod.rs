//! Demo data for the development default: six clinics in six cities, one account per role and
//! a directory of doctors with their weeks, so a newcomer can try every screen at once. Never
//! run in production (the server refuses).

pub mod doctors;
pub mod ratings;

use crate::accounts::passwords;
use crate::accounts::users::{self, NewAccount};
use crate::clinics::{self, NewClinic};
use crate::db::Db;
use crate::scheduling::free_slots;
use chrono::{DateTime, Utc};
use doctors::{demo_profile, demo_week, seed_directory, seed_doctor, CLINICS};
use shared::error::AppError;
use shared::{BirthDate, Email, Language, Password, Phone, Role};

/// The password of every demo account, documented in README.md.
pub const DEMO_PASSWORD: &str = "salus-demo-2026";

struct DemoAccount {
    email: &'static str,
    role: Role,
    /// Index into `CLINICS` for staff.
    clinic: Option<usize>,
    first_name: &'static str,
    last_name: &'static str,
    language: Language,
}

const ACCOUNTS: [DemoAccount; 6] = [
    DemoAccount {
        email: "admin@salus.test",
        role: Role::PlatformAdmin,
        clinic: None,
        first_name: "Platform",
        last_name: "Admin",
        language: Language::En,
    },
    DemoAccount {
        email: "clinic.admin@salus.test",
        role: Role::ClinicAdmin,
        clinic: Some(0),
        first_name: "Leila",
        last_name: "Haddad",
        language: Language::Fr,
    },
    DemoAccount {
        email: "doctor@salus.test",
        role: Role::Doctor,
        clinic: Some(0),
        first_name: "Karim",
        last_name: "Ben Ali",
        language: Language::Fr,
    },
    DemoAccount {
        email: "secretary@salus.test",
        role: Role::Secretary,
        clinic: Some(0),
        first_name: "Sonia",
        last_name: "Trabelsi",
        language: Language::Fr,
    },
    DemoAccount {
        email: "applicant@salus.test",
        role: Role::Doctor,
        clinic: Some(0),
        first_name: "Youssef",
        last_name: "Gharbi",
        language: Language::Fr,
    },
    DemoAccount {
        email: "patient@salus.test",
        role: Role::Patient,
        clinic: None,
        first_name: "Amina",
        last_name: "Mansour",
        language: Language::En,
    },
];

/// The named demo doctors: their clinic's place in the directory's pattern, specialty and
/// application status (one approved and listed, one waiting for the clinic admin's review).
fn doctor_record(email: &str) -> Option<(usize, &'static str, &'static str)> {
    match email {
        "doctor@salus.test" => Some((0, "general-practice", "approved")),
        "applicant@salus.test" => Some((1, "cardiology", "pending")),
        _ => None,
    }
}

/// Seeds the demo clinics and accounts when the database has no clinic yet; returns whether
/// it did. Running it again on a seeded database changes nothing. All or nothing: one
/// transaction, so a failure never leaves half a demo behind, and a second server seeding at
/// the same moment loses on the unique indexes and simply finds the data there.
pub async fn seed_if_empty(db: &Db, now: DateTime<Utc>) -> Result<bool, AppError> {
    if clinics::count(db).await? > 0 {
        return Ok(false);
    }
    // Hash before the transaction: argon2 is slow on purpose, and SQLite holds its write lock
    // for as long as a transaction is open.
    let password =
        Password::parse(DEMO_PASSWORD).map_err(|code| AppError::field("password", code))?;
    let hash = passwords::hash(password).await?;
    match seed(db, &hash, now).await {
        Ok(()) => Ok(true),
        Err(AppError::Conflict(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

async fn seed(db: &Db, hash: &str, at: DateTime<Utc>) -> Result<(), AppError> {
    let now = at.timestamp();
    let today = at.date_naive();
    let mut tx = db.pool.begin().await?;
    let mut clinic_ids = Vec::with_capacity(CLINICS.len());
    for clinic in &CLINICS {
        let parsed = NewClinic::parse(clinic.name, clinic.zone, clinic.currency)?;
        let id = clinics::create(&mut *tx, &parsed, now).await?.id;
        clinics::set_phone(&mut *tx, id, clinic.phone).await?;
        clinic_ids.push(id);
    }
    let specialty_ids: Vec<(String, i64)> = sqlx::query_as("SELECT slug, id FROM specialties")
        .fetch_all(&mut *tx)
        .await?;
    // One hash serves every demo account: they share a published password anyway.
    for demo in ACCOUNTS {
        let clinic_id = demo.clinic.map(|index| clinic_ids[index]);
        if let Some((pattern, slug, status)) = doctor_record(demo.email) {
            let index = demo.clinic.unwrap_or_default();
            let specialty = specialty_ids
                .iter()
                .find(|(s, _)| s == slug)
                .map(|(_, id)| *id)
                .ok_or(AppError::Internal)?;
            let profile = demo_profile(&CLINICS[index], specialty, pattern, pattern);
            let names = (demo.first_name, demo.last_name, demo.email);
            let clinic = clinic_id.ok_or(AppError::Internal)?;
            let week = demo_week(pattern, today);
            seed_doctor(&mut tx, hash, clinic, names, &profile, &week, status, now).await?;
            continue;
        }
        let account = NewAccount {
            email: Email::parse(demo.email).map_err(|code| AppError::field("email", code))?,
            password_hash: Some(hash.to_owned()),
            role: demo.role,
            clinic_id,
            first_name: demo.first_name.to_owned(),
            last_name: demo.last_name.to_owned(),
            language: demo.language,
            email_verified: true,
        };
        let id = users::insert(&mut *tx, &account, now).await?;
        if demo.role == Role::Patient {
            let phone = Phone::parse("+21620123456").map_err(|_| AppError::Internal)?;
            let birth = chrono::NaiveDate::from_ymd_opt(1990, 4, 2)
                .and_then(|date| BirthDate::new(date, today).ok());
            users::set_contact(&mut *tx, id, &phone, birth).await?;
        }
    }
    seed_directory(&mut tx, hash, &clinic_ids, &specialty_ids, today, now).await?;
    ratings::seed_ratings(&mut tx, hash, now).await?;
    tx.commit().await?;
    // Outside the transaction: the directory's "next free slot" of every new doctor.
    free_slots::refresh_due(db, at).await?;
    Ok(())
}
