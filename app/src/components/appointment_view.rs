//! Appointments as lists show them: a status badge and a one-line summary.

use crate::components::dates::{long_day, short_day};
use crate::components::language::language_of;
use crate::i18n::*;
use leptos::prelude::*;
use shared::{Appointment, AppointmentStatus, LocalSlot, LocalTime};

/// The status in words, as a patient or a doctor reads it.
pub fn status_label(locale: Locale, status: AppointmentStatus) -> String {
    match status {
        AppointmentStatus::Held => td_string!(locale, appointments.status_held),
        AppointmentStatus::Requested => td_string!(locale, appointments.status_requested),
        AppointmentStatus::Confirmed => td_string!(locale, appointments.status_confirmed),
        AppointmentStatus::Completed => td_string!(locale, appointments.status_completed),
        AppointmentStatus::NoShow => td_string!(locale, appointments.status_no_show),
        AppointmentStatus::Cancelled => td_string!(locale, appointments.status_cancelled),
        AppointmentStatus::Refused => td_string!(locale, appointments.status_refused),
        AppointmentStatus::Expired => td_string!(locale, appointments.status_expired),
    }
    .to_string()
}

#[component]
pub fn StatusBadge(status: AppointmentStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge status status-{}", status.as_str())>
            {move || status_label(i18n.get_locale(), status)}
        </span>
    }
}

/// "Monday 14 December 2026, 09:00–09:30": a slot in the clinic's time, said in full.
pub fn slot_when_text(locale: Locale, slot: &LocalSlot) -> String {
    let day = long_day(language_of(locale), slot.date);
    td_string!(
        locale,
        booking.when,
        day = day,
        start = slot.time.clone(),
        end = slot.end_time.clone()
    )
    .to_string()
}

/// "Tue 24 Nov, 18:40" in the clinic's time.
pub fn local_time_text(language: shared::Language, time: &LocalTime) -> String {
    format!("{}, {}", short_day(language, time.date), time.time)
}

/// "Tue 24 Nov, 18:40–19:00" in the clinic's time.
pub fn local_slot_text(language: shared::Language, slot: &LocalSlot) -> String {
    format!(
        "{}, {}–{}",
        short_day(language, slot.date),
        slot.time,
        slot.end_time
    )
}

/// One appointment in a list: when, with whom, where, and its status; links to its page.
#[component]
pub fn AppointmentItem(appointment: Appointment, for_patient: bool) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/appointments/{}", appointment.id);
    let slot = appointment.slot.clone();
    let when = move || local_slot_text(language_of(i18n.get_locale()), &slot);
    let who = if for_patient {
        appointment.doctor_name.clone()
    } else {
        appointment.patient_name.clone()
    };
    let specialty = appointment.specialty.clone();
    let detail = move || {
        if for_patient {
            format!(
                "{} · {}",
                specialty.name(language_of(i18n.get_locale())),
                appointment.clinic_name
            )
        } else {
            appointment.reason.clone()
        }
    };
    let visit_for = appointment.visit_for.clone().map(|visit_for| {
        view! {
            <span class="appointment-for">
                {move || crate::components::family::visit_for_text(i18n.get_locale(), &visit_for)}
            </span>
        }
    });
    view! {
        <li class=format!("appointment-item status-line-{}", appointment.status.as_str())>
            <a href=href class="appointment-link">
                <span class="appointment-when">{when}</span>
                <span class="appointment-who">{who}</span>
                {visit_for}
                <span class="muted appointment-detail">{detail}</span>
            </a>
            <StatusBadge status=appointment.status />
            {(for_patient && appointment.may_rate).then(|| view! {
                <a class="rate-link" href=format!("/appointments/{}#rating", appointment.id)>{t!(i18n, feedback.rate_this_visit)}</a>
            })}
        </li>
    }
}
