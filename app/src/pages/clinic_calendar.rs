//! The front desk's calendars: one doctor of the clinic at a time, by day, week or month,
//! with the same views and status colours as the doctor's own.

use crate::api::front_desk::{clinic_calendar, desk_doctors};
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::i18n::*;
use crate::pages::practice::calendar::CalendarView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::{Me, Role};

#[component]
pub fn ClinicCalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, desk.calendar_title).to_string()) />
        <h1>{t!(i18n, desk.calendar_title)}</h1>
        <SignedIn children=move |me: Me| {
            if matches!(me.role, Role::Secretary | Role::ClinicAdmin) {
                view! { <DoctorCalendar /> }.into_any()
            } else {
                view! { <p class="notice notice-error" role="alert">{t!(i18n, desk.staff_only)}</p> }.into_any()
            }
        } />
    }
}

#[component]
fn DoctorCalendar() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let doctors = Resource::new(|| (), |_| desk_doctors());
    let request = move || {
        let q = query.read();
        (
            q.get("doctor").unwrap_or_default(),
            q.get("view").unwrap_or_default(),
            q.get("date").unwrap_or_default(),
        )
    };
    let calendar = Resource::new(request, |(doctor, view, date)| async move {
        if doctor.is_empty() {
            Ok(None)
        } else {
            clinic_calendar(doctor, view, date).await.map(Some)
        }
    });
    let reload = Callback::new(move |_| calendar.refetch());
    let chosen = move || query.read().get("doctor").unwrap_or_default();
    view! {
        <div class="field">
            <label for="calendar-doctor">{t!(i18n, desk.doctor)}</label>
            <select id="calendar-doctor" on:change=move |ev| {
                let doctor = event_target_value(&ev);
                navigate(&format!("/clinic/calendar?doctor={doctor}&view=week"), Default::default());
            }>
                <option value="">{t!(i18n, desk.choose_doctor)}</option>
                <Suspense fallback=|| ()>
                    {move || doctors.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|d| {
                        let id = d.id.to_string();
                        let selected = id.clone();
                        view! { <option value=id selected=move || chosen() == selected>{d.name.clone()}</option> }
                    }).collect_view()}
                </Suspense>
            </select>
        </div>
        <Suspense fallback=|| view! { <Loading lines=8 /> }>
            {move || calendar.get().map(|result| match result {
                Ok(Some(calendar)) => {
                    let base = format!("/clinic/calendar?doctor={}&", chosen());
                    view! { <CalendarView calendar reload base add_visits=false /> }.into_any()
                }
                Ok(None) => view! { <p class="empty-state">{t!(i18n, desk.calendar_pick)}</p> }.into_any(),
                // A doctor id that is not one of the clinic's: ask to choose one.
                Err(crate::error::AppError::Validation(errors)) if errors.for_field("doctor").is_some() => view! {
                    <p class="notice notice-warning" role="alert">{t!(i18n, desk.calendar_pick)}</p>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=reload /> }.into_any(),
            })}
        </Suspense>
    }
}
