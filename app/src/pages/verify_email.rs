use crate::api::auth::VerifyEmail;
use crate::components::form::{field_errors, FieldMessage, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::session::use_current_user;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page an emailed verification link opens. Opening it changes nothing (a GET never
/// does, and mail scanners open links); the button confirms.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let action = ServerAction::<VerifyEmail>::new();
    // Done by the script's call, or, without a script, by the server's answer (`?verified=1`).
    let answered = leptos_router::hooks::use_query_map();
    let done = move || {
        matches!(action.value().get(), Some(Ok(()))) || answered.read().get("verified").is_some()
    };
    Effect::new(move |_| {
        if done() {
            user.reload();
        }
    });

    view! {
        <Title text=localized(|locale| td_string!(locale, auth.verify_title).to_string()) />
        <section class="auth-card">
            <h1>{t!(i18n, auth.verify_title)}</h1>
            <Show when=done fallback=move || view! {
                <p>{t!(i18n, auth.verify_intro)}</p>
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="token" value=token prop:value=token />
                    <FormError value=action.value() />
                    <FieldMessage field="token" errors=field_errors(action.value()) />
                    <SubmitButton label=move || t_string!(i18n, auth.verify_submit) pending=action.pending() />
                </ActionForm>
            }>
                <div class="notice notice-success" role="status">
                    <p>{t!(i18n, auth.verify_done)}</p>
                </div>
                <p><a class="button button-primary" href="/account">{t!(i18n, nav.account)}</a></p>
            </Show>
        </section>
    }
}
