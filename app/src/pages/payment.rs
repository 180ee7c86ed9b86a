//! Paying for a held appointment: the amount, the doctor, the time and the policy, then
//! Stripe.js's card field. The card is authorised now and charged only once the doctor
//! confirms; a decline is explained and the patient may try another card while the slot is
//! held.

use crate::api::appointments::get_appointment;
use crate::api::payments::open_payment;
#[cfg(feature = "hydrate")]
use crate::api::payments::{pay_appointment, refresh_payment};
use crate::components::appointment_view::{local_time_text, slot_when_text};
#[cfg(feature = "hydrate")]
use crate::components::error_message::error_text;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
#[cfg(feature = "hydrate")]
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::payments::{payment_note_text, previous_decline_text};
use leptos::prelude::*;
use leptos_meta::Title;
use shared::{AppointmentDetail, AppointmentStatus, Me, PaymentSession, PaymentStatus};

#[component]
pub fn PaymentPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = super::route_id();
    view! {
        <Title text=localized(|locale| td_string!(locale, payment.title).to_string()) />
        <h1>{t!(i18n, payment.title)}</h1>
        <SignedIn children=move |_: Me| view! { <PaymentLoader id=id() /> } />
    }
}

#[component]
fn PaymentLoader(id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let detail = Resource::new(move || id, get_appointment);
    // Opening the payment may create it at Stripe: an action, not a page read.
    let open = Action::new(move |_: &()| open_payment(id));
    Effect::new(move |_| {
        open.dispatch(());
    });
    let both = move || match (detail.get()?, open.value().get()?) {
        (Ok(detail), Ok(session)) => Some(Ok((detail, session))),
        (Err(error), _) | (_, Err(error)) => Some(Err(error)),
    };
    view! {
        <div class="notice no-script-only" role="note">
            <p>{t!(i18n, payment.needs_script)}</p>
            <a class="button button-secondary" href=format!("/appointments/{id}")>{t!(i18n, payment.back)}</a>
        </div>
        <div class="script-only">
        <Suspense fallback=|| view! { <Loading lines=6 /> }>
            {move || match both() {
                None => view! { <Loading lines=6 /> }.into_any(),
                Some(Ok((detail, session))) => view! { <Checkout detail session /> }.into_any(),
                Some(Err(error)) => view! {
                    <ErrorNotice error />
                    <a class="button button-secondary" href=format!("/appointments/{id}")>{t!(i18n, payment.back)}</a>
                }.into_any(),
            }}
        </Suspense>
        </div>
    }
}

#[component]
fn Checkout(detail: AppointmentDetail, session: PaymentSession) -> impl IntoView {
    let i18n = use_i18n();
    let appointment = detail.appointment.clone();
    let id = appointment.id;
    let amount = session.payment.amount;
    let error = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let ready = RwSignal::new(false);
    let done = session.payment.status != PaymentStatus::RequiresPayment;
    let navigate = leptos_router::hooks::use_navigate();
    #[cfg(feature = "hydrate")]
    let card = StoredValue::new_local(None::<crate::components::stripe_card::Card>);
    #[cfg(feature = "hydrate")]
    {
        let (key, url) = (
            session.publishable_key.clone(),
            session.stripe_js_url.clone(),
        );
        Effect::new(move |_| {
            if done {
                return;
            }
            let (key, url) = (key.clone(), url.clone());
            leptos::task::spawn_local(async move {
                use crate::components::stripe_card;
                let mounted = async {
                    stripe_card::load(&url).await?;
                    stripe_card::Card::mount(&key, "#card-element")
                }
                .await;
                match mounted {
                    Ok(mounted) => {
                        card.set_value(Some(mounted));
                        ready.set(true);
                    }
                    Err(problem) => error.set(Some(problem)),
                }
            });
        });
    }
    let paid_href = format!("/appointments/{id}?paid=1");
    if done {
        let (href, navigate) = (paid_href.clone(), navigate.clone());
        Effect::new(move |_| navigate(&href, Default::default()));
    }
    let on_pay = {
        let navigate = navigate.clone();
        let paid_href = paid_href.clone();
        move |_| {
            working.set(true);
            error.set(None);
            #[cfg(feature = "hydrate")]
            {
                let navigate = navigate.clone();
                let paid_href = paid_href.clone();
                leptos::task::spawn_local(async move {
                    let locale = i18n.get_locale_untracked();
                    let outcome = pay_with_card(id, card).await;
                    match outcome {
                        Ok(()) => navigate(&paid_href, Default::default()),
                        Err(Failure::Server(problem)) => {
                            error.set(Some(error_text(locale, &problem)))
                        }
                        Err(Failure::Card(message)) => error.set(Some(message)),
                    }
                    working.set(false);
                });
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (&navigate, &paid_href);
        }
    };
    let when = {
        let slot = appointment.slot.clone();
        move || slot_when_text(i18n.get_locale(), &slot)
    };
    let held_until = appointment.hold_expires_at.clone();
    let held = move || {
        held_until.as_ref().map(|until| {
            let at = local_time_text(language_of(i18n.get_locale()), until);
            t_string!(i18n, payment.held_until, until = at).to_string()
        })
    };
    let price = move || amount.display(language_of(i18n.get_locale()));
    let previous = session.payment.last_error.clone();
    let note = session.payment.note;
    let expired = appointment.status != AppointmentStatus::Held;
    view! {
        <section class="card booking-summary" aria-labelledby="pay-summary">
            <h2 id="pay-summary">{appointment.doctor_name.clone()}</h2>
            <p class="booking-when"><strong>{when}</strong></p>
            <p class="muted">{appointment.clinic_name.clone()} " · " {appointment.time_zone.clone()}</p>
            <p class="pay-amount">{t!(i18n, payment.amount)} " " <strong>{price}</strong></p>
            <p>{move || payment_note_text(i18n.get_locale(), note, true)}</p>
            <p class="policy">{move || t_string!(i18n, booking.policy, hours = appointment.policy.notice_hours).to_string()}</p>
            {move || held().map(|text| view! { <p class="status-note">{text}</p> })}
        </section>
        {if expired {
            view! {
                <p class="notice notice-error" role="alert">{t!(i18n, errors.hold_expired)}</p>
            }.into_any()
        } else {
            view! {
                <section class="card pay-form" aria-labelledby="card-heading">
                    <h2 id="card-heading">{t!(i18n, payment.card_title)}</h2>
                    {previous.map(|message| view! { <p class="notice notice-warning">{move || previous_decline_text(i18n.get_locale(), &message)}</p> })}
                    <div id="card-element" class="card-element" role="group" aria-labelledby="card-heading"></div>
                    <p class="field-hint">{t!(i18n, payment.secure_note)}</p>
                    <div class="form-error" role="alert" aria-live="assertive">
                        {move || error.get().map(|text| view! { <p class="notice notice-error">{text}</p> })}
                    </div>
                    <button type="button" class="button button-primary" on:click=on_pay
                        disabled=move || working.get() || !ready.get() aria-busy=move || working.get().to_string()>
                        {move || if working.get() {
                            t_string!(i18n, form.working).to_string()
                        } else {
                            t_string!(i18n, payment.pay, amount = price()).to_string()
                        }}
                    </button>
                </section>
            }.into_any()
        }}
    }
}

/// Why paying did not go through: the server's answer (a decline, a lapsed hold…), or
/// Stripe.js's own words about the card.
#[cfg(feature = "hydrate")]
enum Failure {
    Server(AppError),
    Card(String),
}

/// The card → a payment method → the server charges it → 3-D Secure in the browser when the
/// bank asks → the server reads the result back from Stripe.
#[cfg(feature = "hydrate")]
async fn pay_with_card(
    id: i64,
    card: StoredValue<Option<crate::components::stripe_card::Card>, LocalStorage>,
) -> Result<(), Failure> {
    let card = card
        .get_value()
        .ok_or_else(|| Failure::Card("Stripe.js is not ready".into()))?;
    let method = card.payment_method().await.map_err(Failure::Card)?;
    let session = pay_appointment(id, method).await.map_err(Failure::Server)?;
    if session.payment.status == PaymentStatus::Authorized {
        return Ok(());
    }
    if !session.client_secret.is_empty() {
        let secret = session.client_secret.clone();
        card.authenticate(&secret).await.map_err(Failure::Card)?;
    }
    let refreshed = refresh_payment(id).await.map_err(Failure::Server)?;
    if refreshed.payment.status == PaymentStatus::Authorized {
        Ok(())
    } else {
        Err(Failure::Server(AppError::PaymentDeclined {
            code: "payment_intent_authentication_failure".into(),
            message: refreshed.payment.last_error.unwrap_or_default(),
        }))
    }
}
