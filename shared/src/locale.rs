//! The languages Salus speaks. Stored on each account so emails go out in the reader's language.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::En, Language::Fr];

    /// Whether `count` takes the singular in this language (CLDR's cardinal "one": English
    /// 1 only, French 0 and 1): "1 rating", "0 avis", "1 créneau", "0 créneau".
    pub fn singular(self, count: i64) -> bool {
        match self {
            Language::En => count == 1,
            Language::Fr => count == 0 || count == 1,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    /// Accepts a BCP 47 tag ("fr-CA", "en_GB") and keeps the primary language, falling back to
    /// English for languages Salus does not speak yet.
    pub fn from_tag(tag: &str) -> Self {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|l| l.code() == primary)
            .unwrap_or_default()
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn singular_follows_each_language() {
        assert!(Language::En.singular(1));
        assert!(!Language::En.singular(0));
        assert!(!Language::En.singular(2));
        assert!(Language::Fr.singular(0));
        assert!(Language::Fr.singular(1));
        assert!(!Language::Fr.singular(2));
    }

    use super::*;

    #[test]
    fn regional_tags_keep_their_language() {
        assert_eq!(Language::from_tag("fr-CA"), Language::Fr);
        assert_eq!(Language::from_tag("FR"), Language::Fr);
        assert_eq!(Language::from_tag("en_GB"), Language::En);
    }

    #[test]
    fn unknown_languages_fall_back_to_english() {
        assert_eq!(Language::from_tag("de-DE"), Language::En);
        assert_eq!(Language::from_tag(""), Language::En);
    }
}
