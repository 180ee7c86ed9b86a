//! Booking a slot: the patient reviews the doctor, the time (in the clinic's zone), the price
//! and the clinic's policy, says why they come, and books.

use crate::api::account::get_dependants;
use crate::api::appointments::BookAppointment;
use crate::api::doctors::{doctor_slots, get_doctor_profile};
use crate::components::appointment_view::slot_when_text;
use crate::components::doctor_card::{DoctorAvatar, PriceLine};
use crate::components::error_message::ErrorNotice;
use crate::components::family::relation_label;
use crate::components::form::{ChoiceField, Field, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::session::{here, SignedIn};
use crate::error::{AppError, ConflictCode};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use shared::{BookingMode, DoctorProfile, LocalSlot, Me, PaymentMode, Role, ValidationErrors};

#[component]
pub fn BookingPage() -> impl IntoView {
    let i18n = use_i18n();
    // Read from the raw address, decoded once (the router's query map decodes twice).
    let query = use_query_map();
    let param = move |key: &str| {
        query.track();
        let (_, raw) = here();
        shared::navigation::query_value(&raw, key).unwrap_or_default()
    };
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
    // The slot's local day when the link says it; otherwise (the doctor page's slot form
    // sends only the start) the days around its UTC date, which hold its local day.
    let (from, to) = match (
        chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d"),
        parse(&start),
    ) {
        (Ok(day), _) => (day, day),
        (Err(_), Some(instant)) => {
            let day = instant.date_naive();
            (
                day - chrono::Duration::days(1),
                day + chrono::Duration::days(1),
            )
        }
        (Err(_), None) => {
            let today = chrono::Utc::now().date_naive();
            (today, today)
        }
    };
    let slots = Resource::new(
        move || (from, to),
        move |(from, to)| doctor_slots(doctor, from.to_string(), to.to_string()),
    );
    let date = from.to_string();
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
                // live-slots.js reads the page again when the doctor's slots change, and
                // shows it anew only when this slot's state changed (free → gone).
                Ok((profile, Some(slot), zone, offset)) => view! {
                    <div data-live-slots=doctor.to_string() data-live-state="free">
                        <Review profile chosen=slot zone=format!("{zone} ({offset})") />
                    </div>
                }.into_any(),
                Ok((_, None, _, _)) => view! {
                    <div data-live-slots=doctor.to_string() data-live-state="gone">
                        <div class="notice notice-warning" role="alert">
                            <p>{t!(i18n, booking.slot_gone)}</p>
                            <a class="button button-secondary" href=back.clone()>{t!(i18n, booking.choose_another)}</a>
                        </div>
                    </div>
                }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| profile.refetch()) /> }.into_any(),
            })}
        </Suspense>
        <script src="/live-slots.js" defer></script>
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
    let slot = chosen;
    // A real form: it posts without a script and the server answers with the next page; with
    // the script, the same server function is called and the browser goes to the same page.
    let book = ServerAction::<BookAppointment>::new();
    let errors = Signal::derive(move || match book.value().get() {
        Some(Err(AppError::Validation(errors))) => Some(errors),
        _ => None::<ValidationErrors>,
    });
    Effect::new(move |_| {
        if let Some(Ok(detail)) = book.value().get() {
            let _ = window()
                .location()
                .set_href(&shared::appointment_detail::after_booking(
                    &detail.appointment,
                ));
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
    // A slot inside the clinic's window cannot be cancelled or moved online once booked: the
    // patient learns it here, before booking, with the number to call.
    let short_notice = profile
        .policy
        .inside_window(slot.start, chrono::Utc::now())
        .then(|| {
            let phone =
                shared::clinic::phone_to_call(&profile.practice_phone, &profile.clinic_phone)
                    .map(str::to_owned);
            move || match &phone {
                Some(phone) => t_string!(
                    i18n,
                    booking.short_notice,
                    hours = notice,
                    phone = phone.clone()
                )
                .to_string(),
                None => t_string!(i18n, booking.short_notice_no_phone, hours = notice).to_string(),
            }
        });
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
            {short_notice.map(|text| view! { <p class="notice notice-warning short-notice" role="note">{text}</p> })}
        </section>
        <ActionForm action=book attr:class="form card" attr:novalidate=true>
            <FormError value=book.value() />
            {move || slot_taken().then(|| view! {
                <a class="button button-secondary" href=format!("/doctors/{doctor_id}?from={date}#slots")>{t!(i18n, booking.choose_another)}</a>
            })}
            <input type="hidden" name="form[doctor_id]" value=doctor_id.to_string() />
            <input type="hidden" name="form[start]" value=start />
            <VisitForField errors />
            <Field label=move || t_string!(i18n, booking.reason) name="form[reason]" field="reason" errors multiline=true
                required=true hint=move || t_string!(i18n, booking.reason_hint) />
            <SubmitButton label=move || t_string!(i18n, booking.confirm) pending=book.pending() />
        </ActionForm>
    }
}

/// "Who is the visit for?": the patient, or one of their family members.
#[component]
fn VisitForField(#[prop(into)] errors: Signal<Option<ValidationErrors>>) -> impl IntoView {
    let i18n = use_i18n();
    let family = Resource::new(|| (), |_| get_dependants());
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
        <Suspense fallback=|| ()>
            <ChoiceField label=move || t_string!(i18n, booking.visit_for) name="form[for_dependant]"
                field="for_dependant" errors options />
        </Suspense>
        <p class="field-hint"><a href="/account#family">{t!(i18n, booking.add_family)}</a></p>
    }
}
