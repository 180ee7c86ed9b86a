//! The demo directory: seven doctors in each of six clinics (six cities, every seeded
//! specialty), with realistic weekly hours, prices in the clinic's currency and the
//! languages spoken there. Generated from fixed lists, so every start seeds the same people.

use crate::accounts::users::{self, NewAccount};
use crate::clinics::doctor_rows::{self, NewDoctor};
use crate::scheduling::availability;
use chrono::{Duration, NaiveDate, Weekday};
use shared::error::AppError;
use shared::forms::DoctorProfileUpdate as ProfileUpdate;
use shared::schedule::{Availability, BookingRules, Exception, ExceptionKind, WeeklyHours, Window};
use shared::{
    BookingMode, ClinicId, Currency, Email, Language, Money, PaymentMode, Role, SpokenLanguage,
    UserId,
};

/// A demo clinic: name, zone, currency, city, street and the languages spoken there.
pub struct DemoClinic {
    pub name: &'static str,
    pub zone: &'static str,
    pub currency: &'static str,
    pub city: &'static str,
    pub street: &'static str,
    /// The front desk's number, which patients call to change a visit inside the window.
    pub phone: &'static str,
    languages: &'static [SpokenLanguage],
}

use SpokenLanguage::{Arabic, English, French, German, Spanish, Tamazight};

pub const CLINICS: [DemoClinic; 6] = [
    DemoClinic {
        name: "Clinique El Manar",
        zone: "Africa/Tunis",
        currency: "TND",
        city: "Tunis",
        street: "avenue Habib Bourguiba",
        phone: "+216 71 234 567",
        languages: &[Arabic, French, English],
    },
    DemoClinic {
        name: "Centre Médical Lumière",
        zone: "Europe/Paris",
        currency: "EUR",
        city: "Paris",
        street: "rue de Rivoli",
        phone: "+33 1 42 60 00 00",
        languages: &[French, English, Spanish],
    },
    DemoClinic {
        name: "Clinique Atlas",
        zone: "Africa/Casablanca",
        currency: "MAD",
        city: "Casablanca",
        street: "boulevard d'Anfa",
        phone: "+212 522 123 456",
        languages: &[Arabic, French, Tamazight],
    },
    DemoClinic {
        name: "Clinique du Sahel",
        zone: "Africa/Tunis",
        currency: "TND",
        city: "Sousse",
        street: "avenue Léopold Senghor",
        phone: "+216 73 225 100",
        languages: &[Arabic, French, German],
    },
    DemoClinic {
        name: "Polyclinique du Rhône",
        zone: "Europe/Paris",
        currency: "EUR",
        city: "Lyon",
        street: "quai Claude Bernard",
        phone: "+33 4 78 00 00 00",
        languages: &[French, English, German],
    },
    DemoClinic {
        name: "Centre Médical Agdal",
        zone: "Africa/Casablanca",
        currency: "MAD",
        city: "Rabat",
        street: "avenue Fal Ould Oumeir",
        phone: "+212 537 700 000",
        languages: &[Arabic, French, Spanish],
    },
];

const FIRST_NAMES: [&str; 14] = [
    "Sami", "Hela", "Mehdi", "Nadia", "Omar", "Inès", "Yassine", "Claire", "Rachid", "Salma",
    "Julien", "Amel", "Hugo", "Leïla",
];
const LAST_NAMES: [&str; 21] = [
    "Bouazizi",
    "Martin",
    "El Idrissi",
    "Trabelsi",
    "Durand",
    "Benjelloun",
    "Jaziri",
    "Lefèvre",
    "Alaoui",
    "Chaabane",
    "Moreau",
    "Tazi",
    "Hammami",
    "Girard",
    "Berrada",
    "Karoui",
    "Fontaine",
    "Naciri",
    "Mejri",
    "Rousseau",
    "Cherkaoui",
];

/// The seeded specialties, by slug (see migration 0002).
const SPECIALTIES: [&str; 12] = [
    "general-practice",
    "cardiology",
    "dermatology",
    "paediatrics",
    "gynaecology",
    "ophthalmology",
    "dentistry",
    "ent",
    "psychiatry",
    "orthopaedics",
    "neurology",
    "endocrinology",
];

fn window(start: &str, end: &str) -> Window {
    let minutes = |t: &str| shared::schedule::parse_time(t, true).unwrap_or_default();
    Window {
        start: minutes(start),
        end: minutes(end),
    }
}

fn hours(
    days: &[Weekday],
    start: &str,
    end: &str,
    slot: u16,
    pause: Option<(&str, &str)>,
) -> Vec<WeeklyHours> {
    days.iter()
        .map(|&weekday| WeeklyHours {
            weekday,
            hours: window(start, end),
            slot_minutes: slot,
            pause: pause.map(|(s, e)| window(s, e)),
        })
        .collect()
}

use Weekday::{Fri, Mon, Sat, Thu, Tue, Wed};

/// One of four working patterns, with a day off next week for some doctors.
pub fn demo_week(pattern: usize, today: NaiveDate) -> Availability {
    let weekly = match pattern % 4 {
        0 => [
            hours(&[Mon, Tue, Wed, Thu, Fri], "09:00", "13:00", 30, None),
            hours(&[Mon, Tue, Wed, Thu, Fri], "14:00", "18:00", 30, None),
        ]
        .concat(),
        1 => [
            hours(&[Mon, Wed, Fri], "08:30", "12:30", 20, None),
            hours(&[Tue, Thu], "14:00", "19:00", 30, Some(("16:00", "16:30"))),
        ]
        .concat(),
        2 => hours(
            &[Tue, Wed, Thu, Fri, Sat],
            "10:00",
            "16:00",
            45,
            Some(("13:00", "13:45")),
        ),
        _ => hours(
            &[Mon, Tue, Wed, Thu],
            "09:00",
            "17:00",
            15,
            Some(("12:30", "13:30")),
        ),
    };
    let exceptions = if pattern.is_multiple_of(3) {
        let day_off = today + Duration::days(7 + (pattern % 5) as i64);
        vec![Exception {
            kind: ExceptionKind::TimeOff,
            first_day: day_off,
            last_day: day_off,
            window: None,
            slot_minutes: None,
            label: "Conference".to_owned(),
        }]
    } else {
        Vec::new()
    };
    Availability {
        weekly,
        exceptions,
        booking: BookingRules {
            min_notice_minutes: 60 * (1 + (pattern % 3) as i64),
            horizon_days: 60,
            buffer_minutes: if pattern.is_multiple_of(5) { 10 } else { 0 },
        },
        unavailable: false,
    }
}

/// A demo price: a base by specialty, in the clinic's currency.
fn price(specialty: usize, currency: Currency) -> Money {
    let base = 40 + (specialty as i64 % 6) * 10; // 40..90
    let major = match currency {
        Currency::MAD => base * 7,
        Currency::EUR => base - 5,
        _ => base,
    };
    Money::new(major * 10_i64.pow(currency.minor_unit_digits()), currency)
}

/// A demo profile for the `index`-th doctor of a clinic.
pub fn demo_profile(
    clinic: &DemoClinic,
    specialty_id: i64,
    specialty: usize,
    index: usize,
) -> ProfileUpdate {
    let currency = Currency::parse(clinic.currency).unwrap_or(Currency::EUR);
    let mut languages: Vec<SpokenLanguage> = clinic
        .languages
        .iter()
        .take(2 + index % 2)
        .copied()
        .collect();
    languages.sort();
    ProfileUpdate {
        bio: format!(
            "{} years of practice. Consultations for adults and children, in a calm practice close to the centre of {}.",
            6 + (index * 3) % 20,
            clinic.city
        ),
        specialty_id,
        qualifications: vec![
            format!("Doctor of Medicine, Faculty of Medicine of {}", clinic.city),
            "Specialist diploma (DES)".to_owned(),
        ],
        experience: vec![
            format!("{}, since {}", clinic.name, 2012 + index % 10),
            "University hospital resident, 4 years".to_owned(),
        ],
        languages,
        price: price(specialty, currency),
        consultation_minutes: 30,
        payment_mode: if index % 3 == 1 { PaymentMode::Online } else { PaymentMode::AtVisit },
        booking_mode: if index.is_multiple_of(2) { BookingMode::Approval } else { BookingMode::Instant },
        practice_address: format!("{} {}", 3 + index * 7, clinic.street),
        city: clinic.city.to_owned(),
        practice_phone: None,
    }
}

/// An email address made of a name: lower case, accents and spaces removed.
fn demo_email(first: &str, last: &str) -> String {
    let part = |text: &str| {
        crate::clinics::directory::fold(text)
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
    };
    format!("dr.{}.{}@salus.test", part(first), part(last))
}

/// Stores one demo doctor: account, approved application, profile and week.
#[allow(clippy::too_many_arguments)]
pub async fn seed_doctor(
    tx: &mut sqlx::AnyConnection,
    hash: &str,
    clinic_id: ClinicId,
    (first_name, last_name, email): (&str, &str, &str),
    profile: &ProfileUpdate,
    week: &Availability,
    status: &str,
    now: i64,
) -> Result<UserId, AppError> {
    let account = NewAccount {
        email: Email::parse(email).map_err(|code| AppError::field("email", code))?,
        password_hash: Some(hash.to_owned()),
        role: Role::Doctor,
        clinic_id: Some(clinic_id),
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
        language: Language::Fr,
        email_verified: true,
    };
    let id = users::insert(&mut *tx, &account, now).await?;
    let licence = format!("LIC-{:05}", 10_000 + id.0);
    let row = NewDoctor {
        user: id,
        clinic: clinic_id,
        specialty: profile.specialty_id,
        licence: &licence,
        status,
        reviewed_by: None,
        now,
    };
    doctor_rows::insert(&mut *tx, &row).await?;
    doctor_rows::set_search_name(&mut *tx, id, first_name, last_name).await?;
    doctor_rows::relist(&mut *tx, id).await?;
    doctor_rows::set_profile(&mut *tx, id, profile).await?;
    availability::store_in(tx, id, clinic_id, week).await?;
    Ok(id)
}

/// The seven generated doctors of every clinic.
pub async fn seed_directory(
    tx: &mut sqlx::AnyConnection,
    hash: &str,
    clinics: &[ClinicId],
    specialty_ids: &[(String, i64)],
    today: NaiveDate,
    now: i64,
) -> Result<(), AppError> {
    let specialty_id = |slug: &str| {
        specialty_ids
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, id)| *id)
            .ok_or(AppError::Internal)
    };
    for (c, (clinic, clinic_id)) in CLINICS.iter().zip(clinics).enumerate() {
        for index in 0..7 {
            let n = c * 7 + index;
            let first = FIRST_NAMES[n % FIRST_NAMES.len()];
            let last = LAST_NAMES[(n * 5 + c) % LAST_NAMES.len()];
            let specialty = n % SPECIALTIES.len();
            let profile = demo_profile(
                clinic,
                specialty_id(SPECIALTIES[specialty])?,
                specialty,
                index,
            );
            let week = demo_week(n, today);
            seed_doctor(
                tx,
                hash,
                *clinic_id,
                (first, last, &demo_email(first, last)),
                &profile,
                &week,
                "approved",
                now,
            )
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_demo_directory_is_varied_and_valid() {
        let mut emails = HashSet::new();
        let mut specialties = HashSet::new();
        for c in 0..CLINICS.len() {
            for index in 0..7 {
                let n = c * 7 + index;
                let first = FIRST_NAMES[n % FIRST_NAMES.len()];
                let last = LAST_NAMES[(n * 5 + c) % LAST_NAMES.len()];
                assert!(
                    emails.insert(demo_email(first, last)),
                    "{first} {last} is unique"
                );
                specialties.insert(n % SPECIALTIES.len());
                let week = demo_week(n, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
                // Every demo week passes the same validation as a doctor's form.
                assert_eq!(
                    Availability::parse(&week.to_form()).map(|parsed| parsed.to_form()),
                    Ok(week.to_form())
                );
            }
        }
        assert_eq!(emails.len(), 42);
        assert!(specialties.len() >= 10, "{} specialties", specialties.len());
        let cities: HashSet<_> = CLINICS.iter().map(|c| c.city).collect();
        assert_eq!(cities.len(), 6);
        assert_eq!(
            demo_email("Leïla", "El Idrissi"),
            "dr.leila.elidrissi@salus.test"
        );
    }
}
