//! A patient's family members: listed, added, corrected and removed by that patient only.
//! Another person's family member answers "not found", so ids reveal nothing.

use crate::accounts::auth::{Caller, Rule};
use crate::db::Db;
use chrono::NaiveDate;
use shared::dependant::{Dependant, NewDependant, Relation, MAX_DEPENDANTS};
use shared::error::AppError;
use shared::{Role, UserId, ValidationCode};

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    first_name: String,
    last_name: String,
    birth_date: String,
    relation: String,
}

impl Row {
    fn into_dependant(self) -> Result<Dependant, AppError> {
        Ok(Dependant {
            id: self.id,
            first_name: self.first_name,
            last_name: self.last_name,
            birth_date: NaiveDate::parse_from_str(&self.birth_date, "%Y-%m-%d")
                .map_err(|_| AppError::Internal)?,
            relation: Relation::parse(&self.relation).map_err(|_| AppError::Internal)?,
        })
    }
}

const COLUMNS: &str = "id, first_name, last_name, birth_date, relation";

fn require_patient(caller: &Caller) -> Result<(), AppError> {
    caller.require(Rule::Role(&[Role::Patient]))
}

/// The caller's family members, in the order they were added.
pub async fn list(db: &Db, caller: &Caller) -> Result<Vec<Dependant>, AppError> {
    require_patient(caller)?;
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM dependants WHERE guardian_id = $1 AND removed_at IS NULL \
         ORDER BY id"
    ))
    .bind(caller.id.0)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(Row::into_dependant).collect()
}

/// Adds a family member (at most `MAX_DEPENDANTS`).
pub async fn add(
    db: &Db,
    caller: &Caller,
    new: &NewDependant,
    now: i64,
) -> Result<Dependant, AppError> {
    require_patient(caller)?;
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM dependants WHERE guardian_id = $1 AND removed_at IS NULL",
    )
    .bind(caller.id.0)
    .fetch_one(&db.pool)
    .await?;
    if count >= MAX_DEPENDANTS {
        return Err(AppError::field(
            "first_name",
            ValidationCode::TooMany {
                max: MAX_DEPENDANTS as u32,
            },
        ));
    }
    let row: Row = sqlx::query_as(&format!(
        "INSERT INTO dependants (guardian_id, first_name, last_name, birth_date, relation, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(caller.id.0)
    .bind(new.first_name.as_str())
    .bind(new.last_name.as_str())
    .bind(new.birth_date.date().to_string())
    .bind(new.relation.as_str())
    .bind(now)
    .fetch_one(&db.pool)
    .await?;
    row.into_dependant()
}

/// Corrects a family member's details.
pub async fn update(
    db: &Db,
    caller: &Caller,
    id: i64,
    new: &NewDependant,
) -> Result<Dependant, AppError> {
    require_patient(caller)?;
    let row: Option<Row> = sqlx::query_as(&format!(
        "UPDATE dependants SET first_name = $1, last_name = $2, birth_date = $3, relation = $4 \
         WHERE id = $5 AND guardian_id = $6 AND removed_at IS NULL RETURNING {COLUMNS}"
    ))
    .bind(new.first_name.as_str())
    .bind(new.last_name.as_str())
    .bind(new.birth_date.date().to_string())
    .bind(new.relation.as_str())
    .bind(id)
    .bind(caller.id.0)
    .fetch_optional(&db.pool)
    .await?;
    row.ok_or(AppError::NotFound)?.into_dependant()
}

/// Removes a family member from the list; their past appointments keep their name.
pub async fn remove(db: &Db, caller: &Caller, id: i64, now: i64) -> Result<(), AppError> {
    require_patient(caller)?;
    let removed = sqlx::query(
        "UPDATE dependants SET removed_at = $1 \
         WHERE id = $2 AND guardian_id = $3 AND removed_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .bind(caller.id.0)
    .execute(&db.pool)
    .await?
    .rows_affected();
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Checks the "who is the visit for" of a booking: the patient themself (`None`), or one of
/// their current family members.
pub async fn visit_for(
    db: &Db,
    patient: UserId,
    member: Option<i64>,
) -> Result<Option<i64>, AppError> {
    let Some(id) = member else {
        return Ok(None);
    };
    let refused = || AppError::field("for_dependant", ValidationCode::NotAChoice);
    let mine: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM dependants WHERE id = $1 AND guardian_id = $2 \
         AND removed_at IS NULL",
    )
    .bind(id)
    .bind(patient.0)
    .fetch_one(&db.pool)
    .await?;
    if mine == 0 {
        return Err(refused());
    }
    Ok(Some(id))
}
