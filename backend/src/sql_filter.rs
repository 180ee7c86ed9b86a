//! Filters written as SQL: fixed fragments with numbered placeholders and their values, so
//! a search's optional filters are added one by one and the same conditions serve a page and
//! its count. Only fixed fragments are written into the SQL text; every value is bound.

use shared::{ValidationCode, ValidationErrors};

/// A value bound to a query, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Bind {
    Int(i64),
    Text(String),
}

/// Conditions joined with ` AND `, each placeholder numbered after the ones before it.
#[derive(Debug, Default)]
pub(crate) struct Conditions {
    pub sql: String,
    pub binds: Vec<Bind>,
    /// Placeholders the query holds before these conditions (`$1` for a fixed id, say).
    numbered_after: usize,
}

impl Conditions {
    /// Conditions that follow `placeholders` values already in the query.
    pub fn after(placeholders: usize) -> Self {
        Self {
            numbered_after: placeholders,
            ..Self::default()
        }
    }

    /// Adds `fragment`, whose `{}` placeholders are numbered for `values` in order.
    pub fn add(&mut self, fragment: &str, values: Vec<Bind>) {
        let mut pieces = fragment.split("{}");
        self.sql.push_str(" AND ");
        self.sql.push_str(pieces.next().unwrap_or_default());
        let mut values = values.into_iter();
        for piece in pieces {
            let value = values
                .next()
                .expect("every fragment is written with one value per placeholder");
            self.binds.push(value);
            self.sql
                .push_str(&format!("${}", self.numbered_after + self.binds.len()));
            self.sql.push_str(piece);
        }
    }
}

/// Binds `binds` to `query` in order.
pub(crate) fn bind_all<'q, O>(
    mut query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    for bind in binds {
        query = match bind {
            Bind::Int(value) => query.bind(*value),
            Bind::Text(value) => query.bind(value.as_str()),
        };
    }
    query
}

/// A LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally (the
/// fragment says `ESCAPE '\'`).
pub(crate) fn contains_pattern(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// An optional parameter: `None` when missing or blank, otherwise parsed, a refusal recorded
/// under `field`.
pub(crate) fn optional<T>(
    errors: &mut ValidationErrors,
    field: &str,
    raw: &Option<String>,
    parse: impl FnOnce(&str) -> Result<T, ValidationCode>,
) -> Option<T> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => errors.check(field, parse(text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_in_a_search_are_literal() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn conditions_number_their_placeholders_in_order() {
        let mut conditions = Conditions::default();
        conditions.add("a = {}", vec![Bind::Int(1)]);
        conditions.add("b > {} AND b < {}", vec![Bind::Int(2), Bind::Int(3)]);
        assert_eq!(conditions.sql, " AND a = $1 AND b > $2 AND b < $3");
        assert_eq!(
            conditions.binds,
            vec![Bind::Int(1), Bind::Int(2), Bind::Int(3)]
        );
    }

    #[test]
    fn conditions_after_a_fixed_value_start_at_two() {
        let mut conditions = Conditions::after(1);
        conditions.add("r.stars = {}", vec![Bind::Int(5)]);
        assert_eq!(conditions.sql, " AND r.stars = $2");
    }
}
