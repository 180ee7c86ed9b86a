//! The UI's locale as the model names it: pages and components pass a `shared::Language` to
//! the rules and texts that `shared` writes (dates, prices, payment notes).

use crate::i18n::Locale;
use shared::Language;

/// The UI language as the model names it.
pub fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::fr => Language::Fr,
        Locale::en => Language::En,
    }
}
