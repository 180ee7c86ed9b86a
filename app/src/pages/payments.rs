//! Money, as each person sees it: a payment's receipt, a patient's payment history.

use crate::api::appointments::get_appointment;
use crate::api::payments::{appointment_payment, my_payments};
use crate::components::appointment_view::local_time_text;
use crate::components::dates::long_day;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::not_found::NotFoundPage;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::payment_note::{decline_detail, PaymentNote};
use shared::{AppointmentStatus, Me, Payment, PaymentStatus};

/// A payment's status in words.
pub fn payment_status_label(locale: Locale, status: PaymentStatus) -> String {
    match status {
        PaymentStatus::RequiresPayment => td_string!(locale, payment.status_requires_payment),
        PaymentStatus::Authorized => td_string!(locale, payment.status_authorized),
        PaymentStatus::Captured => td_string!(locale, payment.status_captured),
        PaymentStatus::PartiallyRefunded => td_string!(locale, payment.status_partially_refunded),
        PaymentStatus::Refunded => td_string!(locale, payment.status_refunded),
        PaymentStatus::Released => td_string!(locale, payment.status_released),
        PaymentStatus::Failed => td_string!(locale, payment.status_failed),
    }
    .to_string()
}

/// What is said about an online payment (`shared::payment_note`): to the patient in their own
/// words ("your card"), to the clinic's staff about the patient ("the patient's card").
pub fn payment_note_text(locale: Locale, note: PaymentNote, for_patient: bool) -> String {
    match (note, for_patient) {
        (PaymentNote::PayToConfirm, true) => td_string!(locale, payment.note_pay_to_confirm),
        (PaymentNote::PayToConfirm, false) => {
            td_string!(locale, payment.note_pay_to_confirm_staff)
        }
        (PaymentNote::PayToRequest, true) => td_string!(locale, payment.note_pay_to_request),
        (PaymentNote::PayToRequest, false) => {
            td_string!(locale, payment.note_pay_to_request_staff)
        }
        (PaymentNote::AuthorisedUntilAnswered, true) => {
            td_string!(locale, payment.note_authorised_until_answered)
        }
        (PaymentNote::AuthorisedUntilAnswered, false) => {
            td_string!(locale, payment.note_authorised_until_answered_staff)
        }
        (PaymentNote::BeingCharged, true) => td_string!(locale, payment.note_being_charged),
        (PaymentNote::BeingCharged, false) => {
            td_string!(locale, payment.note_being_charged_staff)
        }
        (PaymentNote::RefundOnItsWay, true) => td_string!(locale, payment.note_refund_on_its_way),
        (PaymentNote::RefundOnItsWay, false) => {
            td_string!(locale, payment.note_refund_on_its_way_staff)
        }
        (PaymentNote::Paid, _) => td_string!(locale, payment.note_paid),
        (PaymentNote::PartlyRefunded, _) => td_string!(locale, payment.note_partly_refunded),
        (PaymentNote::Refunded, _) => td_string!(locale, payment.note_refunded),
        (PaymentNote::NothingCharged, _) => td_string!(locale, payment.note_nothing_charged),
    }
    .to_string()
}

/// The bank's refusal of the last card attempt, in its own words when they say something.
pub fn previous_decline_text(locale: Locale, message: &str) -> String {
    match decline_detail(message) {
        Some(detail) => td_string!(locale, payment.previous_decline, message = detail).to_string(),
        None => td_string!(locale, payment.previous_decline_plain).to_string(),
    }
}

#[component]
pub fn PaymentBadge(status: PaymentStatus) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span class=format!("badge payment-{}", status.as_str())>{move || payment_status_label(i18n.get_locale(), status)}</span>
    }
}

/// Back from the payment page: what became of the money, as it stands (never "authorised"
/// above a payment that failed).
#[component]
pub fn PaidBanner(appointment: i64, for_patient: bool) -> impl IntoView {
    let i18n = use_i18n();
    let payment = Resource::new(move || appointment, appointment_payment);
    view! {
        <Suspense fallback=|| ()>
            {move || payment.get().and_then(Result::ok).flatten().map(|payment| {
                let good = matches!(
                    payment.note,
                    PaymentNote::AuthorisedUntilAnswered | PaymentNote::BeingCharged | PaymentNote::Paid
                );
                let class = if good { "notice notice-success" } else { "notice notice-warning" };
                view! {
                    <div class=class role="status"><p>{move || payment_note_text(i18n.get_locale(), payment.note, for_patient)}</p></div>
                }
            })}
        </Suspense>
    }
}

/// The appointment's payment, when it is paid online: its status and the receipt.
#[component]
pub fn PaymentSummary(
    appointment: i64,
    status: AppointmentStatus,
    for_patient: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let payment = Resource::new(
        move || (appointment, status),
        |(id, _)| appointment_payment(id),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || payment.get().and_then(Result::ok).flatten().map(|payment| {
                let amount = payment.amount;
                let receipt = payment.status.has_receipt();
                view! {
                    <section class="card" aria-labelledby="payment-heading">
                        <h2 id="payment-heading">{t!(i18n, payment.section_title)}</h2>
                        <p><PaymentBadge status=payment.status /> " " {move || amount.display(language_of(i18n.get_locale()))}</p>
                        <p>{move || payment_note_text(i18n.get_locale(), payment.note, for_patient)}</p>
                        {payment.last_error.clone().filter(|_| payment.status == PaymentStatus::RequiresPayment).map(|e| view! { <p class="muted">{move || previous_decline_text(i18n.get_locale(), &e)}</p> })}
                        {receipt.then(|| view! {
                            <a class="button button-secondary" href=format!("/appointments/{appointment}/receipt")>{t!(i18n, payment.see_receipt)}</a>
                        })}
                    </section>
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn PaymentsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, payment.history_title).to_string()) />
        <h1>{t!(i18n, payment.history_title)}</h1>
        <SignedIn children=move |_: Me| view! { <History /> } />
    }
}

#[component]
fn History() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new(|| (), |_| my_payments());
    view! {
        <Suspense fallback=|| view! { <Loading lines=4 /> }>
            {move || list.get().map(|result| match result {
                Ok(payments) if payments.is_empty() => view! { <p class="empty-state">{t!(i18n, payment.none)}</p> }.into_any(),
                Ok(payments) => view! {
                    <ul class="appointment-list">
                        {payments.into_iter().map(|payment| view! { <PaymentItem payment /> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| list.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn PaymentItem(payment: Payment) -> impl IntoView {
    let i18n = use_i18n();
    let visit = payment.visit.clone();
    let when = move || local_time_text(language_of(i18n.get_locale()), &visit);
    let amount = payment.amount;
    let money = move || amount.display(language_of(i18n.get_locale()));
    let receipt = payment.status.has_receipt();
    let href = if receipt {
        format!("/appointments/{}/receipt", payment.appointment_id)
    } else {
        format!("/appointments/{}", payment.appointment_id)
    };
    view! {
        <li class="appointment-item">
            <a class="appointment-link" href=href>
                <span class="appointment-when">{money}</span>
                <span class="appointment-who">{payment.doctor_name.clone()} " · " {payment.clinic_name.clone()}</span>
                <span class="muted">{when}</span>
            </a>
            <PaymentBadge status=payment.status />
        </li>
    }
}

#[component]
pub fn ReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::route_id();
    view! {
        <Title text=localized(|locale| td_string!(locale, payment.receipt_title).to_string()) />
        <SignedIn children=move |_: Me| view! { <Receipt id=id() /> } />
        <p class="muted print-hide">{t!(i18n, payment.receipt_note)}</p>
    }
}

#[component]
fn Receipt(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let payment = Resource::new(move || id, appointment_payment);
    let appointment = Resource::new(move || id, get_appointment);
    let both = move || match (payment.get()?, appointment.get()?) {
        (Ok(Some(payment)), Ok(detail)) => Some(Ok((payment, detail.appointment))),
        (Ok(None), _) => Some(Err(AppError::NotFound)),
        (Err(error), _) | (_, Err(error)) => Some(Err(error)),
    };
    view! {
        <Suspense fallback=|| view! { <Loading lines=6 /> }>
            {move || both().map(|result| match result {
                Ok((payment, appointment)) => {
                    let language = move || language_of(i18n.get_locale());
                    let (captured, refunded) = (payment.captured, payment.refunded);
                    let net = shared::Money::new(captured.minor - refunded.minor, captured.currency);
                    let visit_day = appointment.slot.date;
                    let time = appointment.slot.time.clone();
                    let paid_at = payment.updated_at.clone();
                    view! {
                        <article class="card receipt" aria-labelledby="receipt-heading">
                            <h1 id="receipt-heading">{t!(i18n, payment.receipt_title)}</h1>
                            <p class="muted">{t!(i18n, payment.receipt_number, number = payment.receipt_number.clone())}</p>
                            <dl class="facts">
                                <dt>{t!(i18n, roles.patient)}</dt><dd>{appointment.patient_name.clone()}</dd>
                                <dt>{t!(i18n, roles.doctor)}</dt><dd>{payment.doctor_name.clone()}</dd>
                                <dt>{t!(i18n, auth.clinic)}</dt><dd>{payment.clinic_name.clone()}</dd>
                                <dt>{t!(i18n, appointments.when)}</dt>
                                <dd>{move || format!("{}, {}", long_day(language(), visit_day), time)} " (" {appointment.time_zone.clone()} ")"</dd>
                                <dt>{t!(i18n, payment.status)}</dt><dd><PaymentBadge status=payment.status /></dd>
                                <dt>{t!(i18n, payment.paid)}</dt><dd>{move || captured.display(language())}</dd>
                                <dt>{t!(i18n, payment.refunded)}</dt><dd>{move || refunded.display(language())}</dd>
                                <dt>{t!(i18n, payment.net)}</dt><dd><strong>{move || net.display(language())}</strong></dd>
                                <dt>{t!(i18n, payment.updated)}</dt><dd>{move || local_time_text(language(), &paid_at)}</dd>
                            </dl>
                            <a class="button button-secondary print-hide" href=format!("/appointments/{id}")>{t!(i18n, payment.back)}</a>
                        </article>
                    }.into_any()
                }
                Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                Err(error) => view! { <ErrorNotice error /> }.into_any(),
            })}
        </Suspense>
    }
}
