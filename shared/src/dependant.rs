//! Family members: people a patient books for (a child, an elderly parent). They have no
//! account of their own; their appointments belong to the patient who manages them, and only
//! that patient (and the clinic that sees them) can read them.

use crate::person::{BirthDate, PersonName};
use crate::validation::{ValidationCode, ValidationErrors};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a family member is related to the patient managing them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Child,
    Parent,
    Spouse,
    Sibling,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 5] = [
        Relation::Child,
        Relation::Parent,
        Relation::Spouse,
        Relation::Sibling,
        Relation::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Child => "child",
            Relation::Parent => "parent",
            Relation::Spouse => "spouse",
            Relation::Sibling => "sibling",
            Relation::Other => "other",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, ValidationCode> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ValidationCode::Required);
        }
        Self::ALL
            .into_iter()
            .find(|relation| relation.as_str() == raw)
            .ok_or(ValidationCode::NotAChoice)
    }
}

/// A family member as the form sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DependantForm {
    pub first_name: String,
    pub last_name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `child`, `parent`, `spouse`, `sibling` or `other`.
    pub relation: String,
}

/// A family member that passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDependant {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub birth_date: BirthDate,
    pub relation: Relation,
}

impl NewDependant {
    /// Checks every field and names each one refused.
    pub fn parse(form: &DependantForm, today: NaiveDate) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let first_name = errors.check("first_name", PersonName::parse(&form.first_name));
        let last_name = errors.check("last_name", PersonName::parse(&form.last_name));
        let birth_date = errors.check("birth_date", BirthDate::parse(&form.birth_date, today));
        let relation = errors.check("relation", Relation::parse(&form.relation));
        match (first_name, last_name, birth_date, relation) {
            (Some(first_name), Some(last_name), Some(birth_date), Some(relation)) => Ok(Self {
                first_name,
                last_name,
                birth_date,
                relation,
            }),
            _ => Err(errors),
        }
    }
}

/// A family member, as their patient sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dependant {
    pub id: i64,
    pub first_name: String,
    pub last_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2019-05-14"))]
    pub birth_date: NaiveDate,
    pub relation: Relation,
}

impl Dependant {
    pub fn full_name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }
}

/// The family member an appointment is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitFor {
    pub dependant_id: i64,
    pub name: String,
    pub relation: Relation,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "2019-05-14"))]
    pub birth_date: NaiveDate,
}

/// How many family members one patient may manage.
pub const MAX_DEPENDANTS: i64 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
    }

    fn form() -> DependantForm {
        DependantForm {
            first_name: "Lina".into(),
            last_name: "Mansour".into(),
            birth_date: "2019-05-14".into(),
            relation: "child".into(),
        }
    }

    #[test]
    fn a_family_member_parses() {
        let dependant = NewDependant::parse(&form(), today()).unwrap();
        assert_eq!(dependant.first_name.as_str(), "Lina");
        assert_eq!(dependant.relation, Relation::Child);
        assert_eq!(dependant.birth_date.age_on(today()), 7);
    }

    #[test]
    fn every_refused_field_is_named() {
        let bad = DependantForm {
            first_name: " ".into(),
            last_name: "Mansour".into(),
            birth_date: "2030-01-01".into(),
            relation: "cousin".into(),
        };
        let errors = NewDependant::parse(&bad, today()).unwrap_err();
        assert_eq!(
            errors.for_field("first_name"),
            Some(&ValidationCode::Required)
        );
        assert!(errors.for_field("birth_date").is_some());
        assert_eq!(
            errors.for_field("relation"),
            Some(&ValidationCode::NotAChoice)
        );
        assert_eq!(errors.for_field("last_name"), None);
    }

    #[test]
    fn relations_read_back() {
        for relation in Relation::ALL {
            assert_eq!(Relation::parse(relation.as_str()), Ok(relation));
        }
        assert_eq!(Relation::parse(""), Err(ValidationCode::Required));
    }
}
