//! The doctor's working calendar: a day, a week or a month of hours and time off, in the
//! clinic's time zone, with links to move around it.

use super::{DoctorOnly, PracticeNav, PracticeTab};
use crate::api::appointments::AddVisit;
use crate::api::practice::my_calendar;
use crate::components::appointment_view::{status_label, AppointmentItem};
use crate::components::dates::{
    day_and_month, long_day, month_and_year, short_day, weekday_initials,
};
use crate::components::error_message::ErrorNotice;
use crate::components::form::{
    field_errors, reset_form, ChoiceField, Field, FormError, SubmitButton,
};
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::i18n::*;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::{Appointment, Calendar, CalendarDay, CalendarView, Closure, LocalSlot, Me};

#[component]
pub fn PracticeCalendarPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, practice.calendar_title).to_string()) />
        <PracticeNav current=PracticeTab::Calendar />
        <h1>{t!(i18n, practice.calendar_title)}</h1>
        <DoctorOnly children=move |_: Me| view! { <CalendarLoader /> } />
    }
}

#[component]
fn CalendarLoader() -> impl IntoView {
    let query = use_query_map();
    let request = move || {
        let q = query.read();
        (
            q.get("view").unwrap_or_default(),
            q.get("date").unwrap_or_default(),
        )
    };
    let resource = Resource::new(request, |(view, date)| my_calendar(view, date));
    let reload = Callback::new(move |_| resource.refetch());
    view! {
        <Suspense fallback=|| view! { <Loading lines=8 /> }>
            {move || resource.get().map(|result| match result {
                Ok(calendar) => view! { <CalendarView calendar reload /> }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=reload /> }.into_any(),
            })}
        </Suspense>
    }
}

/// A view's link: `base` is the page and any fixed parameters, ending in `?` or `&`.
fn calendar_link(base: &str, view: CalendarView, date: NaiveDate) -> String {
    format!("{base}view={}&date={date}", view.as_str())
}

/// The doctor's own calendar page.
const PRACTICE_BASE: &str = "/practice/calendar?";

/// Runs of back-to-back slots, as (start, end, count): "09:00–12:00, 6 slots".
pub fn working_ranges(slots: &[LocalSlot]) -> Vec<(String, String, usize)> {
    let mut ranges: Vec<(String, String, usize, chrono::DateTime<chrono::Utc>)> = Vec::new();
    for slot in slots {
        match ranges.last_mut() {
            Some(last) if last.3 == slot.start => {
                last.1 = slot.end_time.clone();
                last.2 += 1;
                last.3 = slot.end;
            }
            _ => ranges.push((slot.time.clone(), slot.end_time.clone(), 1, slot.end)),
        }
    }
    ranges.into_iter().map(|(a, b, n, _)| (a, b, n)).collect()
}

/// A day, week or month of one doctor. `base` is the page's link prefix; `add_visits` offers
/// the doctor's own "add a visit" form in the day view.
#[component]
pub fn CalendarView(
    calendar: Calendar,
    reload: Callback<()>,
    #[prop(default = PRACTICE_BASE.to_owned())] base: String,
    #[prop(default = true)] add_visits: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let view_kind = calendar.view;
    let date = calendar.date;
    let (from, to) = (calendar.from, calendar.to);
    let title = move || {
        let language = language_of(i18n.get_locale());
        match view_kind {
            CalendarView::Day => long_day(language, date),
            CalendarView::Week => format!(
                "{} – {}",
                short_day(language, from),
                short_day(language, to)
            ),
            CalendarView::Month => month_and_year(language, date),
        }
    };
    let view_label = move |view: CalendarView| match view {
        CalendarView::Day => t_string!(i18n, practice.view_day).to_string(),
        CalendarView::Week => t_string!(i18n, practice.view_week).to_string(),
        CalendarView::Month => t_string!(i18n, practice.view_month).to_string(),
    };
    let zone = format!("{} ({})", calendar.time_zone, calendar.utc_offset);
    let today = calendar.today;
    let now = calendar.now;
    view! {
        <div class="calendar-toolbar">
            <nav class="segmented" aria-label=move || t_string!(i18n, practice.view_label)>
                {CalendarView::ALL.into_iter().map(|view| view! {
                    <a href=calendar_link(&base, view, date) aria-current=(view == view_kind).then_some("page")>{move || view_label(view)}</a>
                }).collect_view()}
            </nav>
            <nav class="calendar-steps" aria-label=move || t_string!(i18n, practice.dates_label)>
                <a class="button button-secondary" href=calendar_link(&base, view_kind, view_kind.step(date, false))>{t!(i18n, practice.previous)}</a>
                <a class="button button-secondary" href=calendar_link(&base, view_kind, today)>{t!(i18n, practice.today)}</a>
                <a class="button button-secondary" href=calendar_link(&base, view_kind, view_kind.step(date, true))>{t!(i18n, practice.next)}</a>
            </nav>
        </div>
        <h2 class="calendar-title">{title}</h2>
        <p class="zone-note muted">{move || t_string!(i18n, slots.zone_note, zone = zone.clone()).to_string()}</p>
        {match view_kind {
            CalendarView::Day => view! { <DayView day=calendar.days.into_iter().next() reload add_visits now /> }.into_any(),
            CalendarView::Week => view! { <WeekView days=calendar.days today base=base.clone() now /> }.into_any(),
            CalendarView::Month => view! { <MonthView days=calendar.days today base=base.clone() now /> }.into_any(),
        }}
    }
}

#[component]
fn Closures(closures: Vec<Closure>) -> impl IntoView {
    let i18n = use_i18n();
    closures
        .into_iter()
        .map(|closure| {
            let hours = match (&closure.start, &closure.end) {
                (Some(start), Some(end)) => format!("{start}–{end}"),
                _ => String::new(),
            };
            let label = closure.label.clone();
            let text = move || {
                let kind = match closure.kind {
                    shared::schedule::ExceptionKind::Holiday => {
                        t_string!(i18n, practice.kind_holiday)
                    }
                    _ => t_string!(i18n, practice.kind_time_off),
                };
                [kind.to_string(), label.clone(), hours.clone()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            view! { <p class="closure">{text}</p> }
        })
        .collect_view()
}

/// An appointment in a calendar cell: time, patient, status colour; opens its page.
#[component]
fn CalendarAppointment(appointment: Appointment) -> impl IntoView {
    let i18n = use_i18n();
    let status = appointment.status;
    view! {
        <li class=format!("calendar-appointment status-line-{}", status.as_str())>
            <a href=format!("/appointments/{}", appointment.id)>
                <span class="slot-time">{appointment.slot.time.clone()}</span>
                " " {appointment.patient_name.clone()}
                <span class="visually-hidden">{move || format!(" ({})", status_label(i18n.get_locale(), status))}</span>
            </a>
        </li>
    }
}

#[component]
fn DayView(
    day: Option<CalendarDay>,
    reload: Callback<()>,
    add_visits: bool,
    now: DateTime<Utc>,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(day) = day else { return ().into_any() };
    let free: Vec<LocalSlot> = day.free_slots(now).cloned().collect();
    // A visit can be added only on a slot still ahead: a day with none offers no form.
    let can_add = add_visits && !free.is_empty();
    let empty = day.slots.is_empty() && day.appointments.is_empty();
    view! {
        <div class="account-grid">
            <section class="card calendar-day" aria-labelledby="day-appointments">
                <h3 id="day-appointments">{t!(i18n, practice.appointments_title)}</h3>
                <Closures closures=day.closures.clone() />
                {empty.then(|| view! { <p class="muted">{t!(i18n, practice.no_hours)}</p> })}
                <ul class="appointment-list">
                    {day.appointments.into_iter().map(|appointment| view! { <AppointmentItem appointment for_patient=false /> }).collect_view()}
                </ul>
                <h3>{t!(i18n, practice.free_slots)}</h3>
                {free.is_empty().then(|| view! { <p class="muted">{t!(i18n, slots.none_this_day)}</p> })}
                <ul class="slot-list">
                    {free.iter().map(|slot| view! {
                        <li class="calendar-slot"><span class="slot-time">{slot.time.clone()} "–" {slot.end_time.clone()}</span>
                        <span class="muted">{t!(i18n, practice.open_slot)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
            {can_add.then(|| view! { <AddVisit free reload /> })}
        </div>
    }
    .into_any()
}

/// A doctor adds a visit for an existing patient on a free slot of the day.
#[component]
fn AddVisit(free: Vec<LocalSlot>, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let add = ServerAction::<AddVisit>::new();
    let errors = field_errors(add.value());
    let form = NodeRef::<leptos::html::Form>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            reset_form(form);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, practice.visit_added).to_string(),
            );
            reload.run(());
        }
    });
    let options: Vec<(String, String)> = free
        .iter()
        .map(|slot| {
            (
                slot.start.to_rfc3339(),
                format!("{}–{}", slot.time, slot.end_time),
            )
        })
        .collect();
    view! {
        <section class="card" aria-labelledby="add-visit-heading">
            <h3 id="add-visit-heading">{t!(i18n, practice.add_visit)}</h3>
            <p class="muted">{t!(i18n, practice.add_visit_note)}</p>
            <ActionForm action=add node_ref=form attr:class="form" attr:novalidate=true>
                <FormError value=add.value() />
                <Field label=move || t_string!(i18n, practice.patient_email) name="patient_email" field="patient_email"
                    kind="email" errors required=true />
                <ChoiceField label=move || t_string!(i18n, practice.slot) name="start" field="start" errors
                    options=Signal::derive(move || options.clone()) required=true />
                <Field label=move || t_string!(i18n, appointments.reason) name="reason" field="reason" errors required=true />
                <SubmitButton label=move || t_string!(i18n, practice.add_visit_submit) pending=add.pending() />
            </ActionForm>
        </section>
    }
}

#[component]
fn WeekView(
    days: Vec<CalendarDay>,
    today: NaiveDate,
    base: String,
    now: DateTime<Utc>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="week-grid">
            {days.into_iter().map(|day| {
                let date = day.date;
                let free: Vec<LocalSlot> = day.free_slots(now).cloned().collect();
                let ranges = working_ranges(&free);
                let heading = move || short_day(language_of(i18n.get_locale()), date);
                view! {
                    <li class="card week-day" class:today=date == today>
                        <h3><a href=calendar_link(&base, CalendarView::Day, date)>{heading}</a></h3>
                        <Closures closures=day.closures.clone() />
                        <ul class="appointment-list compact">
                            {day.visits().cloned().map(|appointment| view! { <CalendarAppointment appointment /> }).collect_view()}
                        </ul>
                        {(day.slots.is_empty()).then(|| view! { <p class="muted">{t!(i18n, practice.no_hours)}</p> })}
                        <ul class="plain-list">
                            {ranges.into_iter().map(|(start, end, count)| view! {
                                <li>{format!("{start}–{end}")} " · " {move || if language_of(i18n.get_locale()).singular(count as i64) {
                                    t_string!(i18n, practice.slot_count_single, count = count).to_string()
                                } else {
                                    t_string!(i18n, practice.slot_count, count = count).to_string()
                                }}</li>
                            }).collect_view()}
                        </ul>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

#[component]
fn MonthView(
    days: Vec<CalendarDay>,
    today: NaiveDate,
    base: String,
    now: DateTime<Utc>,
) -> impl IntoView {
    let i18n = use_i18n();
    let first = days.first().map(|d| d.date);
    let leading = first
        .map(|d| d.weekday().num_days_from_monday() as usize)
        .unwrap_or_default();
    let mut cells: Vec<Option<CalendarDay>> = (0..leading).map(|_| None).collect();
    cells.extend(days.into_iter().map(Some));
    while !cells.len().is_multiple_of(7) {
        cells.push(None);
    }
    let weeks: Vec<Vec<Option<CalendarDay>>> = cells.chunks(7).map(|w| w.to_vec()).collect();
    view! {
        <table class="month-grid">
            <thead>
                <tr>{move || weekday_initials(language_of(i18n.get_locale())).into_iter().map(|d| view! { <th scope="col">{d}</th> }).collect_view()}</tr>
            </thead>
            <tbody>
                {weeks.into_iter().map(|week| view! {
                    <tr>
                        {week.into_iter().map(|cell| match cell {
                            None => view! { <td class="month-empty"></td> }.into_any(),
                            Some(day) => {
                                let date = day.date;
                                let count = day.free_slots(now).count();
                                let visits: Vec<String> = day.visits().map(|a| a.slot.time.clone()).collect();
                                let booked = visits.len();
                                // The first times of the day's visits, so the month shows the day's shape.
                                let first_times = visits.iter().take(2).cloned().collect::<Vec<_>>().join(" ")
                                    + if booked > 2 { " …" } else { "" };
                                let closed = !day.closures.is_empty();
                                // The link's name is its visible text, led by the full date for screen readers.
                                let label = move || day_and_month(language_of(i18n.get_locale()), date);
                                view! {
                                    <td class:today=date == today class:closed=closed>
                                        <a href=calendar_link(&base, CalendarView::Day, date)>
                                            <span class="visually-hidden">{label} " "</span>
                                            <span class="month-day" aria-hidden="true">{date.day()}</span>
                                            {(booked > 0).then(|| view! {
                                                <span class="month-booked">{move || t_string!(i18n, practice.booked_count, count = booked).to_string()}</span>
                                                <span class="month-times">{first_times.clone()}</span>
                                            })}
                                            {(count > 0).then(|| view! { <span class="month-count">{move || t_string!(i18n, practice.free_count, count = count).to_string()}</span> })}
                                            {closed.then(|| view! { <span class="month-closed">{t!(i18n, practice.kind_time_off)}</span> })}
                                        </a>
                                    </td>
                                }.into_any()
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[cfg(test)]
mod tests;
