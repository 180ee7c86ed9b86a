//! An account whose email is not yet confirmed learns it where it matters (its account, and
//! a doctor's page before choosing a slot, not at the final tap), with a button that sends
//! the link again. The link leads back to `next`.

use crate::api::auth::ResendVerification;
use crate::components::form::{FormError, SubmitButton};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::Me;

#[component]
pub fn VerificationNotice(me: Me, next: String) -> impl IntoView {
    let i18n = use_i18n();
    let resend = ServerAction::<ResendVerification>::new();
    // Sent by the script's call, or, without a script, by the server's answer (`?resent=1`).
    let query = use_query_map();
    let sent = move || {
        matches!(resend.value().get(), Some(Ok(()))) || query.read().get("resent").is_some()
    };
    let next = StoredValue::new(next);
    (!me.email_verified).then(|| {
        view! {
            <section class="card notice-warning" aria-labelledby="verify-heading">
                <h2 id="verify-heading">{t!(i18n, account.unverified_title)}</h2>
                <p>{t!(i18n, account.unverified_text, email = me.email.clone())}</p>
                <Show when=sent fallback=move || view! {
                    <ActionForm action=resend>
                        <input type="hidden" name="next" value=next.get_value() />
                        <FormError value=resend.value() />
                        <SubmitButton label=move || t_string!(i18n, account.resend) pending=resend.pending() secondary=true />
                    </ActionForm>
                }>
                    <p role="status">{t!(i18n, account.resent)}</p>
                </Show>
            </section>
        }
    })
}
