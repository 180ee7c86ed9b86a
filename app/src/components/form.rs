//! Form widgets: a labelled field that shows its own error in place, a choice list, the
//! form-level error and a submit button that says when it is working. Errors come from the
//! server as codes (`ValidationErrors`) and are translated here.

use crate::components::error_message::{error_text, validation_text};
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use shared::ValidationErrors;

/// The fields of a form that a browser without JavaScript posted and the server refused: the
/// server keeps them for the next page (`server::refused_form`), so the form comes back with
/// what was typed (never a password) beside the messages. The page carries them to its script
/// too, so hydrating a form does not wipe what the server put back in it.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RefusedForm(pub Vec<(String, String)>);

/// Makes the refused form (if this page follows one) known to every field of the page.
pub fn provide_refused_form() {
    let form = SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>()
                .and_then(|parts| parts.extensions.get::<RefusedForm>().cloned())
                .unwrap_or_default()
        }
        #[cfg(not(feature = "ssr"))]
        {
            RefusedForm::default()
        }
    });
    provide_context(form.into_inner());
}

/// What was typed in field `name` of the form just refused, when the page follows one.
pub fn refused_value(name: &str) -> Option<String> {
    use_context::<RefusedForm>().and_then(|form| {
        form.0
            .into_iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value)
    })
}

/// Text to put inside a `<textarea>` as the page is rendered. Leptos writes a textarea's
/// children unescaped (it treats them as raw text), so typed text such as
/// `</textarea><script>` would become markup: the server escapes it here, and the browser
/// reads the entities back as the same text. In the browser the text is set as it is.
pub fn textarea_text(text: String) -> String {
    if cfg!(feature = "ssr") {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        text
    }
}

/// The refused fields of an action's last answer, if it was a validation error.
pub fn field_errors<T, S>(value: S) -> Signal<Option<ValidationErrors>>
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    Signal::derive(move || match value.get() {
        Some(Err(AppError::Validation(errors))) => Some(errors),
        _ => None,
    })
}

/// A labelled input. `name` is what the form posts (`form[email]` for a struct argument);
/// `field` is the name the server uses in its errors (`email`).
#[component]
pub fn Field(
    #[prop(into)] label: TextProp,
    name: &'static str,
    field: &'static str,
    #[prop(into)] errors: Signal<Option<ValidationErrors>>,
    #[prop(optional)] kind: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional, into)] value: Option<Signal<String>>,
    #[prop(optional, into)] hint: Option<TextProp>,
    #[prop(optional)] required: bool,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] input_mode: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{}", name.replace(['[', ']'], "-"));
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let message = move || {
        errors
            .get()
            .and_then(|e| e.for_field(field).cloned())
            .map(|code| validation_text(i18n.get_locale(), &code))
    };
    let invalid = move || message().is_some();
    let described_by = {
        let (error_id, hint_id, has_hint) = (error_id.clone(), hint_id.clone(), hint.is_some());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if invalid() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let refused = refused_value(name);
    let initial = move || {
        value
            .map(|v| v.get())
            .or_else(|| refused.clone())
            .unwrap_or_default()
    };
    let control = if multiline {
        // The text is the element's content (what the server renders), and its property once
        // the script runs.
        view! {
            <textarea
                id=id.clone()
                name=name
                rows="3"
                required=required
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by.clone()
                prop:value=initial.clone()
            >{{
                let initial = initial.clone();
                move || textarea_text(initial())
            }}</textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name
                type=kind.unwrap_or("text")
                autocomplete=autocomplete
                inputmode=input_mode
                required=required
                aria-invalid=move || invalid().to_string()
                aria-describedby=described_by
                value=initial.clone()
                prop:value=initial
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>
                {move || label.get()}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            {control}
            <p class="field-error" id=error_id.clone() hidden=move || !invalid()>{message}</p>
        </div>
    }
}

/// A labelled `<select>`; `options` are (value, label) pairs, with an empty first choice
/// when `placeholder` is given.
#[component]
pub fn ChoiceField(
    #[prop(into)] label: TextProp,
    name: &'static str,
    field: &'static str,
    #[prop(into)] errors: Signal<Option<ValidationErrors>>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] value: Option<Signal<String>>,
    #[prop(optional, into)] placeholder: Option<TextProp>,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{}", name.replace(['[', ']'], "-"));
    let error_id = format!("{id}-error");
    let message = move || {
        errors
            .get()
            .and_then(|e| e.for_field(field).cloned())
            .map(|code| validation_text(i18n.get_locale(), &code))
    };
    let invalid = move || message().is_some();
    let refused = refused_value(name);
    let selected = move || {
        value
            .map(|v| v.get())
            .or_else(|| refused.clone())
            .unwrap_or_default()
    };
    let error_ref = error_id.clone();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=id.clone()>
                {move || label.get()}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <select
                id=id.clone()
                name=name
                required=required
                aria-invalid=move || invalid().to_string()
                aria-describedby=move || if invalid() { error_ref.clone() } else { String::new() }
            >
                {placeholder.map(|text| view! { <option value="">{move || text.get()}</option> })}
                {move || options.get().into_iter().map(|(option, text)| {
                    let is_selected = option == selected();
                    view! { <option value=option selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
            <p class="field-error" id=error_id hidden=move || !invalid()>{message}</p>
        </div>
    }
}

/// The error of a whole request (not of one field), or a summary of refused fields.
#[component]
pub fn FormError<T, S>(value: S) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    S: Get<Value = Option<Result<T, AppError>>> + Send + Sync + 'static,
{
    let i18n = use_i18n();
    let text = move || match value.get() {
        Some(Err(error)) => Some(error_text(i18n.get_locale(), &error)),
        _ => None,
    };
    view! {
        <div class="form-error" role="alert" aria-live="assertive">
            {move || text().map(|text| view! { <p class="notice notice-error">{text}</p> })}
        </div>
    }
}

/// A submit button that shows it is working and cannot be pressed twice meanwhile.
#[component]
pub fn SubmitButton(
    #[prop(into)] label: TextProp,
    #[prop(into)] pending: Signal<bool>,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            class="button"
            class:button-primary=!secondary
            class:button-secondary=secondary
            disabled=move || pending.get()
            aria-busy=move || pending.get().to_string()
        >
            {move || if pending.get() { t_string!(i18n, form.working).to_string() } else { label.get().to_string() }}
        </button>
    }
}

/// The error of a field the reader cannot see (the token of an emailed link, say), in words.
#[component]
pub fn FieldMessage(
    field: &'static str,
    #[prop(into)] errors: Signal<Option<ValidationErrors>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || {
        errors
            .get()
            .and_then(|e| e.for_field(field).cloned())
            .map(|code| validation_text(i18n.get_locale(), &code))
    };
    view! {
        {move || message().map(|text| view! { <p class="notice notice-error" role="alert">{text}</p> })}
    }
}

/// The translated error of one field, if the last answer refused it.
fn field_message(
    errors: Signal<Option<ValidationErrors>>,
    field: &'static str,
    locale: Locale,
) -> Option<String> {
    errors
        .get()
        .and_then(|e| e.for_field(field).cloned())
        .map(|code| validation_text(locale, &code))
}

/// Radio buttons in a fieldset: `options` are (value, label, hint) triples.
#[component]
pub fn RadioGroup(
    #[prop(into)] legend: TextProp,
    name: &'static str,
    field: &'static str,
    #[prop(into)] errors: Signal<Option<ValidationErrors>>,
    #[prop(into)] options: Signal<Vec<(String, String, String)>>,
    #[prop(into)] selected: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || field_message(errors, field, i18n.get_locale());
    let error_id = format!("{name}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class="fieldset choice-group" class:field-invalid=move || message().is_some()
            aria-describedby=described_by>
            <legend>{move || legend.get()}</legend>
            {move || options.get().into_iter().map(|(value, label, hint)| {
                let id = format!("{name}-{value}");
                let checked = value == selected.get();
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=name value=value checked=checked />
                        <label for=id>
                            <span>{label}</span>
                            {(!hint.is_empty()).then(|| view! { <span class="field-hint">{hint}</span> })}
                        </label>
                    </div>
                }
            }).collect_view()}
            <p class="field-error" id=error_id hidden=move || message().is_none()>{message}</p>
        </fieldset>
    }
}

/// Checkboxes in a fieldset, all posted under `name`: `options` are (value, label) pairs.
#[component]
pub fn CheckboxGroup(
    #[prop(into)] legend: TextProp,
    name: &'static str,
    field: &'static str,
    #[prop(into)] errors: Signal<Option<ValidationErrors>>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] checked: Signal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let message = move || field_message(errors, field, i18n.get_locale());
    let error_id = format!("{name}-error");
    let described_by = error_id.clone();
    view! {
        <fieldset class="fieldset choice-group choice-columns" class:field-invalid=move || message().is_some()
            aria-describedby=described_by>
            <legend>{move || legend.get()}</legend>
            {move || options.get().into_iter().map(|(value, label)| {
                let id = format!("{name}-{value}");
                let is_checked = checked.get().contains(&value);
                view! {
                    <div class="choice">
                        <input type="checkbox" id=id.clone() name=name value=value checked=is_checked />
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
            <p class="field-error" id=error_id hidden=move || message().is_none()>{message}</p>
        </fieldset>
    }
}

/// Empties a form once what it sent was saved (a form not on the page is left alone).
pub fn reset_form(form: NodeRef<leptos::html::Form>) {
    if let Some(form) = form.get_untracked() {
        form.reset();
    }
}

/// The currencies a clinic may charge in, as a select's (value, label) options.
pub fn currency_choices() -> Vec<(String, String)> {
    shared::Currency::ALL
        .iter()
        .map(|c| (c.code().to_owned(), c.code().to_owned()))
        .collect()
}
