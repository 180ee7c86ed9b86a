use crate::api::auth::LogIn;
use crate::components::form::{field_errors, Field, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::session::here;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<LogIn>::new();
    let errors = field_errors(action.value());
    // The page asked for travels with the form, so it also works without JavaScript; the
    // server checks it and answers where to go. Read from the raw address: the router's
    // query map decodes a value twice.
    let next = move || {
        let (_, query) = here();
        shared::navigation::query_value(&query, "next").unwrap_or_default()
    };
    Effect::new(move |_| {
        if let Some(Ok(logged_in)) = action.value().get() {
            // A whole page load, as without JavaScript: the router's own navigation would
            // decode the query of `next` (`%2B` would become a `+`, read as a space).
            let _ = window().location().set_href(&logged_in.next);
        }
    });

    view! {
        <Title text=localized(|locale| td_string!(locale, auth.login_title).to_string()) />
        <section class="auth-card">
            <h1>{t!(i18n, auth.login_title)}</h1>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormError value=action.value() />
                <input type="hidden" name="next" value=next />
                <Field label=move || t_string!(i18n, auth.email) name="email" field="email"
                    kind="email" autocomplete="email" errors required=true />
                <Field label=move || t_string!(i18n, auth.password) name="password" field="password"
                    kind="password" autocomplete="current-password" errors required=true />
                <SubmitButton label=move || t_string!(i18n, auth.login_submit) pending=action.pending() />
            </ActionForm>
            <p><a href="/forgot-password">{t!(i18n, auth.forgot_link)}</a></p>
            <p>{t!(i18n, auth.no_account)} " " <a href="/signup">{t!(i18n, auth.signup_link)}</a></p>
            <p>{t!(i18n, auth.are_you_doctor)} " " <a href="/signup/doctor">{t!(i18n, auth.apply_link)}</a></p>
        </section>
    }
}
