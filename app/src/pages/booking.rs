//! Booking a slot: the patient reviews the doctor, the time (in the clinic's zone), the price
//! and the clinic's policy, says why they come, and books.

use crate::api::account::get_dependants;
use crate::api::appointments::book_appointment;
use crate::api::doctors::{doctor_slots, get_doctor_profile};
use crate::components::appointment_view::slot_when_text;
use crate::components::doctor_card::{DoctorAvatar, PriceLine};
use crate::components::error_message::ErrorNotice;
use crate::components::family::relation_label;
use crate::components::form::{ChoiceField, Field, FormError};
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::error::{AppError, ConflictCode};
use crate::i18n::*;
use crate::pages::doctor_application::language_of;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::{
    BookingForm, BookingMode, DoctorProfile, LocalSlot, Me, PaymentMode, Role, ValidationErrors,
};

#[component]
pub fn BookingPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let param = move |key: &str| query.read().get(key).unwrap_or_default();
    view! {
        <Title text=localized(|locale| td_string!(locale, booking.title).to_string()) />
        <h1>{t!(i18n, booking.title)}</h1>
        <SignedIn children=move |me: Me| {
            if me.role != Role::Patient {
                return view! { <p class="notice notice-error" role="alert">{t!(i18n, booking.patients_only)}</p> }.into_any();
            }
            let doctor = param("doctor").parse::<i64>().unwrap_or_default();
            view! { <BookingReview doctor start=param("start") date=param("date") /> }.into_any()
        } />
    }
}

#[component]
fn BookingReview(doctor: i64, start: String, date: String) -> impl IntoView {
    let i18n = use_i18n();
    let profile = Resource::new(move || doctor, get_doctor_profile);
    let day = date.clone();
    let slots = Resource::new(
        move || day.clone(),
        move |day| doctor_slots(doctor, day.clone(), day),
    );
    let wanted = start.clone();
    let both = move || {
        let profile = profile.get()?;
        let slots = slots.get()?;
        Some(match (profile, slots) {
            (Ok(profile), Ok(list)) => {
                let slot =
                    list.days.into_iter().flat_map(|d| d.slots).find(|s| {
                        s.start.to_rfc3339() == wanted || Some(s.start) == parse(&wanted)
                    });
                Ok((profile, slot, list.time_zone, list.utc_offset))
            }
            (Err(error), _) | (_, Err(error)) => Err(error),
        })
    };
    let back = format!("/doctors/{doctor}?from={date}#slots");
    view! {
        <Suspense fallback=|| view! { <Loading lines=6 /> }>
            {move || both().map(|result| match result {
                Ok((profile, Some(slot), zone, offset)) => view! {
                    <Review profile chosen=slot zone=format!("{zone} ({offset})") />
                }.into_any(),
                Ok((_, None, _, _)) => view! {
                    <div class="notice notice-warning" role="alert">
                        <p>{t!(i18n, booking.slot_gone)}</p>
                        <a class="button button-secondary" href=back.clone()>{t!(i18n, booking.choose_another)}</a>
                    </div>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| profile.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

fn parse(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

#[component]
fn Review(profile: DoctorProfile, chosen: LocalSlot, zone: String) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let slot = chosen;
    let book = Action::new(|form: &BookingForm| book_appointment(form.clone()));
    let errors = Signal::derive(move || match book.value().get() {
        Some(Err(AppError::Validation(errors))) => Some(errors),
        _ => None::<ValidationErrors>,
    });
    Effect::new(move |_| {
        if let Some(Ok(detail)) = book.value().get() {
            let id = detail.appointment.id;
            // A held slot waits for its payment: straight to the payment page.
            let next = if detail.appointment.status == shared::AppointmentStatus::Held {
                format!("/appointments/{id}/pay")
            } else {
                format!("/appointments/{id}?booked=1")
            };
            navigate(&next, Default::default());
        }
    });
    let card = profile.card.clone();
    let doctor_id = card.id.0;
    let date = slot.date;
    let when = {
        let slot = slot.clone();
        move || slot_when_text(i18n.get_locale(), &slot)
    };
    let notice = profile.policy.notice_hours;
    let deadline_hours = profile.request_deadline_hours;
    let how = move || match (card.payment_mode, profile.booking_mode) {
        (PaymentMode::Online, _) => t_string!(i18n, booking.how_online).to_string(),
        (PaymentMode::AtVisit, BookingMode::Approval) => {
            t_string!(i18n, booking.how_request, hours = deadline_hours).to_string()
        }
        (PaymentMode::AtVisit, BookingMode::Instant) => {
            t_string!(i18n, booking.how_instant).to_string()
        }
    };
    let start = slot.start.to_rfc3339();
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let data = form_ref
            .get_untracked()
            .and_then(|form| web_sys::FormData::new_with_form(&form).ok());
        let value = |name: &str| {
            data.as_ref()
                .and_then(|data| data.get(name).as_string())
                .unwrap_or_default()
        };
        book.dispatch(BookingForm {
            doctor_id: doctor_id.to_string(),
            start: start.clone(),
            reason: value("reason"),
            for_dependant: value("for_dependant"),
        });
    };
    let slot_taken = move || {
        matches!(
            book.value().get(),
            Some(Err(AppError::Conflict(ConflictCode::SlotTaken)))
        )
    };
    view! {
        <section class="card booking-summary" aria-labelledby="summary-heading">
            <h2 id="summary-heading" class="visually-hidden">{t!(i18n, booking.summary)}</h2>
            <div class="doctor-header">
                <DoctorAvatar name=profile.card.name.clone() photo_url=profile.card.photo_url.clone() />
                <div>
                    <p class="booking-doctor"><strong>{profile.card.name.clone()}</strong></p>
                    <p class="specialty">{move || profile.card.specialty.name(language_of(i18n.get_locale())).to_owned()}</p>
                    <p class="muted">{profile.card.clinic_name.clone()} " · " {profile.practice_address.clone()} ", " {profile.card.city.clone()}</p>
                </div>
            </div>
            <p class="booking-when"><strong>{when}</strong></p>
            <p class="zone-note muted">{move || t_string!(i18n, slots.zone_note, zone = zone.clone()).to_string()}</p>
            <PriceLine price=profile.card.price payment_mode=profile.card.payment_mode />
            <p>{how}</p>
            <p class="policy">{move || t_string!(i18n, booking.policy, hours = notice).to_string()}</p>
        </section>
        <form class="form card" node_ref=form_ref on:submit=on_submit novalidate>
            <FormError value=book.value() />
            {move || slot_taken().then(|| view! {
                <a class="button button-secondary" href=format!("/doctors/{doctor_id}?from={date}#slots")>{t!(i18n, booking.choose_another)}</a>
            })}
            <VisitForField errors />
            <Field label=move || t_string!(i18n, booking.reason) name="reason" field="reason" errors multiline=true
                required=true hint=move || t_string!(i18n, booking.reason_hint) />
            <button type="submit" class="button button-primary" disabled=move || book.pending().get()
                aria-busy=move || book.pending().get().to_string()>
                {move || if book.pending().get() { t_string!(i18n, form.working) } else { t_string!(i18n, booking.confirm) }}
            </button>
        </form>
    }
}

/// "Who is the visit for?": the patient, or one of their family members.
#[component]
fn VisitForField(#[prop(into)] errors: Signal<Option<ValidationErrors>>) -> impl IntoView {
    let i18n = use_i18n();
    let family = LocalResource::new(get_dependants);
    let options = Signal::derive(move || {
        let locale = i18n.get_locale();
        let mut options = vec![(
            String::new(),
            td_string!(locale, booking.for_me).to_string(),
        )];
        if let Some(Ok(members)) = family.get() {
            options.extend(members.into_iter().map(|member| {
                let relation = relation_label(locale, member.relation);
                (
                    member.id.to_string(),
                    format!("{} ({relation})", member.full_name()),
                )
            }));
        }
        options
    });
    view! {
        <ChoiceField label=move || t_string!(i18n, booking.visit_for) name="for_dependant"
            field="for_dependant" errors options />
        <p class="field-hint"><a href="/account#family">{t!(i18n, booking.add_family)}</a></p>
    }
}
