//! Free slots a week at a time, as radio buttons grouped by day: keyboard and screen reader
//! usable as native controls (arrow keys move between slots, each day is a named group), with
//! 44 px touch targets. Times are the clinic's, named by its zone. Each radio carries its
//! slot's start (RFC 3339) under the name `start`, so inside a form the choice is submitted
//! as it is, with or without a script.

use crate::components::dates::day_and_month;
use crate::components::language::language_of;
use crate::i18n::*;
use leptos::prelude::*;
use shared::{LocalSlot, SlotList};

#[component]
pub fn SlotPicker(
    slots: SlotList,
    /// The chosen slot; `None` until one is picked.
    selected: RwSignal<Option<LocalSlot>>,
    /// Turned off for a read-only preview.
    #[prop(default = true)]
    selectable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let zone = format!("{} ({})", slots.time_zone, slots.utc_offset);
    let zone_note = move || t_string!(i18n, slots.zone_note, zone = zone.clone()).to_string();
    let any = slots.days.iter().any(|d| !d.slots.is_empty());
    view! {
        <p class="zone-note muted">{zone_note}</p>
        {(!any).then(|| view! { <p class="notice">{t!(i18n, slots.none_this_week)}</p> })}
        <div class="slot-days">
            {slots.days.into_iter().map(|day| {
                let date = day.date;
                let title = move || day_and_month(language_of(i18n.get_locale()), date);
                view! {
                    <fieldset class="slot-day">
                        <legend>{title}</legend>
                        {if day.slots.is_empty() {
                            view! { <p class="muted slot-none">{t!(i18n, slots.none_this_day)}</p> }.into_any()
                        } else {
                            view! {
                                <div class="slot-grid">
                                    {day.slots.into_iter().map(|slot| view! { <SlotChoice choice=slot selected selectable /> }).collect_view()}
                                </div>
                            }.into_any()
                        }}
                    </fieldset>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn SlotChoice(
    choice: LocalSlot,
    selected: RwSignal<Option<LocalSlot>>,
    selectable: bool,
) -> impl IntoView {
    let slot = choice;
    let id = format!("slot-{}", slot.start.timestamp());
    let time = slot.time.clone();
    if !selectable {
        return view! { <span class="slot slot-static">{time}</span> }.into_any();
    }
    let value = slot.start.to_rfc3339();
    let is_checked = {
        let slot = slot.clone();
        move || selected.get().as_ref() == Some(&slot)
    };
    view! {
        <span class="slot">
            <input type="radio" name="start" id=id.clone() value=value class="slot-input" required=true
                prop:checked=is_checked on:change=move |_| selected.set(Some(slot.clone())) />
            <label for=id class="slot-label">{time}</label>
        </span>
    }
    .into_any()
}
