//! Doctors as patients find them: the profile a doctor edits, the directory's cards and
//! filters, and free slots shown in the clinic's time zone.
//!
//! One coherent thing over 400 lines: the doctor as the directory shows them: profile, cards,
//! filters and their closed lists.

use crate::account::Specialty;
use crate::ids::{ClinicId, UserId};
use crate::locale::Language;
use crate::money::Money;
use crate::time::LocalSlot;
use crate::validation::lenient_text;
use crate::validation::ValidationCode;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a doctor takes payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PaymentMode {
    /// The patient pays by card when booking (authorised, captured on confirmation).
    Online,
    #[default]
    AtVisit,
}

/// Whether a booking waits for the doctor's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingMode {
    /// Requests wait for the doctor to accept or refuse.
    #[default]
    Approval,
    /// A free slot is confirmed at once.
    Instant,
}

macro_rules! closed_list {
    ($type:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $type {
            pub const ALL: &'static [$type] = &[$($type::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($type::$variant => $text),+
                }
            }

            pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
                match raw.trim() {
                    "" => Err(ValidationCode::Required),
                    $($text => Ok($type::$variant),)+
                    _ => Err(ValidationCode::NotAChoice),
                }
            }
        }
    };
}

closed_list!(PaymentMode { Online => "online", AtVisit => "at_visit" });
closed_list!(BookingMode { Approval => "approval", Instant => "instant" });

/// The languages a doctor can say they speak, by ISO 639 code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SpokenLanguage {
    #[serde(rename = "ar")]
    Arabic,
    #[serde(rename = "zgh")]
    Tamazight,
    #[serde(rename = "fr")]
    French,
    #[serde(rename = "en")]
    English,
    #[serde(rename = "es")]
    Spanish,
    #[serde(rename = "de")]
    German,
    #[serde(rename = "it")]
    Italian,
    #[serde(rename = "pt")]
    Portuguese,
    #[serde(rename = "nl")]
    Dutch,
    #[serde(rename = "tr")]
    Turkish,
    #[serde(rename = "ru")]
    Russian,
    #[serde(rename = "zh")]
    Chinese,
}

closed_list!(SpokenLanguage {
    Arabic => "ar", Tamazight => "zgh", French => "fr", English => "en", Spanish => "es",
    German => "de", Italian => "it", Portuguese => "pt", Dutch => "nl", Turkish => "tr",
    Russian => "ru", Chinese => "zh",
});

impl SpokenLanguage {
    /// The language's name in the reader's language.
    pub fn name(self, reader: Language) -> &'static str {
        let (en, fr) = match self {
            SpokenLanguage::Arabic => ("Arabic", "Arabe"),
            SpokenLanguage::Tamazight => ("Tamazight", "Tamazight"),
            SpokenLanguage::French => ("French", "Français"),
            SpokenLanguage::English => ("English", "Anglais"),
            SpokenLanguage::Spanish => ("Spanish", "Espagnol"),
            SpokenLanguage::German => ("German", "Allemand"),
            SpokenLanguage::Italian => ("Italian", "Italien"),
            SpokenLanguage::Portuguese => ("Portuguese", "Portugais"),
            SpokenLanguage::Dutch => ("Dutch", "Néerlandais"),
            SpokenLanguage::Turkish => ("Turkish", "Turc"),
            SpokenLanguage::Russian => ("Russian", "Russe"),
            SpokenLanguage::Chinese => ("Chinese", "Chinois"),
        };
        match reader {
            Language::En => en,
            Language::Fr => fr,
        }
    }
}

/// The consultation lengths a doctor chooses from, in minutes.
pub const CONSULTATION_MINUTES: [u16; 8] = [10, 15, 20, 30, 45, 60, 90, 120];

/// What a doctor submits on the profile page (`PUT /api/v1/me/doctor-profile`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorProfileForm {
    pub bio: String,
    /// A specialty id from `GET /api/v1/specialties`.
    #[serde(deserialize_with = "lenient_text")]
    pub specialty_id: String,
    /// Diplomas and certifications, one per entry.
    pub qualifications: Vec<String>,
    /// Past positions, one per entry.
    pub experience: Vec<String>,
    /// ISO 639 codes: `ar`, `zgh`, `fr`, `en`, `es`, `de`, `it`, `pt`, `nl`, `tr`, `ru`, `zh`.
    pub languages: Vec<String>,
    /// In major units of the clinic's currency: `"45.500"` (TND), `"60"` (EUR).
    #[serde(deserialize_with = "lenient_text")]
    pub price: String,
    /// Minutes: 10, 15, 20, 30, 45, 60, 90 or 120.
    #[serde(deserialize_with = "lenient_text")]
    pub consultation_minutes: String,
    /// `online` or `at_visit`.
    pub payment_mode: String,
    /// `approval` or `instant`.
    pub booking_mode: String,
    pub practice_address: String,
    pub city: String,
    pub practice_phone: String,
}

/// A doctor's rating: average in tenths of a star (46 = 4.6) and how many patients rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RatingSummary {
    pub average_tenths: i64,
    pub count: i64,
}

impl RatingSummary {
    /// From a sum of stars and a count; `None` before the first rating.
    pub fn from_totals(sum: i64, count: i64) -> Option<Self> {
        (count > 0).then(|| Self {
            // Rounded half up to one decimal, in integers.
            average_tenths: (sum * 20 + count) / (count * 2),
            count,
        })
    }

    /// "4.6" or "4,6".
    pub fn average_text(self, language: Language) -> String {
        let separator = match language {
            Language::En => '.',
            Language::Fr => ',',
        };
        format!(
            "{}{separator}{}",
            self.average_tenths / 10,
            self.average_tenths % 10
        )
    }
}

/// A doctor's card in the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorCard {
    pub id: UserId,
    pub name: String,
    pub photo_url: Option<String>,
    pub specialty: Specialty,
    pub clinic_id: ClinicId,
    pub clinic_name: String,
    pub city: String,
    /// Not set until the doctor fills in the profile.
    pub price: Option<Money>,
    pub payment_mode: PaymentMode,
    pub rating: Option<RatingSummary>,
    /// The soonest free slot a patient can book, kept up to date by the server.
    pub next_free: Option<LocalSlot>,
    /// The clinic's IANA time zone, in which `next_free` is written.
    pub time_zone: String,
}

/// A doctor's public page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoctorProfile {
    pub card: DoctorCard,
    pub first_name: String,
    pub last_name: String,
    pub bio: String,
    pub qualifications: Vec<String>,
    pub experience: Vec<String>,
    pub languages: Vec<SpokenLanguage>,
    pub consultation_minutes: i64,
    pub booking_mode: BookingMode,
    pub practice_address: String,
    pub practice_phone: String,
    /// The clinic's own number (`clinic::phone_to_call` picks which to show).
    #[serde(default)]
    pub clinic_phone: String,
    /// The consultation lengths the doctor's weekly hours offer, shortest first (each rule
    /// has its own); empty without hours.
    #[serde(default)]
    pub slot_lengths: Vec<u16>,
    pub clinic_address: String,
    /// Whether patients can find the doctor (approved by the clinic, account active).
    pub listed: bool,
    /// Whether the doctor switched "unavailable now" on.
    pub unavailable: bool,
    /// The clinic's cancellation policy, explained before booking.
    pub policy: crate::appointment::CancellationPolicy,
    /// Hours the doctor has to answer a request.
    pub request_deadline_hours: i64,
}

impl DoctorProfile {
    /// The form that shows this profile for editing.
    pub fn to_form(&self) -> DoctorProfileForm {
        DoctorProfileForm {
            bio: self.bio.clone(),
            specialty_id: self.card.specialty.id.to_string(),
            qualifications: self.qualifications.clone(),
            experience: self.experience.clone(),
            languages: self
                .languages
                .iter()
                .map(|l| l.as_str().to_owned())
                .collect(),
            price: self
                .card
                .price
                .map(|price| price.major_text())
                .unwrap_or_default(),
            consultation_minutes: self.consultation_minutes.to_string(),
            payment_mode: self.card.payment_mode.as_str().to_owned(),
            booking_mode: self.booking_mode.as_str().to_owned(),
            practice_address: self.practice_address.clone(),
            city: self.card.city.clone(),
            practice_phone: self.practice_phone.clone(),
        }
    }
}

/// The order of the directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DirectorySort {
    /// Soonest free slot first; doctors with none last.
    #[default]
    Soonest,
    /// Best rated first; unrated last.
    Rating,
    /// Cheapest first.
    Price,
}

closed_list!(DirectorySort { Soonest => "soonest", Rating => "rating", Price => "price" });

/// The directory's search, as it appears in a shareable URL
/// (`/doctors?specialty=cardiology&city=Tunis&sort=price`). Every field is optional text;
/// the server names any it refuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DirectoryQuery {
    /// Part of the doctor's name; accents and case are ignored.
    #[serde(default)]
    pub q: Option<String>,
    /// A specialty slug, e.g. `cardiology`.
    #[serde(default)]
    pub specialty: Option<String>,
    /// A city, e.g. `Tunis` (accents and case are ignored).
    #[serde(default)]
    pub city: Option<String>,
    /// An ISO 639 language code the doctor speaks, e.g. `fr`.
    #[serde(default)]
    pub language: Option<String>,
    /// Lowest price, in whole units of the doctor's currency.
    #[serde(default)]
    pub price_min: Option<String>,
    /// Highest price, in whole units of the doctor's currency.
    #[serde(default)]
    pub price_max: Option<String>,
    /// The currency of `price_min` and `price_max` (ISO 4217, e.g. `TND`): a price filter
    /// keeps only doctors who charge in it. Needed with a price filter, unless the chosen
    /// city's doctors all charge in one currency.
    #[serde(default)]
    pub currency: Option<String>,
    /// Minimum average rating, 1 to 5.
    #[serde(default)]
    pub min_rating: Option<String>,
    /// Only doctors with a free slot within this many days (1 to 60).
    #[serde(default)]
    pub within_days: Option<String>,
    /// `soonest` (default), `rating` or `price`.
    #[serde(default)]
    pub sort: Option<String>,
    /// 1-based page number.
    #[serde(default)]
    pub page: Option<String>,
}

impl DirectoryQuery {
    /// The same search as the directory's clean URL writes it: empty filters and the default
    /// order (`soonest`) left out.
    pub fn canonical_query(&self) -> String {
        let mut clean = self.clone();
        if clean.sort.as_deref().map(str::trim) == Some("soonest") {
            clean.sort = None;
        }
        clean.to_query_string(None)
    }

    /// The query string of this search (without `?`), leaving out empty fields; `page`
    /// overrides the page number.
    pub fn to_query_string(&self, page: Option<i64>) -> String {
        let page = page.map(|p| p.to_string());
        let pairs = [
            ("q", self.q.as_deref()),
            ("specialty", self.specialty.as_deref()),
            ("city", self.city.as_deref()),
            ("language", self.language.as_deref()),
            ("price_min", self.price_min.as_deref()),
            ("price_max", self.price_max.as_deref()),
            ("currency", self.currency.as_deref()),
            ("min_rating", self.min_rating.as_deref()),
            ("within_days", self.within_days.as_deref()),
            ("sort", self.sort.as_deref()),
            ("page", page.as_deref().or(self.page.as_deref())),
        ];
        pairs
            .into_iter()
            .filter_map(|(key, value)| {
                let value = value?.trim();
                (!value.is_empty()).then(|| format!("{key}={}", encode_query_value(value)))
            })
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn encode_query_value(raw: &str) -> String {
    raw.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

/// One page of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DirectoryPage {
    pub doctors: Vec<DoctorCard>,
    /// How many doctors match, over all pages.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// The currency a price filter was applied in, to label it.
    #[serde(default)]
    pub price_currency: Option<crate::Currency>,
}

impl DirectoryPage {
    pub fn page_count(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// A city where listed doctors practise, for the directory's filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct City {
    pub name: String,
    pub doctors: i64,
}

/// Free slots of one local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DaySlots {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2026-11-24"))]
    pub date: NaiveDate,
    pub slots: Vec<LocalSlot>,
}

/// A doctor's free slots over a range of local days (`GET /api/v1/doctors/{id}/slots`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SlotList {
    pub doctor_id: UserId,
    /// The clinic's IANA time zone: every `date` and `time` is written in it.
    pub time_zone: String,
    /// The zone's offset from UTC on the first day, e.g. `UTC+01:00`.
    pub utc_offset: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub from: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub to: NaiveDate,
    /// Today in the clinic's zone (no slot is ever earlier).
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub today: NaiveDate,
    /// Every day of the range, including days without a free slot.
    pub days: Vec<DaySlots>,
}

impl SlotList {
    /// Where "previous week" starts: a week before this one, never before today; `None` when
    /// this page already starts today.
    pub fn previous_week(&self) -> Option<NaiveDate> {
        (self.from > self.today).then(|| (self.from - chrono::Duration::days(7)).max(self.today))
    }

    /// Where "next week" starts: the day after this page.
    pub fn next_week(&self) -> NaiveDate {
        self.to + chrono::Duration::days(1)
    }
}

#[cfg(test)]
mod tests;
