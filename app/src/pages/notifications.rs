//! The bell's page: the latest notifications, newest first, unread ones marked, each leading
//! to its appointment; and "mark all as read".

use crate::api::notifications::{get_notifications, MarkNotificationsRead};
use crate::components::appointment_view::local_time_text;
use crate::components::bell::notice_label;
use crate::components::error_message::ErrorNotice;
use crate::components::head::localized;
use crate::components::language::language_of;
use crate::components::loading::Loading;
use crate::components::session::SignedIn;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use shared::notification::{MarkRead, Notification};
use shared::Me;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=localized(|locale| td_string!(locale, bell.title).to_string()) />
        <h1>{t!(i18n, bell.title)}</h1>
        <SignedIn children=move |_: Me| view! { <NotificationList /> } />
    }
}

#[component]
fn NotificationList() -> impl IntoView {
    let i18n = use_i18n();
    let mark_all = ServerAction::<MarkNotificationsRead>::new();
    let list = Resource::new(move || mark_all.version().get(), |_| get_notifications());
    view! {
        <Suspense fallback=|| view! { <Loading lines=4 /> }>
            {move || list.get().map(|result| match result {
                Ok(list) if list.items.is_empty() => view! {
                    <p class="empty-state">{t!(i18n, bell.empty)}</p>
                }.into_any(),
                Ok(list) => view! {
                    {(list.unread > 0).then(|| view! {
                        <button type="button" class="button" disabled=move || mark_all.pending().get()
                            on:click=move |_| {
                                mark_all.dispatch(MarkNotificationsRead { which: MarkRead { ids: Vec::new(), all: true } });
                            }>
                            {t!(i18n, bell.mark_all)}
                        </button>
                    })}
                    <ul class="appointment-list notification-list">
                        {list.items.into_iter().map(|item| view! { <NotificationItem item /> }).collect_view()}
                    </ul>
                }.into_any(),
                Err(error) => view! {
                    <ErrorNotice error on_retry=Callback::new(move |_| list.refetch()) />
                }.into_any(),
            })}
            {move || mark_all.value().get().and_then(Result::err).map(|error| view! {
                <ErrorNotice error />
            })}
        </Suspense>
    }
}

#[component]
fn NotificationItem(item: Notification) -> impl IntoView {
    let i18n = use_i18n();
    let kind = item.kind;
    let (starts, created) = (item.starts.clone(), item.created.clone());
    let visit = move || {
        let when = local_time_text(language_of(i18n.get_locale()), &starts);
        t_string!(i18n, bell.visit, when = when).to_string()
    };
    let received = move || {
        let when = local_time_text(language_of(i18n.get_locale()), &created);
        t_string!(i18n, bell.received, when = when).to_string()
    };
    view! {
        <li class="appointment-item notification-item" class:unread=!item.read>
            <a class="appointment-link" href=format!("/appointments/{}", item.appointment_id)>
                <span class="appointment-when">{move || notice_label(i18n.get_locale(), kind)}</span>
                <span class="appointment-who">{item.about.clone()}</span>
                <span class="muted">{visit}</span>
                <span class="muted">{received}</span>
            </a>
            {(!item.read).then(|| view! { <span class="badge badge-unread">{t!(i18n, bell.unread)}</span> })}
        </li>
    }
}
