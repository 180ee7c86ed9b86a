//! One appointment: when and with whom, its status and history, the clinic's policy
//! explained, and the changes the viewer may make (cancel, reschedule, accept, refuse,
//! complete, no-show).

use crate::api::appointments::{
    get_appointment, reschedule_appointment, AnswerProposal, ChangeAppointment,
};
use crate::api::feedback::get_visit_rating;
use crate::components::appointment_view::{
    local_time_text, slot_when_text, status_label, StatusBadge,
};
use crate::components::bell::notice_label;
use crate::components::dates::short_day;
use crate::components::doctor_card::PriceLine;
use crate::components::error_message::ErrorNotice;
use crate::components::form::{refused_value, textarea_text, FormError};
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::ratings::{RatingFormView, RatingItem};
use crate::components::session::SignedIn;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::components::week_picker::WeekPicker;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::not_found::NotFoundPage;
use crate::pages::payments::{PaidBanner, PaymentSummary};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::feedback::Rating;
use shared::moves::{EventKind, MoveProposal};
use shared::notification::{DeliveryState, NoticeLog};
use shared::reason::{EndReason, StoredReason};
use shared::{
    Appointment, AppointmentDetail, AppointmentEvent, AppointmentStatus, BookingMode, Change,
    LocalSlot, Me, Role, RuleRefusal,
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
                    (desk && a.status == AppointmentStatus::Requested).then(|| view! { <ReassignPanel appointment=a current /> })
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

/// The changes the rules allow the viewer now. Each is a real form posting to the same server
/// function, so it works before (or without) the script; a change that needs a reason opens
/// its form in a `<details>`. Moving the visit needs the week's slots and the script.
#[component]
fn Actions(
    appointment: Appointment,
    current: RwSignal<AppointmentDetail>,
    for_patient: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = appointment.id;
    let allowed = appointment.allowed.clone();
    let rescheduling = RwSignal::new(false);
    let change = ServerAction::<ChangeAppointment>::new();
    Effect::new(move |_| {
        if let Some(Ok(detail)) = change.value().get() {
            let status = detail.appointment.status;
            current.set(detail);
            toasts.push(
                ToastKind::Success,
                t_string!(
                    i18n,
                    appointments.changed,
                    status = status_label(i18n.get_locale_untracked(), status)
                )
                .to_string(),
            );
        }
    });
    let selected = RwSignal::new(None::<LocalSlot>);
    let reschedule = Action::new(move |start: &String| reschedule_appointment(id, start.clone()));
    Effect::new(move |_| {
        if let Some(Ok(detail)) = reschedule.value().get() {
            // The same appointment comes back: moved, or with the new time proposed.
            let message = if detail.appointment.proposal.is_some() {
                t_string!(i18n, appointments.proposed).to_string()
            } else {
                t_string!(i18n, appointments.rescheduled).to_string()
            };
            toasts.push(ToastKind::Success, message);
            rescheduling.set(false);
            selected.set(None);
            current.set(detail);
        }
    });
    let policy_line = {
        let a = appointment.clone();
        move || {
            if !for_patient || !a.status.is_active() {
                return None;
            }
            let language = language_of(i18n.get_locale());
            Some(if a.allowed.refusal == Some(RuleRefusal::TooLateToChange) {
                t_string!(
                    i18n,
                    appointments.too_late_note,
                    hours = a.policy.notice_hours
                )
                .to_string()
            } else {
                let until = local_time_text(language, &a.patient_deadline);
                t_string!(
                    i18n,
                    appointments.change_until,
                    until = until,
                    hours = a.policy.notice_hours
                )
                .to_string()
            })
        }
    };
    let any = allowed.cancel
        || allowed.reschedule
        || allowed.accept
        || allowed.refuse
        || allowed.complete
        || allowed.no_show;
    let doctor = appointment.doctor_id.0;
    // A one-button change (accept, done, missed): its own small form.
    let instant = move |kind: Change, primary: bool, label: String| {
        view! {
            <ActionForm action=change attr:class="inline-form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="change" value=change_code(kind) />
                <input type="hidden" name="reason" value="" />
                <button type="submit" class=if primary { "button button-primary" } else { "button button-secondary" }
                    disabled=move || change.pending().get()>{label}</button>
            </ActionForm>
        }
    };
    let accept_label = move || t_string!(i18n, appointments.accept).to_string();
    let complete_label = move || t_string!(i18n, appointments.complete).to_string();
    let no_show_label = move || t_string!(i18n, appointments.no_show).to_string();
    view! {
        <section class="card" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{t!(i18n, appointments.actions)}</h2>
            {move || policy_line().map(|text| view! { <p class="policy" role="note">{text}</p> })}
            {(!any).then(|| view! { <p class="muted">{t!(i18n, appointments.no_action)}</p> })}
            <FormError value=change.value() />
            <FormError value=reschedule.value() />
            <div class="button-row">
                {allowed.accept.then(|| instant(Change::Accept, true, accept_label()))}
                {allowed.complete.then(|| instant(Change::Complete, true, complete_label()))}
                {allowed.no_show.then(|| instant(Change::NoShow, false, no_show_label()))}
                {allowed.reschedule.then(|| view! {
                    <button type="button" class="button button-secondary" aria-expanded=move || rescheduling.get().to_string()
                        on:click=move |_| rescheduling.update(|r| *r = !*r)>{t!(i18n, appointments.reschedule)}</button>
                })}
            </div>
            {allowed.refuse.then(|| view! {
                <ReasonForm appointment=appointment.clone() kind=Change::Refuse change for_patient />
            })}
            {allowed.cancel.then(|| view! {
                <ReasonForm appointment=appointment.clone() kind=Change::Cancel change for_patient />
            })}
            {move || rescheduling.get().then(|| view! {
                <div class="reschedule">
                    <h3>{t!(i18n, appointments.pick_new_time)}</h3>
                    <WeekPicker doctor selected />
                    {move || selected.get().map(|slot| {
                        let language = language_of(i18n.get_locale());
                        let when = format!("{}, {}", short_day(language, slot.date), slot.time);
                        let start = slot.start.to_rfc3339();
                        view! {
                            <button type="button" class="button button-primary" disabled=move || reschedule.pending().get()
                                on:click=move |_| { reschedule.dispatch(start.clone()); }>
                                {t!(i18n, appointments.move_to, when = when)}
                            </button>
                        }
                    })}
                </div>
            })}
        </section>
    }
}

/// How a change is named in a form (the server function reads it back).
fn change_code(change: Change) -> &'static str {
    match change {
        Change::Accept => "accept",
        Change::Refuse => "refuse",
        Change::Cancel => "cancel",
        Change::Complete => "complete",
        Change::NoShow => "no_show",
    }
}

/// Refusing or cancelling: the button opens a form for the reason (required from the clinic,
/// optional for the patient) and, before a paid visit is cancelled, says how much comes back.
#[component]
fn ReasonForm(
    appointment: Appointment,
    kind: Change,
    change: ServerAction<ChangeAppointment>,
    for_patient: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = appointment.id;
    let required = !for_patient;
    let field_id = format!("reason-{}", change_code(kind));
    // This very form refused without JavaScript (a missing reason) comes back open, as typed.
    let refused_here = refused_value("change").as_deref() == Some(change_code(kind));
    let kept_reason = refused_here
        .then(|| refused_value("reason"))
        .flatten()
        .unwrap_or_default();
    let open_label = move || match kind {
        Change::Refuse => t_string!(i18n, appointments.refuse).to_string(),
        _ => t_string!(i18n, appointments.cancel).to_string(),
    };
    let label = move || match (kind, required) {
        (Change::Refuse, _) | (_, true) => {
            t_string!(i18n, appointments.reason_for_patient).to_string()
        }
        _ => t_string!(i18n, appointments.reason_optional).to_string(),
    };
    let confirm = move || match kind {
        Change::Refuse => t_string!(i18n, appointments.confirm_refuse).to_string(),
        _ => t_string!(i18n, appointments.confirm_cancel).to_string(),
    };
    let refund_note = (kind == Change::Cancel)
        .then_some(appointment.refund_percent_now)
        .flatten()
        .map(|percent| {
            let price = appointment.price;
            move || {
                let back = price
                    .map(|p| p.percent(percent).display(language_of(i18n.get_locale())))
                    .unwrap_or_default();
                if for_patient {
                    t_string!(i18n, payment.refund_note, percent = percent, amount = back)
                        .to_string()
                } else {
                    t_string!(
                        i18n,
                        payment.refund_note_staff,
                        percent = percent,
                        amount = back
                    )
                    .to_string()
                }
            }
        });
    view! {
        <details class="change-box" open=refused_here>
            <summary class="button button-secondary">{open_label}</summary>
            {refund_note.map(|text| view! { <p class="policy" role="note">{text}</p> })}
            <ActionForm action=change attr:class="form reason-form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="change" value=change_code(kind) />
                <div class="field">
                    <label for=field_id.clone()>{label}</label>
                    <textarea id=field_id name="reason" rows="3" required=required>{textarea_text(kept_reason)}</textarea>
                </div>
                <button type="submit" class="button button-danger" disabled=move || change.pending().get()>{confirm}</button>
            </ActionForm>
        </details>
    }
}

#[component]
fn History(detail: AppointmentDetail) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">{t!(i18n, appointments.history)}</h2>
            <ol class="history">
                {detail.events.into_iter().map(|event| {
                    let at = event.at.clone();
                    let when = move || local_time_text(language_of(i18n.get_locale()), &at);
                    let who = event.actor_name.clone();
                    let who = move || who.clone().unwrap_or_else(|| t_string!(i18n, appointments.by_salus).to_string());
                    let reason = event.reason.clone();
                    let what = move || event_text(i18n.get_locale(), &event);
                    view! {
                        <li>
                            <span class="history-when">{when}</span>
                            <span>{what} " · " {who}</span>
                            {reason.map(|r| {
                                let r = move || reason_text(i18n.get_locale(), &r);
                                view! { <span class="muted">{r}</span> }
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            {detail.appointment.rescheduled_from.map(|earlier| view! {
                <a class="button button-secondary" href=format!("/appointments/{earlier}")>{t!(i18n, appointments.earlier_history)}</a>
            })}
        </section>
    }
}

/// What one line of the history says: a change of status, or a step of a move with its times.
/// A stored reason as its reader reads it: Salus's own reasons are codes, said in the
/// reader's language; a person's words are shown as they typed them.
fn reason_text(locale: Locale, reason: &str) -> String {
    match StoredReason::parse(reason) {
        StoredReason::End(EndReason::PaymentLapsed) => {
            td_string!(locale, appointments.reason_payment_lapsed).to_string()
        }
        StoredReason::End(EndReason::HoldExpired) => {
            td_string!(locale, appointments.reason_hold_expired).to_string()
        }
        StoredReason::End(EndReason::RequestUnanswered) => {
            td_string!(locale, appointments.reason_request_unanswered).to_string()
        }
        StoredReason::ReassignedTo(name) => {
            td_string!(locale, desk.reassigned, name = name).to_string()
        }
        StoredReason::Words(words) => words.to_owned(),
    }
}

fn event_text(locale: Locale, event: &AppointmentEvent) -> String {
    let slot = |slot: &Option<LocalSlot>| {
        slot.as_ref()
            .map(|slot| {
                format!(
                    "{}, {}",
                    short_day(language_of(locale), slot.date),
                    slot.time
                )
            })
            .unwrap_or_default()
    };
    let to = slot(&event.moved_to);
    match event.kind {
        EventKind::Status => event
            .to
            .map(|status| status_label(locale, status))
            .unwrap_or_default(),
        EventKind::Moved => td_string!(
            locale,
            appointments.ev_moved,
            from = slot(&event.moved_from),
            to = to
        )
        .to_string(),
        EventKind::MoveProposed => {
            td_string!(locale, appointments.ev_move_proposed, to = to).to_string()
        }
        EventKind::MoveRefused => {
            td_string!(locale, appointments.ev_move_refused, to = to).to_string()
        }
        EventKind::MoveLapsed => {
            td_string!(locale, appointments.ev_move_lapsed, to = to).to_string()
        }
        EventKind::MoveWithdrawn => {
            td_string!(locale, appointments.ev_move_withdrawn, to = to).to_string()
        }
    }
}

/// A new time the patient asked for, waiting for the doctor: the patient reads that their
/// visit keeps its time meanwhile; staff answer it (real forms, so they work without script).
#[component]
fn ProposalPanel(
    appointment: Appointment,
    proposal: MoveProposal,
    current: RwSignal<AppointmentDetail>,
    for_patient: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = appointment.id;
    let answer = ServerAction::<AnswerProposal>::new();
    Effect::new(move |_| {
        if let Some(Ok(detail)) = answer.value().get() {
            current.set(detail);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, appointments.proposal_answered).to_string(),
            );
        }
    });
    let slot = proposal.slot.clone();
    let by = proposal.expires_at.clone();
    let text = move || {
        let locale = i18n.get_locale();
        let new = slot_when_text(locale, &slot);
        let by = local_time_text(language_of(locale), &by);
        if for_patient {
            t_string!(
                i18n,
                appointments.proposal_waiting_patient,
                new = new,
                by = by
            )
            .to_string()
        } else {
            t_string!(
                i18n,
                appointments.proposal_waiting_staff,
                new = new,
                by = by
            )
            .to_string()
        }
    };
    let may_answer = appointment.allowed.answer_proposal;
    view! {
        <section class="card notice-warning" aria-labelledby="proposal-heading">
            <h2 id="proposal-heading">{t!(i18n, appointments.proposal_heading)}</h2>
            <p role="status">{text}</p>
            <FormError value=answer.value() />
            {may_answer.then(|| view! {
                <div class="button-row">
                    <ActionForm action=answer attr:class="inline-form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="accept" value="true" />
                        <input type="hidden" name="reason" value="" />
                        <button type="submit" class="button button-primary" disabled=move || answer.pending().get()>
                            {t!(i18n, appointments.accept_new_time)}
                        </button>
                    </ActionForm>
                </div>
                <details class="change-box">
                    <summary class="button button-secondary">{t!(i18n, appointments.refuse_new_time)}</summary>
                    <ActionForm action=answer attr:class="form reason-form">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="accept" value="false" />
                        <div class="field">
                            <label for="refuse-new-time-reason">{t!(i18n, appointments.refuse_new_time_reason)}</label>
                            <textarea id="refuse-new-time-reason" name="reason" rows="2"></textarea>
                        </div>
                        <button type="submit" class="button button-danger" disabled=move || answer.pending().get()>
                            {t!(i18n, appointments.refuse_new_time)}
                        </button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

/// For staff: which notifications went out about this appointment, and how each email went.
#[component]
fn NoticeLogCard(notices: Vec<NoticeLog>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card" aria-labelledby="notices-heading">
            <h2 id="notices-heading">{t!(i18n, bell.log_title)}</h2>
            {notices.is_empty().then(|| view! { <p class="muted">{t!(i18n, bell.log_empty)}</p> })}
            <ol class="history notice-log">
                {notices.into_iter().map(|notice| {
                    let kind = notice.kind;
                    let name = notice.recipient_name.clone();
                    let created = notice.created.clone();
                    let when = move || local_time_text(language_of(i18n.get_locale()), &created);
                    let email = move || {
                        let count = notice.attempts;
                        let error = notice.last_error.clone().unwrap_or_default();
                        match (notice.email, &notice.sent) {
                            (DeliveryState::Sent, Some(sent)) => {
                                let when = local_time_text(language_of(i18n.get_locale()), sent);
                                t_string!(i18n, bell.email_sent, when = when).to_string()
                            }
                            (DeliveryState::Failed, _) if count == 1 => t_string!(i18n, bell.email_failed_single, count = count, error = error).to_string(),
                            (DeliveryState::Failed, _) => t_string!(i18n, bell.email_failed, count = count, error = error).to_string(),
                            (_, _) if count == 1 => t_string!(i18n, bell.email_retrying_single, count = count, error = error).to_string(),
                            (_, _) if count > 0 => t_string!(i18n, bell.email_retrying, count = count, error = error).to_string(),
                            (_, _) => t_string!(i18n, bell.email_pending).to_string(),
                        }
                    };
                    view! {
                        <li class=format!("notice-{}", notice.email.as_str())>
                            <span class="history-when">{when}</span>
                            <span>{move || notice_label(i18n.get_locale(), kind)} " · " {move || t_string!(i18n, bell.log_to, name = name.clone()).to_string()}</span>
                            <span class="muted">{email}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// For the front desk: hand a request to another doctor of the clinic with the same specialty.
#[component]
fn ReassignPanel(appointment: Appointment, current: RwSignal<AppointmentDetail>) -> impl IntoView {
    use crate::api::front_desk::{desk_doctors, reassign};
    let i18n = use_i18n();
    let toasts = use_toasts();
    let id = appointment.id;
    let specialty = appointment.specialty.id;
    let doctor_now = appointment.doctor_id.0;
    let doctors = LocalResource::new(desk_doctors);
    let chosen = RwSignal::new(String::new());
    let action = Action::new(move |doctor: &String| {
        reassign(
            id,
            shared::front_desk::ReassignForm {
                doctor_id: doctor.clone(),
            },
        )
    });
    Effect::new(move |_| {
        if let Some(Ok(detail)) = action.value().get() {
            let name = detail.appointment.doctor_name.clone();
            current.set(detail);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, desk.reassigned, name = name).to_string(),
            );
        }
    });
    let colleagues = move || {
        doctors
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|d| d.specialty_id == specialty && d.id != doctor_now)
            .collect::<Vec<_>>()
    };
    view! {
            <section class="card" aria-labelledby="reassign-heading">
                <h2 id="reassign-heading">{t!(i18n, desk.reassign_title)}</h2>
                <p class="muted">{t!(i18n, desk.reassign_hint)}</p>
                <form class="form" on:submit=move |ev| { ev.prevent_default(); action.dispatch(chosen.get_untracked()); }>
                    <FormError value=action.value() />
                    <div class="field">
                        <label for="reassign-doctor">{t!(i18n, desk.doctor)}</label>
                        <select id="reassign-doctor" on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="">{t!(i18n, desk.choose_doctor)}</option>
                            {move || colleagues().into_iter().map(|d| view! {
                                <option value=d.id.to_string()>{d.name.clone()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button" disabled=move || action.pending().get() || chosen.get().is_empty()>
                        {t!(i18n, desk.reassign)}
                    </button>
                </form>
            </section>
    }
}
