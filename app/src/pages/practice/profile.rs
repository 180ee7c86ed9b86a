//! The doctor's public profile editor, with a preview of the card patients see.

use super::{DoctorOnly, PracticeNav, PracticeTab};
use crate::api::doctors::specialties;
use crate::api::practice::{my_doctor_profile, save_doctor_profile};
use crate::components::doctor_card::DoctorCardView;
use crate::components::error_message::ErrorNotice;
use crate::components::form::{
    CheckboxGroup, ChoiceField, Field, FormError, RadioGroup, SubmitButton,
};
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::doctor::CONSULTATION_MINUTES;
use shared::{DoctorProfile, DoctorProfileForm, Me, Specialty, SpokenLanguage, ValidationErrors};

#[component]
pub fn PracticeProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, practice.profile_title).to_string()) />
        <PracticeNav current=PracticeTab::Profile />
        <h1>{t!(i18n, practice.profile_title)}</h1>
        <DoctorOnly children=move |_: Me| view! { <ProfileLoader /> } />
    }
}

#[component]
fn ProfileLoader() -> impl IntoView {
    let profile = Resource::new(|| (), |_| my_doctor_profile());
    let specialty_list = Resource::new(|| (), |_| specialties());
    let both = move || match (profile.get()?, specialty_list.get()?) {
        (Ok(profile), Ok(list)) => Some(Ok((profile, list))),
        (Err(error), _) | (_, Err(error)) => Some(Err(error)),
    };
    view! {
        <Suspense fallback=|| view! { <Loading lines=8 /> }>
            {move || both().map(|result| match result {
                Ok((profile, list)) => view! { <ProfileEditor profile specialties=list /> }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| profile.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

/// Field errors named after list entries (`qualifications[2]`) shown on their list.
fn by_list_field(errors: ValidationErrors) -> ValidationErrors {
    ValidationErrors {
        errors: errors
            .errors
            .into_iter()
            .map(|mut e| {
                if let Some(index) = e.field.find('[') {
                    e.field.truncate(index);
                }
                e
            })
            .collect(),
    }
}

/// Reads the form the doctor filled in; lists are one entry per line.
#[cfg(feature = "hydrate")]
fn read_form(form: &web_sys::HtmlFormElement) -> DoctorProfileForm {
    let data = web_sys::FormData::new_with_form(form).ok();
    let text = |key: &str| {
        data.as_ref()
            .and_then(|d| d.get(key).as_string())
            .unwrap_or_default()
    };
    let lines = |key: &str| {
        text(key)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let languages = data
        .as_ref()
        .map(|d| {
            d.get_all("languages")
                .iter()
                .filter_map(|v| v.as_string())
                .collect()
        })
        .unwrap_or_default();
    DoctorProfileForm {
        bio: text("bio"),
        specialty_id: text("specialty_id"),
        qualifications: lines("qualifications"),
        experience: lines("experience"),
        languages,
        price: text("price"),
        consultation_minutes: text("consultation_minutes"),
        payment_mode: text("payment_mode"),
        booking_mode: text("booking_mode"),
        practice_address: text("practice_address"),
        city: text("city"),
        practice_phone: text("practice_phone"),
    }
}

#[component]
fn ProfileEditor(profile: DoctorProfile, specialties: Vec<Specialty>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let saved = RwSignal::new(profile.clone());
    let save = Action::new(|form: &DoctorProfileForm| save_doctor_profile(form.clone()));
    let errors = Signal::derive(move || match save.value().get() {
        Some(Err(AppError::Validation(errors))) => Some(by_list_field(errors)),
        _ => None,
    });
    Effect::new(move |_| {
        if let Some(Ok(profile)) = save.value().get() {
            saved.set(profile);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, practice.profile_saved).to_string(),
            );
        }
    });
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(form) = form_ref.get_untracked() {
            save.dispatch(read_form(&form));
        }
    };
    let initial = profile.to_form();
    let text = |value: String| Signal::derive(move || value.clone());
    let currency = profile
        .card
        .price
        .map(|p| p.currency.code().to_owned())
        .unwrap_or_default();
    let specialty_options = Signal::derive(move || {
        let language = language_of(i18n.get_locale());
        let mut options: Vec<(String, String)> = specialties
            .iter()
            .map(|s| (s.id.to_string(), s.name(language).to_owned()))
            .collect();
        options.sort_by(|a, b| a.1.cmp(&b.1));
        options
    });
    let lengths = Signal::derive(move || {
        CONSULTATION_MINUTES
            .iter()
            .map(|m| {
                (
                    m.to_string(),
                    t_string!(i18n, practice.minutes, minutes = *m).to_string(),
                )
            })
            .collect::<Vec<_>>()
    });
    let payment_options = Signal::derive(move || {
        vec![
            (
                "at_visit".to_owned(),
                t_string!(i18n, doctors.pay_at_visit).to_string(),
                t_string!(i18n, practice.pay_at_visit_hint).to_string(),
            ),
            (
                "online".to_owned(),
                t_string!(i18n, doctors.pay_online).to_string(),
                t_string!(i18n, practice.pay_online_hint).to_string(),
            ),
        ]
    });
    let booking_options = Signal::derive(move || {
        vec![
            (
                "approval".to_owned(),
                t_string!(i18n, practice.booking_approval).to_string(),
                t_string!(i18n, practice.booking_approval_hint).to_string(),
            ),
            (
                "instant".to_owned(),
                t_string!(i18n, practice.booking_instant).to_string(),
                t_string!(i18n, practice.booking_instant_hint).to_string(),
            ),
        ]
    });
    let language_options = Signal::derive(move || {
        let reader = language_of(i18n.get_locale());
        SpokenLanguage::ALL
            .iter()
            .map(|l| (l.as_str().to_owned(), l.name(reader).to_owned()))
            .collect::<Vec<_>>()
    });
    let doctor_id = profile.card.id.0;
    view! {
        <div class="editor-layout">
            <form class="form card" node_ref=form_ref on:submit=on_submit novalidate>
                <FormError value=save.value() />
                <p class="muted">{t!(i18n, practice.required_note)} " " <a href="/account">{t!(i18n, practice.photo_on_account)}</a></p>
                <ChoiceField label=move || t_string!(i18n, auth.specialty) name="specialty_id" field="specialty_id"
                    errors options=specialty_options value=text(initial.specialty_id.clone()) required=true
                    placeholder=move || t_string!(i18n, form.choose) />
                <div class="field-row">
                    <Field label=move || t_string!(i18n, practice.price, currency = currency.clone()) name="price" field="price"
                        errors value=text(initial.price.clone()) required=true input_mode="decimal"
                        hint=move || t_string!(i18n, practice.price_hint) />
                    <ChoiceField label=move || t_string!(i18n, practice.consultation_length) name="consultation_minutes"
                        field="consultation_minutes" errors options=lengths value=text(initial.consultation_minutes.clone()) required=true />
                </div>
                <RadioGroup legend=move || t_string!(i18n, practice.payment_mode) name="payment_mode" field="payment_mode"
                    errors options=payment_options selected=text(initial.payment_mode.clone()) />
                <RadioGroup legend=move || t_string!(i18n, practice.booking_mode) name="booking_mode" field="booking_mode"
                    errors options=booking_options selected=text(initial.booking_mode.clone()) />
                <div class="field-row">
                    <Field label=move || t_string!(i18n, doctors.city) name="city" field="city" errors
                        value=text(initial.city.clone()) required=true autocomplete="address-level2" />
                    <Field label=move || t_string!(i18n, practice.practice_phone) name="practice_phone" field="practice_phone"
                        kind="tel" errors value=text(initial.practice_phone.clone()) autocomplete="tel" />
                </div>
                <Field label=move || t_string!(i18n, practice.practice_address) name="practice_address" field="practice_address"
                    errors multiline=true value=text(initial.practice_address.clone()) required=true />
                <CheckboxGroup legend=move || t_string!(i18n, doctors.languages_spoken) name="languages" field="languages"
                    errors options=language_options checked=Signal::derive({
                        let languages = initial.languages.clone();
                        move || languages.clone()
                    }) />
                <Field label=move || t_string!(i18n, doctors.about) name="bio" field="bio" errors multiline=true
                    value=text(initial.bio.clone()) hint=move || t_string!(i18n, practice.bio_hint) />
                <Field label=move || t_string!(i18n, doctors.qualifications) name="qualifications" field="qualifications"
                    errors multiline=true value=text(initial.qualifications.join("\n")) hint=move || t_string!(i18n, practice.one_per_line) />
                <Field label=move || t_string!(i18n, doctors.experience) name="experience" field="experience"
                    errors multiline=true value=text(initial.experience.join("\n")) hint=move || t_string!(i18n, practice.one_per_line) />
                <SubmitButton label=move || t_string!(i18n, practice.profile_save) pending=save.pending() />
            </form>
            <aside class="preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">{t!(i18n, practice.preview_title)}</h2>
                <p class="muted">{t!(i18n, practice.preview_note)}</p>
                {move || view! { <ul class="doctor-list"><DoctorCardView card=saved.get().card /></ul> }}
                {move || (!saved.get().listed).then(|| view! { <p class="notice notice-warning">{t!(i18n, doctors.not_listed_yet)}</p> })}
                <a class="button button-secondary" href=format!("/doctors/{doctor_id}")>{t!(i18n, practice.open_public_page)}</a>
            </aside>
        </div>
    }
}
