use crate::api::auth::ApplyAsDoctor;
use crate::api::clinics::list_clinics;
use crate::api::doctors::specialties;
use crate::components::form::{field_errors, ChoiceField, Field, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::i18n::*;
use crate::pages::sign_up::LanguageInput;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DoctorApplicationPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ApplyAsDoctor>::new();
    let errors = field_errors(action.value());
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let clinics = Resource::new(|| (), |_| list_clinics());
    let specialty_list = Resource::new(|| (), |_| specialties());
    // The choices come from the server: the select lists render once both lists are in,
    // on the server and in the browser alike, so hydration finds the same options.
    let choices = move || {
        let language = language_of(i18n.get_locale());
        let clinics = clinics.get()?.ok()?;
        let specialties = specialty_list.get()?.ok()?;
        let clinics: Vec<(String, String)> = clinics
            .into_iter()
            .map(|c| (c.id.0.to_string(), c.name))
            .collect();
        let specialties: Vec<(String, String)> = specialties
            .into_iter()
            .map(|s| (s.id.to_string(), s.name(language).to_owned()))
            .collect();
        Some((clinics, specialties))
    };
    view! {
        <Title text=localized(|locale| td_string!(locale, auth.apply_title).to_string()) />
        <section class="auth-card">
            <h1>{t!(i18n, auth.apply_title)}</h1>
            <Show when=done fallback=move || view! {
                <p class="lead">{t!(i18n, auth.apply_intro)}</p>
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
                    <Suspense fallback=|| view! { <Loading lines=2 /> }>
                        {move || choices().map(|(clinic_options, specialty_options)| view! {
                            <ChoiceField label=move || t_string!(i18n, auth.clinic) name="form[clinic_id]"
                                field="clinic_id" errors options=Signal::stored(clinic_options) required=true
                                placeholder=move || t_string!(i18n, form.choose) />
                            <ChoiceField label=move || t_string!(i18n, auth.specialty) name="form[specialty_id]"
                                field="specialty_id" errors options=Signal::stored(specialty_options) required=true
                                placeholder=move || t_string!(i18n, form.choose) />
                        })}
                    </Suspense>
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
