//! "My account": profile and photo, password, sessions, and where a doctor's application
//! stands.

use crate::api::account::{ChangePassword, UpdateProfile};
use crate::api::auth::{log_out, log_out_everywhere};
use crate::components::error_message::{error_text, validation_text};
use crate::components::family::FamilySection;
use crate::components::form::{
    field_errors, reset_form, ChoiceField, Field, FormError, SubmitButton,
};
use crate::components::head::localized;
use crate::components::session::{use_current_user, SignedIn};
use crate::components::toasts::{use_toasts, ToastKind};
use crate::components::verification::VerificationNotice;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::{ApplicationStatus, BloodGroup, Gender, Me, Role, ValidationCode};

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, account.title).to_string()) />
        <h1>{t!(i18n, account.title)}</h1>
        <SignedIn children=move |me: Me| view! {
            <div class="account-grid">
                <VerificationNotice me=me.clone() next="/account".to_owned() />
                <ApplicationStatusCard me=me.clone() />
                <PhotoSection me=me.clone() />
                <ProfileSection me=me.clone() />
                {(me.role == Role::Patient).then(|| view! { <FamilySection /> })}
                <PasswordSection />
                <SessionsSection />
            </div>
        }.into_any() />
    }
}

#[component]
fn ApplicationStatusCard(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    me.application.map(|application| {
        let clinic = me.clinic_name.clone().unwrap_or_default();
        let reason = application.refusal_reason.clone().unwrap_or_default();
        view! {
            <section class="card" aria-labelledby="application-heading">
                <h2 id="application-heading">{t!(i18n, account.application_title)}</h2>
                {match application.status {
                    ApplicationStatus::Pending => view! {
                        <p><span class="badge badge-pending">{t!(i18n, status.pending)}</span> " "
                        {t!(i18n, account.application_pending, clinic = clinic.clone())}</p>
                    }.into_any(),
                    ApplicationStatus::Approved => view! {
                        <p><span class="badge badge-approved">{t!(i18n, status.approved)}</span> " "
                        {t!(i18n, account.application_approved, clinic = clinic.clone())}</p>
                    }.into_any(),
                    ApplicationStatus::Refused => view! {
                        <p><span class="badge badge-refused">{t!(i18n, status.refused)}</span> " "
                        {t!(i18n, account.application_refused, clinic = clinic.clone())}</p>
                        <blockquote>{reason.clone()}</blockquote>
                    }.into_any(),
                }}
            </section>
        }
    })
}

/// Sends the chosen picture to the server as the request body.
#[cfg(feature = "hydrate")]
async fn upload_photo(file: web_sys::File) -> Result<Me, AppError> {
    let transport = |e: gloo_net::Error| AppError::Transport(e.to_string());
    let response = gloo_net::http::Request::post("/account/photo")
        .header("content-type", &file.type_())
        .body(file)
        .map_err(transport)?
        .send()
        .await
        .map_err(transport)?;
    if response.ok() {
        response.json::<Me>().await.map_err(transport)
    } else {
        Err(response
            .json::<AppError>()
            .await
            .unwrap_or(AppError::Internal))
    }
}

#[component]
fn PhotoSection(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let toasts = use_toasts();
    let photo = RwSignal::new(me.photo_url.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let initials: String = [&me.first_name, &me.last_name]
        .iter()
        .filter_map(|name| name.chars().next())
        .collect();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = input
            .get()
            .and_then(|element| element.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            error.set(Some(AppError::field("photo", ValidationCode::Required)));
            return;
        };
        pending.set(true);
        #[cfg(feature = "hydrate")]
        leptos::task::spawn_local(async move {
            match upload_photo(file).await {
                Ok(me) => {
                    photo.set(me.photo_url);
                    error.set(None);
                    user.reload();
                    toasts.push(
                        ToastKind::Success,
                        t_string!(i18n, account.photo_saved).to_string(),
                    );
                }
                Err(problem) => error.set(Some(problem)),
            }
            pending.set(false);
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = (file, user, toasts);
    };
    let message = move || {
        error.get().map(|problem| match &problem {
            AppError::Validation(errors) => errors
                .for_field("photo")
                .map(|code| validation_text(i18n.get_locale(), code))
                .unwrap_or_else(|| error_text(i18n.get_locale(), &problem)),
            other => error_text(i18n.get_locale(), other),
        })
    };
    view! {
        <section class="card" aria-labelledby="photo-heading">
            <h2 id="photo-heading">{t!(i18n, account.photo_title)}</h2>
            <div class="photo-row">
                {move || match photo.get() {
                    Some(url) => view! {
                        <img class="avatar" src=url alt=move || t_string!(i18n, account.photo_alt).to_string() width="96" height="96" />
                    }.into_any(),
                    None => view! { <span class="avatar avatar-initials" aria-hidden="true">{initials.clone()}</span> }.into_any(),
                }}
                <form class="form" on:submit=on_submit>
                    <div class="field" class:field-invalid=move || message().is_some()>
                        <label for="photo-input">{t!(i18n, account.photo_choose)}</label>
                        <p class="field-hint" id="photo-hint">{t!(i18n, account.photo_hint)}</p>
                        <input id="photo-input" type="file" accept="image/jpeg,image/png,image/webp"
                            node_ref=input aria-describedby="photo-hint photo-error" />
                        <p class="field-error" id="photo-error" role="alert" hidden=move || message().is_none()>{message}</p>
                    </div>
                    <SubmitButton label=move || t_string!(i18n, account.photo_upload) pending=pending secondary=true />
                </form>
            </div>
        </section>
    }
}

#[component]
fn ProfileSection(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let toasts = use_toasts();
    let action = ServerAction::<UpdateProfile>::new();
    let errors = field_errors(action.value());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            user.reload();
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, account.profile_saved).to_string(),
            );
        }
    });
    let patient = me.role == Role::Patient;
    let text = |value: String| Signal::derive(move || value.clone());
    let genders = Signal::derive(move || {
        Gender::ALL
            .iter()
            .map(|g| {
                let label = match g {
                    Gender::Female => t_string!(i18n, account.gender_female),
                    Gender::Male => t_string!(i18n, account.gender_male),
                    Gender::Other => t_string!(i18n, account.gender_other),
                };
                (g.as_str().to_owned(), label.to_string())
            })
            .collect::<Vec<_>>()
    });
    let blood_groups = Signal::derive(|| {
        BloodGroup::ALL
            .iter()
            .map(|g| (g.as_str().to_owned(), g.label()))
            .collect::<Vec<_>>()
    });
    let languages = Signal::derive(|| {
        vec![
            ("en".to_owned(), "English".to_owned()),
            ("fr".to_owned(), "Français".to_owned()),
        ]
    });
    view! {
        <section class="card" aria-labelledby="profile-heading">
            <h2 id="profile-heading">{t!(i18n, account.profile_title)}</h2>
            <p class="muted">{t!(i18n, account.signed_in_as, email = me.email.clone())}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <FormError value=action.value() />
                <div class="field-row">
                    <Field label=move || t_string!(i18n, auth.first_name) name="form[first_name]" field="first_name"
                        autocomplete="given-name" errors required=true value=text(me.first_name.clone()) />
                    <Field label=move || t_string!(i18n, auth.last_name) name="form[last_name]" field="last_name"
                        autocomplete="family-name" errors required=true value=text(me.last_name.clone()) />
                </div>
                <div class="field-row">
                    <Field label=move || t_string!(i18n, auth.phone) name="form[phone]" field="phone" kind="tel"
                        autocomplete="tel" errors required=patient value=text(me.phone.clone()) />
                    <Field label=move || t_string!(i18n, auth.birth_date) name="form[birth_date]" field="birth_date"
                        kind="date" autocomplete="bday" errors required=patient
                        value=text(me.birth_date.clone().unwrap_or_default()) />
                </div>
                <div class="field-row">
                    <ChoiceField label=move || t_string!(i18n, account.gender) name="form[gender]" field="gender"
                        errors options=genders placeholder=move || t_string!(i18n, form.not_given)
                        value=text(me.gender.map(|g| g.as_str().to_owned()).unwrap_or_default()) />
                    <ChoiceField label=move || t_string!(i18n, account.blood_group) name="form[blood_group]"
                        field="blood_group" errors options=blood_groups placeholder=move || t_string!(i18n, form.not_given)
                        value=text(me.blood_group.map(|g| g.as_str().to_owned()).unwrap_or_default()) />
                </div>
                <Field label=move || t_string!(i18n, account.address) name="form[address]" field="address"
                    errors multiline=true value=text(me.address.clone()) />
                <ChoiceField label=move || t_string!(i18n, account.email_language) name="form[language]"
                    field="language" errors options=languages value=text(me.language.code().to_owned()) />
                <SubmitButton label=move || t_string!(i18n, account.profile_save) pending=action.pending() />
            </ActionForm>
        </section>
    }
}

#[component]
fn PasswordSection() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<ChangePassword>::new();
    let errors = field_errors(action.value());
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            reset_form(form);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, account.password_changed).to_string(),
            );
        }
    });
    view! {
        <section class="card" aria-labelledby="password-heading">
            <h2 id="password-heading">{t!(i18n, account.password_title)}</h2>
            <p class="muted">{t!(i18n, account.password_note)}</p>
            <ActionForm action=action node_ref=form attr:class="form" attr:novalidate=true>
                <FormError value=action.value() />
                <Field label=move || t_string!(i18n, account.current_password) name="form[current_password]"
                    field="current_password" kind="password" autocomplete="current-password" errors required=true />
                <Field label=move || t_string!(i18n, auth.new_password) name="form[new_password]"
                    field="new_password" kind="password" autocomplete="new-password" errors required=true
                    hint=move || t_string!(i18n, auth.password_hint) />
                <SubmitButton label=move || t_string!(i18n, account.password_save) pending=action.pending() />
            </ActionForm>
        </section>
    }
}

#[component]
fn SessionsSection() -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    let navigate = leptos_router::hooks::use_navigate();
    let everywhere = Action::new(|_: &()| log_out_everywhere());
    let here = Action::new(|_: &()| log_out());
    let leave = move || {
        user.reload();
        navigate("/", Default::default());
    };
    let leave_too = leave.clone();
    Effect::new(move |_| {
        if let Some(Ok(())) = here.value().get() {
            leave();
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = everywhere.value().get() {
            leave_too();
        }
    });
    view! {
        <section class="card" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">{t!(i18n, account.sessions_title)}</h2>
            <p class="muted">{t!(i18n, account.sessions_note)}</p>
            <div class="button-row">
                <button type="button" class="button button-secondary" on:click=move |_| { here.dispatch(()); }>
                    {t!(i18n, nav.log_out)}
                </button>
                <button type="button" class="button button-secondary" on:click=move |_| { everywhere.dispatch(()); }>
                    {t!(i18n, account.log_out_everywhere)}
                </button>
            </div>
        </section>
    }
}
