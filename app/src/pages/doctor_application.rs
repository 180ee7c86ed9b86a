use crate::api::auth::ApplyAsDoctor;
use crate::api::clinics::list_clinics;
use crate::api::doctors::specialties;
use crate::components::form::{field_errors, ChoiceField, Field, FormError, SubmitButton};
use crate::i18n::*;
use crate::pages::sign_up::LanguageInput;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::Language;

/// The UI language as the model names it.
pub fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::fr => Language::Fr,
        Locale::en => Language::En,
    }
}

#[component]
pub fn DoctorApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ApplyAsDoctor>::new();
    let errors = field_errors(action.value());
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let clinics = Resource::new(|| (), |_| list_clinics());
    let specialty_list = Resource::new(|| (), |_| specialties());
    let clinic_options = Signal::derive(move || {
        clinics
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|c| (c.id.0.to_string(), c.name))
            .collect::<Vec<_>>()
    });
    let specialty_options = Signal::derive(move || {
        let language = language_of(i18n.get_locale());
        specialty_list
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.id.to_string(), s.name(language).to_owned()))
            .collect::<Vec<_>>()
    });

    view! {
        <Title text=move || t_string!(i18n, auth.apply_title).to_string() />
        <section class="auth-card">
            <h1>{t!(i18n, auth.apply_title)}</h1>
            <Show when=done fallback=move || view! {
                <p class="lead">{t!(i18n, auth.apply_intro)}</p>
                <Suspense fallback=|| ()>
                    {move || { clinics.track(); specialty_list.track(); }}
                </Suspense>
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
                        kind="tel" autocomplete="tel" errors required=true />
                    <ChoiceField label=move || t_string!(i18n, auth.clinic) name="form[clinic_id]"
                        field="clinic_id" errors options=clinic_options required=true
                        placeholder=move || t_string!(i18n, form.choose) />
                    <ChoiceField label=move || t_string!(i18n, auth.specialty) name="form[specialty_id]"
                        field="specialty_id" errors options=specialty_options required=true
                        placeholder=move || t_string!(i18n, form.choose) />
                    <Field label=move || t_string!(i18n, auth.licence_number) name="form[licence_number]"
                        field="licence_number" errors required=true
                        hint=move || t_string!(i18n, auth.licence_hint) />
                    <Field label=move || t_string!(i18n, auth.password) name="form[password]"
                        field="password" kind="password" autocomplete="new-password" errors required=true
                        hint=move || t_string!(i18n, auth.password_hint) />
                    <LanguageInput name="form[language]" />
                    <SubmitButton label=move || t_string!(i18n, auth.apply_submit) pending=action.pending() />
                </ActionForm>
            }>
                <div class="notice notice-success" role="status">
                    <h2>{t!(i18n, auth.check_email_title)}</h2>
                    <p>{t!(i18n, auth.apply_done)}</p>
                </div>
                <p><a class="button button-primary" href="/login">{t!(i18n, auth.login_link)}</a></p>
            </Show>
        </section>
    }
}
