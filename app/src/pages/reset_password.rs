use crate::api::auth::ResetPassword;
use crate::components::form::{field_errors, Field, FieldMessage, FormError, SubmitButton};
use crate::components::head::localized;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Choose a new password from an emailed reset link, or a first one from an invitation
/// (`welcome=1`).
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let welcome = move || query.read().get("welcome").is_some();
    let action = ServerAction::<ResetPassword>::new();
    let errors = field_errors(action.value());
    // Done by the script's call, or, without a script, by the server's answer (`?done=1`).
    let answered = leptos_router::hooks::use_query_map();
    let done = move || {
        matches!(action.value().get(), Some(Ok(()))) || answered.read().get("done").is_some()
    };
    let title = move || {
        if welcome() {
            t_string!(i18n, auth.welcome_title).to_string()
        } else {
            t_string!(i18n, auth.reset_title).to_string()
        }
    };

    view! {
        <Title text=localized(move |locale| {
            if welcome() {
                td_string!(locale, auth.welcome_title).to_string()
            } else {
                td_string!(locale, auth.reset_title).to_string()
            }
        }) />
        <section class="auth-card">
            <h1>{title}</h1>
            <Show when=done fallback=move || view! {
                <ActionForm action=action attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="token" value=token prop:value=token />
                    <FormError value=action.value() />
                    <FieldMessage field="token" errors=field_errors(action.value()) />
                    <Field label=move || t_string!(i18n, auth.new_password) name="password"
                        field="password" kind="password" autocomplete="new-password" errors required=true
                        hint=move || t_string!(i18n, auth.password_hint) />
                    <SubmitButton label=move || t_string!(i18n, auth.reset_submit) pending=action.pending() />
                </ActionForm>
            }>
                <div class="notice notice-success" role="status">
                    <p>{t!(i18n, auth.reset_done)}</p>
                </div>
                <p><a class="button button-primary" href="/login">{t!(i18n, auth.login_link)}</a></p>
            </Show>
        </section>
    }
}
