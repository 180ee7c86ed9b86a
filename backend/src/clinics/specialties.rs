//! Medical specialties: the list doctors choose from, kept by platform admins.

use crate::accounts::auth::{Caller, Rule};
use crate::clinics::directory::fold;
use crate::db::Db;
use shared::error::{AppError, ConflictCode};
use shared::forms::SpecialtyNames;
use shared::{Specialty, ValidationErrors};

/// Every specialty, by English name.
pub async fn list(db: &Db) -> Result<Vec<Specialty>, AppError> {
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, slug, name_en, name_fr FROM specialties ORDER BY name_en")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(id, slug, name_en, name_fr)| Specialty {
            id,
            slug,
            name_en,
            name_fr,
        })
        .collect())
}

/// The ids of every specialty, for a form to choose from.
pub async fn ids(db: &Db) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar("SELECT id FROM specialties")
        .fetch_all(&db.pool)
        .await?)
}

/// The URL name of a specialty: its English name folded, words joined by dashes
/// ("Ear, nose & throat" → "ear-nose-throat").
pub fn slug_of(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The slug of a specialty's English name; a name with no letter or digit to make one from
/// is refused by name.
fn slug_for(names: &SpecialtyNames) -> Result<String, ValidationErrors> {
    let slug = slug_of(&names.name_en);
    if slug.is_empty() {
        let mut errors = ValidationErrors::default();
        errors.add("name_en", shared::ValidationCode::ForbiddenCharacters);
        return Err(errors);
    }
    Ok(slug)
}

/// Adds a specialty (platform admins). A name whose slug exists already is a conflict.
pub async fn create(
    db: &Db,
    caller: &Caller,
    names: &SpecialtyNames,
) -> Result<Specialty, AppError> {
    caller.require(Rule::PlatformAdmin)?;
    let slug = slug_for(names)?;
    let SpecialtyNames { name_en, name_fr } = names.clone();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO specialties (slug, name_en, name_fr) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&slug)
    .bind(&name_en)
    .bind(&name_fr)
    .fetch_one(&db.pool)
    .await
    .map_err(AppError::conflict_on_unique(ConflictCode::SpecialtyExists))?;
    Ok(Specialty {
        id,
        slug,
        name_en,
        name_fr,
    })
}

/// Renames a specialty in both languages (platform admins); its slug, used in shared URLs,
/// stays.
pub async fn rename(
    db: &Db,
    caller: &Caller,
    id: i64,
    names: &SpecialtyNames,
) -> Result<Specialty, AppError> {
    caller.require(Rule::PlatformAdmin)?;
    let SpecialtyNames { name_en, name_fr } = names.clone();
    let slug: String = sqlx::query_scalar(
        "UPDATE specialties SET name_en = $1, name_fr = $2 WHERE id = $3 RETURNING slug",
    )
    .bind(&name_en)
    .bind(&name_fr)
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Specialty {
        id,
        slug,
        name_en,
        name_fr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_folded_words_joined_by_dashes() {
        assert_eq!(slug_of("Ear, nose & throat"), "ear-nose-throat");
        assert_eq!(slug_of("Médecine  du Sport"), "medecine-du-sport");
    }

    #[test]
    fn a_name_with_nothing_to_make_a_slug_of_is_refused() {
        let errors = slug_for(&SpecialtyNames {
            name_en: "!!!".into(),
            name_fr: "Rien".into(),
        })
        .unwrap_err();
        assert_eq!(
            errors.for_field("name_en"),
            Some(&shared::ValidationCode::ForbiddenCharacters)
        );
    }
}
