use crate::api::doctors::listed_doctors;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::loading::Loading;
use crate::i18n::*;
use crate::pages::doctor_application::language_of;
use leptos::prelude::*;
use leptos_meta::Title;

/// The doctor directory: approved doctors of every clinic. Search, filters and free slots
/// come with the directory issue.
#[component]
pub fn DoctorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let doctors = Resource::new(|| (), |_| listed_doctors());

    view! {
        <Title text=localized(|locale| td_string!(locale, doctors.title).to_string()) />
        <h1>{t!(i18n, doctors.title)}</h1>
        <Suspense fallback=|| view! { <Loading lines=4 /> }>
            {move || doctors.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! { <p class="notice">{t!(i18n, doctors.empty)}</p> }.into_any(),
                Ok(list) => view! {
                    <ul class="clinic-list">
                        {list.into_iter().map(|doctor| {
                            let specialty = doctor.specialty.clone();
                            view! {
                                <li class="card doctor-card">
                                    {doctor.photo_url.clone().map(|url| view! { <img class="avatar" src=url alt="" width="64" height="64" /> })}
                                    <div>
                                        <h2>{doctor.name.clone()}</h2>
                                        <p>{move || specialty.name(language_of(i18n.get_locale())).to_owned()}</p>
                                        <p class="muted">{doctor.clinic_name.clone()}</p>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! {
                    <ErrorNotice error on_retry=Callback::new(move |_| doctors.refetch()) />
                }.into_any(),
            })}
        </Suspense>
    }
}
