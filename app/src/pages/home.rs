use crate::api::clinics::list_clinics;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
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
            <a class="button button-primary" href="/doctors">{t!(i18n, home.find_doctor)}</a>
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
                        view! { <p class="clinic-count">{t!(i18n, home.clinics_count, count)}</p> }.into_any()
                    }
                    Err(error) => view! {
                        <ErrorNotice error on_retry=Callback::new(move |_| clinics.refetch()) />
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
