//! One appointment: when and with whom, its status and history, the clinic's policy
//! explained, and the changes the viewer may make (cancel, reschedule, accept, refuse,
//! complete, no-show).

mod actions;
mod history;

use crate::api::appointments::get_appointment;
use crate::api::feedback::get_visit_rating;
use crate::components::appointment_view::{local_time_text, slot_when_text, StatusBadge};
use crate::components::dates::short_day;
use crate::components::doctor_card::PriceLine;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::ratings::{RatingFormView, RatingItem};
use crate::components::session::SignedIn;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::not_found::NotFoundPage;
use crate::pages::payments::{PaidBanner, PaymentSummary};
use actions::{Actions, ProposalPanel, ReassignPanel};
use history::{reason_text, History, NoticeLogCard};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::feedback::Rating;
use shared::{
    Appointment, AppointmentDetail, AppointmentStatus, BookingMode, Me, Role, RuleRefusal,
};

#[component]
pub fn AppointmentPage() -> impl IntoView {
    let id = super::route_id();
    view! {
        <Title text=localized(|locale| td_string!(locale, appointments.one_title).to_string()) />
        <SignedIn children=move |me: Me| view! { <AppointmentLoader id=id() me /> } />
    }
}

#[component]
fn AppointmentLoader(id: i64, me: Me) -> impl IntoView {
    let detail = Resource::new(move || id, get_appointment);
    let for_patient = me.role == Role::Patient;
    // Only the desk hands requests to another doctor (a doctor's page never asks for the
    // desk's list of doctors).
    let desk = matches!(me.role, Role::Secretary | Role::ClinicAdmin);
    view! {
        <Suspense fallback=|| view! { <Loading lines=8 /> }>
            {move || detail.get().map(|result| match result {
                Ok(detail) => view! { <AppointmentView detail for_patient desk /> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| detail.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn AppointmentView(detail: AppointmentDetail, for_patient: bool, desk: bool) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(detail);
    let query = use_query_map();
    let booked = move || query.read().get("booked").is_some();
    let paid = move || query.read().get("paid").is_some();
    let appointment = move || current.get().appointment;
    view! {
        {move || {
            let a = appointment();
            let title = if for_patient {
                t_string!(i18n, appointments.with_doctor, name = a.doctor_name.clone()).to_string()
            } else {
                t_string!(i18n, appointments.with_patient, name = a.patient_name.clone()).to_string()
            };
            view! { <h1>{title}</h1> }
        }}
        {move || booked().then(|| view! { <BookedBanner appointment=appointment() for_patient /> })}
        {move || paid().then(|| view! { <PaidBanner appointment=appointment().id for_patient /> })}
        {move || {
            let a = appointment();
            let instant = a.booking_mode == BookingMode::Instant;
            (for_patient && a.status == AppointmentStatus::Held).then(|| view! {
                <div class="notice notice-warning pay-now">
                    <p>{move || if instant {
                        t_string!(i18n, payment.pay_to_confirm).to_string()
                    } else {
                        t_string!(i18n, payment.pay_to_keep).to_string()
                    }}</p>
                    <a class="button button-primary" href=format!("/appointments/{}/pay", a.id)>{t!(i18n, payment.pay_now)}</a>
                </div>
            })
        }}
        <div class="profile-grid">
            <div class="profile-details">
                {move || view! { <Summary appointment=appointment() for_patient /> }}
                {move || appointment().proposal.map(|proposal| view! {
                    <ProposalPanel appointment=appointment() proposal current for_patient />
                })}
                {move || view! { <Actions appointment=appointment() current for_patient /> }}
                {move || {
                    let a = appointment();
                    (desk && shared::front_desk::may_reassign(a.status, a.payment_mode)).then(|| view! { <ReassignPanel appointment=a current /> })
                }}
                {move || {
                    let a = appointment();
                    (a.status == AppointmentStatus::Completed).then(|| view! { <RatingPanel appointment=a.id /> })
                }}
            </div>
            <div class="profile-details">
                {move || view! { <History detail=current.get() /> }}
                {move || (!for_patient).then(|| view! { <NoticeLogCard notices=current.get().notices /> })}
                {move || view! { <PaymentSummary appointment=current.get().appointment.id status=current.get().appointment.status for_patient /> }}
            </div>
        </div>
    }
}

/// After a completed visit: the patient's rating form, or the rating as posted (with an edit
/// button for a week); the clinic sees the rating.
#[component]
fn RatingPanel(appointment: i64) -> impl IntoView {
    let i18n = use_i18n();
    let rating = Resource::new(move || appointment, get_visit_rating);
    let editing = RwSignal::new(false);
    let saved = Callback::new(move |_: Rating| {
        editing.set(false);
        rating.refetch();
    });
    view! {
        <section class="card" id="rating" aria-labelledby="rating-heading">
            <h2 id="rating-heading">{t!(i18n, feedback.visit_title)}</h2>
            <Suspense fallback=|| view! { <Loading lines=3 /> }>
                {move || rating.get().map(|result| match result {
                    Ok(visit) => match (visit.rating, visit.may_rate) {
                        (None, true) => {
                            let until = visit.rate_until.map(|t| short_day(language_of(i18n.get_locale_untracked()), t.date_naive())).unwrap_or_default();
                            view! {
                                <p>{move || t_string!(i18n, feedback.invite, until = until.clone()).to_string()}</p>
                                <RatingFormView appointment existing=None on_saved=saved />
                            }.into_any()
                        }
                        (None, false) => view! { <p class="muted">{t!(i18n, feedback.not_rated)}</p> }.into_any(),
                        (Some(posted), _) => {
                            let editable = posted.editable_until;
                            let existing = posted.clone();
                            view! {
                                <ul class="rating-list"><RatingItem rating=posted /></ul>
                                {editable.map(|until| {
                                    let until = short_day(language_of(i18n.get_locale_untracked()), until.date_naive());
                                    let existing = existing.clone();
                                    view! {
                                        <p class="muted">{move || t_string!(i18n, feedback.editable_until, until = until.clone()).to_string()}</p>
                                        {move || if editing.get() {
                                            view! { <RatingFormView appointment existing=Some(existing.clone()) on_saved=saved /> }.into_any()
                                        } else {
                                            view! { <button type="button" class="button button-secondary" on:click=move |_| editing.set(true)>{t!(i18n, feedback.edit)}</button> }.into_any()
                                        }}
                                    }
                                })}
                            }.into_any()
                        }
                    },
                    Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| rating.refetch()) /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// The confirmation screen after booking: to the patient, about their visit; to the desk that
/// booked it, about the patient's.
#[component]
fn BookedBanner(appointment: Appointment, for_patient: bool) -> impl IntoView {
    let i18n = use_i18n();
    let patient = appointment.patient_name.clone();
    let doctor = appointment.doctor_name.clone();
    let text = move || {
        let (patient, doctor) = (patient.clone(), doctor.clone());
        match (appointment.status, for_patient) {
            (AppointmentStatus::Confirmed, true) => {
                t_string!(i18n, appointments.booked_confirmed).to_string()
            }
            (AppointmentStatus::Confirmed, false) => t_string!(
                i18n,
                appointments.booked_confirmed_staff,
                patient = patient,
                doctor = doctor
            )
            .to_string(),
            (AppointmentStatus::Held, true) => {
                t_string!(i18n, appointments.booked_held).to_string()
            }
            (AppointmentStatus::Held, false) => {
                t_string!(i18n, appointments.booked_held_staff, patient = patient).to_string()
            }
            (_, true) => t_string!(i18n, appointments.booked_requested, name = doctor).to_string(),
            (_, false) => t_string!(
                i18n,
                appointments.booked_requested_staff,
                patient = patient,
                doctor = doctor
            )
            .to_string(),
        }
    };
    // Booked inside the clinic's window, the patient can only change it by phone: say so, with
    // the number (staff change it themselves).
    let phone = appointment.phone.clone();
    let by_phone = (for_patient
        && appointment.allowed.refusal == Some(RuleRefusal::TooLateToChange)
        && !phone.is_empty())
    .then(|| view! { <p>{move || t_string!(i18n, appointments.call_clinic, phone = phone.clone()).to_string()}</p> });
    view! {
        <div class="notice notice-success" role="status">
            <h2>{t!(i18n, appointments.booked_title)}</h2>
            <p>{text}</p>
            {by_phone}
        </div>
    }
}

#[component]
fn Summary(appointment: Appointment, for_patient: bool) -> impl IntoView {
    let i18n = use_i18n();
    let a = appointment.clone();
    let when = move || slot_when_text(i18n.get_locale(), &a.slot);
    let specialty = appointment.specialty.clone();
    let status_note = status_note(appointment.clone(), for_patient);
    // A visit that will not take place offers its patient the doctor's slots again.
    let book_again = (for_patient
        && matches!(
            appointment.status,
            AppointmentStatus::Refused | AppointmentStatus::Expired | AppointmentStatus::Cancelled
        ))
    .then(|| {
        let href = format!("/doctors/{}", appointment.doctor_id.0);
        view! { <p><a class="button button-secondary" href=href>{t!(i18n, appointments.book_again)}</a></p> }
    });
    view! {
        <section class="card" aria-labelledby="summary-heading">
            <h2 id="summary-heading">{t!(i18n, appointments.details)}</h2>
            <p>
                <StatusBadge status=appointment.status />
                {appointment.urgent.then(|| view! { " " <span class="badge badge-urgent">{t!(i18n, desk.urgent_badge)}</span> })}
            </p>
            {status_note}
            {book_again}
            <dl class="facts">
                <dt>{t!(i18n, appointments.when)}</dt>
                <dd>{when} <br /><span class="muted">{appointment.time_zone.clone()}</span></dd>
                <dt>{t!(i18n, roles.doctor)}</dt>
                <dd>{appointment.doctor_name.clone()} " · " {move || specialty.name(language_of(i18n.get_locale())).to_owned()}</dd>
                {(!for_patient).then(|| view! {
                    <dt>{t!(i18n, roles.patient)}</dt>
                    <dd>{appointment.patient_name.clone()}</dd>
                })}
                {appointment.visit_for.clone().map(|visit_for| {
                    let born = visit_for.birth_date.format("%Y-%m-%d").to_string();
                    view! {
                        <dt>{t!(i18n, family.visit_for_label)}</dt>
                        <dd class="visit-for">
                            {move || crate::components::family::visit_for_text(i18n.get_locale(), &visit_for)}
                            <br /><span class="muted">{move || t_string!(i18n, family.born, date = born.clone()).to_string()}</span>
                        </dd>
                    }
                })}
                <dt>{t!(i18n, auth.clinic)}</dt>
                <dd>{appointment.clinic_name.clone()}</dd>
                {(!appointment.phone.is_empty()).then(|| {
                    let phone = appointment.phone.clone();
                    view! {
                        <dt>{t!(i18n, appointments.phone_label)}</dt>
                        <dd><a class="tel-link" href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a></dd>
                    }
                })}
                <dt>{t!(i18n, appointments.reason)}</dt>
                <dd>{appointment.reason.clone()}</dd>
            </dl>
            <PriceLine price=appointment.price payment_mode=appointment.payment_mode />
        </section>
    }
}

/// What the status means for the reader: a deadline, or why it ended.
fn status_note(a: Appointment, for_patient: bool) -> impl IntoView {
    let i18n = use_i18n();
    let language = move || language_of(i18n.get_locale());
    let text = move || match a.status {
        AppointmentStatus::Requested => a.request_expires_at.as_ref().map(|deadline| {
            let by = local_time_text(language(), deadline);
            t_string!(i18n, appointments.requested_note, by = by).to_string()
        }),
        AppointmentStatus::Held => a.hold_expires_at.as_ref().map(|deadline| {
            let by = local_time_text(language(), deadline);
            if for_patient {
                t_string!(i18n, appointments.held_note, by = by).to_string()
            } else {
                t_string!(i18n, appointments.held_note_staff, by = by).to_string()
            }
        }),
        AppointmentStatus::Refused | AppointmentStatus::Cancelled | AppointmentStatus::Expired => {
            a.status_reason.clone().map(|reason| {
                let reason = reason_text(i18n.get_locale(), &reason);
                t_string!(i18n, appointments.ended_note, reason = reason).to_string()
            })
        }
        _ => None,
    };
    move || text().map(|text| view! { <p class="status-note">{text}</p> })
}
