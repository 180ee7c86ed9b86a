//! The front desk (secretaries and clinic admins): the clinic's requests waiting for an
//! answer, and booking for a patient — found by name, phone or email, or created on the spot
//! — with a doctor of the clinic, on a free slot, urgent if need be.

use crate::api::appointments::my_appointments;
use crate::api::front_desk::{
    book_at_desk, desk_doctors, desk_slots, find_patients, CreatePatient,
};
use crate::components::appointment_view::AppointmentItem;
use crate::components::error_message::ErrorNotice;
use crate::components::form::{field_errors, ChoiceField, Field, FormError, SubmitButton};
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::components::proposals::ProposalsCard;
use crate::components::session::SignedIn;
use crate::error::AppError;
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use shared::front_desk::{DeskBookingForm, PatientMatch};
use shared::{Me, Role, ValidationErrors};

#[component]
pub fn FrontDeskPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, desk.title).to_string()) />
        <h1>{t!(i18n, desk.title)}</h1>
        <SignedIn children=move |me: Me| {
            if matches!(me.role, Role::Secretary | Role::ClinicAdmin) {
                view! {
                    <div class="desk-grid">
                        <BookForPatient />
                        <RequestQueue />
                        <ProposalsCard with_doctor=true />
                    </div>
                }.into_any()
            } else {
                view! { <p class="notice notice-error" role="alert">{t!(i18n, desk.staff_only)}</p> }.into_any()
            }
        } />
    }
}

/// The clinic's requests waiting for a doctor's answer, soonest first.
#[component]
fn RequestQueue() -> impl IntoView {
    let i18n = use_i18n();
    let queue = Resource::new(|| (), |_| my_appointments("requests".to_owned()));
    view! {
        <section class="card" aria-labelledby="queue-heading">
            <h2 id="queue-heading">{t!(i18n, desk.queue_title)}</h2>
            <Suspense fallback=|| view! { <Loading lines=3 /> }>
                {move || queue.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="empty-state">{t!(i18n, desk.queue_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="appointment-list">
                            {list.into_iter().map(|appointment| view! { <AppointmentItem appointment for_patient=false /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| queue.refetch()) /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// Booking for a patient, in three steps on one card: who, with whom and when, why.
#[component]
fn BookForPatient() -> impl IntoView {
    let i18n = use_i18n();
    let patient = RwSignal::new(None::<PatientMatch>);
    view! {
        <section class="card" aria-labelledby="desk-book-heading">
            <h2 id="desk-book-heading">{t!(i18n, desk.book_title)}</h2>
            {move || match patient.get() {
                None => view! { <ChoosePatient patient /> }.into_any(),
                Some(chosen) => view! {
                    <div class="desk-patient">
                        <p>
                            <strong>{chosen.name.clone()}</strong>
                            <br /><span class="muted">{chosen.email.clone()} " · " {chosen.phone.clone()}</span>
                        </p>
                        <button type="button" class="button button-secondary" on:click=move |_| patient.set(None)>
                            {t!(i18n, desk.change_patient)}
                        </button>
                    </div>
                    <ChooseSlot patient=chosen.id />
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ChoosePatient(patient: RwSignal<Option<PatientMatch>>) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    let search = Action::new(|q: &String| find_patients(q.clone()));
    let creating = RwSignal::new(false);
    let search_errors = Signal::derive(move || match search.value().get() {
        Some(Err(AppError::Validation(errors))) => Some(errors),
        _ => None::<ValidationErrors>,
    });
    view! {
        <form class="form desk-search" role="search"
            on:submit=move |ev| { ev.prevent_default(); search.dispatch(query.get_untracked()); }>
            <div class="field">
                <label for="desk-query">{t!(i18n, desk.search_label)}</label>
                <input id="desk-query" type="search" name="q" autocomplete="off"
                    aria-describedby="desk-query-hint"
                    on:input=move |ev| query.set(event_target_value(&ev)) prop:value=move || query.get() />
                <p id="desk-query-hint" class="field-hint">{t!(i18n, desk.search_hint)}</p>
                {move || search_errors.get().and_then(|e| e.for_field("q").cloned()).map(|code| view! {
                    <p class="field-error" role="alert">{crate::components::error_message::validation_text(i18n.get_locale(), &code)}</p>
                })}
            </div>
            <button type="submit" class="button button-primary" disabled=move || search.pending().get()>
                {t!(i18n, desk.search)}
            </button>
        </form>
        {move || search.value().get().and_then(Result::ok).map(|found| {
            if found.is_empty() {
                view! { <p class="empty-state" role="status">{t!(i18n, desk.no_match)}</p> }.into_any()
            } else {
                view! {
                    <ul class="desk-matches" aria-label=move || t_string!(i18n, desk.matches)>
                        {found.into_iter().map(|candidate| {
                            let label = t_string!(i18n, desk.choose_named, name = candidate.name.clone()).to_string();
                            let chosen = candidate.clone();
                            view! {
                                <li class="desk-match">
                                    <span><strong>{candidate.name.clone()}</strong>
                                        <br /><span class="muted">{candidate.email.clone()} " · " {candidate.phone.clone()}</span></span>
                                    <button type="button" class="button" aria-label=label
                                        on:click=move |_| patient.set(Some(chosen.clone()))>{t!(i18n, desk.choose)}</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }
        })}
        <button type="button" class="link-button" aria-expanded=move || creating.get().to_string()
            on:click=move |_| creating.update(|open| *open = !*open)>
            {t!(i18n, desk.new_patient)}
        </button>
        <Show when=move || creating.get()>
            <NewPatient patient />
        </Show>
    }
}

#[component]
fn NewPatient(patient: RwSignal<Option<PatientMatch>>) -> impl IntoView {
    let i18n = use_i18n();
    let create = ServerAction::<CreatePatient>::new();
    let errors = field_errors(create.value());
    Effect::new(move |_| {
        if let Some(Ok(created)) = create.value().get() {
            patient.set(Some(created));
        }
    });
    let languages = Signal::derive(|| {
        vec![
            ("fr".to_owned(), "Français".to_owned()),
            ("en".to_owned(), "English".to_owned()),
        ]
    });
    view! {
        <ActionForm action=create attr:class="form desk-new-patient" attr:novalidate=true>
            <p class="muted">{t!(i18n, desk.new_patient_note)}</p>
            <FormError value=create.value() />
            <div class="form-row">
                <Field label=move || t_string!(i18n, family.first_name) name="patient[first_name]" field="first_name" autocomplete="off" errors required=true />
                <Field label=move || t_string!(i18n, family.last_name) name="patient[last_name]" field="last_name" autocomplete="off" errors required=true />
            </div>
            <Field label=move || t_string!(i18n, desk.email) name="patient[email]" field="email" kind="email" autocomplete="off" errors required=true />
            <div class="form-row">
                <Field label=move || t_string!(i18n, desk.phone) name="patient[phone]" field="phone" kind="tel" autocomplete="off" errors required=true />
                <Field label=move || t_string!(i18n, family.birth_date) name="patient[birth_date]" field="birth_date" kind="date" errors required=true />
            </div>
            <ChoiceField label=move || t_string!(i18n, desk.language) name="patient[language]" field="language" errors options=languages />
            <SubmitButton label=move || t_string!(i18n, desk.create_patient) pending=create.pending() />
        </ActionForm>
    }
}

#[component]
fn ChooseSlot(patient: i64) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let doctors = Resource::new(|| (), |_| desk_doctors());
    let doctor = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let urgent = RwSignal::new(false);
    let start = RwSignal::new(String::new());
    let form_ref = NodeRef::<leptos::html::Form>::new();
    let slots = Resource::new(
        move || (doctor.get(), date.get(), urgent.get()),
        |(doctor, date, urgent)| async move {
            match doctor.parse::<i64>() {
                Ok(doctor) => desk_slots(doctor, date, urgent).await.map(Some),
                Err(_) => Ok(None),
            }
        },
    );
    let book = Action::new(|form: &DeskBookingForm| book_at_desk(form.clone()));
    let errors = Signal::derive(move || match book.value().get() {
        Some(Err(AppError::Validation(errors))) => Some(errors),
        _ => None::<ValidationErrors>,
    });
    Effect::new(move |_| {
        if let Some(Ok(detail)) = book.value().get() {
            navigate(
                &format!("/appointments/{}?booked=1", detail.appointment.id),
                Default::default(),
            );
        }
    });
    let doctor_options = Signal::derive(move || {
        let locale = i18n.get_locale();
        doctors
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                let specialty = if locale == Locale::fr {
                    d.specialty_fr
                } else {
                    d.specialty_en
                };
                (d.id.to_string(), format!("{} · {specialty}", d.name))
            })
            .collect::<Vec<_>>()
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let reason = form_ref
            .get_untracked()
            .and_then(|form| web_sys::FormData::new_with_form(&form).ok())
            .and_then(|data| data.get("reason").as_string())
            .unwrap_or_default();
        book.dispatch(DeskBookingForm {
            patient_id: patient.to_string(),
            doctor_id: doctor.get_untracked(),
            start: start.get_untracked(),
            reason,
            urgent: urgent.get_untracked(),
        });
    };
    view! {
        <form class="form" node_ref=form_ref on:submit=on_submit novalidate>
            <FormError value=book.value() />
            <div class="field">
                <label for="desk-doctor">{t!(i18n, desk.doctor)}<span class="required" aria-hidden="true">" *"</span></label>
                <select id="desk-doctor" name="doctor_id" required
                    on:change=move |ev| { doctor.set(event_target_value(&ev)); start.set(String::new()); }>
                    <option value="" selected=move || doctor.get().is_empty()>{t!(i18n, desk.choose_doctor)}</option>
                    {move || doctor_options.get().into_iter().map(|(value, label)| {
                        let selected = value.clone();
                        view! { <option value=value selected=move || doctor.get() == selected>{label}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="form-row">
                <div class="field">
                    <label for="desk-date">{t!(i18n, desk.date)}</label>
                    <input id="desk-date" type="date" name="date"
                        on:change=move |ev| { date.set(event_target_value(&ev)); start.set(String::new()); } />
                </div>
                <div class="field field-check">
                    <input id="desk-urgent" type="checkbox" name="urgent"
                        on:change=move |ev| { urgent.set(event_target_checked(&ev)); start.set(String::new()); } />
                    <label for="desk-urgent">{t!(i18n, desk.urgent)}</label>
                    <p class="field-hint">{t!(i18n, desk.urgent_hint)}</p>
                </div>
            </div>
            <Transition fallback=|| view! { <Loading lines=2 /> }>
                {move || slots.get().map(|result| match result {
                    Ok(None) => ().into_any(),
                    Ok(Some(list)) => {
                        // Which day the answer is for, while the next one loads.
                        let day = list.from.to_string();
                        let free: Vec<_> = list.days.into_iter().flat_map(|day| day.slots).collect();
                        if free.is_empty() {
                            view! { <p class="empty-state" role="status" data-date=day>{t!(i18n, desk.no_slot)}</p> }.into_any()
                        } else {
                            view! {
                                <fieldset class="fieldset desk-slots" data-date=day>
                                    <legend>{t!(i18n, desk.slot)} " (" {list.time_zone.clone()} ")"</legend>
                                    <div class="slot-choices">
                                        {free.into_iter().map(|slot| {
                                            let value = slot.start.to_rfc3339();
                                            let id = format!("desk-slot-{}", slot.start.timestamp());
                                            let mine = value.clone();
                                            view! {
                                                <span class="slot-choice">
                                                    <input type="radio" name="start" id=id.clone() value=value.clone()
                                                        checked=move || start.get() == mine
                                                        on:change=move |_| start.set(value.clone()) />
                                                    <label for=id>{slot.time.clone()}</label>
                                                </span>
                                            }
                                        }).collect_view()}
                                    </div>
                                </fieldset>
                            }.into_any()
                        }
                    }
                    Err(error) => view! { <ErrorNotice error /> }.into_any(),
                })}
            </Transition>
            <Field label=move || t_string!(i18n, booking.reason) name="reason" field="reason" errors multiline=true required=true />
            <button type="submit" class="button button-primary" disabled=move || book.pending().get() || start.get().is_empty()>
                {t!(i18n, desk.book)}
            </button>
        </form>
    }
}
