//! A doctor's public page: the profile, free slots a week at a time (in the clinic's time
//! zone, with previous/next weeks) and schema.org Physician data for search engines.

use crate::api::doctors::{doctor_slots, get_doctor_profile};
use crate::api::feedback::doctor_ratings;
use crate::components::dates::short_day;
use crate::components::doctor_card::{DoctorAvatar, PriceLine, RatingBadge};
use crate::components::error_message::ErrorNotice;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::ratings::{Distribution, RatingItem, RatingsPager};
use crate::components::session::{here, use_current_user};
use crate::components::slot_picker::SlotPicker;
use crate::components::verification::VerificationNotice;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::not_found::NotFoundPage;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::{BookingMode, DoctorProfile, Language, LocalSlot, Role, SlotList};

/// The schema.org description of a doctor, as JSON-LD, safe inside a `<script>` element.
pub fn physician_json_ld(profile: &DoctorProfile, language: Language) -> String {
    let card = &profile.card;
    let mut data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Physician",
        "name": card.name,
        "medicalSpecialty": card.specialty.name(language),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": profile.practice_address,
            "addressLocality": card.city,
        },
        "parentOrganization": {"@type": "MedicalClinic", "name": card.clinic_name},
        "knowsLanguage": profile.languages.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "url": format!("/doctors/{}", card.id.0),
    });
    if let Some(price) = card.price {
        data["priceRange"] = serde_json::json!(price.display(language));
    }
    if let Some(photo) = &card.photo_url {
        data["image"] = serde_json::json!(photo);
    }
    if !profile.practice_phone.is_empty() {
        data["telephone"] = serde_json::json!(profile.practice_phone);
    }
    if let Some(rating) = card.rating {
        data["aggregateRating"] = serde_json::json!({
            "@type": "AggregateRating",
            "ratingValue": rating.average_text(Language::En),
            "reviewCount": rating.count,
            "bestRating": 5,
        });
    }
    // "</script>" inside a string would end the element early: escape every `<`.
    data.to_string().replace('<', "\\u003c")
}

#[component]
pub fn DoctorPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    // Resource sources read with `try_`: when a client aborts the page's request, the page is
    // disposed while a resource's task may still wake and read its source once more; a
    // disposed value then reads as absent rather than panicking the server's worker.
    let doctor = move || {
        params
            .try_read()
            .and_then(|params| params.get("id"))
            .and_then(|id| id.parse::<i64>().ok())
    };
    let from = move || {
        query
            .try_read()
            .and_then(|query| query.get("from"))
            .unwrap_or_default()
    };
    let profile = Resource::new(doctor, |id| async move {
        match id {
            Some(id) => get_doctor_profile(id).await,
            None => Err(AppError::NotFound),
        }
    });
    view! {
        <Suspense fallback=|| view! { <Loading lines=8 /> }>
            {move || profile.get().map(|result| match result {
                Ok(profile) => view! { <Profile profile from=Signal::derive(from) /> }.into_any(),
                Err(AppError::NotFound) => view! { <NotFoundPage /> }.into_any(),
                Err(error) => view! {
                    <h1>{t!(i18n, doctors.title)}</h1>
                    <ErrorNotice error on_retry=Callback::new(move |_| profile.refetch()) />
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Profile(profile: DoctorProfile, from: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let user = use_current_user();
    // A signed-in patient whose email is not confirmed yet learns it before choosing a slot.
    let unverified_patient = move || {
        user.get()
            .filter(|me| me.role == Role::Patient && !me.email_verified)
    };
    let this_page = || {
        let (path, query) = here();
        if query.trim_start_matches('?').is_empty() {
            path
        } else {
            format!("{path}?{}", query.trim_start_matches('?'))
        }
    };
    let card = profile.card.clone();
    let language = language_of(i18n.get_locale_untracked());
    let json_ld = physician_json_ld(&profile, language);
    let specialty = card.specialty.clone();
    let specialty_name = move || specialty.name(language_of(i18n.get_locale())).to_owned();
    let title = crate::components::head::page_title(&format!(
        "{} · {}",
        card.name,
        card.specialty.name(language)
    ));
    let description = format!(
        "{} · {} · {}",
        card.specialty.name(language),
        card.clinic_name,
        card.city
    );
    let languages = profile.languages.clone();
    let language_names = move || {
        let reader = language_of(i18n.get_locale());
        languages
            .iter()
            .map(|l| l.name(reader))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let booking_note = move || match profile.booking_mode {
        BookingMode::Approval => t_string!(i18n, doctors.booking_approval).to_string(),
        BookingMode::Instant => t_string!(i18n, doctors.booking_instant).to_string(),
    };
    // The lengths the weekly hours really offer (each rule has its own), not one number
    // that a 20-minute rule would contradict.
    let lengths = if profile.slot_lengths.is_empty() {
        vec![profile.consultation_minutes as u16]
    } else {
        profile.slot_lengths.clone()
    };
    let length = move || match lengths.as_slice() {
        [one] => t_string!(i18n, doctors.consultation_length, minutes = *one).to_string(),
        several => {
            let or = if language_of(i18n.get_locale()) == Language::Fr {
                " ou "
            } else {
                " or "
            };
            let (last, rest) = several.split_last().unwrap_or((&0, &[]));
            let list = format!(
                "{}{or}{last}",
                rest.iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            t_string!(i18n, doctors.consultation_lengths, list = list).to_string()
        }
    };
    view! {
        <Title text=title />
        <Meta name="description" content=description />
        <script type="application/ld+json" nonce=leptos::nonce::use_nonce() inner_html=json_ld></script>
        <article class="doctor-profile">
            <header class="card doctor-header">
                <DoctorAvatar name=card.name.clone() photo_url=card.photo_url.clone() size=96 />
                <div>
                    <h1>{card.name.clone()}</h1>
                    <p class="specialty">{specialty_name}</p>
                    <p class="muted">{card.clinic_name.clone()} " · " {card.city.clone()}</p>
                    <RatingBadge rating=card.rating />
                    <PriceLine price=card.price payment_mode=card.payment_mode />
                    <p class="muted">{length} " · " {booking_note}</p>
                </div>
            </header>
            {(!profile.listed).then(|| view! { <p class="notice notice-warning">{t!(i18n, doctors.not_listed_yet)}</p> })}
            {profile.unavailable.then(|| view! { <p class="notice notice-warning" role="status">{t!(i18n, doctors.unavailable_now)}</p> })}
            <div class="profile-grid">
                <section class="card" id="slots" aria-labelledby="slots-heading">
                    <h2 id="slots-heading">{t!(i18n, doctors.book_title)}</h2>
                    {move || unverified_patient().map(|me| view! { <VerificationNotice me next=this_page() /> })}
                    <WeekOfSlots doctor=card.id.0 from />
                </section>
                <div class="profile-details">
                    {(!profile.bio.is_empty()).then(|| view! {
                        <section class="card" aria-labelledby="about-heading">
                            <h2 id="about-heading">{t!(i18n, doctors.about)}</h2>
                            {profile.bio.split('\n').map(|line| view! { <p>{line.to_owned()}</p> }).collect_view()}
                        </section>
                    })}
                    <TextList id="qualifications-heading" title=Signal::derive(move || t_string!(i18n, doctors.qualifications).to_string()) entries=profile.qualifications.clone() />
                    <TextList id="experience-heading" title=Signal::derive(move || t_string!(i18n, doctors.experience).to_string()) entries=profile.experience.clone() />
                    <section class="card" aria-labelledby="practice-heading">
                        <h2 id="practice-heading">{t!(i18n, doctors.practice)}</h2>
                        <dl class="facts">
                            <dt>{t!(i18n, doctors.languages_spoken)}</dt>
                            <dd>{language_names}</dd>
                            <dt>{t!(i18n, doctors.address)}</dt>
                            <dd class="address">{profile.practice_address.clone()} <br /> {card.city.clone()}</dd>
                            {(!profile.practice_phone.is_empty()).then(|| {
                                let phone = profile.practice_phone.clone();
                                view! {
                                    <dt>{t!(i18n, auth.phone)}</dt>
                                    <dd><a href=format!("tel:{}", phone.replace(' ', ""))>{phone.clone()}</a></dd>
                                }
                            })}
                            <dt>{t!(i18n, auth.clinic)}</dt>
                            <dd>{card.clinic_name.clone()}</dd>
                        </dl>
                    </section>
                </div>
            </div>
            <RatingsSection doctor=card.id.0 />
        </article>
    }
}

/// What patients said: the average, the distribution, the latest ratings a page at a time.
#[component]
fn RatingsSection(doctor: i64) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = move || query.try_read().and_then(|query| query.get("ratings_page"));
    let ratings = Resource::new(page, move |page| doctor_ratings(doctor, page));
    view! {
        <section class="card ratings" id="ratings" aria-labelledby="ratings-heading">
            <h2 id="ratings-heading">{t!(i18n, feedback.public_title)}</h2>
            <Suspense fallback=|| view! { <Loading lines=4 /> }>
                {move || ratings.get().map(|result| match result {
                    Ok(page) if page.total == 0 => view! { <p class="empty-state">{t!(i18n, feedback.none_yet_public)}</p> }.into_any(),
                    Ok(page) => view! {
                        <Distribution summary=page.summary distribution=page.distribution />
                        <ul class="rating-list">
                            {page.ratings.clone().into_iter().map(|rating| view! { <RatingItem rating /> }).collect_view()}
                        </ul>
                        <RatingsPager page prefix=format!("/doctors/{doctor}?ratings_page=") />
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| ratings.refetch()) /> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn TextList(id: &'static str, title: Signal<String>, entries: Vec<String>) -> impl IntoView {
    (!entries.is_empty()).then(|| {
        view! {
            <section class="card" aria-labelledby=id>
                <h2 id=id>{title}</h2>
                <ul class="plain-list">{entries.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </section>
        }
    })
}

/// A week of free slots from `from` (today when empty), with links to the weeks around it. The
/// slots are a GET form to the booking page: choosing one and pressing "Book" works as soon as
/// the page is shown, script or not.
#[component]
fn WeekOfSlots(doctor: i64, from: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let slots = Resource::new(
        move || from.try_get().unwrap_or_default(),
        move |from| doctor_slots(doctor, from, String::new()),
    );
    let selected = RwSignal::new(None::<LocalSlot>);
    // live-slots.js reads the week again when the doctor's slots change (issue 23): it
    // replaces this region, keeps the chosen slot if still free, or says it was just taken.
    let taken = move || t_string!(i18n, slots.just_taken).to_string();
    view! {
        <div data-live-slots=doctor.to_string() data-taken-message=taken>
        <Suspense fallback=|| view! { <Loading lines=5 /> }>
            {move || slots.get().map(|result| match result {
                Ok(list) => {
                    let any = list.days.iter().any(|day| !day.slots.is_empty());
                    view! {
                        <form class="slot-form" method="get" action="/book">
                            <input type="hidden" name="doctor" value=doctor.to_string() />
                            <Week list doctor selected />
                            {any.then(|| view! {
                                <div class="book-bar">
                                    {move || selected.get().map(|slot| {
                                        let when = format!("{}, {}", short_day(language_of(i18n.get_locale()), slot.date), slot.time);
                                        view! { <p class="selected-slot" role="status">{t!(i18n, slots.selected, when = when)}</p> }
                                    })}
                                    <button type="submit" class="button button-primary">{t!(i18n, slots.book_this)}</button>
                                </div>
                            })}
                        </form>
                    }.into_any()
                }
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| slots.refetch()) /> }.into_any(),
            })}
        </Suspense>
        </div>
        <script src="/live-slots.js" defer></script>
    }
}

fn week_link(doctor: i64, from: NaiveDate) -> String {
    format!("/doctors/{doctor}?from={from}#slots")
}

#[component]
fn Week(list: SlotList, doctor: i64, selected: RwSignal<Option<LocalSlot>>) -> impl IntoView {
    let i18n = use_i18n();
    let previous = list.previous_week();
    let next = list.next_week();
    let range = {
        let (from, to) = (list.from, list.to);
        move || {
            let language = language_of(i18n.get_locale());
            format!(
                "{} – {}",
                short_day(language, from),
                short_day(language, to)
            )
        }
    };
    view! {
        <nav class="week-nav" aria-label=move || t_string!(i18n, slots.week_nav)>
            {match previous {
                Some(date) => view! { <a class="button button-secondary" href=week_link(doctor, date)>{t!(i18n, slots.previous_week)}</a> }.into_any(),
                None => view! { <span class="button button-secondary" aria-disabled="true">{t!(i18n, slots.previous_week)}</span> }.into_any(),
            }}
            <span class="week-range">{range}</span>
            <a class="button button-secondary" href=week_link(doctor, next)>{t!(i18n, slots.next_week)}</a>
        </nav>
        <SlotPicker slots=list selected />
    }
}

#[cfg(test)]
mod tests;
