//! "My appointments": upcoming, past and cancelled ones, for a patient or a doctor.

use crate::api::appointments::{my_appointments, my_month};
use crate::components::appointment_view::{status_label, AppointmentItem};
use crate::components::dates::{day_and_month, month_and_year, weekday_initials};
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::{Me, Role};

const TABS: [&str; 4] = ["upcoming", "past", "cancelled", "month"];

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
        if TABS.contains(&chosen.as_str()) && (for_patient || chosen != "month") {
            chosen
        } else {
            "upcoming".to_owned()
        }
    };
    // The month is a calendar of its own, not a list.
    let list = Resource::new(tab, |tab| async move {
        if tab == "month" {
            Ok(Vec::new())
        } else {
            my_appointments(tab).await
        }
    });
    let label = move |tab: &str| match tab {
        "past" => t_string!(i18n, appointments.tab_past).to_string(),
        "cancelled" => t_string!(i18n, appointments.tab_cancelled).to_string(),
        "month" => t_string!(i18n, appointments.tab_month).to_string(),
        _ => t_string!(i18n, appointments.tab_upcoming).to_string(),
    };
    view! {
        <nav class="tabs" aria-label=move || t_string!(i18n, appointments.tabs_label)>
            <ul>
                {TABS.into_iter().filter(|name| for_patient || *name != "month").map(|name| view! {
                    <li><a href=format!("/appointments?tab={name}") aria-current=move || (tab() == name).then_some("page")>{move || label(name)}</a></li>
                }).collect_view()}
            </ul>
        </nav>
        {for_patient.then(|| view! { <RatingReminder /> })}
        <Show when=move || tab() == "month">
            <PatientMonth />
        </Show>
        <Show when=move || tab() != "month">
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
        </Show>
    }
}

/// The patient's month: each day's visits (time and doctor, in status colours), with the
/// previous and next months a link away.
#[component]
fn PatientMonth() -> impl IntoView {
    let query = use_query_map();
    let date = move || query.read().get("date").unwrap_or_default();
    let month = Resource::new(date, my_month);
    view! {
        <Suspense fallback=|| view! { <Loading lines=6 /> }>
            {move || month.get().map(|result| match result {
                Ok(calendar) => view! { <MonthGrid calendar /> }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| month.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn MonthGrid(calendar: shared::Calendar) -> impl IntoView {
    use chrono::Datelike;
    use shared::CalendarView;
    let i18n = use_i18n();
    let language = move || language_of(i18n.get_locale());
    let date = calendar.date;
    let link = |day: chrono::NaiveDate| format!("/appointments?tab=month&date={day}");
    let leading = calendar
        .days
        .first()
        .map(|d| d.date.weekday().num_days_from_monday() as usize)
        .unwrap_or_default();
    let mut cells: Vec<Option<shared::CalendarDay>> = (0..leading).map(|_| None).collect();
    cells.extend(calendar.days.into_iter().map(Some));
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let agenda: Vec<shared::Appointment> = cells
        .iter()
        .flatten()
        .flat_map(|day| day.appointments.clone())
        .collect();
    let weeks: Vec<Vec<Option<shared::CalendarDay>>> =
        cells.chunks(7).map(|w| w.to_vec()).collect();
    let today = calendar.today;
    view! {
        <div class="calendar-toolbar">
            <nav class="calendar-steps" aria-label=move || t_string!(i18n, practice.dates_label)>
                <a class="button button-secondary" href=link(CalendarView::Month.step(date, false))>{t!(i18n, practice.previous)}</a>
                <a class="button button-secondary" href=link(today)>{t!(i18n, practice.today)}</a>
                <a class="button button-secondary" href=link(CalendarView::Month.step(date, true))>{t!(i18n, practice.next)}</a>
            </nav>
        </div>
        <h2 class="calendar-title">{move || month_and_year(language(), date)}</h2>
        <p class="zone-note muted">{t!(i18n, appointments.month_zone_note)}</p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || t_string!(i18n, appointments.tab_month)>
        <table class="month-grid patient-month">
            <thead>
                <tr>{move || weekday_initials(language()).into_iter().map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr>
            </thead>
            <tbody>
                {weeks.into_iter().map(|week| view! {
                    <tr>
                        {week.into_iter().map(|cell| match cell {
                            None => view! { <td class="month-empty"></td> }.into_any(),
                            Some(day) => {
                                let day_date = day.date;
                                let label = move || day_and_month(language(), day_date);
                                view! {
                                    <td class:today=day_date == today>
                                        <span class="month-day" aria-label=label>{day_date.day()}</span>
                                        <ul class="plain-list">
                                            {day.appointments.into_iter().map(|a| {
                                                let status = a.status;
                                                view! {
                                                    <li class=format!("calendar-appointment status-line-{}", status.as_str())>
                                                        <a href=format!("/appointments/{}", a.id)>
                                                            <span class="slot-time">{a.slot.time.clone()}</span>
                                                            <span class="month-who">" " {a.doctor_name.clone()}</span>
                                                            <span class="visually-hidden">{move || format!(" ({})", status_label(i18n.get_locale(), status))}</span>
                                                        </a>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                }.into_any()
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        </div>
        <section class="month-agenda" aria-labelledby="agenda-heading">
            <h3 id="agenda-heading">{t!(i18n, appointments.month_agenda)}</h3>
            {agenda.is_empty().then(|| view! { <p class="muted">{t!(i18n, appointments.month_empty)}</p> })}
            <ul class="appointment-list">
                {agenda.into_iter().map(|appointment| view! { <AppointmentItem appointment for_patient=true /> }).collect_view()}
            </ul>
        </section>
    }
}
