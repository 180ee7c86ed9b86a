//! Text for the document head (`<title>`, meta description) in the reader's language.
//!
//! leptos_meta renders the head after the body has streamed, outside the request's reactive
//! arena, so reading the language signal there panics ("no Arena is active"). On the server
//! the text is therefore fixed when the page is built; in the browser it follows the
//! language switch.

use crate::i18n::*;
use leptos::prelude::*;

/// A page title in the reader's language, with the site's name after it.
pub fn localized(text: impl Fn(Locale) -> String + Send + Sync + 'static) -> TextProp {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    {
        TextProp::from(page_title(&text(i18n.get_locale_untracked())))
    }
    #[cfg(not(feature = "ssr"))]
    {
        TextProp::from(move || page_title(&text(i18n.get_locale())))
    }
}

/// "Page · Salus". Each page names itself in full (rather than one `<Title formatter>` in the
/// frame): with pages hydrated lazily, a frame title hydrating before the page's own would
/// leave the document without a title.
pub fn page_title(text: &str) -> String {
    format!("{text} · Salus")
}
