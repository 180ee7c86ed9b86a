//! Demo data for the development default: a few clinics and one account per role, so a
//! newcomer can try every screen at once. Never run in production (the server refuses).

use super::clinics::{self, NewClinic};
use super::db::Db;
use super::passwords;
use super::users::{self, NewAccount};
use crate::error::AppError;
use shared::{Email, Language, Password, Role};

/// The password of every demo account, documented in README.md.
pub const DEMO_PASSWORD: &str = "salus-demo-2026";

const CLINICS: [(&str, &str, &str); 3] = [
    ("Clinique El Manar", "Africa/Tunis", "TND"),
    ("Centre Médical Lumière", "Europe/Paris", "EUR"),
    ("Clinique Atlas", "Africa/Casablanca", "MAD"),
];

struct DemoAccount {
    email: &'static str,
    role: Role,
    /// Index into `CLINICS` for staff.
    clinic: Option<usize>,
    first_name: &'static str,
    last_name: &'static str,
    language: Language,
}

const fn account(
    email: &'static str,
    role: Role,
    clinic: Option<usize>,
    first_name: &'static str,
    last_name: &'static str,
    language: Language,
) -> DemoAccount {
    DemoAccount {
        email,
        role,
        clinic,
        first_name,
        last_name,
        language,
    }
}

const ACCOUNTS: [DemoAccount; 6] = [
    account(
        "admin@salus.test",
        Role::PlatformAdmin,
        None,
        "Platform",
        "Admin",
        Language::En,
    ),
    account(
        "clinic.admin@salus.test",
        Role::ClinicAdmin,
        Some(0),
        "Leila",
        "Haddad",
        Language::Fr,
    ),
    account(
        "doctor@salus.test",
        Role::Doctor,
        Some(0),
        "Karim",
        "Ben Ali",
        Language::Fr,
    ),
    account(
        "secretary@salus.test",
        Role::Secretary,
        Some(0),
        "Sonia",
        "Trabelsi",
        Language::Fr,
    ),
    account(
        "applicant@salus.test",
        Role::Doctor,
        Some(0),
        "Youssef",
        "Gharbi",
        Language::Fr,
    ),
    account(
        "patient@salus.test",
        Role::Patient,
        None,
        "Amina",
        "Mansour",
        Language::En,
    ),
];

/// The demo doctors' specialty, licence and application status: one approved, one waiting
/// for the clinic admin's review.
fn doctor_record(email: &str) -> Option<(&'static str, &'static str, &'static str)> {
    match email {
        "doctor@salus.test" => Some(("general-practice", "TN-10234", "approved")),
        "applicant@salus.test" => Some(("cardiology", "TN-20871", "pending")),
        _ => None,
    }
}

/// Seeds the demo clinics and accounts when the database has no clinic yet; returns whether
/// it did. Running it again on a seeded database changes nothing. All or nothing: one
/// transaction, so a failure never leaves half a demo behind, and a second server seeding at
/// the same moment loses on the unique indexes and simply finds the data there.
pub async fn seed_if_empty(db: &Db) -> Result<bool, AppError> {
    if clinics::count(db).await? > 0 {
        return Ok(false);
    }
    // Hash before the transaction: argon2 is slow on purpose, and SQLite holds its write lock
    // for as long as a transaction is open.
    let password =
        Password::parse(DEMO_PASSWORD).map_err(|code| AppError::field("password", code))?;
    let hash = passwords::hash(password).await?;
    match seed(db, &hash).await {
        Ok(()) => Ok(true),
        Err(AppError::Conflict(_)) => Ok(false),
        Err(other) => Err(other),
    }
}

async fn seed(db: &Db, hash: &str) -> Result<(), AppError> {
    let mut tx = db.pool.begin().await?;
    let mut clinic_ids = Vec::with_capacity(CLINICS.len());
    for (name, zone, currency) in CLINICS {
        let clinic = NewClinic::parse(name, zone, currency)?;
        clinic_ids.push(clinics::create(&mut *tx, &clinic).await?.id);
    }
    // One hash serves every demo account: they share a published password anyway.
    for demo in ACCOUNTS {
        let account = NewAccount {
            email: Email::parse(demo.email).map_err(|code| AppError::field("email", code))?,
            password_hash: Some(hash.to_owned()),
            role: demo.role,
            clinic_id: demo.clinic.map(|index| clinic_ids[index]),
            first_name: demo.first_name.to_owned(),
            last_name: demo.last_name.to_owned(),
            language: demo.language,
            email_verified: true,
        };
        let id = users::insert(&mut *tx, &account).await?;
        if demo.role == Role::Patient {
            sqlx::query("UPDATE users SET phone = $1, birth_date = $2 WHERE id = $3")
                .bind("+21620123456")
                .bind("1990-04-02")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
        }
        if let Some((slug, licence, status)) = doctor_record(demo.email) {
            sqlx::query(
                "INSERT INTO doctors (user_id, clinic_id, specialty_id, licence_number, status, \
                 created_at) SELECT $1, $2, id, $3, $4, $5 FROM specialties WHERE slug = $6",
            )
            .bind(id.0)
            .bind(account.clinic_id.map(|c| c.0))
            .bind(licence)
            .bind(status)
            .bind(super::db::now_unix())
            .bind(slug)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
