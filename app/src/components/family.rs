//! Family members on the account page: the list, adding one, removing one.

use crate::api::account::{get_dependants, RemoveDependant, SaveDependant};
use crate::components::error_message::ErrorNotice;
use crate::components::form::{
    field_errors, reset_form, ChoiceField, Field, FormError, SubmitButton,
};
use crate::components::toasts::{use_toasts, ToastKind};
use crate::i18n::*;
use leptos::form::ActionForm;
use leptos::prelude::*;
use shared::dependant::{Dependant, Relation};

/// A relation in words.
pub fn relation_label(locale: Locale, relation: Relation) -> String {
    match relation {
        Relation::Child => td_string!(locale, family.relation_child),
        Relation::Parent => td_string!(locale, family.relation_parent),
        Relation::Spouse => td_string!(locale, family.relation_spouse),
        Relation::Sibling => td_string!(locale, family.relation_sibling),
        Relation::Other => td_string!(locale, family.relation_other),
    }
    .to_string()
}

/// "For Lina Mansour (child)": who a visit is for, when not the patient.
pub fn visit_for_text(locale: Locale, visit_for: &shared::dependant::VisitFor) -> String {
    td_string!(
        locale,
        appointments.visit_for,
        name = visit_for.name.clone(),
        relation = relation_label(locale, visit_for.relation)
    )
    .to_string()
}

/// The patient's family members and the form to add one.
#[component]
pub fn FamilySection() -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let save = ServerAction::<SaveDependant>::new();
    let remove = ServerAction::<RemoveDependant>::new();
    let errors = field_errors(save.value());
    let form = NodeRef::<leptos::html::Form>::new();
    let members = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| get_dependants(),
    );
    Effect::new(move |_| {
        if let Some(Ok(added)) = save.value().get() {
            reset_form(form);
            toasts.push(
                ToastKind::Success,
                t_string!(i18n, family.added, name = added.full_name()).to_string(),
            );
        }
    });
    let relations = Signal::derive(move || {
        let locale = i18n.get_locale();
        Relation::ALL
            .into_iter()
            .map(|r| (r.as_str().to_owned(), relation_label(locale, r)))
            .collect::<Vec<_>>()
    });
    view! {
        <section class="card" id="family" aria-labelledby="family-heading">
            <h2 id="family-heading">{t!(i18n, family.title)}</h2>
            <p class="muted">{t!(i18n, family.intro)}</p>
            <Suspense fallback=|| ()>
                {move || members.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="empty-state">{t!(i18n, family.none)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="family-list">
                            {list.into_iter().map(|member| view! { <Member member remove /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error on_retry=Callback::new(move |_| members.refetch()) /> }.into_any(),
                })}
            </Suspense>
            <h3>{t!(i18n, family.add_title)}</h3>
            <ActionForm action=save node_ref=form attr:class="form" attr:novalidate=true>
                <FormError value=save.value() />
                <div class="form-row">
                    <Field label=move || t_string!(i18n, family.first_name) name="member[first_name]" field="first_name"
                        autocomplete="off" errors required=true />
                    <Field label=move || t_string!(i18n, family.last_name) name="member[last_name]" field="last_name"
                        autocomplete="off" errors required=true />
                </div>
                <div class="form-row">
                    <Field label=move || t_string!(i18n, family.birth_date) name="member[birth_date]" field="birth_date"
                        kind="date" errors required=true />
                    <ChoiceField label=move || t_string!(i18n, family.relation) name="member[relation]" field="relation"
                        errors options=relations required=true />
                </div>
                <SubmitButton label=move || t_string!(i18n, family.add) pending=save.pending() />
            </ActionForm>
        </section>
    }
}

#[component]
fn Member(member: Dependant, remove: ServerAction<RemoveDependant>) -> impl IntoView {
    let i18n = use_i18n();
    let id = member.id;
    let name = member.full_name();
    let relation = member.relation;
    let born = member.birth_date.format("%Y-%m-%d").to_string();
    let label = {
        let name = name.clone();
        move || t_string!(i18n, family.remove_named, name = name.clone()).to_string()
    };
    view! {
        <li class="family-member">
            <span>
                <strong>{name.clone()}</strong>
                " · " {move || relation_label(i18n.get_locale(), relation)}
                <span class="muted">" · " {born}</span>
            </span>
            <button type="button" class="button button-secondary" aria-label=label
                disabled=move || remove.pending().get()
                on:click=move |_| { remove.dispatch(RemoveDependant { id }); }>
                {t!(i18n, family.remove)}
            </button>
        </li>
    }
}
