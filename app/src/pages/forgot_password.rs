use crate::api::auth::RequestPasswordReset;
use crate::components::form::{field_errors, Field, FormError, SubmitButton};
use crate::components::head::localized;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<RequestPasswordReset>::new();
    let errors = field_errors(action.value());
    // Done by the script's call, or, without a script, by the server's answer (`?sent=1`).
    let answered = leptos_router::hooks::use_query_map();
    let done = move || {
        matches!(action.value().get(), Some(Ok(()))) || answered.read().get("sent").is_some()
    };

    view! {
        <Title text=localized(|locale| td_string!(locale, auth.forgot_title).to_string()) />
        <section class="auth-card">
            <h1>{t!(i18n, auth.forgot_title)}</h1>
            <Show when=done fallback=move || view! {
                <p>{t!(i18n, auth.forgot_intro)}</p>
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <FormError value=action.value() />
                    <Field label=move || t_string!(i18n, auth.email) name="email" field="email"
                        kind="email" autocomplete="email" errors required=true />
                    <SubmitButton label=move || t_string!(i18n, auth.forgot_submit) pending=action.pending() />
                </ActionForm>
            }>
                <div class="notice notice-success" role="status">
                    <p>{t!(i18n, auth.forgot_done)}</p>
                </div>
            </Show>
            <p><a href="/login">{t!(i18n, auth.login_link)}</a></p>
        </section>
    }
}
