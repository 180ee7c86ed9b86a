//! Medical specialties: the list doctors choose from, kept by platform admins.

use crate::accounts::auth::{Caller, Rule};
use crate::clinics::directory::fold;
use crate::db::Db;
use shared::error::{AppError, ConflictCode};
use shared::forms::SpecialtyForm;
use shared::validation::trimmed_text;
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

/// The URL name of a specialty: its English name folded, words joined by dashes
/// ("Ear, nose & throat" → "ear-nose-throat").
pub fn slug_of(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn parse(form: &SpecialtyForm) -> Result<(String, String, String), ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let name_en = errors.check("name_en", trimmed_text(&form.name_en, 3, 80));
    let name_fr = errors.check("name_fr", trimmed_text(&form.name_fr, 3, 80));
    let slug = name_en.as_deref().map(slug_of);
    if slug.as_deref() == Some("") {
        errors.add("name_en", shared::ValidationCode::ForbiddenCharacters);
    }
    match (slug, name_en, name_fr) {
        (Some(slug), Some(en), Some(fr)) if errors.is_empty() => Ok((slug, en, fr)),
        _ => Err(errors),
    }
}

/// Adds a specialty (platform admins). A name whose slug exists already is a conflict.
pub async fn create(db: &Db, caller: &Caller, form: &SpecialtyForm) -> Result<Specialty, AppError> {
    caller.require(Rule::PlatformAdmin)?;
    let (slug, name_en, name_fr) = parse(form)?;
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
    form: &SpecialtyForm,
) -> Result<Specialty, AppError> {
    caller.require(Rule::PlatformAdmin)?;
    let (_, name_en, name_fr) = parse(form)?;
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
    fn both_names_are_required() {
        let errors = parse(&SpecialtyForm::default()).unwrap_err();
        assert!(errors.for_field("name_en").is_some());
        assert!(errors.for_field("name_fr").is_some());
        let errors = parse(&SpecialtyForm {
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
