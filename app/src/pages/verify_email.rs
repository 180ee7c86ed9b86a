use crate::api::auth::VerifyEmail;
use crate::components::form::{field_errors, FieldMessage, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::session::{here, use_current_user};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The page an emailed verification link opens. Opening it changes nothing by itself (a GET
/// never does, and mail scanners open links): the button confirms. In the browser where the
/// account is signed in (the one that signed up, usually), the page's script presses it
/// at once, so verifying is one step. Then it leads on to `next`: the slot the patient was
/// booking when they signed up.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    // Read from the raw address, decoded once (the router's query map decodes twice).
    let next = move || {
        query.track();
        let (_, raw) = here();
        shared::navigation::query_value(&raw, "next")
            .filter(|next| shared::navigation::safe_next(next).is_some())
    };
    let action = ServerAction::<VerifyEmail>::new();
    // Done by the script's call, or, without a script, by the server's answer (`?verified=1`).
    let done = move || {
        matches!(action.value().get(), Some(Ok(()))) || query.read().get("verified").is_some()
    };
    Effect::new(move |_| {
        if done() {
            user.reload();
        }
    });
    // One step when this account's session is here: confirm without waiting for the tap.
    Effect::new(move |started: Option<bool>| {
        if started == Some(true) {
            return true;
        }
        let waiting = user.get().is_some_and(|me| !me.email_verified);
        let token = token();
        if waiting && !token.is_empty() && !done() {
            action.dispatch(VerifyEmail {
                token,
                next: next().unwrap_or_default(),
            });
            return true;
        }
        false
    });
    let continue_to = move || next().unwrap_or_else(|| "/account".to_owned());
    let continue_label = move || {
        if next().is_some() {
            t_string!(i18n, auth.verify_continue).to_string()
        } else {
            t_string!(i18n, nav.account).to_string()
        }
    };

    view! {
        <Title text=localized(|locale| td_string!(locale, auth.verify_title).to_string()) />
        <section class="auth-card">
            <h1>{t!(i18n, auth.verify_title)}</h1>
            <Show when=done fallback=move || view! {
                <p>{t!(i18n, auth.verify_intro)}</p>
                <ActionForm action=action attr:class="form">
                    <input type="hidden" name="token" value=token prop:value=token />
                    <input type="hidden" name="next" value=move || next().unwrap_or_default() />
                    <FormError value=action.value() />
                    <FieldMessage field="token" errors=field_errors(action.value()) />
                    <SubmitButton label=move || t_string!(i18n, auth.verify_submit) pending=action.pending() />
                </ActionForm>
            }>
                <div class="notice notice-success" role="status">
                    <p>{t!(i18n, auth.verify_done)}</p>
                </div>
                <p><a class="button button-primary" href=continue_to>{continue_label}</a></p>
            </Show>
        </section>
    }
}
