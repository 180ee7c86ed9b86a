use crate::api::auth::SignUp;
use crate::components::form::{field_errors, Field, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::session::here;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// The language the page is shown in, sent with sign-up forms so emails use it too.
#[component]
pub fn LanguageInput(name: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <input type="hidden" name=name value=move || match i18n.get_locale() {
            Locale::fr => "fr",
            Locale::en => "en",
        } />
    }
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignUp>::new();
    let errors = field_errors(action.value());
    // Done by the script's call, or, without a script, by the server's answer: `?sent=1`.
    let query = leptos_router::hooks::use_query_map();
    let done =
        move || matches!(action.value().get(), Some(Ok(()))) || query.read().get("sent").is_some();
    // The page the visitor was on (a slot they chose): the verification link leads back to it.
    let next = move || {
        query.track();
        let (_, raw) = here();
        shared::navigation::query_value(&raw, "next")
            .filter(|next| shared::navigation::safe_next(next).is_some())
    };
    let login = move || shared::navigation::with_next("/login", next().as_deref());

    view! {
        <Title text=localized(|locale| td_string!(locale, auth.signup_title).to_string()) />
        <section class="auth-card">
            <h1>{t!(i18n, auth.signup_title)}</h1>
            <Show when=done fallback=move || view! {
                <p class="lead">{t!(i18n, auth.signup_intro)}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormError value=action.value() />
                    <div class="field-row">
                        <Field label=move || t_string!(i18n, auth.first_name) name="form[first_name]"
                            field="first_name" autocomplete="given-name" errors required=true />
                        <Field label=move || t_string!(i18n, auth.last_name) name="form[last_name]"
                            field="last_name" autocomplete="family-name" errors required=true />
                    </div>
                    <Field label=move || t_string!(i18n, auth.email) name="form[email]" field="email"
                        kind="email" autocomplete="email" errors required=true />
                    <Field label=move || t_string!(i18n, auth.phone) name="form[phone]" field="phone"
                        kind="tel" autocomplete="tel" errors required=true
                        hint=move || t_string!(i18n, auth.phone_hint) />
                    <Field label=move || t_string!(i18n, auth.birth_date) name="form[birth_date]"
                        field="birth_date" kind="date" autocomplete="bday" errors required=true />
                    <Field label=move || t_string!(i18n, auth.password) name="form[password]"
                        field="password" kind="password" autocomplete="new-password" errors required=true
                        hint=move || t_string!(i18n, auth.password_hint) />
                    <LanguageInput name="form[language]" />
                    <input type="hidden" name="form[next]" value=move || next().unwrap_or_default() />
                    <SubmitButton label=move || t_string!(i18n, auth.signup_submit) pending=action.pending() />
                </ActionForm>
                <p>{t!(i18n, auth.have_account)} " " <a href=login>{t!(i18n, auth.login_link)}</a></p>
            }>
                <div class="notice notice-success" role="status">
                    <h2>{t!(i18n, auth.check_email_title)}</h2>
                    <p>{t!(i18n, auth.signup_done)}</p>
                </div>
                <p><a class="button button-primary" href=login>{t!(i18n, auth.login_link)}</a></p>
            </Show>
        </section>
    }
}
