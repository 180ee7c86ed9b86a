//! A doctor's day: requests waiting for an answer (accept, or refuse with a reason) and
//! today's appointments.

use super::{DoctorOnly, PracticeNav, PracticeTab};
use crate::api::appointments::{change_appointment, my_appointments};
use crate::api::practice::my_calendar;
use crate::components::appointment_view::{local_slot_text, local_time_text, AppointmentItem};
use crate::components::error_message::ErrorNotice;
use crate::components::form::FormError;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::proposals::ProposalsCard;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::{Appointment, Change, Me};

#[component]
pub fn PracticeTodayPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, practice.today_title).to_string()) />
        <PracticeNav current=PracticeTab::Today />
        <h1>{t!(i18n, practice.today_title)}</h1>
        <DoctorOnly children=move |_: Me| view! { <TodayBoard /> } />
    }
}

#[component]
fn TodayBoard() -> impl IntoView {
    let i18n = use_i18n();
    let requests = Resource::new(|| (), |_| my_appointments("requests".to_owned()));
    let today = Resource::new(|| (), |_| my_calendar("day".to_owned(), String::new()));
    let reload = Callback::new(move |_| {
        requests.refetch();
        today.refetch();
    });
    view! {
        <div class="account-grid">
            <section class="card" aria-labelledby="requests-heading">
                <h2 id="requests-heading">{t!(i18n, practice.requests_title)}</h2>
                <Suspense fallback=|| view! { <Loading lines=3 /> }>
                    {move || requests.get().map(|result| match result {
                        Ok(list) if list.is_empty() => view! { <p class="muted">{t!(i18n, practice.no_requests)}</p> }.into_any(),
                        Ok(list) => view! {
                            <ul class="stack-list">
                                {list.into_iter().map(|appointment| view! { <RequestCard appointment reload /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error on_retry=reload /> }.into_any(),
                    })}
                </Suspense>
            </section>
            <ProposalsCard with_doctor=false />
            <section class="card" aria-labelledby="today-heading">
                <h2 id="today-heading">{t!(i18n, practice.todays_appointments)}</h2>
                <Suspense fallback=|| view! { <Loading lines=3 /> }>
                    {move || today.get().map(|result| match result {
                        Ok(calendar) => {
                            let appointments: Vec<Appointment> = calendar.days.into_iter().flat_map(|d| d.appointments).collect();
                            if appointments.is_empty() {
                                view! { <p class="muted">{t!(i18n, practice.nothing_today)}</p> }.into_any()
                            } else {
                                view! {
                                    <ul class="appointment-list">
                                        {appointments.into_iter().map(|appointment| view! { <AppointmentItem appointment for_patient=false /> }).collect_view()}
                                    </ul>
                                }.into_any()
                            }
                        }
                        Err(error) => view! { <ErrorNotice error on_retry=reload /> }.into_any(),
                    })}
                </Suspense>
                <a class="button button-secondary" href="/practice/calendar">{t!(i18n, practice.open_calendar)}</a>
            </section>
        </div>
    }
}

#[component]
fn RequestCard(appointment: Appointment, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = appointment.id;
    let refusing = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let answer = Action::new(move |(change, reason): &(Change, String)| {
        change_appointment(id, *change, reason.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(detail)) = answer.value().get() {
            let text = if detail.appointment.status == shared::AppointmentStatus::Confirmed {
                t_string!(i18n, practice.accepted_toast).to_string()
            } else {
                t_string!(i18n, practice.refused_toast).to_string()
            };
            toasts.push(ToastKind::Success, text);
            reload.run(());
        }
    });
    let slot = appointment.slot.clone();
    let when = move || local_slot_text(language_of(i18n.get_locale()), &slot);
    let deadline = appointment.request_expires_at.clone();
    let expires = move || {
        deadline.as_ref().map(|d| {
            let by = local_time_text(language_of(i18n.get_locale()), d);
            t_string!(i18n, practice.answer_by, by = by).to_string()
        })
    };
    let reason_id = format!("refuse-reason-{id}");
    view! {
        <li class="request">
            <p><strong>{appointment.patient_name.clone()}</strong> " · " {when}</p>
            <p class="muted">{appointment.reason.clone()}</p>
            <p class="muted">{expires}</p>
            <FormError value=answer.value() />
            <Show when=move || refusing.get() fallback=move || view! {
                <div class="button-row">
                    <button type="button" class="button button-primary" disabled=move || answer.pending().get()
                        on:click=move |_| { answer.dispatch((Change::Accept, String::new())); }>{t!(i18n, appointments.accept)}</button>
                    <button type="button" class="button button-secondary" on:click=move |_| refusing.set(true)>{t!(i18n, appointments.refuse)}</button>
                    <a class="button button-secondary" href=format!("/appointments/{id}")>{t!(i18n, practice.details)}</a>
                </div>
            }>
                <form class="form reason-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    answer.dispatch((Change::Refuse, reason.get_untracked()));
                }>
                    <div class="field">
                        <label for=reason_id.clone()>{t!(i18n, appointments.reason_for_patient)}</label>
                        <textarea id=reason_id.clone() rows="2" required=true prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="button-row">
                        <button type="submit" class="button button-danger" disabled=move || answer.pending().get()>{t!(i18n, appointments.confirm_refuse)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| refusing.set(false)>{t!(i18n, form.cancel)}</button>
                    </div>
                </form>
            </Show>
        </li>
    }
}
