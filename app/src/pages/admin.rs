//! The platform administration page: create clinics and reach each clinic's page (where
//! clinic admins are appointed and applications reviewed).

use crate::api::clinic_admin::CreateClinic;
use crate::api::clinics::list_clinics;
use crate::api::doctors::{specialties, AddSpecialty};
use crate::components::error_message::ErrorNotice;
use crate::components::form::{
    currency_choices, field_errors, reset_form, ChoiceField, Field, FormError, SubmitButton,
};
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::{Me, Role};

#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, admin.title).to_string()) />
        <h1>{t!(i18n, admin.title)}</h1>
        <SignedIn children=move |me: Me| {
            if me.role == Role::PlatformAdmin {
                view! { <Clinics /> <Specialties /> }.into_any()
            } else {
                view! { <p class="notice notice-error" role="alert">{t!(i18n, admin.not_admin)}</p> }.into_any()
            }
        } />
    }
}

#[component]
fn Clinics() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let clinics = Resource::new(|| (), |_| list_clinics());
    let action = ServerAction::<CreateClinic>::new();
    let errors = field_errors(action.value());
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(clinic)) = action.value().get() {
            reset_form(form);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, admin.clinic_created, name = clinic.name.clone()).to_string(),
            );
            clinics.refetch();
        }
    });
    let currencies = Signal::derive(currency_choices);
    view! {
        <div class="account-grid">
            <section class="card" aria-labelledby="clinics-heading">
                <h2 id="clinics-heading">{t!(i18n, admin.clinics_title)}</h2>
                <Suspense fallback=|| view! { <Loading lines=3 /> }>
                    {move || clinics.get().map(|result| match result {
                        Ok(list) => view! {
                            <ul class="stack-list">
                                {list.into_iter().map(|clinic| view! {
                                    <li class="staff-member">
                                        <div>
                                            <p><strong>{clinic.name.clone()}</strong></p>
                                            <p class="muted">{clinic.time_zone.clone()} " · " {clinic.currency.clone()}</p>
                                        </div>
                                        <a class="button button-secondary" href=format!("/clinic?id={}", clinic.id.0)
                                            aria-label=move || t_string!(i18n, admin.manage_named, name = clinic.name.clone()).to_string()>
                                            {t!(i18n, admin.manage)}
                                        </a>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| clinics.refetch()) /> }.into_any(),
                    })}
                </Suspense>
            </section>
            <section class="card" aria-labelledby="new-clinic-heading">
                <h2 id="new-clinic-heading">{t!(i18n, admin.new_clinic)}</h2>
                <ActionForm action=action node_ref=form attr:class="form" attr:novalidate=true>
                    <FormError value=action.value() />
                    <Field label=move || t_string!(i18n, clinic.name) name="form[name]" field="name" errors required=true />
                    <Field label=move || t_string!(i18n, clinic.time_zone) name="form[time_zone]" field="time_zone"
                        errors required=true hint=move || t_string!(i18n, clinic.time_zone_hint) />
                    <ChoiceField label=move || t_string!(i18n, clinic.currency) name="form[currency]" field="currency"
                        errors options=currencies required=true placeholder=move || t_string!(i18n, form.choose) />
                    <SubmitButton label=move || t_string!(i18n, admin.create_clinic) pending=action.pending() />
                </ActionForm>
            </section>
        </div>
    }
}

/// The specialties doctors choose from: the list, and a form to add one in both languages.
#[component]
fn Specialties() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let list = Resource::new(|| (), |_| specialties());
    let action = ServerAction::<AddSpecialty>::new();
    let errors = field_errors(action.value());
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(added)) = action.value().get() {
            reset_form(form);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, admin.specialty_added, name = added.name_en.clone()).to_string(),
            );
            list.refetch();
        }
    });
    view! {
        <div class="account-grid">
            <section class="card" aria-labelledby="specialties-heading">
                <h2 id="specialties-heading">{t!(i18n, admin.specialties_title)}</h2>
                <Suspense fallback=|| view! { <Loading lines=3 /> }>
                    {move || list.get().map(|result| match result {
                        Ok(specialties) => view! {
                            <ul class="plain-list">
                                {specialties.into_iter().map(|s| view! {
                                    <li>{s.name_en.clone()} " · " <span lang="fr">{s.name_fr.clone()}</span></li>
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
                    })}
                </Suspense>
            </section>
            <section class="card" aria-labelledby="new-specialty-heading">
                <h2 id="new-specialty-heading">{t!(i18n, admin.new_specialty)}</h2>
                <ActionForm action=action node_ref=form attr:class="form" attr:novalidate=true>
                    <FormError value=action.value() />
                    <Field label=move || t_string!(i18n, admin.name_en) name="form[name_en]" field="name_en" errors required=true />
                    <Field label=move || t_string!(i18n, admin.name_fr) name="form[name_fr]" field="name_fr" errors required=true />
                    <SubmitButton label=move || t_string!(i18n, admin.add_specialty) pending=action.pending() />
                </ActionForm>
            </section>
        </div>
    }
}
