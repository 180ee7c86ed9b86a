use crate::api::clinics::list_clinics;
use crate::api::doctors::{cities, specialties};
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, home.title).to_string()) />
        <Meta name="description" content=localized(|locale| td_string!(locale, home.hero_text).to_string()) />
        <section class="hero">
            <h1>{t!(i18n, home.hero_title)}</h1>
            <p class="lead">{t!(i18n, home.hero_text)}</p>
            <HomeSearch />
        </section>
        <section class="features" aria-labelledby="features-title">
            <h2 id="features-title">{t!(i18n, home.features_title)}</h2>
            <ul class="feature-grid">
                <li class="card">
                    <h3>{t!(i18n, home.feature_find_title)}</h3>
                    <p>{t!(i18n, home.feature_find_text)}</p>
                </li>
                <li class="card">
                    <h3>{t!(i18n, home.feature_book_title)}</h3>
                    <p>{t!(i18n, home.feature_book_text)}</p>
                </li>
                <li class="card">
                    <h3>{t!(i18n, home.feature_pay_title)}</h3>
                    <p>{t!(i18n, home.feature_pay_text)}</p>
                </li>
                <li class="card">
                    <h3>{t!(i18n, home.feature_remind_title)}</h3>
                    <p>{t!(i18n, home.feature_remind_text)}</p>
                </li>
            </ul>
        </section>
        <PartnerClinics />
        <section class="for-clinics">
            <h2>{t!(i18n, home.for_clinics_title)}</h2>
            <p>{t!(i18n, home.for_clinics_text)}</p>
        </section>
    }
}

/// The directory's search, from the home page: a plain GET form to `/doctors`, usable as soon
/// as the page is shown.
#[component]
fn HomeSearch() -> impl IntoView {
    let i18n = use_i18n();
    let choices = Resource::new(|| (), |_| async { (specialties().await, cities().await) });
    let specialty_options = move || {
        let language = language_of(i18n.get_locale());
        let mut list: Vec<(String, String)> = choices
            .get()
            .and_then(|(specialties, _)| specialties.ok())
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.slug.clone(), s.name(language).to_owned()))
            .collect();
        list.sort_by(|a, b| a.1.cmp(&b.1));
        list
    };
    let city_options = move || {
        choices
            .get()
            .and_then(|(_, cities)| cities.ok())
            .unwrap_or_default()
    };
    view! {
        <form class="home-search card" method="get" action="/doctors" role="search"
            aria-label=move || t_string!(i18n, home.search_label)>
            <div class="field">
                <label for="home-specialty">{t!(i18n, home.search_specialty)}</label>
                <select id="home-specialty" name="specialty">
                    <option value="">{t!(i18n, home.any_specialty)}</option>
                    <Suspense fallback=|| ()>
                        {move || specialty_options().into_iter().map(|(slug, name)| view! {
                            <option value=slug>{name}</option>
                        }).collect_view()}
                    </Suspense>
                </select>
            </div>
            <div class="field">
                <label for="home-name">{t!(i18n, home.search_name)}</label>
                <input id="home-name" name="q" type="search" autocomplete="off" />
            </div>
            <div class="field">
                <label for="home-city">{t!(i18n, home.search_city)}</label>
                <select id="home-city" name="city">
                    <option value="">{t!(i18n, home.any_city)}</option>
                    <Suspense fallback=|| ()>
                        {move || city_options().into_iter().map(|city| view! {
                            <option value=city.name.clone()>{city.name.clone()}</option>
                        }).collect_view()}
                    </Suspense>
                </select>
            </div>
            <button type="submit" class="button button-primary">{t!(i18n, home.search_submit)}</button>
        </form>
    }
}

/// How many clinics use Salus, loaded from the server with a designed loading and error state.
#[component]
fn PartnerClinics() -> impl IntoView {
    let i18n = use_i18n();
    let clinics = Resource::new(|| (), |_| list_clinics());

    view! {
        <section class="partner-clinics" aria-labelledby="clinics-title">
            <h2 id="clinics-title">{t!(i18n, home.clinics_title)}</h2>
            <Suspense fallback=|| view! { <Loading lines=1 /> }>
                {move || clinics.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p>{t!(i18n, home.clinics_empty)}</p> }.into_any(),
                    Ok(list) => {
                        let count = list.len();
                        let text = move || {
                            if language_of(i18n.get_locale()).singular(count as i64) {
                                t_string!(i18n, home.clinics_count_single, count = count).to_string()
                            } else {
                                t_string!(i18n, home.clinics_count, count = count).to_string()
                            }
                        };
                        view! { <p class="clinic-count">{text}</p> }.into_any()
                    }
                    Err(error) => view! {
                        <ErrorNotice error on_retry=Callback::new(move |_| clinics.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
