//! An appointment's history in words, and the notices sent about it (for staff).

use crate::components::appointment_view::{local_time_text, status_label};
use crate::components::bell::notice_label;
use crate::components::dates::short_day;
use crate::components::language::language_of;
use crate::i18n::*;
use leptos::prelude::*;
use shared::moves::EventKind;
use shared::notification::{DeliveryState, NoticeLog};
use shared::reason::{EndReason, StoredReason};
use shared::{AppointmentDetail, AppointmentEvent, LocalSlot};

#[component]
pub fn History(detail: AppointmentDetail) -> impl IntoView {
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
pub fn reason_text(locale: Locale, reason: &str) -> String {
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

/// For staff: which notifications went out about this appointment, and how each email went.
#[component]
pub fn NoticeLogCard(notices: Vec<NoticeLog>) -> impl IntoView {
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
