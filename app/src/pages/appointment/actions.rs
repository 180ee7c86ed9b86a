//! What the viewer may do to an appointment: the allowed changes with their reasons, the
//! answer to a proposed new time, and the desk handing a request to a colleague.

use crate::api::appointments::{reschedule_appointment, AnswerProposal, ChangeAppointment};
use crate::components::appointment_view::{local_time_text, slot_when_text, status_label};
use crate::components::dates::short_day;
use crate::components::form::{refused_value, textarea_text, FormError};
use crate::components::language::language_of;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::components::week_picker::WeekPicker;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use shared::moves::MoveProposal;
use shared::{Appointment, AppointmentDetail, Change, LocalSlot, RuleRefusal};

/// The changes the rules allow the viewer now. Each is a real form posting to the same server
/// function, so it works before (or without) the script; a change that needs a reason opens
/// its form in a `<details>`. Moving the visit needs the week's slots and the script.
#[component]
pub fn Actions(
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
pub fn ReasonForm(
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

/// A new time the patient asked for, waiting for the doctor: the patient reads that their
/// visit keeps its time meanwhile; staff answer it (real forms, so they work without script).
#[component]
pub fn ProposalPanel(
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

/// For the front desk: hand a request to another doctor of the clinic with the same specialty.
#[component]
pub fn ReassignPanel(
    appointment: Appointment,
    current: RwSignal<AppointmentDetail>,
) -> impl IntoView {
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
            .filter(|d| shared::front_desk::takes_over(d, specialty, doctor_now))
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
