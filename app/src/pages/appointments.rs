//! "My appointments": upcoming, past and cancelled ones, for a patient or a doctor.

use crate::api::appointments::my_appointments;
use crate::components::appointment_view::AppointmentItem;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::{Me, Role};

const TABS: [&str; 3] = ["upcoming", "past", "cancelled"];

#[component]
pub fn AppointmentsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, appointments.title).to_string()) />
        <h1>{t!(i18n, appointments.title)}</h1>
        <SignedIn children=move |me: Me| view! { <AppointmentList for_patient=me.role == Role::Patient /> } />
    }
}

/// The in-app invitation to rate: completed visits that wait for the patient's rating.
#[component]
fn RatingReminder() -> impl IntoView {
    let i18n = use_i18n();
    let past = Resource::new(|| "past".to_owned(), my_appointments);
    view! {
        <Transition fallback=|| ()>
            {move || past.get().and_then(|result| result.ok()).and_then(|items| {
                let waiting = items.iter().filter(|a| a.may_rate).count();
                (waiting > 0).then(|| view! {
                    <p class="notice rating-reminder" role="status">
                        {move || t_string!(i18n, feedback.waiting, count = waiting).to_string()} " "
                        <a href="/appointments?tab=past">{t!(i18n, feedback.see_visits)}</a>
                    </p>
                })
            })}
        </Transition>
    }
}

#[component]
fn AppointmentList(for_patient: bool) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let tab = move || {
        let chosen = query.read().get("tab").unwrap_or_default();
        if TABS.contains(&chosen.as_str()) {
            chosen
        } else {
            "upcoming".to_owned()
        }
    };
    let list = Resource::new(tab, my_appointments);
    let label = move |tab: &str| match tab {
        "past" => t_string!(i18n, appointments.tab_past).to_string(),
        "cancelled" => t_string!(i18n, appointments.tab_cancelled).to_string(),
        _ => t_string!(i18n, appointments.tab_upcoming).to_string(),
    };
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, appointments.tabs_label)>
            <ul>
                {TABS.into_iter().map(|name| view! {
                    <li><a href=format!("/appointments?tab={name}") aria-current=move || (tab() == name).then_some("page")>{move || label(name)}</a></li>
                }).collect_view()}
            </ul>
        </nav>
        {for_patient.then(|| view! { <RatingReminder /> })}
        <Suspense fallback=|| view! { <Loading lines=5 /> }>
            {move || list.get().map(|result| match result {
                Ok(items) if items.is_empty() => view! {
                    <div class="empty-state">
                        <p>{t!(i18n, appointments.none)}</p>
                        {for_patient.then(|| view! { <a class="button button-primary" href="/doctors">{t!(i18n, home.find_doctor)}</a> })}
                    </div>
                }.into_any(),
                Ok(items) => view! {
                    <ul class="appointment-list">
                        {items.into_iter().map(|appointment| view! { <AppointmentItem appointment for_patient /> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}
