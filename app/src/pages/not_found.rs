use crate::components::head::localized;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// Shown for any path no route matches, with an HTTP 404 status on the server-rendered page.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, not_found.title).to_string()) />
        <section class="not-found">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.text)}</p>
            <a class="button button-primary" href="/">{t!(i18n, not_found.back_home)}</a>
        </section>
    }
}
