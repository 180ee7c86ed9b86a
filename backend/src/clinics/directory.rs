//! The public directory: listed doctors found by name, specialty, city, language, price,
//! rating and availability, in two queries per page (the cards, and their count) whatever the
//! filters. Each card's next free slot is a stored value (see `free_slots`).

use crate::db::Db;
use crate::sql_filter::{bind_all, contains_pattern, optional, Bind, Conditions};
use chrono::{DateTime, Duration, Utc};
use shared::account::Specialty;
use shared::error::AppError;
use shared::{
    City, ClinicId, Currency, DirectoryPage, DirectoryQuery, DirectorySort, DoctorCard, LocalSlot,
    Money, PaymentMode, RatingSummary, SpokenLanguage, UserId, ValidationCode, ValidationErrors,
};
use unicode_normalization::UnicodeNormalization;

pub const PER_PAGE: i64 = 12;
const MAX_PAGE: i64 = 1000;
const MAX_NAME_WORDS: usize = 5;

/// Text as the directory compares it: lower case, accents removed, single spaces. "Hélène
/// Ben-Ali" and "helene ben-ali" are the same search.
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The listed doctors' card columns. Listed = approved by the clinic and account enabled.
pub(crate) const CARD_SELECT: &str = "SELECT d.user_id, u.first_name, u.last_name, u.photo, \
    d.specialty_id, s.slug, s.name_en, s.name_fr, d.clinic_id, c.name AS clinic_name, \
    c.time_zone, c.currency, d.city, d.price_minor, d.payment_mode, d.rating_sum, \
    d.rating_count, d.next_free_at, d.next_free_end";

pub(crate) const CARD_FROM: &str = " FROM doctors d JOIN users u ON u.id = d.user_id \
    JOIN specialties s ON s.id = d.specialty_id JOIN clinics c ON c.id = d.clinic_id";

/// Approved and with an enabled account (kept by `relist`).
pub(crate) const LISTED: &str = "d.listed = 1";

#[derive(sqlx::FromRow)]
pub(crate) struct CardRow {
    pub(crate) user_id: i64,
    pub(crate) first_name: String,
    pub(crate) last_name: String,
    pub(crate) photo: Option<String>,
    pub(crate) specialty_id: i64,
    pub(crate) slug: String,
    pub(crate) name_en: String,
    pub(crate) name_fr: String,
    pub(crate) clinic_id: i64,
    pub(crate) clinic_name: String,
    pub(crate) time_zone: String,
    pub(crate) currency: String,
    pub(crate) city: String,
    pub(crate) price_minor: Option<i64>,
    pub(crate) payment_mode: String,
    pub(crate) rating_sum: i64,
    pub(crate) rating_count: i64,
    pub(crate) next_free_at: Option<i64>,
    pub(crate) next_free_end: Option<i64>,
}

impl CardRow {
    /// The card as shown at `now`: a stored next free slot that has already passed is not
    /// shown (the periodic refresh replaces it).
    pub(crate) fn into_card(self, now: DateTime<Utc>) -> Result<DoctorCard, AppError> {
        let zone: chrono_tz::Tz = self.time_zone.parse().map_err(|_| {
            tracing::error!(zone = %self.time_zone, "unknown clinic time zone");
            AppError::Internal
        })?;
        let currency = Currency::parse(&self.currency).map_err(|_| AppError::Internal)?;
        let next_free = match (self.next_free_at, self.next_free_end) {
            (Some(start), Some(end)) if start > now.timestamp() => {
                let at = |t: i64| DateTime::from_timestamp(t, 0).ok_or(AppError::Internal);
                Some(LocalSlot::new(
                    shared::schedule::Interval::new(at(start)?, at(end)?),
                    zone,
                ))
            }
            _ => None,
        };
        Ok(DoctorCard {
            id: UserId(self.user_id),
            name: format!("{} {}", self.first_name, self.last_name)
                .trim()
                .to_owned(),
            photo_url: self.photo.as_deref().map(crate::accounts::photos::url),
            specialty: Specialty {
                id: self.specialty_id,
                slug: self.slug,
                name_en: self.name_en,
                name_fr: self.name_fr,
            },
            clinic_id: ClinicId(self.clinic_id),
            clinic_name: self.clinic_name,
            city: self.city,
            price: self.price_minor.map(|minor| Money::new(minor, currency)),
            payment_mode: PaymentMode::parse(&self.payment_mode).unwrap_or_default(),
            rating: RatingSummary::from_totals(self.rating_sum, self.rating_count),
            next_free,
            time_zone: self.time_zone,
        })
    }
}

/// A search that has passed validation.
#[derive(Debug, Default, PartialEq)]
pub struct Filter {
    name_words: Vec<String>,
    specialty: Option<String>,
    city_key: Option<String>,
    language: Option<SpokenLanguage>,
    price_min: Option<i64>,
    price_max: Option<i64>,
    /// The currency prices are filtered in (given, or the city's).
    currency: Option<Currency>,
    min_rating: Option<i64>,
    within_days: Option<i64>,
    pub sort: DirectorySort,
    pub page: i64,
}

fn bounded(min: i64, max: i64) -> impl Fn(&str) -> Result<i64, ValidationCode> {
    move |raw| shared::account::parse_bounded(raw, min, max)
}

impl Filter {
    /// Parses a directory query; every refused parameter is named.
    pub fn parse(query: &DirectoryQuery) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = query.q.as_deref().map(fold).unwrap_or_default();
        let name_words: Vec<String> = name
            .split(' ')
            .filter(|w| !w.is_empty())
            .take(MAX_NAME_WORDS)
            .map(|w| w.chars().take(40).collect())
            .collect();
        let specialty = optional(&mut errors, "specialty", &query.specialty, |s| {
            Ok(s.to_ascii_lowercase())
        });
        let city_key = optional(&mut errors, "city", &query.city, |c| Ok(fold(c)));
        let language = optional(
            &mut errors,
            "language",
            &query.language,
            SpokenLanguage::parse,
        );
        let price_min = optional(
            &mut errors,
            "price_min",
            &query.price_min,
            bounded(0, Money::MAX_MAJOR),
        );
        let price_max = optional(
            &mut errors,
            "price_max",
            &query.price_max,
            bounded(0, Money::MAX_MAJOR),
        );
        let currency = optional(&mut errors, "currency", &query.currency, Currency::parse);
        let min_rating = optional(&mut errors, "min_rating", &query.min_rating, bounded(1, 5));
        let within_days = optional(
            &mut errors,
            "within_days",
            &query.within_days,
            bounded(1, 60),
        );
        let sort =
            optional(&mut errors, "sort", &query.sort, DirectorySort::parse).unwrap_or_default();
        let page = optional(&mut errors, "page", &query.page, bounded(1, MAX_PAGE)).unwrap_or(1);
        if let (Some(min), Some(max)) = (price_min, price_max) {
            if max < min {
                errors.add("price_max", ValidationCode::EndNotAfterStart);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Filter {
            name_words,
            specialty,
            city_key,
            language,
            // Whole major units, compared in hundredths (`price_comparable`).
            price_min: price_min.map(|p| p * 100),
            price_max: price_max.map(|p| p * 100),
            currency,
            min_rating,
            within_days,
            sort,
            page,
        })
    }

    fn conditions(&self, now: DateTime<Utc>) -> Conditions {
        let mut conditions = Conditions::default();
        for word in &self.name_words {
            conditions.add(
                "d.search_name LIKE {} ESCAPE '\\'",
                vec![Bind::Text(contains_pattern(word))],
            );
        }
        if let Some(slug) = &self.specialty {
            conditions.add(
                "d.specialty_id = (SELECT id FROM specialties WHERE slug = {})",
                vec![Bind::Text(slug.clone())],
            );
        }
        if let Some(city) = &self.city_key {
            conditions.add("d.city_key = {}", vec![Bind::Text(city.clone())]);
        }
        if let Some(language) = self.language {
            conditions.add(
                "d.languages LIKE {}",
                vec![Bind::Text(format!("%,{},%", language.as_str()))],
            );
        }
        if let (Some(currency), true) = (self.currency, self.filters_price()) {
            conditions.add(
                "d.clinic_id IN (SELECT id FROM clinics WHERE currency = {})",
                vec![Bind::Text(currency.code().to_owned())],
            );
        }
        if let Some(min) = self.price_min {
            conditions.add("d.price_comparable >= {}", vec![Bind::Int(min)]);
        }
        if let Some(max) = self.price_max {
            conditions.add("d.price_comparable <= {}", vec![Bind::Int(max)]);
        }
        if let Some(stars) = self.min_rating {
            conditions.add(
                // The stored average in thousandths (doctors_listed_rating_idx).
                "d.rating_rank >= {}",
                vec![Bind::Int(stars * 1000)],
            );
        }
        if let Some(days) = self.within_days {
            conditions.add(
                "d.next_free_at > {} AND d.next_free_at < {}",
                vec![
                    Bind::Int(now.timestamp()),
                    Bind::Int((now + Duration::days(days)).timestamp()),
                ],
            );
        }
        conditions
    }

    fn filters_price(&self) -> bool {
        self.price_min.is_some() || self.price_max.is_some()
    }

    /// Prices compare only within one currency: the one asked for, else the only one the
    /// chosen city's doctors charge in. Without either, the search asks which.
    async fn settle_currency(&mut self, db: &Db) -> Result<(), AppError> {
        if !self.filters_price() || self.currency.is_some() {
            return Ok(());
        }
        let Some(city) = &self.city_key else {
            return Err(AppError::field("currency", ValidationCode::Required));
        };
        let currencies: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT DISTINCT c.currency FROM doctors d JOIN clinics c ON c.id = d.clinic_id \
             WHERE {LISTED} AND d.city_key = $1"
        ))
        .bind(city)
        .fetch_all(&db.pool)
        .await?;
        match currencies.as_slice() {
            [one] => {
                self.currency = Some(Currency::parse(one).map_err(|_| AppError::Internal)?);
                Ok(())
            }
            // No listed doctor there: nothing to filter, whatever the currency.
            [] => Ok(()),
            _ => Err(AppError::field("currency", ValidationCode::Required)),
        }
    }

    fn order_by(&self) -> &'static str {
        match self.sort {
            DirectorySort::Soonest => {
                // `IS NULL` first puts doctors with no free slot last, in index order
                // (doctors_listed_soonest_idx) on both databases.
                " ORDER BY (d.next_free_at IS NULL), d.next_free_at, d.search_name, d.user_id"
            }
            DirectorySort::Rating => {
                // Unrated doctors have rank 0, so they come last; index order
                // (doctors_listed_rating_idx).
                " ORDER BY d.rating_rank DESC, d.rating_count DESC, d.search_name, d.user_id"
            }
            DirectorySort::Price => {
                " ORDER BY (d.price_comparable IS NULL), d.price_comparable, d.search_name, d.user_id"
            }
        }
    }
}

/// One page of the directory.
pub async fn search(
    db: &Db,
    query: &DirectoryQuery,
    now: DateTime<Utc>,
) -> Result<DirectoryPage, AppError> {
    let mut filter = Filter::parse(query)?;
    filter.settle_currency(db).await?;
    let conditions = filter.conditions(now);
    let base = format!("{CARD_FROM} WHERE {LISTED}{}", conditions.sql);
    // Every condition is on the doctor's own row: counting needs no join.
    let (total,): (i64,) = bind_all(
        sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM doctors d WHERE {LISTED}{}",
            conditions.sql
        )),
        &conditions.binds,
    )
    .fetch_one(&db.pool)
    .await?;
    let rows: Vec<CardRow> = bind_all(
        sqlx::query_as(&format!(
            "{CARD_SELECT}{base}{} LIMIT {PER_PAGE} OFFSET {}",
            filter.order_by(),
            (filter.page - 1) * PER_PAGE
        )),
        &conditions.binds,
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(DirectoryPage {
        doctors: rows
            .into_iter()
            .map(|row| row.into_card(now))
            .collect::<Result<_, _>>()?,
        total,
        page: filter.page,
        per_page: PER_PAGE,
        price_currency: filter.currency.filter(|_| filter.filters_price()),
    })
}

/// Cities with listed doctors, by name, each with its number of doctors.
pub async fn cities(db: &Db) -> Result<Vec<City>, AppError> {
    let rows: Vec<(String, String, i64)> = sqlx::query_as(&format!(
        "SELECT d.city_key, MIN(d.city), COUNT(*) FROM doctors d \
         WHERE {LISTED} AND d.city_key <> '' GROUP BY d.city_key"
    ))
    .fetch_all(&db.pool)
    .await?;
    let mut rows = rows;
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(rows
        .into_iter()
        .map(|(_, name, doctors)| City { name, doctors })
        .collect())
}

/// Gives doctors whose search name is missing (rows from before the directory) one. Names
/// are folded here rather than in SQL, whose lower() differs between the two databases.
pub async fn backfill_search_names(db: &Db) -> Result<(), AppError> {
    let missing: Vec<(i64, String, String)> = sqlx::query_as(
        "SELECT d.user_id, u.first_name, u.last_name FROM doctors d \
         JOIN users u ON u.id = d.user_id WHERE d.search_name = ''",
    )
    .fetch_all(&db.pool)
    .await?;
    for (id, first, last) in missing {
        super::doctor_rows::set_search_name(&db.pool, UserId(id), &first, &last).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
