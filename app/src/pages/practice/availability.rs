//! The availability editor: weekly hours (several intervals a day, slot length, breaks), dated
//! exceptions (time off, extra hours, holidays), booking rules, the one-click "unavailable
//! now" switch, and a preview of the coming week as patients see it.
//!
//! One coherent thing over 400 lines: one form, its rows and its preview, which share their state.

use super::{DoctorOnly, PracticeNav, PracticeTab};
use crate::api::appointments::{availability_conflicts, cancel_appointments};
use crate::api::practice::{
    availability_preview, my_availability, save_availability, set_unavailable,
};
use crate::components::appointment_view::AppointmentItem;
use crate::components::dates::weekday_by_index;
use crate::components::error_message::{validation_text, ErrorNotice};
use crate::components::form::FormError;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::slot_picker::SlotPicker;
use crate::components::toasts::{use_toasts, ToastKind};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::schedule::{AvailabilityForm, BookingRulesForm, ExceptionForm, WeeklyHoursForm};
use shared::{LocalSlot, Me, ValidationErrors};

const WEEKDAY_CODES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const SLOT_LENGTHS: [u16; 10] = [10, 15, 20, 25, 30, 40, 45, 60, 90, 120];

#[component]
pub fn PracticeAvailabilityPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, practice.availability_title).to_string()) />
        <PracticeNav current=PracticeTab::Availability />
        <h1>{t!(i18n, practice.availability_title)}</h1>
        <DoctorOnly children=move |_: Me| view! { <AvailabilityLoader /> } />
    }
}

#[component]
fn AvailabilityLoader() -> impl IntoView {
    let availability = Resource::new(|| (), |_| my_availability());
    view! {
        <Suspense fallback=|| view! { <Loading lines=8 /> }>
            {move || availability.get().map(|result| match result {
                Ok(form) => view! { <AvailabilityEditor form /> }.into_any(),
                Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| availability.refetch()) /> }.into_any(),
            })}
        </Suspense>
    }
}

/// Editable rows carry an id of their own, so the list can change under the inputs.
type Rows<T> = RwSignal<Vec<(u32, T)>>;

fn numbered<T>(items: Vec<T>, next: &mut u32) -> Vec<(u32, T)> {
    items
        .into_iter()
        .map(|item| {
            *next += 1;
            (*next, item)
        })
        .collect()
}

/// A text input bound to one field of one row.
#[component]
fn RowInput<T: Clone + Send + Sync + 'static>(
    rows: Rows<T>,
    row: u32,
    #[prop(into)] label: Signal<String>,
    kind: &'static str,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
    /// The row's field name in server errors, e.g. `weekly[2].start`.
    #[prop(into)]
    error_field: Signal<String>,
    errors: RwSignal<Option<ValidationErrors>>,
    id_suffix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("row-{row}-{id_suffix}");
    let value = move || {
        rows.read()
            .iter()
            .find(|(id, _)| *id == row)
            .map(|(_, item)| get(item))
            .unwrap_or_default()
    };
    let message = move || {
        errors
            .get()
            .and_then(|e| e.for_field(&error_field.get()).cloned())
            .map(|code| validation_text(i18n.get_locale(), &code))
    };
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <input id=id.clone() type=kind prop:value=value value=value
                aria-invalid=move || message().is_some().to_string()
                aria-describedby=error_id.clone()
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    rows.update(|list| {
                        if let Some((_, item)) = list.iter_mut().find(|(id, _)| *id == row) {
                            set(item, text);
                        }
                    });
                } />
            <p class="field-error" id=error_id hidden=move || message().is_none()>{message}</p>
        </div>
    }
}

/// A `<select>` bound to one field of one row.
#[component]
fn RowSelect<T: Clone + Send + Sync + 'static>(
    rows: Rows<T>,
    row: u32,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    get: fn(&T) -> String,
    set: fn(&mut T, String),
    #[prop(into)] error_field: Signal<String>,
    errors: RwSignal<Option<ValidationErrors>>,
    id_suffix: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("row-{row}-{id_suffix}");
    let value = move || {
        rows.read()
            .iter()
            .find(|(id, _)| *id == row)
            .map(|(_, item)| get(item))
            .unwrap_or_default()
    };
    let message = move || {
        errors
            .get()
            .and_then(|e| e.for_field(&error_field.get()).cloned())
            .map(|code| validation_text(i18n.get_locale(), &code))
    };
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>{label}</label>
            <select id=id.clone() on:change=move |ev| {
                let text = event_target_value(&ev);
                rows.update(|list| {
                    if let Some((_, item)) = list.iter_mut().find(|(id, _)| *id == row) {
                        set(item, text);
                    }
                });
            }>
                {move || options.get().into_iter().map(|(option, text)| {
                    let selected = option == value();
                    view! { <option value=option selected=selected>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" hidden=move || message().is_none()>{message}</p>
        </div>
    }
}

fn position<T>(rows: &Rows<T>, row: u32) -> usize
where
    T: Send + Sync + 'static,
{
    rows.read()
        .iter()
        .position(|(id, _)| *id == row)
        .unwrap_or_default()
}

#[component]
fn AvailabilityEditor(form: AvailabilityForm) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let mut next_id = 0;
    let weekly: Rows<WeeklyHoursForm> = RwSignal::new(numbered(form.weekly, &mut next_id));
    let exceptions: Rows<ExceptionForm> = RwSignal::new(numbered(form.exceptions, &mut next_id));
    let booking = RwSignal::new(form.booking);
    let unavailable = RwSignal::new(form.unavailable);
    let next_id = StoredValue::new(next_id);
    let errors = RwSignal::new(None::<ValidationErrors>);
    let preview = Resource::new(|| (), |_| availability_preview());
    // Bumped after each save: the appointments that fall in time off are looked up again.
    let saved_count = RwSignal::new(0_u32);
    let save = Action::new(|form: &AvailabilityForm| save_availability(form.clone()));
    let switch = Action::new(|on: &bool| set_unavailable(*on));
    let new_id = move || {
        next_id.update_value(|n| *n += 1);
        next_id.get_value()
    };
    Effect::new(move |_| match save.value().get() {
        Some(Ok(saved)) => {
            let mut counter = next_id.get_value();
            weekly.set(numbered(saved.weekly, &mut counter));
            exceptions.set(numbered(saved.exceptions, &mut counter));
            next_id.set_value(counter);
            booking.set(saved.booking);
            errors.set(None);
            preview.refetch();
            saved_count.update(|n| *n += 1);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, practice.availability_saved).to_string(),
            );
        }
        Some(Err(AppError::Validation(refused))) => errors.set(Some(refused)),
        _ => {}
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = switch.value().get() {
            preview.refetch();
            let text = if unavailable.get_untracked() {
                t_string!(i18n, practice.unavailable_on).to_string()
            } else {
                t_string!(i18n, practice.unavailable_off).to_string()
            };
            toasts.push(ToastKind::Info, text);
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.dispatch(AvailabilityForm {
            weekly: weekly.get_untracked().into_iter().map(|(_, r)| r).collect(),
            exceptions: exceptions
                .get_untracked()
                .into_iter()
                .map(|(_, r)| r)
                .collect(),
            booking: booking.get_untracked(),
            unavailable: unavailable.get_untracked(),
        });
    };
    let add_hours = move |_| {
        errors.set(None);
        let id = new_id();
        weekly.update(|rows| {
            rows.push((
                id,
                WeeklyHoursForm {
                    weekday: "mon".into(),
                    start: "09:00".into(),
                    end: "12:00".into(),
                    slot_minutes: "30".into(),
                    ..Default::default()
                },
            ))
        });
    };
    let add_exception = move |kind: &'static str| {
        errors.set(None);
        let id = new_id();
        exceptions.update(|rows| {
            rows.push((
                id,
                ExceptionForm {
                    kind: kind.into(),
                    ..Default::default()
                },
            ))
        });
    };
    let toggle = move |_| {
        let on = !unavailable.get_untracked();
        unavailable.set(on);
        switch.dispatch(on);
    };
    view! {
        <section class="card unavailable-switch" aria-labelledby="switch-heading">
            <h2 id="switch-heading">{t!(i18n, practice.unavailable_title)}</h2>
            <p class="muted">{t!(i18n, practice.unavailable_note)}</p>
            <button type="button" class="button" class:button-primary=move || !unavailable.get()
                class:button-danger=move || unavailable.get()
                aria-pressed=move || unavailable.get().to_string() on:click=toggle disabled=move || switch.pending().get()>
                {move || if unavailable.get() { t_string!(i18n, practice.unavailable_button_on) } else { t_string!(i18n, practice.unavailable_button_off) }}
            </button>
            <FormError value=switch.value() />
        </section>
        {move || (saved_count.get() > 0).then(|| view! { <Conflicts saved=saved_count.get() /> })}
        <div class="editor-layout">
            <form class="form" on:submit=submit novalidate>
                <section class="card" aria-labelledby="weekly-heading">
                    <h2 id="weekly-heading">{t!(i18n, practice.weekly_title)}</h2>
                    <p class="muted">{t!(i18n, practice.weekly_note)}</p>
                    <FieldMessage field="weekly" errors />
                    <ul class="rows">
                        <For each=move || weekly.get() key=|(id, _)| *id let((row, _))>
                            <WeeklyRow rows=weekly row errors />
                        </For>
                    </ul>
                    <button type="button" class="button button-secondary" on:click=add_hours>{t!(i18n, practice.add_hours)}</button>
                </section>
                <section class="card" aria-labelledby="exceptions-heading">
                    <h2 id="exceptions-heading">{t!(i18n, practice.exceptions_title)}</h2>
                    <p class="muted">{t!(i18n, practice.exceptions_note)}</p>
                    <FieldMessage field="exceptions" errors />
                    <ul class="rows">
                        <For each=move || exceptions.get() key=|(id, _)| *id let((row, _))>
                            <ExceptionRow rows=exceptions row errors />
                        </For>
                    </ul>
                    <div class="button-row">
                        <button type="button" class="button button-secondary" on:click=move |_| add_exception("time_off")>{t!(i18n, practice.add_time_off)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| add_exception("holiday")>{t!(i18n, practice.add_holiday)}</button>
                        <button type="button" class="button button-secondary" on:click=move |_| add_exception("extra_hours")>{t!(i18n, practice.add_extra_hours)}</button>
                    </div>
                </section>
                <BookingRules booking errors />
                <FormError value=save.value() />
                <button type="submit" class="button button-primary" disabled=move || save.pending().get()
                    aria-busy=move || save.pending().get().to_string()>
                    {move || if save.pending().get() { t_string!(i18n, form.working) } else { t_string!(i18n, practice.availability_save) }}
                </button>
            </form>
            <aside class="preview card" aria-labelledby="week-preview-heading">
                <h2 id="week-preview-heading">{t!(i18n, practice.week_preview)}</h2>
                <p class="muted">{t!(i18n, practice.week_preview_note)}</p>
                <Suspense fallback=|| view! { <Loading lines=4 /> }>
                    {move || preview.get().map(|result| match result {
                        Ok(list) => view! { <SlotPicker slots=list selected=RwSignal::new(None::<LocalSlot>) selectable=false /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| preview.refetch()) /> }.into_any(),
                    })}
                </Suspense>
            </aside>
        </div>
    }
}

/// An error about a whole list (too many rows).
#[component]
fn FieldMessage(field: &'static str, errors: RwSignal<Option<ValidationErrors>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        errors
            .get()
            .and_then(|e| e.for_field(field).cloned())
            .map(|code| view! { <p class="notice notice-error" role="alert">{validation_text(i18n.get_locale(), &code)}</p> })
    }
}

#[component]
fn WeeklyRow(
    rows: Rows<WeeklyHoursForm>,
    row: u32,
    errors: RwSignal<Option<ValidationErrors>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str| {
        Signal::derive(move || format!("weekly[{}].{name}", position(&rows, row)))
    };
    let days = Signal::derive(move || {
        let language = language_of(i18n.get_locale());
        WEEKDAY_CODES
            .iter()
            .enumerate()
            .map(|(i, code)| ((*code).to_owned(), weekday_by_index(language, i).to_owned()))
            .collect::<Vec<_>>()
    });
    let lengths = Signal::derive(move || {
        SLOT_LENGTHS
            .iter()
            .map(|m| {
                (
                    m.to_string(),
                    t_string!(i18n, practice.minutes, minutes = *m).to_string(),
                )
            })
            .collect::<Vec<_>>()
    });
    let remove = move |_| {
        errors.set(None);
        rows.update(|list| list.retain(|(id, _)| *id != row));
    };
    let label = move |text: fn(Locale) -> String| Signal::derive(move || text(i18n.get_locale()));
    view! {
        <li class="row-card">
            <div class="row-grid">
                <RowSelect rows row id_suffix="weekday" label=label(|l| td_string!(l, practice.weekday).to_string()) options=days
                    get=|r: &WeeklyHoursForm| r.weekday.clone() set=|r: &mut WeeklyHoursForm, v| r.weekday = v
                    error_field=field("weekday") errors />
                <RowInput rows row id_suffix="start" kind="time" label=label(|l| td_string!(l, practice.start).to_string())
                    get=|r: &WeeklyHoursForm| r.start.clone() set=|r: &mut WeeklyHoursForm, v| r.start = v
                    error_field=field("start") errors />
                <RowInput rows row id_suffix="end" kind="time" label=label(|l| td_string!(l, practice.end).to_string())
                    get=|r: &WeeklyHoursForm| r.end.clone() set=|r: &mut WeeklyHoursForm, v| r.end = v
                    error_field=field("end") errors />
                <RowSelect rows row id_suffix="slot" label=label(|l| td_string!(l, practice.slot_length).to_string()) options=lengths
                    get=|r: &WeeklyHoursForm| r.slot_minutes.clone() set=|r: &mut WeeklyHoursForm, v| r.slot_minutes = v
                    error_field=field("slot_minutes") errors />
                <RowInput rows row id_suffix="break_start" kind="time" label=label(|l| td_string!(l, practice.break_start).to_string())
                    get=|r: &WeeklyHoursForm| r.break_start.clone() set=|r: &mut WeeklyHoursForm, v| r.break_start = v
                    error_field=field("break_start") errors />
                <RowInput rows row id_suffix="break_end" kind="time" label=label(|l| td_string!(l, practice.break_end).to_string())
                    get=|r: &WeeklyHoursForm| r.break_end.clone() set=|r: &mut WeeklyHoursForm, v| r.break_end = v
                    error_field=field("break_end") errors />
            </div>
            <button type="button" class="button button-secondary button-small" on:click=remove>
                {t!(i18n, practice.remove)}
            </button>
        </li>
    }
}

#[component]
fn ExceptionRow(
    rows: Rows<ExceptionForm>,
    row: u32,
    errors: RwSignal<Option<ValidationErrors>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = move |name: &'static str| {
        Signal::derive(move || format!("exceptions[{}].{name}", position(&rows, row)))
    };
    let kinds = Signal::derive(move || {
        vec![
            (
                "time_off".to_owned(),
                t_string!(i18n, practice.kind_time_off).to_string(),
            ),
            (
                "holiday".to_owned(),
                t_string!(i18n, practice.kind_holiday).to_string(),
            ),
            (
                "extra_hours".to_owned(),
                t_string!(i18n, practice.kind_extra_hours).to_string(),
            ),
        ]
    });
    let extra = move || {
        rows.read()
            .iter()
            .find(|(id, _)| *id == row)
            .is_some_and(|(_, r)| r.kind == "extra_hours")
    };
    let remove = move |_| {
        errors.set(None);
        rows.update(|list| list.retain(|(id, _)| *id != row));
    };
    let label = move |text: fn(Locale) -> String| Signal::derive(move || text(i18n.get_locale()));
    view! {
        <li class="row-card">
            <div class="row-grid">
                <RowSelect rows row id_suffix="kind" label=label(|l| td_string!(l, practice.kind).to_string()) options=kinds
                    get=|r: &ExceptionForm| r.kind.clone() set=|r: &mut ExceptionForm, v| r.kind = v
                    error_field=field("kind") errors />
                <RowInput rows row id_suffix="first_day" kind="date" label=label(|l| td_string!(l, practice.first_day).to_string())
                    get=|r: &ExceptionForm| r.first_day.clone() set=|r: &mut ExceptionForm, v| r.first_day = v
                    error_field=field("first_day") errors />
                <RowInput rows row id_suffix="last_day" kind="date" label=label(|l| td_string!(l, practice.last_day).to_string())
                    get=|r: &ExceptionForm| r.last_day.clone() set=|r: &mut ExceptionForm, v| r.last_day = v
                    error_field=field("last_day") errors />
                <RowInput rows row id_suffix="start" kind="time" label=label(|l| td_string!(l, practice.from_time).to_string())
                    get=|r: &ExceptionForm| r.start.clone() set=|r: &mut ExceptionForm, v| r.start = v
                    error_field=field("start") errors />
                <RowInput rows row id_suffix="end" kind="time" label=label(|l| td_string!(l, practice.to_time).to_string())
                    get=|r: &ExceptionForm| r.end.clone() set=|r: &mut ExceptionForm, v| r.end = v
                    error_field=field("end") errors />
                <RowInput rows row id_suffix="label" kind="text" label=label(|l| td_string!(l, practice.label).to_string())
                    get=|r: &ExceptionForm| r.label.clone() set=|r: &mut ExceptionForm, v| r.label = v
                    error_field=field("label") errors />
            </div>
            <p class="field-hint">{move || if extra() { t_string!(i18n, practice.extra_hours_hint) } else { t_string!(i18n, practice.time_off_hint) }}</p>
            <button type="button" class="button button-secondary button-small" on:click=remove>
                {t!(i18n, practice.remove)}
            </button>
        </li>
    }
}

#[component]
fn BookingRules(
    booking: RwSignal<BookingRulesForm>,
    errors: RwSignal<Option<ValidationErrors>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = move |id: &'static str,
                      label: Signal<String>,
                      hint: Signal<String>,
                      get: fn(&BookingRulesForm) -> String,
                      set: fn(&mut BookingRulesForm, String)| {
        let field = format!("booking.{id}");
        let message = Signal::derive(move || {
            errors
                .get()
                .and_then(|e| e.for_field(&field).cloned())
                .map(|code| validation_text(i18n.get_locale(), &code))
        });
        let input_id = format!("booking-{id}");
        let hint_id = format!("{input_id}-hint");
        view! {
            <div class="field" class:field-invalid=move || message.get().is_some()>
                <label for=input_id.clone()>{label}</label>
                <p class="field-hint" id=hint_id.clone()>{hint}</p>
                <input id=input_id type="number" inputmode="numeric" min="0" aria-describedby=hint_id
                    prop:value=move || get(&booking.get()) value=move || get(&booking.get())
                    on:input=move |ev| { let v = event_target_value(&ev); booking.update(|b| set(b, v)); } />
                <p class="field-error" hidden=move || message.get().is_none()>{message}</p>
            </div>
        }
    };
    let text = move |f: fn(Locale) -> String| Signal::derive(move || f(i18n.get_locale()));
    view! {
        <section class="card" aria-labelledby="rules-heading">
            <h2 id="rules-heading">{t!(i18n, practice.rules_title)}</h2>
            <div class="field-row">
                {input("min_notice_hours", text(|l| td_string!(l, practice.min_notice).to_string()), text(|l| td_string!(l, practice.min_notice_hint).to_string()),
                    |b| b.min_notice_hours.clone(), |b, v| b.min_notice_hours = v)}
                {input("horizon_days", text(|l| td_string!(l, practice.horizon).to_string()), text(|l| td_string!(l, practice.horizon_hint).to_string()),
                    |b| b.horizon_days.clone(), |b, v| b.horizon_days = v)}
                {input("buffer_minutes", text(|l| td_string!(l, practice.buffer).to_string()), text(|l| td_string!(l, practice.buffer_hint).to_string()),
                    |b| b.buffer_minutes.clone(), |b, v| b.buffer_minutes = v)}
            </div>
        </section>
    }
}

/// After a save: the upcoming appointments that now fall in time off, to cancel with a
/// reason (the patients are told) or to keep.
#[component]
fn Conflicts(saved: u32) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let list = Resource::new(move || saved, |_| availability_conflicts());
    let kept = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let cancel = Action::new(|(ids, reason): &(Vec<i64>, String)| {
        cancel_appointments(ids.clone(), reason.clone())
    });
    Effect::new(move |_| {
        if let Some(Ok(count)) = cancel.value().get() {
            toasts.push(
                ToastKind::Success,
                if language_of(i18n.get_locale()).singular(count as i64) {
                    t_string!(i18n, practice.conflicts_cancelled_single, count = count).to_string()
                } else {
                    t_string!(i18n, practice.conflicts_cancelled, count = count).to_string()
                },
            );
            list.refetch();
        }
    });
    view! {
        <Suspense fallback=|| ()>
            {move || list.get().and_then(Result::ok).filter(|items| !items.is_empty() && !kept.get()).map(|items| {
                let ids: Vec<i64> = items.iter().map(|a| a.id).collect();
                view! {
                    <section class="card notice-warning conflicts" aria-labelledby="conflicts-heading" role="region">
                        <h2 id="conflicts-heading">{t!(i18n, practice.conflicts_title)}</h2>
                        <p>{t!(i18n, practice.conflicts_note)}</p>
                        <ul class="appointment-list">
                            {items.into_iter().map(|appointment| view! { <AppointmentItem appointment for_patient=false /> }).collect_view()}
                        </ul>
                        <FormError value=cancel.value() />
                        <form class="form reason-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            cancel.dispatch((ids.clone(), reason.get_untracked()));
                        }>
                            <div class="field">
                                <label for="conflicts-reason">{t!(i18n, appointments.reason_for_patient)}</label>
                                <textarea id="conflicts-reason" rows="2" required=true prop:value=move || reason.get()
                                    on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            </div>
                            <div class="button-row">
                                <button type="submit" class="button button-danger" disabled=move || cancel.pending().get()>{t!(i18n, practice.conflicts_cancel)}</button>
                                <button type="button" class="button button-secondary" on:click=move |_| kept.set(true)>{t!(i18n, practice.conflicts_keep)}</button>
                            </div>
                        </form>
                    </section>
                }
            })}
        </Suspense>
    }
}
