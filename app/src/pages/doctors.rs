use crate::api::clinics::list_clinics;
use crate::components::error_message::ErrorNotice;
use crate::components::loading::Loading;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

/// The doctor directory. Until doctors can be listed, it presents the clinics that will
/// take appointments through Salus.
#[component]
pub fn DoctorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let clinics = Resource::new(|| (), |_| list_clinics());

    view! {
        <Title text=move || t_string!(i18n, doctors.title).to_string() />
        <h1>{t!(i18n, doctors.title)}</h1>
        <p class="notice">{t!(i18n, doctors.coming_soon)}</p>
        <Suspense fallback=|| view! { <Loading lines=4 /> }>
            {move || clinics.get().map(|result| match result {
                Ok(list) => view! {
                    <ul class="clinic-list">
                        {list.into_iter().map(|clinic| {
                            let zone = clinic.time_zone.clone();
                            let currency = clinic.currency.clone();
                            view! {
                                <li class="card">
                                    <h2>{clinic.name}</h2>
                                    <p>{t!(i18n, doctors.clinic_time_zone, zone = zone.clone())}</p>
                                    <p>{t!(i18n, doctors.clinic_currency, currency = currency.clone())}</p>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! {
                    <ErrorNotice error on_retry=Callback::new(move |_| clinics.refetch()) />
                }.into_any(),
            })}
        </Suspense>
    }
}
