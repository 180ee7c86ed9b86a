//! Picking a doctor's free slot a week at a time inside a page (rescheduling, adding a
//! visit): the week moves with buttons, without leaving the page.

use crate::api::doctors::doctor_slots;
use crate::components::dates::short_day;
use crate::components::error_message::ErrorNotice;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::slot_picker::SlotPicker;
use crate::i18n::*;
use leptos::prelude::*;
use shared::LocalSlot;

#[component]
pub fn WeekPicker(doctor: i64, selected: RwSignal<Option<LocalSlot>>) -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(String::new());
    // `try_get`: the resource's task may read its source once more after the page is gone.
    let slots = Resource::new(
        move || from.try_get().unwrap_or_default(),
        move |from| doctor_slots(doctor, from, String::new()),
    );
    view! {
        <Suspense fallback=|| view! { <Loading lines=4 /> }>
            {move || slots.get().map(|result| match result {
                Ok(list) => {
                    let previous = list.previous_week().map(|date| date.to_string());
                    let next = list.next_week().to_string();
                    let (first, last) = (list.from, list.to);
                    let range = move || {
                        let language = language_of(i18n.get_locale());
                        format!("{} – {}", short_day(language, first), short_day(language, last))
                    };
                    view! {
                        <div class="week-nav">
                            <button type="button" class="button button-secondary" disabled=previous.is_none()
                                on:click=move |_| if let Some(date) = previous.clone() { from.set(date) }>
                                {t!(i18n, slots.previous_week)}
                            </button>
                            <span class="week-range">{range}</span>
                            <button type="button" class="button button-secondary" on:click=move |_| from.set(next.clone())>
                                {t!(i18n, slots.next_week)}
                            </button>
                        </div>
                        <SlotPicker slots=list selected />
                    }.into_any()
                }
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| slots.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}
