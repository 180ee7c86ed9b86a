//! The doctor directory: search by name, filters (specialty, city, language, price, rating,
//! availability), sorting and pages, all carried in a clean shareable URL
//! (`/doctors?specialty=cardiology&city=Tunis`) and rendered on the server.

use crate::api::doctors::{cities, search_doctors, specialties};
use crate::components::doctor_card::DoctorCardView;
use crate::components::error_message::{validation_text, ErrorNotice};
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use shared::{Currency, DirectoryPage, DirectoryQuery, SpokenLanguage, ValidationCode};

/// The search a URL's query string describes.
pub fn query_of(params: &ParamsMap) -> DirectoryQuery {
    query_with(|key| params.get(key).filter(|v| !v.trim().is_empty()))
}

/// The search whose fields `get` reads (`None` for a field left empty).
fn query_with(get: impl Fn(&str) -> Option<String>) -> DirectoryQuery {
    DirectoryQuery {
        q: get("q"),
        specialty: get("specialty"),
        city: get("city"),
        language: get("language"),
        price_min: get("price_min"),
        price_max: get("price_max"),
        currency: get("currency"),
        min_rating: get("min_rating"),
        within_days: get("within_days"),
        sort: get("sort"),
        page: get("page"),
    }
}

#[component]
pub fn DoctorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    // `try_`: a resource's source can be read again by its task after an aborted request has
    // disposed the page; it then reads as empty instead of panicking (see `pages::doctor`).
    let query = Memo::new(move |_| params.try_read().map(|p| query_of(&p)).unwrap_or_default());
    let results = Resource::new(
        move || query.try_get().unwrap_or_default().to_query_string(None),
        search_doctors,
    );
    view! {
        <Title text=localized(|locale| td_string!(locale, doctors.title).to_string()) />
        <Meta name="description" content=localized(|locale| td_string!(locale, doctors.description).to_string()) />
        <h1>{t!(i18n, doctors.title)}</h1>
        <div class="directory">
            <SearchForm query />
            <section class="directory-results" aria-labelledby="results-heading" aria-live="polite">
                <h2 id="results-heading" class="visually-hidden">{t!(i18n, doctors.results_heading)}</h2>
                <Suspense fallback=|| view! { <Loading lines=6 /> }>
                    {move || results.get().map(|result| match result {
                        Ok(page) => view! { <Results page query=query.get_untracked() /> }.into_any(),
                        Err(AppError::Validation(errors)) => {
                            let locale = i18n.get_locale_untracked();
                            let messages: Vec<String> = errors.errors.iter().map(|e| {
                                if e.field == "currency" && e.code == ValidationCode::Required {
                                    td_string!(locale, doctors.currency_needed).to_string()
                                } else {
                                    format!("{}: {}", e.field, validation_text(locale, &e.code))
                                }
                            }).collect();
                            view! {
                                <div class="notice notice-error" role="alert">
                                    <p>{t!(i18n, doctors.bad_search)}</p>
                                    <ul>{messages.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}</ul>
                                    <a href="/doctors">{t!(i18n, doctors.clear_filters)}</a>
                                </div>
                            }.into_any()
                        }
                        Err(error) => view! {
                            <ErrorNotice error on_retry=Callback::new(move |_| results.refetch()) />
                        }.into_any(),
                    })}
                </Suspense>
            </section>
        </div>
    }
}

#[component]
fn Results(page: DirectoryPage, query: DirectoryQuery) -> impl IntoView {
    let i18n = use_i18n();
    let filtered = query != DirectoryQuery::default();
    if page.doctors.is_empty() {
        return if filtered && page.total == 0 {
            view! {
                <div class="empty-state">
                    <p><strong>{t!(i18n, doctors.no_match)}</strong></p>
                    <p class="muted">{t!(i18n, doctors.no_match_hint)}</p>
                    <a class="button button-secondary" href="/doctors">{t!(i18n, doctors.clear_filters)}</a>
                </div>
            }
            .into_any()
        } else if page.total > 0 {
            view! {
                <div class="empty-state">
                    <p>{t!(i18n, doctors.past_last_page)}</p>
                    <a class="button button-secondary" href=format!("/doctors?{}", query.to_query_string(Some(1)))>
                        {t!(i18n, doctors.first_page)}
                    </a>
                </div>
            }
            .into_any()
        } else {
            view! { <p class="empty-state">{t!(i18n, doctors.empty)}</p> }.into_any()
        };
    }
    let total = page.total;
    let count = move || {
        if total == 1 {
            t_string!(i18n, doctors.results_one).to_string()
        } else {
            t_string!(i18n, doctors.results_many, count = total).to_string()
        }
    };
    let prices_in = page.price_currency.map(|currency| {
        move || t_string!(i18n, doctors.prices_in, currency = currency.code()).to_string()
    });
    view! {
        <p class="result-count">{count}</p>
        {prices_in.map(|text| view! { <p class="muted prices-in">{text}</p> })}
        <ul class="doctor-list">
            {page.doctors.clone().into_iter().map(|card| view! { <DoctorCardView card /> }).collect_view()}
        </ul>
        <Pagination page query />
    }
    .into_any()
}

#[component]
fn Pagination(page: DirectoryPage, query: DirectoryQuery) -> impl IntoView {
    let i18n = use_i18n();
    let pages = page.page_count();
    let current = page.page;
    let link = move |number: i64| format!("/doctors?{}", query.to_query_string(Some(number)));
    let status =
        move || t_string!(i18n, doctors.page_of, page = current, pages = pages).to_string();
    (pages > 1).then(|| {
        view! {
            <nav class="pagination" aria-label=move || t_string!(i18n, doctors.pages_label)>
                {(current > 1).then(|| view! {
                    <a class="button button-secondary" rel="prev" href=link(current - 1)>{t!(i18n, doctors.previous_page)}</a>
                })}
                <span aria-current="page">{status}</span>
                {(current < pages).then(|| view! {
                    <a class="button button-secondary" rel="next" href=link(current + 1)>{t!(i18n, doctors.next_page)}</a>
                })}
            </nav>
        }
    })
}

/// Reads the filter form into a search; empty fields are left out of the URL.
#[cfg(feature = "hydrate")]
fn query_from_form(form: &web_sys::HtmlFormElement) -> DirectoryQuery {
    let data = web_sys::FormData::new_with_form(form).ok();
    let get = |key: &str| {
        data.as_ref()
            .and_then(|d| d.get(key).as_string())
            .filter(|v| !v.trim().is_empty())
    };
    DirectoryQuery {
        // The default order needs no parameter: the URL stays short.
        sort: get("sort").filter(|sort| sort != "soonest"),
        page: None,
        ..query_with(get)
    }
}

/// The search box and filters. A plain GET form, so it works before the page has hydrated;
/// once it has, submitting navigates to the clean URL of the search without a reload.
#[component]
fn SearchForm(query: Memo<DirectoryQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let specialty_list = Resource::new(|| (), |_| specialties());
    let city_list = Resource::new(|| (), |_| cities());
    let form = NodeRef::<leptos::html::Form>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        #[cfg(feature = "hydrate")]
        if let Some(form) = form.get_untracked() {
            let search = query_from_form(&form);
            navigate(
                &format!("/doctors?{}", search.to_query_string(None)),
                Default::default(),
            );
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&navigate, form);
    };
    let value = move |pick: fn(&DirectoryQuery) -> Option<String>| {
        move || pick(&query.get()).unwrap_or_default()
    };
    let more_filters_open = move || {
        let q = query.get();
        [
            &q.language,
            &q.price_min,
            &q.price_max,
            &q.min_rating,
            &q.within_days,
        ]
        .iter()
        .any(|v| v.is_some())
    };
    let choices = move || {
        let language = language_of(i18n.get_locale());
        let specialties = specialty_list.get()?.ok()?;
        let cities = city_list.get()?.ok()?;
        let mut specialties: Vec<(String, String)> = specialties
            .into_iter()
            .map(|s| (s.slug.clone(), s.name(language).to_owned()))
            .collect();
        specialties.sort_by(|a, b| a.1.cmp(&b.1));
        let cities: Vec<(String, String)> = cities
            .into_iter()
            .map(|c| (c.name.clone(), c.name))
            .collect();
        Some((specialties, cities))
    };
    view! {
        <form class="search-form card" method="get" action="/doctors" node_ref=form on:submit=on_submit role="search">
            <div class="field">
                <label for="search-q">{t!(i18n, doctors.search_name)}</label>
                <input id="search-q" name="q" type="search" autocomplete="off" prop:value=value(|q| q.q.clone())
                    value=value(|q| q.q.clone()) placeholder=move || t_string!(i18n, doctors.search_placeholder) />
            </div>
            <Suspense fallback=|| view! { <Loading lines=2 /> }>
                {move || choices().map(|(specialties, cities)| view! {
                    <div class="field-row">
                        <Select id="search-specialty" name="specialty" label=Signal::derive(move || t_string!(i18n, auth.specialty).to_string())
                            any=Signal::derive(move || t_string!(i18n, doctors.any_specialty).to_string())
                            options=specialties selected=Signal::derive(value(|q| q.specialty.clone())) />
                        <Select id="search-city" name="city" label=Signal::derive(move || t_string!(i18n, doctors.city).to_string())
                            any=Signal::derive(move || t_string!(i18n, doctors.any_city).to_string())
                            options=cities selected=Signal::derive(value(|q| q.city.clone())) />
                    </div>
                })}
            </Suspense>
            <details class="more-filters" open=more_filters_open>
                <summary>{t!(i18n, doctors.more_filters)}</summary>
                <div class="field-row">
                    <Select id="search-language" name="language" label=Signal::derive(move || t_string!(i18n, doctors.language).to_string())
                        any=Signal::derive(move || t_string!(i18n, doctors.any_language).to_string())
                        options=Signal::derive(move || {
                            let reader = language_of(i18n.get_locale());
                            SpokenLanguage::ALL.iter().map(|l| (l.as_str().to_owned(), l.name(reader).to_owned())).collect::<Vec<_>>()
                        })
                        selected=Signal::derive(value(|q| q.language.clone())) />
                    <Select id="search-rating" name="min_rating" label=Signal::derive(move || t_string!(i18n, doctors.min_rating).to_string())
                        any=Signal::derive(move || t_string!(i18n, doctors.any_rating).to_string())
                        options=Signal::derive(move || (2..=5).rev().map(|stars| (stars.to_string(), t_string!(i18n, doctors.stars_or_more, stars = stars).to_string())).collect::<Vec<_>>())
                        selected=Signal::derive(value(|q| q.min_rating.clone())) />
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="search-price-min">{t!(i18n, doctors.price_min)}</label>
                        <input id="search-price-min" name="price_min" type="number" min="0" step="1" inputmode="numeric"
                            value=value(|q| q.price_min.clone()) prop:value=value(|q| q.price_min.clone()) />
                    </div>
                    <div class="field">
                        <label for="search-price-max">{t!(i18n, doctors.price_max)}</label>
                        <input id="search-price-max" name="price_max" type="number" min="0" step="1" inputmode="numeric"
                            value=value(|q| q.price_max.clone()) prop:value=value(|q| q.price_max.clone()) />
                    </div>
                </div>
                <Select id="search-currency" name="currency" label=Signal::derive(move || t_string!(i18n, doctors.currency).to_string())
                    any=Signal::derive(move || t_string!(i18n, doctors.any_currency).to_string())
                    options=Signal::derive(|| Currency::ALL.iter().map(|c| (c.code().to_owned(), c.code().to_owned())).collect::<Vec<_>>())
                    selected=Signal::derive(value(|q| q.currency.clone())) />
                <Select id="search-within" name="within_days" label=Signal::derive(move || t_string!(i18n, doctors.available_within).to_string())
                    any=Signal::derive(move || t_string!(i18n, doctors.any_time).to_string())
                    options=Signal::derive(move || [1, 3, 7, 14, 30].iter().map(|days| (days.to_string(), t_string!(i18n, doctors.within_days, days = *days).to_string())).collect::<Vec<_>>())
                    selected=Signal::derive(value(|q| q.within_days.clone())) />
            </details>
            <div class="search-actions">
                <Select id="search-sort" name="sort" label=Signal::derive(move || t_string!(i18n, doctors.sort).to_string())
                    options=Signal::derive(move || vec![
                        ("soonest".to_owned(), t_string!(i18n, doctors.sort_soonest).to_string()),
                        ("rating".to_owned(), t_string!(i18n, doctors.sort_rating).to_string()),
                        ("price".to_owned(), t_string!(i18n, doctors.sort_price).to_string()),
                    ])
                    selected=Signal::derive(value(|q| q.sort.clone())) />
                <button type="submit" class="button button-primary">{t!(i18n, doctors.search)}</button>
            </div>
        </form>
    }
}

/// A labelled `<select>` for a filter, with an "any" first choice when given.
#[component]
fn Select(
    id: &'static str,
    name: &'static str,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] any: Option<Signal<String>>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] selected: Signal<String>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id name=name>
                {any.map(|text| view! { <option value="">{text}</option> })}
                {move || options.get().into_iter().map(|(value, text)| {
                    let is_selected = value == selected.get();
                    view! { <option value=value selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
