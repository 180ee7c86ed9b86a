use crate::api::auth::LogIn;
use crate::components::form::{field_errors, Field, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::session::use_current_user;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};

/// Where to go after logging in: a local path from `?next=`, else "my account". Anything
/// that could leave the site (`//evil.example`, `https://…`) is ignored.
pub fn safe_next(next: Option<String>) -> String {
    next.filter(|path| path.starts_with('/') && !path.starts_with("//") && !path.contains('\\'))
        .unwrap_or_else(|| "/account".to_owned())
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let action = ServerAction::<LogIn>::new();
    let errors = field_errors(action.value());
    let query = use_query_map();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            user.reload();
            let next = safe_next(query.read_untracked().get("next"));
            navigate(&next, Default::default());
        }
    });

    view! {
        <Title text=localized(|locale| td_string!(locale, auth.login_title).to_string()) />
        <section class="auth-card">
            <h1>{t!(i18n, auth.login_title)}</h1>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormError value=action.value() />
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

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(safe_next(Some("/clinic".into())), "/clinic");
        assert_eq!(safe_next(None), "/account");
        assert_eq!(safe_next(Some("//evil.example".into())), "/account");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/account");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/account");
    }
}
