//! A clinic's administration page: settings, doctor applications and staff accounts. Clinic
//! admins see their own clinic; platform admins any clinic (`/clinic?id=N`).

use crate::api::clinic_admin::{
    clinic_overview, review_application, set_staff_disabled, ClinicDashboard, InviteStaff,
    SaveClinicSettings,
};
use crate::api::doctors::specialties;
use crate::components::error_message::ErrorNotice;
use crate::components::form::{
    currency_choices, field_errors, reset_form, ChoiceField, Field, FieldMessage, FormError,
    SubmitButton,
};
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::sign_up::LanguageInput;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::{ApplicationStatus, DoctorApplication, Me, Role, StaffMember};

#[component]
pub fn ClinicPage() -> impl IntoView {
    view! {
        <Title text=localized(|locale| td_string!(locale, clinic.title).to_string()) />
        <SignedIn children=move |me: Me| view! { <ClinicAdministration me /> }.into_any() />
    }
}

/// The name of a role, in the page's language.
pub fn role_label(locale: Locale, role: Role) -> String {
    match role {
        Role::Patient => td_string!(locale, roles.patient),
        Role::Doctor => td_string!(locale, roles.doctor),
        Role::Secretary => td_string!(locale, roles.secretary),
        Role::ClinicAdmin => td_string!(locale, roles.clinic_admin),
        Role::PlatformAdmin => td_string!(locale, roles.platform_admin),
    }
    .to_string()
}

#[component]
fn ClinicAdministration(me: Me) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let clinic_param = move || query.read().get("id").and_then(|id| id.parse::<i64>().ok());
    let overview = Resource::new(clinic_param, clinic_overview);
    let reload = Callback::new(move |_| overview.refetch());
    let platform_admin = me.role == Role::PlatformAdmin;
    let me_id = me.id.0;
    view! {
        <Suspense fallback=|| view! { <Loading lines=6 /> }>
            {move || overview.get().map(|result| match result {
                Ok(dashboard) => view! { <Dashboard dashboard reload platform_admin me_id /> }.into_any(),
                Err(AppError::Forbidden) => view! {
                    <h1>{t!(i18n, clinic.title)}</h1>
                    <p class="notice notice-error" role="alert">{t!(i18n, clinic.not_admin)}</p>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=reload /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(
    dashboard: ClinicDashboard,
    reload: Callback<()>,
    platform_admin: bool,
    me_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let clinic = dashboard.settings.id.0;
    let pending: Vec<DoctorApplication> = dashboard
        .applications
        .iter()
        .filter(|a| a.status == ApplicationStatus::Pending)
        .cloned()
        .collect();
    view! {
        <h1>{dashboard.settings.name.clone()}</h1>
        <p class="muted">{t!(i18n, clinic.subtitle)}</p>
        <div class="account-grid">
            <section class="card" aria-labelledby="applications-heading">
                <h2 id="applications-heading">{t!(i18n, clinic.applications_title)}</h2>
                {if pending.is_empty() {
                    view! { <p class="muted">{t!(i18n, clinic.no_applications)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="stack-list">
                            {pending.into_iter().map(|application| view! { <ApplicationItem application reload /> }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            <StaffSection staff=dashboard.staff.clone() clinic reload platform_admin me_id />
            <InviteSection clinic reload platform_admin />
            <SettingsSection settings=dashboard.settings.clone() reload />
        </div>
    }
}

#[component]
fn ApplicationItem(application: DoctorApplication, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let doctor = application.doctor_id.0;
    let reason = RwSignal::new(String::new());
    let refusing = RwSignal::new(false);
    let decide = Action::new(move |(approve, reason): &(bool, String)| {
        review_application(doctor, *approve, reason.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(decided)) = decide.value().get() {
            let text = if decided.status == ApplicationStatus::Approved {
                t_string!(i18n, clinic.approved_toast).to_string()
            } else {
                t_string!(i18n, clinic.refused_toast).to_string()
            };
            toasts.push(ToastKind::Success, text);
            reload.run(());
        }
    });
    let errors = field_errors(decide.value());
    let specialty = move || {
        application
            .specialty
            .name(language_of(i18n.get_locale()))
            .to_owned()
    };
    let reason_id = format!("refusal-reason-{doctor}");
    view! {
        <li class="application">
            <p class="application-name"><strong>{application.doctor_name.clone()}</strong></p>
            <p>{specialty} " · " {t!(i18n, clinic.licence)} " " {application.licence_number.clone()}</p>
            <p class="muted">{application.email.clone()}</p>
            <FormError value=decide.value() />
            <Show when=move || refusing.get() fallback=move || view! {
                <div class="button-row">
                    <button type="button" class="button button-primary" disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch((true, String::new())); }>
                        {t!(i18n, clinic.approve)}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| refusing.set(true)>
                        {t!(i18n, clinic.refuse)}
                    </button>
                </div>
            }>
                <div class="field">
                    <label for=reason_id.clone()>{t!(i18n, clinic.refusal_reason)}</label>
                    <textarea id=reason_id.clone() rows="2" prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    <FieldMessage field="reason" errors />
                </div>
                <div class="button-row">
                    <button type="button" class="button button-primary" disabled=move || decide.pending().get()
                        on:click=move |_| { decide.dispatch((false, reason.get_untracked())); }>
                        {t!(i18n, clinic.confirm_refusal)}
                    </button>
                    <button type="button" class="button button-secondary" on:click=move |_| refusing.set(false)>
                        {t!(i18n, form.cancel)}
                    </button>
                </div>
            </Show>
        </li>
    }
}

#[component]
fn StaffSection(
    staff: Vec<StaffMember>,
    clinic: i64,
    reload: Callback<()>,
    platform_admin: bool,
    me_id: i64,
) -> impl IntoView {
    let i18n = use_i18n();
    let toggle = Action::new(move |(member, disabled): &(i64, bool)| {
        set_staff_disabled(clinic, *member, *disabled)
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = toggle.value().get() {
            reload.run(());
        }
    });
    view! {
        <section class="card" aria-labelledby="staff-heading">
            <h2 id="staff-heading">{t!(i18n, clinic.staff_title)}</h2>
            <FormError value=toggle.value() />
            <ul class="stack-list">
                {staff.into_iter().map(|member| {
                    let id = member.id.0;
                    let disabled = member.disabled;
                    let name = format!("{} {}", member.first_name, member.last_name);
                    // Nobody disables themselves; clinic admins are managed by the platform.
                    let can_toggle = id != me_id && (platform_admin || member.role != Role::ClinicAdmin);
                    view! {
                        <li class="staff-member" class:staff-disabled=disabled>
                            <div>
                                <p><strong>{name.clone()}</strong> " · " {move || role_label(i18n.get_locale(), member.role)}</p>
                                <p class="muted">{member.email.clone()}
                                    {(!member.activated).then(|| view! { " · " {t!(i18n, clinic.invited)} })}
                                    {disabled.then(|| view! { " · " <span class="badge badge-refused">{t!(i18n, clinic.disabled)}</span> })}
                                </p>
                            </div>
                            {can_toggle.then(move || view! {
                            <button type="button" class="button button-secondary"
                                aria-label=move || if disabled {
                                    t_string!(i18n, clinic.enable_named, name = name.clone()).to_string()
                                } else {
                                    t_string!(i18n, clinic.disable_named, name = name.clone()).to_string()
                                }
                                on:click=move |_| { toggle.dispatch((id, !disabled)); }>
                                {if disabled { t!(i18n, clinic.enable).into_any() } else { t!(i18n, clinic.disable).into_any() }}
                            </button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn InviteSection(clinic: i64, reload: Callback<()>, platform_admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<InviteStaff>::new();
    let errors = field_errors(action.value());
    let form = NodeRef::<leptos::html::Form>::new();
    let specialty_list = Resource::new(|| (), |_| specialties());
    Effect::new(move |_| {
        if let Some(Ok(member)) = action.value().get() {
            reset_form(form);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, clinic.invited_toast, email = member.email.clone()).to_string(),
            );
            reload.run(());
        }
    });
    let roles = Signal::derive(move || {
        let locale = i18n.get_locale();
        let mut roles = vec![Role::Secretary, Role::Doctor];
        if platform_admin {
            roles.push(Role::ClinicAdmin);
        }
        roles
            .into_iter()
            .map(|role| (role.as_str().to_owned(), role_label(locale, role)))
            .collect::<Vec<_>>()
    });
    let specialty_options = move || {
        let language = language_of(i18n.get_locale());
        let list = specialty_list.get()?.ok()?;
        Some(
            list.into_iter()
                .map(|s| (s.id.to_string(), s.name(language).to_owned()))
                .collect::<Vec<_>>(),
        )
    };
    view! {
        <section class="card" aria-labelledby="invite-heading">
            <h2 id="invite-heading">{t!(i18n, clinic.invite_title)}</h2>
            <p class="muted">{t!(i18n, clinic.invite_note)}</p>
            <ActionForm action=action node_ref=form attr:class="form" attr:novalidate=true>
                <input type="hidden" name="clinic" value=clinic.to_string() />
                <FormError value=action.value() />
                <ChoiceField label=move || t_string!(i18n, clinic.role) name="form[role]" field="role"
                    errors options=roles required=true />
                <div class="field-row">
                    <Field label=move || t_string!(i18n, auth.first_name) name="form[first_name]" field="first_name" errors required=true />
                    <Field label=move || t_string!(i18n, auth.last_name) name="form[last_name]" field="last_name" errors required=true />
                </div>
                <Field label=move || t_string!(i18n, auth.email) name="form[email]" field="email" kind="email" errors required=true />
                <fieldset class="fieldset">
                    <legend>{t!(i18n, clinic.doctor_only)}</legend>
                    <Suspense fallback=|| view! { <Loading lines=1 /> }>
                        {move || specialty_options().map(|options| view! {
                            <ChoiceField label=move || t_string!(i18n, auth.specialty) name="form[specialty_id]"
                                field="specialty_id" errors options=Signal::stored(options)
                                placeholder=move || t_string!(i18n, form.choose) />
                        })}
                    </Suspense>
                    <Field label=move || t_string!(i18n, auth.licence_number) name="form[licence_number]"
                        field="licence_number" errors />
                </fieldset>
                <LanguageInput name="form[language]" />
                <SubmitButton label=move || t_string!(i18n, clinic.invite_submit) pending=action.pending() />
            </ActionForm>
        </section>
    }
}

#[component]
fn SettingsSection(settings: shared::ClinicSettings, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let action = ServerAction::<SaveClinicSettings>::new();
    let errors = field_errors(action.value());
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, clinic.settings_saved).to_string(),
            );
            reload.run(());
        }
    });
    let text = |value: String| Signal::derive(move || value.clone());
    let number = |value: i64| Signal::derive(move || value.to_string());
    let currencies = Signal::derive(currency_choices);
    view! {
        <section class="card card-wide" aria-labelledby="settings-heading">
            <h2 id="settings-heading">{t!(i18n, clinic.settings_title)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="clinic" value=settings.id.0.to_string() />
                <FormError value=action.value() />
                <Field label=move || t_string!(i18n, clinic.name) name="form[name]" field="name" errors required=true
                    value=text(settings.name.clone()) />
                <Field label=move || t_string!(i18n, account.address) name="form[address]" field="address" errors
                    multiline=true value=text(settings.address.clone()) />
                <Field label=move || t_string!(i18n, auth.phone) name="form[phone]" field="phone" kind="tel" errors
                    value=text(settings.phone.clone()) />
                <div class="field-row">
                    <Field label=move || t_string!(i18n, clinic.time_zone) name="form[time_zone]" field="time_zone" errors
                        required=true value=text(settings.time_zone.clone()) hint=move || t_string!(i18n, clinic.time_zone_hint) />
                    <ChoiceField label=move || t_string!(i18n, clinic.currency) name="form[currency]" field="currency"
                        errors options=currencies required=true value=text(settings.currency.clone()) />
                </div>
                <fieldset class="fieldset">
                    <legend>{t!(i18n, clinic.policy_title)}</legend>
                    <Field label=move || t_string!(i18n, clinic.notice_hours) name="form[cancellation_notice_hours]"
                        field="cancellation_notice_hours" kind="number" input_mode="numeric" errors required=true
                        value=number(settings.cancellation_notice_hours) hint=move || t_string!(i18n, clinic.notice_hint) />
                    <Field label=move || t_string!(i18n, clinic.refund_percent) name="form[late_cancellation_refund_percent]"
                        field="late_cancellation_refund_percent" kind="number" input_mode="numeric" errors required=true
                        value=number(settings.late_cancellation_refund_percent) hint=move || t_string!(i18n, clinic.refund_hint) />
                    <Field label=move || t_string!(i18n, clinic.deadline_hours) name="form[request_deadline_hours]"
                        field="request_deadline_hours" kind="number" input_mode="numeric" errors required=true
                        value=number(settings.request_deadline_hours) hint=move || t_string!(i18n, clinic.deadline_hint) />
                    <Field label=move || t_string!(i18n, clinic.reminder_hours) name="form[reminder_hours]"
                        field="reminder_hours" kind="number" input_mode="numeric" errors required=true
                        value=number(settings.reminder_hours) hint=move || t_string!(i18n, clinic.reminder_hint) />
                </fieldset>
                <SubmitButton label=move || t_string!(i18n, clinic.settings_save) pending=action.pending() />
            </ActionForm>
        </section>
    }
}
